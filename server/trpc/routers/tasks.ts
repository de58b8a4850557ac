// Task decisions: every decision goes through the engine (four-eyes, forms, stale tasks).
import { decideTask, taskDecisionSchema } from "../../runtime/tasks";
import { approverProcedure, audited, auditField, router } from "../init";

export const tasksRouter = router({
  decide: approverProcedure
    .use(
      audited((input) => ({
        action: `task.${auditField(input, "decision") ?? "decided"}`,
        after: { decision: auditField(input, "decision"), reason: auditField(input, "reason") },
        objectType: "task",
        objectId: auditField(input, "taskId"),
        summary:
          auditField(input, "decision") === "rejected"
            ? `Rejected: ${auditField(input, "reason") ?? ""}`
            : "Approved",
      })),
    )
    .input(taskDecisionSchema)
    .mutation(({ ctx, input }) => decideTask(ctx, { id: ctx.user.id, roles: ctx.user.roles }, input)),
});
