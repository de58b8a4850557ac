-- 0011 A smaller write set per transition: every index on the runtime's tables is one more B-tree page
-- written by each commit that changes its columns. (The SQLite migration also makes the task candidate
-- tables WITHOUT ROWID; a PostgreSQL table is a heap plus its primary-key index either way.)

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
