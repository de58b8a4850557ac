// The runtime's own access to the database for its hot path: loading an instance, committing a
// transition, starting an instance and leasing jobs and timers. It speaks SQL directly (prepared
// statements on better-sqlite3 connections of its own, the writes on a writer thread, or a pg pool)
// instead of going through Prisma, whose per-statement overhead (~0.3-0.5 ms) dominated a transition. Everything else in the app still
// uses Prisma and reads these rows through it: the SQL writes exactly what Prisma would (see
// store-sql.ts), and tests/integration/runtime-store.test.ts checks the round trip on both providers.
// This module holds the contract; store-open.ts opens one.
import type { DatabaseKind } from "../db/url";

/** Raised inside a transaction when a fenced job or timer was taken by someone else. */
export class FenceLost extends Error {
  override name = "FenceLost";
}

/** Raised when the instance changed between read and write; the caller retries on fresh state. */
export class RevisionConflict extends Error {
  override name = "RevisionConflict";
}

/** The columns of an instance the runtime needs to apply an event. */
export interface InstanceRow {
  id: string;
  versionId: string;
  /** The stored state, as JSON (not yet checked). */
  state: unknown;
  revision: number;
  businessKey: string | null;
  parentInstanceId: string | null;
  parentCallId: string | null;
}

/** The columns of a task that a person's decision or delegation checks before it reaches the engine. */
export interface TaskRow {
  instanceId: string;
  claimedById: string | null;
  /** The name of the person who claimed it (null when unclaimed). */
  claimedByName: string | null;
}

/**
 * One row-level write of a transition, in the order the transaction carries them out. The checked
 * ones fail the whole transaction: `instance.update`/`instance.bump` with RevisionConflict when the
 * revision moved, `job.close`/`timer.fire` with FenceLost when the lease or timer is no longer ours.
 */
export type Write =
  | {
      kind: "instance.insert";
      id: string;
      definitionId: string;
      versionId: string;
      businessKey: string | null;
      status: string;
      state: unknown;
      startedById: string | null;
      parentInstanceId: string | null;
      parentNodeId: string | null;
      parentCallId: string | null;
      startedAt: Date;
      endedAt: Date | null;
    }
  | {
      kind: "instance.update";
      id: string;
      /** The revision read; the row is bumped to revision + 1 only if it still has it. */
      revision: number;
      state: unknown;
      /** The new status with its `endedAt`, or null when the status did not change (both are kept). */
      status: string | null;
      endedAt: Date | null;
    }
  | { kind: "instance.bump"; id: string; revision: number }
  | {
      kind: "event.insert";
      id: string;
      instanceId: string;
      seq: number;
      type: string;
      nodeId: string | null;
      actorId: string | null;
      data: unknown;
      occurredAt: Date;
    }
  | { kind: "job.close"; jobId: string; leaseToken: string; at: Date; lastError: string | null }
  | { kind: "timer.fire"; timerId: string; at: Date }
  | {
      kind: "task.complete";
      id: string;
      decision: string;
      decisionReason: string | null;
      formData: unknown;
      completedById: string;
      completedAt: Date;
    }
  | {
      kind: "task.insert";
      id: string;
      instanceId: string;
      nodeId: string;
      title: string;
      businessKey: string | null;
      assigneeId: string | null;
      dueAt: Date | null;
      summary: unknown;
      candidateRoles: string[];
      candidateUsers: string[];
    }
  | { kind: "task.cancel"; id: string; reason: string; at: Date }
  /** An escalation step fired for a task that stays open: its level, for the inbox. */
  | { kind: "task.escalate"; id: string; escalationLevel: number }
  | {
      kind: "task.reassign";
      id: string;
      assigneeId: string | null;
      /** When delegated: the person the new assignee acts for. */
      onBehalfOfId: string | null;
      escalationLevel: number;
      candidateRoles: string[];
      candidateUsers: string[];
    }
  | { kind: "timer.insert"; id: string; instanceId: string; nodeId: string; purpose: string; dueAt: Date }
  | { kind: "timer.cancel"; id: string }
  | {
      kind: "subscription.insert";
      id: string;
      instanceId: string;
      nodeId: string;
      name: string;
      correlationKey: string;
    }
  | { kind: "subscription.delete"; id: string }
  | {
      kind: "job.insert";
      id: string;
      instanceId: string | null;
      type: string;
      payload: unknown;
      idempotencyKey: string;
      nextAttemptAt: Date;
    }
  | {
      kind: "incident.insert";
      id: string;
      instanceId: string;
      tokenId: string;
      nodeId: string;
      code: string;
      message: string;
    };

/** A job leased to a worker. */
export interface ClaimedJob {
  id: string;
  instanceId: string | null;
  type: string;
  payload: unknown;
  attempts: number;
  leaseToken: string;
}

