// The runtime store on SQLite: prepared statements on a dedicated better-sqlite3 connection.
//
// better-sqlite3 is synchronous, so a transaction here runs from BEGIN IMMEDIATE to COMMIT without
// yielding to the event loop: it cannot interleave with anything else in this process (Prisma's
// interactive transactions included, which run on Prisma's own connection). For the same reason the
// connection's busy timeout is 0: if another connection holds the write lock, waiting here would
// block the very event loop that lock holder may need to finish (when it is Prisma in this process),
// so SQLITE_BUSY is returned at once and reported as a write conflict, which the runtime retries
// after a short asynchronous pause (see isWriteConflict and applyEvent). BEGIN IMMEDIATE takes the
// write lock up front, so a transaction never fails half-way with a stale read snapshot.
import Database from "better-sqlite3";
import {
  NoticeBoard,
  type ClaimedJob,
  type ClaimRequest,
  type CommitNotice,
  type InstanceRow,
  type RuntimeStore,
  type StoreOptions,
  type TaskRow,
  type Write,
} from "./store";
import {
  claimJobsSql,
  claimTimersSql,
  completeJobStatement,
  deferJobStatement,
  failJobStatement,
  loadInstanceSql,
  loadTaskSql,
  loadUserSql,
  loadVersionSql,
  renewJobStatement,
  sqliteEncoding as enc,
  statementsOf,
  type Statement,
} from "./store-sql";

/** Runs synchronous work behind the store's promise-based contract (a throw becomes a rejection). */
function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error: unknown) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

class SqliteRuntimeStore implements RuntimeStore {
  readonly kind = "sqlite" as const;
  private readonly db: Database.Database;
  private readonly prepared = new Map<string, Database.Statement>();
  private readonly notices = new NoticeBoard();
  private readonly applyAll: Database.Transaction<(writes: Write[]) => void>;
  private readonly applyMany: Database.Transaction<(sets: Write[][]) => unknown[]>;

  constructor(file: string, options: StoreOptions) {
    this.db = new Database(file, { timeout: 0 });
    if (options.sqliteSynchronous) this.db.pragma(`synchronous = ${options.sqliteSynchronous}`);
    this.applyAll = this.db.transaction((writes: Write[]) => {
      const wall = new Date();
      for (const write of writes) for (const statement of statementsOf(write, enc, wall)) this.run(statement);
    });
    // Called inside applyMany's transaction, applyAll runs as a SAVEPOINT (better-sqlite3 nests
    // transaction functions that way), so a failing set is rolled back alone.
    this.applyMany = this.db.transaction((sets: Write[][]) =>
      sets.map((writes) => {
        try {
          this.applyAll(writes);
          return null;
        } catch (error: unknown) {
          return error;
        }
      }),
    );
  }

  private statement(sql: string): Database.Statement {
    let statement = this.prepared.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.prepared.set(sql, statement);
    }
    return statement;
  }

  private run(statement: Statement): number {
    const { changes } = this.statement(statement.sql).run(...statement.params);
    statement.check?.(changes);
    return changes;
  }

  loadInstance(id: string): Promise<InstanceRow | null> {
    return settle(() => {
      const row = this.statement(loadInstanceSql).get(id) as (InstanceRow & { state: string }) | undefined;
      return row ? { ...row, state: JSON.parse(row.state) as unknown } : null;
    });
  }

  loadVersion(id: string): Promise<{ id: string; definitionId: string } | null> {
    return settle(
      () =>
        (this.statement(loadVersionSql).get(id) as { id: string; definitionId: string } | undefined) ?? null,
    );
  }

  loadUser(id: string): Promise<{ id: string; managerId: string | null } | null> {
    return settle(
      () =>
        (this.statement(loadUserSql).get(id) as { id: string; managerId: string | null } | undefined) ?? null,
    );
  }

  loadTask(id: string): Promise<TaskRow | null> {
    return settle(() => (this.statement(loadTaskSql).get(id) as TaskRow | undefined) ?? null);
  }

  commit(writes: Write[]): Promise<void> {
    return settle(() => {
      this.applyAll.immediate(writes);
      this.notices.announce([writes]);
    });
  }

  commitMany(sets: Write[][]): Promise<unknown[]> {
    return settle(() => {
      const outcomes = this.applyMany.immediate(sets);
      this.notices.announce(sets.filter((_, index) => outcomes[index] === null));
      return outcomes;
    });
  }

  claimJobs(request: ClaimRequest & { leaseToken: string }): Promise<ClaimedJob[]> {
    return settle(() => this.claimJobsNow(request));
  }

  private claimJobsNow(request: ClaimRequest & { leaseToken: string }): ClaimedJob[] {
    const now = enc.date(request.now);
    return this.statement(claimJobsSql(""))
      .all(
        request.owner,
        request.leaseToken,
        enc.date(request.leaseExpiresAt),
        enc.date(new Date()),
        now,
        now,
        request.limit,
      )
      .map((row) => {
        const job = row as Omit<ClaimedJob, "leaseToken"> & { payload: string };
        return { ...job, payload: JSON.parse(job.payload) as unknown, leaseToken: request.leaseToken };
      });
  }

  claimTimers(request: ClaimRequest): Promise<{ id: string; instanceId: string }[]> {
    const now = enc.date(request.now);
    return settle(() =>
      this.statement(claimTimersSql(""))
        .all(request.owner, enc.date(request.leaseExpiresAt), now, now, request.limit)
        .map((row) => row as { id: string; instanceId: string }),
    );
  }

  completeJob(jobId: string, leaseToken: string, at: Date): Promise<boolean> {
    return settle(() => this.run(completeJobStatement(jobId, leaseToken, at, enc)) === 1);
  }

  deferJob(jobId: string, leaseToken: string, until: Date): Promise<void> {
    return settle(() => void this.run(deferJobStatement(jobId, leaseToken, until, enc)));
  }

  failJob(
    jobId: string,
    leaseToken: string,
    outcome: { dead: boolean; lastError: string; nextAttemptAt: Date },
  ): Promise<boolean> {
    return settle(() => this.run(failJobStatement(jobId, leaseToken, outcome, enc)) === 1);
  }

  renewJob(jobId: string, leaseToken: string, leaseExpiresAt: Date): Promise<void> {
    return settle(() => void this.run(renewJobStatement(jobId, leaseToken, leaseExpiresAt, enc)));
  }

  subscribe(listener: (notice: CommitNotice) => void): () => void {
    return this.notices.subscribe(listener);
  }

  close(): Promise<void> {
    return settle(() => void this.db.close());
  }
}

/** Opens the store on the SQLite file at `file` (migrated, in WAL mode). */
export function openSqliteStore(file: string, options: StoreOptions = {}): RuntimeStore {
  return new SqliteRuntimeStore(file, options);
}
