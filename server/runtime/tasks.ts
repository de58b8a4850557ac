// Deciding a task: the decision goes through the engine, so four-eyes breaches, forms that fail
// their fields and tasks that are no longer open are refused with a clear message and change nothing.
import { z } from "zod";
import { jsonObjectSchema, type Rejection } from "@/engine";
import { BusinessError } from "../services/errors";
import { applyEvent, type RuntimeDeps } from "./runtime";

export const taskDecisionSchema = z.object({
  taskId: z.string().min(1),
  decision: z.enum(["approved", "rejected"]),
  reason: z.string().trim().max(2000).optional(),
  formData: jsonObjectSchema.default({}),
});
export type TaskDecision = z.input<typeof taskDecisionSchema>;

/** A refused decision, with the engine's reason; maps to a 4xx for the person. */
export class TaskDecisionRefused extends BusinessError {
  constructor(readonly rejection: Rejection) {
    const stale = rejection.code === "TASK_NOT_OPEN" || rejection.code === "INSTANCE_ENDED";
    super(
      stale ? "CONFLICT" : "PRECONDITION_FAILED",
      stale ? `This task is no longer open. ${rejection.message}` : rejection.message,
    );
  }
}

/** Applies a person's decision on a task. Throws TaskDecisionRefused when the engine refuses it. */
export async function decideTask(
  deps: RuntimeDeps,
  actor: { id: string; roles: string[] },
  raw: TaskDecision,
): Promise<{ instanceId: string; status: string }> {
  const input = taskDecisionSchema.parse(raw);
  const task = await deps.db.task.findUnique({
    where: { id: input.taskId },
    select: { instanceId: true, status: true },
  });
  if (!task) throw new BusinessError("NOT_FOUND", "This task does not exist");
  const result = await applyEvent(
    deps,
    task.instanceId,
    {
      type: "task.completed",
      taskId: input.taskId,
      actor,
      decision: input.decision,
      reason: input.reason,
      formData: input.formData,
    },
    { actorId: actor.id },
  );
  if (!result.ok) throw new TaskDecisionRefused(result.rejection);
  return { instanceId: task.instanceId, status: result.state.status };
}
