// Hands tasks that arrive for someone who is out of office to their delegate. Runs after a transition
// commits: each task the engine opened (or an escalation reassigned) for exactly one absent person is
// delegated through the engine, on that person's behalf, so the four-eyes rules still apply and the
// history shows the hand-over. A delegate the rules forbid leaves the task where it was.
import type { Command } from "@/engine";
import { standInsFor } from "../services/out-of-office";
import type { applyEvent, RuntimeDeps } from "./runtime";

/** applyEvent, passed in by runtime.ts (which calls this module after each commit). */
type Apply = typeof applyEvent;

/** Tasks among `commands` that now sit with one person (manual delegations excepted). */
function personalTasks(commands: readonly Command[]): { taskId: string; userId: string }[] {
  const tasks: { taskId: string; userId: string }[] = [];
  for (const command of commands) {
    if (command.type !== "task.open" && command.type !== "task.reassign") continue;
    if (command.type === "task.reassign" && command.onBehalfOf) continue;
    if (command.assignees.length === 1) tasks.push({ taskId: command.taskId, userId: command.assignees[0]! });
  }
  return tasks;
}

/** Delegates the tasks in `commands` whose one assignee is out of office now. */
export async function routeAbsentAssignees(
  deps: RuntimeDeps,
  instanceId: string,
  commands: readonly Command[],
  apply: Apply,
): Promise<void> {
  const tasks = personalTasks(commands);
  if (tasks.length === 0) return;
  const standIns = await standInsFor(
    deps.db,
    tasks.map((task) => task.userId),
    deps.now(),
  );
  for (const task of tasks) {
    const delegate = standIns.get(task.userId);
    if (!delegate) continue;
    const result = await apply(
      deps,
      instanceId,
      {
        type: "task.delegated",
        taskId: task.taskId,
        actor: { id: task.userId, roles: [] },
        delegate,
        reason: "Out of office",
      },
      { actorId: null },
    );
    if (!result.ok) {
      console.warn(
        JSON.stringify({
          level: "warn",
          msg: "out-of-office delegation refused; the task stays with its assignee",
          instanceId,
          taskId: task.taskId,
          code: result.rejection.code,
          reason: result.rejection.message,
        }),
      );
    }
  }
}
