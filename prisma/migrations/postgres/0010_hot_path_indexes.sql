-- 0010 indexes nothing reads, dropped from the runtime's hot path: every transition writes a history
-- row, every connector call an outbox job, every approval a task, and each index on them is one more
-- B-tree page written (and, on SQLite, one more WAL frame) per commit.
-- History is read per instance in sequence order ("instance_events_instanceId_seq_key"), never by type.
DROP INDEX "instance_events_type_occurredAt_idx";

-- Claiming jobs finds expired leases among the running jobs through (status, nextAttemptAt).
DROP INDEX "outbox_jobs_leaseExpiresAt_idx";

-- Tasks are searched by business key with LIKE '%...%' (no B-tree helps), through the inbox's covering
-- indexes, which carry the column.
DROP INDEX "tasks_businessKey_idx";
