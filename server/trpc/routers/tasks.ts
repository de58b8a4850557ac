// Task decisions: every decision goes through the engine (four-eyes, forms, stale tasks).
import { decideTask, taskDecisionSchema } from "../../runtime/tasks";
import { approverProcedure, router } from "../init";

export const tasksRouter = router({
  decide: approverProcedure
    .input(taskDecisionSchema)
    .mutation(({ ctx, input }) => decideTask(ctx, { id: ctx.user.id, roles: ctx.user.roles }, input)),
});
