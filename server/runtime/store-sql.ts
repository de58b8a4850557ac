// The SQL of each runtime write, shared by both providers: written with `?` placeholders (the
// PostgreSQL store numbers them) and with the values encoded the way Prisma's driver adapters encode
// them, so rows written here read back through Prisma exactly like rows Prisma wrote:
// - DateTime: SQLite stores Prisma's ISO text with an explicit offset ("2026-06-01T09:00:00.000+00:00");
//   PostgreSQL TIMESTAMP(3) columns take the UTC ISO string (the zone is ignored for `timestamp`).
// - Json: the JSON text (TEXT on SQLite, cast to JSONB by the column on PostgreSQL).
// - @default(now()) and @updatedAt are filled by Prisma's client with the wall clock, not by the
//   database, so the same is done here (while explicit times such as occurredAt use the runtime clock).
import { FenceLost, RevisionConflict, type Write } from "./store";

/** How one provider encodes parameters. */
export interface Encoding {
  date(value: Date): string;
}

export const sqliteEncoding: Encoding = { date: (value) => value.toISOString().replace("Z", "+00:00") };
export const postgresEncoding: Encoding = { date: (value) => value.toISOString() };

/** One statement: its SQL (also its cache key), its parameters, and a check on the rows it changed. */
export interface Statement {
  sql: string;
  params: unknown[];
  check?: (changes: number) => void;
}

function json(value: unknown): string {
  return JSON.stringify(value);
}

function exactlyOne(error: () => Error): (changes: number) => void {
  return (changes) => {
    if (changes !== 1) throw error();
  };
}

const candidateRole = 'INSERT INTO "task_candidate_roles" ("taskId", "roleKey") VALUES (?, ?)';
const candidateUser = 'INSERT INTO "task_candidate_users" ("taskId", "userId") VALUES (?, ?)';

