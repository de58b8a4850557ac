// Workflow definitions as process owners see them: the list, and the drafts designers edit.
import { defaultRegistry } from "../../connectors/default-registry";
import {
  createWorkflow,
  deleteWorkflow,
  duplicateWorkflow,
  getWorkflow,
  listWorkflows,
  renameWorkflow,
  saveDraft,
  saveDraftSchema,
  workflowCreateSchema,
  workflowIdInputSchema,
  workflowListSchema,
  workflowRenameSchema,
} from "../../services/workflows";
import { designerProcedure, roleProcedure, router } from "../init";

/** Designers, admins and viewers read workflows; approvers only act on tasks. */
const readProcedure = roleProcedure("designer", "admin", "viewer");

export const workflowsRouter = router({
  list: readProcedure.input(workflowListSchema).query(({ ctx, input }) => listWorkflows(ctx.db, input)),
  get: readProcedure.input(workflowIdInputSchema).query(({ ctx, input }) => getWorkflow(ctx.db, input)),
  /** The connector catalog the editor validates against and picks operations from. */
  catalog: readProcedure.query(() => defaultRegistry().catalog()),
  create: designerProcedure
    .input(workflowCreateSchema)
    .mutation(({ ctx, input }) => createWorkflow(ctx, ctx.user, input)),
  rename: designerProcedure
    .input(workflowRenameSchema)
    .mutation(({ ctx, input }) => renameWorkflow(ctx, ctx.user, input)),
  duplicate: designerProcedure
    .input(workflowIdInputSchema)
    .mutation(({ ctx, input }) => duplicateWorkflow(ctx, ctx.user, input)),
  delete: designerProcedure
    .input(workflowIdInputSchema)
    .mutation(({ ctx, input }) => deleteWorkflow(ctx.db, input)),
  saveDraft: designerProcedure
    .input(saveDraftSchema)
    .mutation(({ ctx, input }) => saveDraft(ctx, ctx.user, input)),
});
