// Workflow definitions as process owners see them: the list, and the drafts designers edit.
import { catalogRegistry } from "../../connectors/default-registry";
import {
  createWorkflow,
  deleteWorkflow,
  duplicateWorkflow,
  getWorkflow,
  listTemplates,
  listWorkflows,
  renameWorkflow,
  saveDraft,
  saveDraftSchema,
  workflowCreateSchema,
  workflowIdInputSchema,
  workflowListSchema,
  workflowRenameSchema,
} from "../../services/workflows";
import { audited, auditField, designerProcedure, roleProcedure, router } from "../init";

/** Designers, admins and viewers read workflows; approvers only act on tasks. */
const readProcedure = roleProcedure("designer", "admin", "viewer");

export const workflowsRouter = router({
  list: readProcedure.input(workflowListSchema).query(({ ctx, input }) => listWorkflows(ctx.db, input)),
  get: readProcedure.input(workflowIdInputSchema).query(({ ctx, input }) => getWorkflow(ctx.db, input)),
  /** The connector catalog the editor validates against and picks operations from. */
  catalog: readProcedure.query(async ({ ctx }) => (await catalogRegistry(ctx.db)).catalog()),
  /** The reference templates a new workflow can start from, checked against this catalog. */
  templates: readProcedure.query(async ({ ctx }) => listTemplates((await catalogRegistry(ctx.db)).catalog())),
  create: designerProcedure
    .use(
      audited((input, result) => ({
        action: "definition.created",
        objectType: "workflow",
        objectId: auditField(result, "id"),
        summary:
          `Created workflow "${auditField(input, "name")}" (${auditField(result, "key")})` +
          (auditField(input, "template") ? ` from the template ${auditField(input, "template")}` : ""),
      })),
    )
    .input(workflowCreateSchema)
    .mutation(({ ctx, input }) => createWorkflow(ctx, ctx.user, input)),
  rename: designerProcedure
    .use(
      audited((input) => ({
        action: "definition.renamed",
        objectType: "workflow",
        objectId: auditField(input, "id"),
        summary: `Renamed a workflow to "${auditField(input, "name")}"`,
      })),
    )
    .input(workflowRenameSchema)
    .mutation(({ ctx, input }) => renameWorkflow(ctx, ctx.user, input)),
  duplicate: designerProcedure
    .use(
      audited((input, result) => ({
        action: "definition.duplicated",
        objectType: "workflow",
        objectId: auditField(result, "id"),
        summary: `Duplicated workflow ${auditField(input, "id")} as ${auditField(result, "key")}`,
      })),
    )
    .input(workflowIdInputSchema)
    .mutation(({ ctx, input }) => duplicateWorkflow(ctx, ctx.user, input)),
  delete: designerProcedure
    .use(
      audited((input) => ({
        action: "definition.deleted",
        objectType: "workflow",
        objectId: auditField(input, "id"),
        summary: "Deleted an unpublished workflow",
      })),
    )
    .input(workflowIdInputSchema)
    .mutation(({ ctx, input }) => deleteWorkflow(ctx.db, input)),
  saveDraft: designerProcedure
    .use(
      audited((input, result) => ({
        action: "definition.saved",
        objectType: "workflow",
        objectId: auditField(input, "id"),
        summary: `Saved draft revision ${auditField(result, "revision")}`,
      })),
    )
    .input(saveDraftSchema)
    .mutation(({ ctx, input }) => saveDraft(ctx, ctx.user, input)),
});
