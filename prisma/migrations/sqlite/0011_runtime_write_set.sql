-- 0011 A smaller write set per transition: every index on the runtime's tables is one more B-tree page
-- (on SQLite one more WAL frame) written by each commit that changes its columns.

-- Instances are listed newest first by start, optionally for one status. The old (status, updatedAt)
-- index served no query and changed on every transition; (status, startedAt) serves that list and
-- changes only when the status does.
DROP INDEX "instances_status_updatedAt_idx";
CREATE INDEX "instances_status_startedAt_idx" ON "instances"("status", "startedAt");

-- Jobs, timers and message subscriptions are found by id, due time or correlation, never by instance;
-- an instance is never deleted (a workflow can only be deleted before its first version), so no
-- cascade needs these either.
DROP INDEX "outbox_jobs_instanceId_idx";
DROP INDEX "timers_instanceId_idx";
DROP INDEX "message_subscriptions_instanceId_idx";

-- Task candidates: the composite primary key was an automatic index beside a rowid table, two B-trees
-- for a two-column row. As WITHOUT ROWID tables the key's B-tree holds the rows. Nothing references
-- these tables, so each is rebuilt in place.
CREATE TABLE "new_task_candidate_roles" (
    "taskId" TEXT NOT NULL,
    "roleKey" TEXT NOT NULL,

    PRIMARY KEY ("taskId", "roleKey"),
    CONSTRAINT "task_candidate_roles_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "tasks" ("id") ON DELETE CASCADE ON UPDATE CASCADE
) WITHOUT ROWID;
INSERT INTO "new_task_candidate_roles" ("taskId", "roleKey") SELECT "taskId", "roleKey" FROM "task_candidate_roles";
DROP TABLE "task_candidate_roles";
ALTER TABLE "new_task_candidate_roles" RENAME TO "task_candidate_roles";
CREATE INDEX "task_candidate_roles_roleKey_taskId_idx" ON "task_candidate_roles"("roleKey", "taskId");

CREATE TABLE "new_task_candidate_users" (
    "taskId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,

    PRIMARY KEY ("taskId", "userId"),
    CONSTRAINT "task_candidate_users_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "tasks" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "task_candidate_users_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE
) WITHOUT ROWID;
INSERT INTO "new_task_candidate_users" ("taskId", "userId") SELECT "taskId", "userId" FROM "task_candidate_users";
DROP TABLE "task_candidate_users";
ALTER TABLE "new_task_candidate_users" RENAME TO "task_candidate_users";
CREATE INDEX "task_candidate_users_userId_taskId_idx" ON "task_candidate_users"("userId", "taskId");