/** What a committed transaction created that someone in this process may be waiting for. */
export interface CommitNotice {
  /** Outbox jobs written (due at once). */
  jobs: number;
  /** Due times of the timers written. */
  timersDue: Date[];
  /** Tasks opened. */
  tasks: { id: string; instanceId: string }[];
}

export interface ClaimRequest {
  owner: string;
  now: Date;
  leaseExpiresAt: Date;
  limit: number;
}

/** The runtime's SQL access to one database. All methods are safe to call concurrently. */
export interface RuntimeStore {
  readonly kind: DatabaseKind;
  loadInstance(id: string): Promise<InstanceRow | null>;
  /** The immutable columns of a workflow version. */
  loadVersion(id: string): Promise<{ id: string; definitionId: string } | null>;
  loadUser(id: string): Promise<{ id: string; managerId: string | null } | null>;
  loadTask(id: string): Promise<TaskRow | null>;
  /**
   * Carries out `writes` in ONE transaction, or nothing of them: throws RevisionConflict or FenceLost
   * from a checked write, or the driver's error (a write conflict is reported as SQLITE_BUSY or
   * SQLSTATE 40001/40P01, see isWriteConflict).
   */
  commit(writes: Write[]): Promise<void>;
  /**
   * Group commit: carries out each set inside its own savepoint of one transaction, so a set that
   * fails (a stale revision, a lost fence, a constraint) is rolled back alone. Resolves after the
   * transaction committed, with null for each set that was committed and the error for each that was
   * not; rejects (nothing committed) when the transaction as a whole failed.
   */
  commitMany(sets: Write[][]): Promise<unknown[]>;
  /** Leases up to `limit` due jobs (pending and due, or running with an expired lease). */
  claimJobs(request: ClaimRequest & { leaseToken: string }): Promise<ClaimedJob[]>;
  /** Leases up to `limit` due timers not leased by a live worker. */
  claimTimers(request: ClaimRequest): Promise<{ id: string; instanceId: string }[]>;
  /** Marks a leased job done; false when the lease is no longer ours. */
  completeJob(jobId: string, leaseToken: string, at: Date): Promise<boolean>;
  /** Puts a leased job back for later without counting the attempt. */
  deferJob(jobId: string, leaseToken: string, until: Date): Promise<void>;
  /** Releases a leased job that failed, as pending (retried at nextAttemptAt) or dead. */
  failJob(
    jobId: string,
    leaseToken: string,
    outcome: { dead: boolean; lastError: string; nextAttemptAt: Date },
  ): Promise<boolean>;
  renewJob(jobId: string, leaseToken: string, leaseExpiresAt: Date): Promise<void>;
  /** Calls `listener` after each commit that wrote jobs, timers or tasks; returns an unsubscribe. */
  subscribe(listener: (notice: CommitNotice) => void): () => void;
  close(): Promise<void>;
}

/** Store options. */
export interface StoreOptions {
  /** SQLite only: the connection's `synchronous` setting (better-sqlite3's default is NORMAL in WAL). */
  sqliteSynchronous?: "FULL" | "NORMAL";
  /** PostgreSQL only: pool size. */
  poolSize?: number;
}

/** What a committed set of writes announces. */
export function noticeOf(sets: Write[][]): CommitNotice | null {
  const notice: CommitNotice = { jobs: 0, timersDue: [], tasks: [] };
  for (const writes of sets) {
    for (const write of writes) {
      if (write.kind === "job.insert") notice.jobs += 1;
      else if (write.kind === "timer.insert") notice.timersDue.push(write.dueAt);
      else if (write.kind === "task.insert")
        notice.tasks.push({ id: write.id, instanceId: write.instanceId });
    }
  }
  return notice.jobs > 0 || notice.timersDue.length > 0 || notice.tasks.length > 0 ? notice : null;
}

/** Listeners of commit notices; a throwing listener never fails the commit that announced. */
export class NoticeBoard {
  private readonly listeners = new Set<(notice: CommitNotice) => void>();

  subscribe(listener: (notice: CommitNotice) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  announce(sets: Write[][]): void {
    if (this.listeners.size === 0) return;
    const notice = noticeOf(sets);
    if (!notice) return;
    for (const listener of this.listeners) {
      try {
        listener(notice);
      } catch {
        // A listener's bug must not turn a committed transition into a reported failure.
      }
    }
  }
}

/** How many rows a set of writes inserts, updates or deletes (at most; for group-commit figures). */
export function rowCount(writes: Write[]): number {
  let rows = 0;
  for (const write of writes) {
    if (write.kind === "task.insert" || write.kind === "task.reassign")
      rows += 1 + write.candidateRoles.length + write.candidateUsers.length;
    else rows += 1;
  }
  return rows;
}
