// Published versions of a workflow: history for everyone who reads; publish, retire and roll back
// for admins.
import { z } from "zod";
import {
  getVersionDefinition,
  listVersions,
  publishDraft,
  publishSchema,
  retireVersion,
  rollbackSchema,
  rollbackToVersion,
  versionActionSchema,
} from "../../services/publishing";
import { adminProcedure, audited, auditField, router, viewerProcedure } from "../init";

export const versionsRouter = router({
  definition: viewerProcedure
    .input(z.object({ workflowId: z.string().min(1), version: z.number().int().positive() }))
    .query(({ ctx, input }) => getVersionDefinition(ctx.db, input.workflowId, input.version)),
  list: viewerProcedure
    .input(z.object({ workflowId: z.string().min(1) }))
    .query(({ ctx, input }) => listVersions(ctx.db, input.workflowId)),
  publish: adminProcedure
    .use(
      audited((input, result) => ({
        action: "definition.published",
        after: { version: auditField(result, "version"), checksum: auditField(result, "checksum") },
        objectType: "workflow",
        objectId: auditField(input, "workflowId"),
        summary: `Published version ${auditField(result, "version")}: ${auditField(input, "changeNote")}`,
      })),
    )
    .input(publishSchema)
    .mutation(({ ctx, input }) => publishDraft(ctx, ctx.user.id, input)),
  retire: adminProcedure
    .use(
      audited((input) => ({
        action: "definition.retired",
        objectType: "workflow-version",
        objectId: auditField(input, "versionId"),
        summary: "Retired a version",
      })),
    )
    .input(versionActionSchema)
    .mutation(({ ctx, input }) => retireVersion(ctx, input)),
  rollback: adminProcedure
    .use(
      audited((input, result) => ({
        action: "definition.rolled-back",
        objectType: "workflow-version",
        objectId: auditField(input, "versionId"),
        summary: `Rolled back as version ${auditField(result, "version")}: ${auditField(input, "changeNote")}`,
      })),
    )
    .input(rollbackSchema)
    .mutation(({ ctx, input }) => rollbackToVersion(ctx, ctx.user.id, input)),
});