/** The statements that carry out `write`, in order. `wall` fills the createdAt/updatedAt columns. */
export function statementsOf(write: Write, enc: Encoding, wall: Date): Statement[] {
  const date = (value: Date | null) => (value ? enc.date(value) : null);
  const stamp = enc.date(wall);
  switch (write.kind) {
    case "instance.insert":
      return [
        {
          sql: `INSERT INTO "instances" ("id", "definitionId", "versionId", "businessKey", "status", "state", "revision",
                  "startedById", "parentInstanceId", "parentNodeId", "parentCallId", "startedAt", "updatedAt", "endedAt")
                VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)`,
          params: [
            write.id,
            write.definitionId,
            write.versionId,
            write.businessKey,
            write.status,
            json(write.state),
            write.startedById,
            write.parentInstanceId,
            write.parentNodeId,
            write.parentCallId,
            enc.date(write.startedAt),
            stamp,
            date(write.endedAt),
          ],
        },
      ];
    case "instance.update":
      if (write.status === null)
        return [
          {
            sql: `UPDATE "instances" SET "state" = ?, "revision" = "revision" + 1, "updatedAt" = ?
                  WHERE "id" = ? AND "revision" = ?`,
            params: [json(write.state), stamp, write.id, write.revision],
            check: exactlyOne(() => new RevisionConflict()),
          },
        ];
      return [
        {
          sql: `UPDATE "instances" SET "state" = ?, "status" = ?, "revision" = "revision" + 1, "endedAt" = ?, "updatedAt" = ?
                WHERE "id" = ? AND "revision" = ?`,
          params: [json(write.state), write.status, date(write.endedAt), stamp, write.id, write.revision],
          check: exactlyOne(() => new RevisionConflict()),
        },
      ];
    case "instance.bump":
      return [
        {
          sql: `UPDATE "instances" SET "revision" = "revision" + 1, "updatedAt" = ? WHERE "id" = ? AND "revision" = ?`,
          params: [stamp, write.id, write.revision],
          check: exactlyOne(() => new RevisionConflict()),
        },
      ];
    case "event.insert":
      return [
        {
          sql: `INSERT INTO "instance_events" ("id", "instanceId", "seq", "type", "nodeId", "actorId", "data", "occurredAt")
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          params: [
            write.id,
            write.instanceId,
            write.seq,
            write.type,
            write.nodeId,
            write.actorId,
            json(write.data),
            enc.date(write.occurredAt),
          ],
        },
      ];
    case "job.close":
      return [
        {
          sql: `UPDATE "outbox_jobs" SET "status" = 'done', "completedAt" = ?, "leaseOwner" = NULL, "leaseExpiresAt" = NULL,
                  "lastError" = ?, "updatedAt" = ?
                WHERE "id" = ? AND "leaseToken" = ? AND "status" = 'running'`,
          params: [enc.date(write.at), write.lastError, stamp, write.jobId, write.leaseToken],
          check: exactlyOne(() => new FenceLost(`Job ${write.jobId} is no longer leased by this worker`)),
        },
      ];
    case "timer.fire":
      return [
        {
          sql: `UPDATE "timers" SET "status" = 'fired', "firedAt" = ? WHERE "id" = ? AND "status" = 'scheduled'`,
          params: [enc.date(write.at), write.timerId],
          check: exactlyOne(() => new FenceLost(`Timer ${write.timerId} was already fired or cancelled`)),
        },
      ];
    case "task.complete":
      return [
        {
          sql: `UPDATE "tasks" SET "status" = 'completed', "decision" = ?, "decisionReason" = ?, "formData" = ?,
                  "completedById" = ?, "completedAt" = ?, "updatedAt" = ?
                WHERE "id" = ?`,
          params: [
            write.decision,
            write.decisionReason,
            json(write.formData),
            write.completedById,
            enc.date(write.completedAt),
            stamp,
            write.id,
          ],
          check: exactlyOne(() => new Error(`Task ${write.id} does not exist`)),
        },
      ];
    case "task.insert":
      return [
        {
          sql: `INSERT INTO "tasks" ("id", "instanceId", "nodeId", "title", "businessKey", "status", "assigneeId", "dueAt",
                  "priority", "escalationLevel", "summary", "createdAt", "updatedAt")
                VALUES (?, ?, ?, ?, ?, 'open', ?, ?, 0, 0, ?, ?, ?)`,
          params: [
            write.id,
            write.instanceId,
            write.nodeId,
            write.title,
            write.businessKey,
            write.assigneeId,
            date(write.dueAt),
            json(write.summary),
            stamp,
            stamp,
          ],
        },
        ...write.candidateRoles.map((role) => ({ sql: candidateRole, params: [write.id, role] })),
        ...write.candidateUsers.map((user) => ({ sql: candidateUser, params: [write.id, user] })),
      ];
    case "task.cancel":
      return [
        {
          sql: `UPDATE "tasks" SET "status" = 'cancelled', "decisionReason" = ?, "completedAt" = ?, "updatedAt" = ?
                WHERE "id" = ? AND "status" IN ('open', 'claimed')`,
          params: [write.reason, enc.date(write.at), stamp, write.id],
        },
      ];
    case "task.escalate":
      return [
        {
          sql: `UPDATE "tasks" SET "escalationLevel" = ?, "updatedAt" = ? WHERE "id" = ? AND "status" IN ('open', 'claimed')`,
          params: [write.escalationLevel, stamp, write.id],
        },
      ];
    case "task.reassign":
      return [
        { sql: 'DELETE FROM "task_candidate_roles" WHERE "taskId" = ?', params: [write.id] },
        { sql: 'DELETE FROM "task_candidate_users" WHERE "taskId" = ?', params: [write.id] },
        {
          // Back in the open: whoever had claimed it no longer holds it.
          sql: `UPDATE "tasks" SET "assigneeId" = ?, "onBehalfOfId" = ?, "status" = 'open', "claimedAt" = NULL,
                  "claimedById" = NULL, "escalationLevel" = ?, "updatedAt" = ?
                WHERE "id" = ?`,
          params: [write.assigneeId, write.onBehalfOfId, write.escalationLevel, stamp, write.id],
          check: exactlyOne(() => new Error(`Task ${write.id} does not exist`)),
        },
        ...write.candidateRoles.map((role) => ({ sql: candidateRole, params: [write.id, role] })),
        ...write.candidateUsers.map((user) => ({ sql: candidateUser, params: [write.id, user] })),
      ];
    case "timer.insert":
      return [
        {
          sql: `INSERT INTO "timers" ("id", "instanceId", "nodeId", "kind", "dueAt", "status", "createdAt")
                VALUES (?, ?, ?, ?, ?, 'scheduled', ?)`,
          params: [write.id, write.instanceId, write.nodeId, write.purpose, enc.date(write.dueAt), stamp],
        },
      ];
    case "timer.cancel":
      return [
        {
          sql: `UPDATE "timers" SET "status" = 'cancelled' WHERE "id" = ? AND "status" = 'scheduled'`,
          params: [write.id],
        },
      ];
    case "subscription.insert":
      return [
        {
          sql: `INSERT INTO "message_subscriptions" ("id", "instanceId", "nodeId", "name", "correlationKey", "createdAt")
                VALUES (?, ?, ?, ?, ?, ?)`,
          params: [write.id, write.instanceId, write.nodeId, write.name, write.correlationKey, stamp],
        },
      ];
    case "subscription.delete":
      return [{ sql: 'DELETE FROM "message_subscriptions" WHERE "id" = ?', params: [write.id] }];
    case "job.insert":
      return [
        {
          sql: `INSERT INTO "outbox_jobs" ("id", "instanceId", "type", "payload", "status", "idempotencyKey", "attempts",
                  "nextAttemptAt", "createdAt", "updatedAt")
                VALUES (?, ?, ?, ?, 'pending', ?, 0, ?, ?, ?)`,
          params: [
            write.id,
            write.instanceId,
            write.type,
            json(write.payload),
            write.idempotencyKey,
            enc.date(write.nextAttemptAt),
            stamp,
            stamp,
          ],
        },
      ];
    case "incident.insert":
      return [
        {
          sql: `INSERT INTO "incidents" ("id", "instanceId", "tokenId", "nodeId", "code", "message", "status", "createdAt")
                VALUES (?, ?, ?, ?, ?, ?, 'open', ?)`,
          params: [write.id, write.instanceId, write.tokenId, write.nodeId, write.code, write.message, stamp],
        },
      ];
    default: {
      const unknown: never = write;
      throw new Error(`Unknown runtime write ${JSON.stringify(unknown)}`);
    }
  }
}

// --- Leasing jobs and timers (the worker's side) ------------------------------------------------

/** Leases due jobs; `lock` is the row-locking clause of the inner SELECT (PostgreSQL: SKIP LOCKED). */
export function claimJobsSql(lock: string): string {
  return `UPDATE "outbox_jobs" SET "status" = 'running', "leaseOwner" = ?, "leaseToken" = ?, "leaseExpiresAt" = ?,
            "attempts" = "attempts" + 1, "updatedAt" = ?
          WHERE "id" IN (
            SELECT "id" FROM "outbox_jobs"
            WHERE ("status" = 'pending' AND "nextAttemptAt" <= ?) OR ("status" = 'running' AND "leaseExpiresAt" < ?)
            ORDER BY "nextAttemptAt" LIMIT ? ${lock})
          RETURNING "id", "instanceId", "type", "payload", "attempts"`;
}

/** Leases due timers that no live worker holds. */
export function claimTimersSql(lock: string): string {
  return `UPDATE "timers" SET "leaseOwner" = ?, "leaseExpiresAt" = ?
          WHERE "id" IN (
            SELECT "id" FROM "timers"
            WHERE "status" = 'scheduled' AND "dueAt" <= ? AND ("leaseExpiresAt" IS NULL OR "leaseExpiresAt" < ?)
            ORDER BY "dueAt" LIMIT ? ${lock})
          RETURNING "id", "instanceId"`;
}

const leased = `"id" = ? AND "leaseToken" = ? AND "status" = 'running'`;

export function completeJobStatement(jobId: string, leaseToken: string, at: Date, enc: Encoding): Statement {
  return {
    sql: `UPDATE "outbox_jobs" SET "status" = 'done', "completedAt" = ?, "leaseOwner" = NULL, "leaseExpiresAt" = NULL,
            "updatedAt" = ? WHERE ${leased}`,
    params: [enc.date(at), enc.date(new Date()), jobId, leaseToken],
  };
}

export function deferJobStatement(jobId: string, leaseToken: string, until: Date, enc: Encoding): Statement {
  return {
    sql: `UPDATE "outbox_jobs" SET "status" = 'pending', "nextAttemptAt" = ?, "attempts" = "attempts" - 1,
            "leaseOwner" = NULL, "leaseToken" = NULL, "leaseExpiresAt" = NULL, "updatedAt" = ? WHERE ${leased}`,
    params: [enc.date(until), enc.date(new Date()), jobId, leaseToken],
  };
}

export function failJobStatement(
  jobId: string,
  leaseToken: string,
  outcome: { dead: boolean; lastError: string; nextAttemptAt: Date },
  enc: Encoding,
): Statement {
  return {
    sql: `UPDATE "outbox_jobs" SET "status" = ?, "lastError" = ?, "nextAttemptAt" = ?, "leaseOwner" = NULL,
            "leaseToken" = NULL, "leaseExpiresAt" = NULL, "updatedAt" = ? WHERE ${leased}`,
    params: [
      outcome.dead ? "dead" : "pending",
      outcome.lastError,
      enc.date(outcome.nextAttemptAt),
      enc.date(new Date()),
      jobId,
      leaseToken,
    ],
  };
}

export function renewJobStatement(
  jobId: string,
  leaseToken: string,
  leaseExpiresAt: Date,
  enc: Encoding,
): Statement {
  return {
    sql: `UPDATE "outbox_jobs" SET "leaseExpiresAt" = ?, "updatedAt" = ? WHERE ${leased}`,
    params: [enc.date(leaseExpiresAt), enc.date(new Date()), jobId, leaseToken],
  };
}

export const loadInstanceSql = `SELECT "id", "versionId", "state", "revision", "businessKey", "parentInstanceId", "parentCallId"
  FROM "instances" WHERE "id" = ?`;
export const loadVersionSql = `SELECT "id", "definitionId" FROM "workflow_versions" WHERE "id" = ?`;
export const loadUserSql = `SELECT "id", "managerId" FROM "users" WHERE "id" = ?`;
export const loadTaskSql = `SELECT t."instanceId", t."claimedById", u."name" AS "claimedByName"
  FROM "tasks" t LEFT JOIN "users" u ON u."id" = t."claimedById" WHERE t."id" = ?`;
