// Task actions that go through the engine: decide, delegate, approve several at once.
import {
  bulkApprovalSchema,
  bulkApprove,
  decideTask,
  delegateTask,
  taskDecisionSchema,
  taskDelegationSchema,
} from "../../runtime/tasks";
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
  delegate: approverProcedure
    .use(
      audited((input, result) => ({
        action: "task.delegated",
        after: { delegateId: auditField(input, "delegateId"), reason: auditField(input, "reason") },
        objectType: "task",
        objectId: auditField(input, "taskId"),
        summary: `Delegated to ${
          (result as { delegate?: { name?: string } } | undefined)?.delegate?.name ??
          auditField(input, "delegateId") ??
          ""
        }`,
      })),
    )
    .input(taskDelegationSchema)
    .mutation(({ ctx, input }) => delegateTask(ctx, { id: ctx.user.id, roles: ctx.user.roles }, input)),
  bulkApprove: approverProcedure
    .use(
      audited((_input, result) => {
        const outcome = result as { approved: number; results: { taskId: string; ok: boolean }[] };
        return {
          action: "task.bulk-approved",
          objectType: "task",
          objectId: null,
          after: {
            approved: outcome.results.filter((entry) => entry.ok).map((entry) => entry.taskId),
            refused: outcome.results.filter((entry) => !entry.ok).map((entry) => entry.taskId),
          },
          summary: `Approved ${outcome.approved} of ${outcome.results.length} selected tasks`,
        };
      }),
    )
    .input(bulkApprovalSchema)
    .mutation(({ ctx, input }) => bulkApprove(ctx, { id: ctx.user.id, roles: ctx.user.roles }, input)),
});
