// Group commit: a store that gathers the transitions committed within a short linger (or until a
// batch is full) and commits them together, one transaction for many instances, so their cost of
// durability (an fsync per commit) is shared. Each transition keeps its own atomicity and checks: it
// runs in its own SAVEPOINT, so a stale revision or a lost fence rolls back that transition alone and
// its caller sees the same RevisionConflict/FenceLost it would see without batching (and retries on
// fresh state). Every caller's promise settles only after the shared COMMIT, so nothing is reported
// done before it is durable; if the COMMIT itself fails, every transition in the batch fails with
// that error (a write conflict, which callers retry). Opt-in: the default is one transaction per
// transition.
import { rowCount, type RuntimeStore, type Write } from "./store";

export interface GroupCommitOptions {
  /** How long the first transition of a batch waits for others to join it. */
  lingerMs: number;
  /** A batch is committed at once when it reaches this many transitions. */
  maxBatch: number;
}

/** Figures of what group commit achieved (for benchmarks). */
export interface GroupCommitStats {
  transactions: number;
  transitions: number;
  rows: number;
}

interface Pending {
  writes: Write[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Wraps `inner` so that `commit` joins a group; everything else is passed through. `close()` commits
 * what is queued and waits for it, but leaves `inner` open for whoever opened it.
 */
export function groupCommit(
  inner: RuntimeStore,
  options: GroupCommitOptions,
): RuntimeStore & { stats: GroupCommitStats } {
  const stats: GroupCommitStats = { transactions: 0, transitions: 0, rows: 0 };
  let queue: Pending[] = [];
  let timer: NodeJS.Timeout | null = null;
  const inFlight = new Set<Promise<void>>();

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const batch = queue.slice(0, options.maxBatch);
    queue = queue.slice(batch.length);
    if (queue.length > 0) schedule();
    if (batch.length === 0) return;
    const done = inner.commitMany(batch.map((pending) => pending.writes)).then(
      (outcomes) => {
        stats.transactions += 1;
        batch.forEach((pending, index) => {
          const error = outcomes[index];
          if (error === null || error === undefined) {
            stats.transitions += 1;
            stats.rows += rowCount(pending.writes);
            pending.resolve();
          } else pending.reject(error);
        });
      },
      (error: unknown) => batch.forEach((pending) => pending.reject(error)),
    );
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  };
  const schedule = () => {
    if (queue.length >= options.maxBatch) flush();
    else timer ??= setTimeout(flush, options.lingerMs);
  };

  return {
    kind: inner.kind,
    stats,
    loadInstance: (id) => inner.loadInstance(id),
    loadVersion: (id) => inner.loadVersion(id),
    loadUser: (id) => inner.loadUser(id),
    loadTask: (id) => inner.loadTask(id),
    commit: (writes) =>
      new Promise<void>((resolve, reject) => {
        queue.push({ writes, resolve, reject });
        schedule();
      }),
    commitMany: (sets) => inner.commitMany(sets),
    claimJobs: (request) => inner.claimJobs(request),
    claimTimers: (request) => inner.claimTimers(request),
    completeJob: (jobId, leaseToken, at) => inner.completeJob(jobId, leaseToken, at),
    deferJob: (jobId, leaseToken, until) => inner.deferJob(jobId, leaseToken, until),
    failJob: (jobId, leaseToken, outcome) => inner.failJob(jobId, leaseToken, outcome),
    renewJob: (jobId, leaseToken, leaseExpiresAt) => inner.renewJob(jobId, leaseToken, leaseExpiresAt),
    subscribe: (listener) => inner.subscribe(listener),
    // Closing commits what is queued and waits for it; the inner store belongs to its opener.
    close: async () => {
      while (queue.length > 0) flush();
      await Promise.all([...inFlight]);
    },
  };
}
