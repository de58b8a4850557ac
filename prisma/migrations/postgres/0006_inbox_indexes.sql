-- 0006 inbox indexes (server/services/inbox.ts reads one page of each source of a person's inbox in
-- sort order and stops there).
-- Role queues: the open tasks, unassigned and unclaimed, in due-date or creation order, with the columns
-- the read tests, so it touches no table row until a task qualifies. The order columns come right after
-- the status because PostgreSQL reads an index in order only past columns compared with "=" (not
-- "IS NULL"). They supersede the index on (status, dueAt).
DROP INDEX "tasks_status_dueAt_idx";

-- CreateIndex
CREATE INDEX "tasks_inbox_due_idx" ON "tasks"("status", "dueAt", "createdAt", "id", "assigneeId", "claimedById", "businessKey");

-- CreateIndex
CREATE INDEX "tasks_inbox_created_idx" ON "tasks"("status", "createdAt", "id", "assigneeId", "claimedById", "businessKey");

-- Assigned to and claimed by a person: the whole due-date order, so that these stay the obvious choice
-- next to the indexes above (SQLite has no statistics unless ANALYZE has run). They extend the
-- indexes on (assigneeId, status, dueAt) and (claimedById, status, dueAt).
DROP INDEX "tasks_assigneeId_status_dueAt_idx";

-- CreateIndex
CREATE INDEX "tasks_assigneeId_status_dueAt_createdAt_id_idx" ON "tasks"("assigneeId", "status", "dueAt", "createdAt", "id");

DROP INDEX "tasks_claimedById_status_dueAt_idx";

-- CreateIndex
CREATE INDEX "tasks_claimedById_status_dueAt_createdAt_id_idx" ON "tasks"("claimedById", "status", "dueAt", "createdAt", "id");
