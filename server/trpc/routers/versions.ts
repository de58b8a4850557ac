// Published versions of a workflow: history for everyone who reads; publish, retire and roll back
// for admins.
import { z } from "zod";
import {
  listVersions,
  publishDraft,
  publishSchema,
  retireVersion,
  rollbackSchema,
  rollbackToVersion,
  versionActionSchema,
} from "../../services/publishing";
import { adminProcedure, router, viewerProcedure } from "../init";

export const versionsRouter = router({
  list: viewerProcedure
    .input(z.object({ workflowId: z.string().min(1) }))
    .query(({ ctx, input }) => listVersions(ctx.db, input.workflowId)),
  publish: adminProcedure
    .input(publishSchema)
    .mutation(({ ctx, input }) => publishDraft(ctx, ctx.user.id, input)),
  retire: adminProcedure.input(versionActionSchema).mutation(({ ctx, input }) => retireVersion(ctx, input)),
  rollback: adminProcedure
    .input(rollbackSchema)
    .mutation(({ ctx, input }) => rollbackToVersion(ctx, ctx.user.id, input)),
});
