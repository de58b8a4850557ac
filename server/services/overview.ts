// The read-only overview: how much is designed, running and waiting on people.
import type { Db } from "../db/client";

/** Counts for the overview page. */
export async function getOverview(db: Db) {
  const [workflows, publishedVersions, runningInstances, completedInstances, openTasks, people] =
    await Promise.all([
      db.workflowDefinition.count({ where: { archived: false } }),
      db.workflowVersion.count({ where: { status: "published" } }),
      db.instance.count({ where: { status: { in: ["running", "waiting"] } } }),
      db.instance.count({ where: { status: "completed" } }),
      db.task.count({ where: { status: { in: ["open", "claimed"] } } }),
      db.user.count({ where: { active: true } }),
    ]);
  return { workflows, publishedVersions, runningInstances, completedInstances, openTasks, people };
}
