// The runtime store on SQLite: reads with prepared statements on a better-sqlite3 connection of the
// main thread; every write on a second connection owned by a writer thread (sqlite-writer.ts), so that
// commits overlap the engine's work instead of stopping the event loop. In WAL mode the readers never
// wait for the writer, and a read that starts after a commit was reported sees it.
//
// Both connections have a busy timeout of 0: if another connection (Prisma's, or another process's)
// holds the write lock, the transaction fails at once with SQLITE_BUSY, reported as a write conflict
// that the runtime retries after a short asynchronous pause (see isWriteConflict and applyEvent);
// waiting inside the lock could deadlock with a Prisma interactive transaction of this process that
// waits on the runtime. BEGIN IMMEDIATE takes the write lock up front, so a transaction never fails
// half-way with a stale read snapshot.
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
} from "./store-sql";
import { SqliteWriter } from "./sqlite-writer";

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
  /** The main thread's connection, for reads only. */
  private readonly db: Database.Database;
  private readonly writer: SqliteWriter;
  private readonly prepared = new Map<string, Database.Statement>();
  private readonly notices = new NoticeBoard();

  constructor(file: string, options: StoreOptions) {
    this.db = new Database(file, { timeout: 0 });
    this.writer = new SqliteWriter(file, options.sqliteSynchronous);
  }

  private statement(sql: string): Database.Statement {
    let statement = this.prepared.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.prepared.set(sql, statement);
    }
    return statement;
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

  async commit(writes: Write[]): Promise<void> {
    const wall = new Date();
    await this.writer.transaction([writes.flatMap((write) => statementsOf(write, enc, wall))], false);
    this.notices.announce([writes]);
  }

  async commitMany(sets: Write[][]): Promise<unknown[]> {
    const wall = new Date();
    const outcomes = await this.writer.transaction(
      sets.map((writes) => writes.flatMap((write) => statementsOf(write, enc, wall))),
      true,
    );
    this.notices.announce(sets.filter((_, index) => outcomes[index] === null));
    return outcomes;
  }

  async claimJobs(request: ClaimRequest & { leaseToken: string }): Promise<ClaimedJob[]> {
    const now = enc.date(request.now);
    const rows = await this.writer.all({
      sql: claimJobsSql(""),
      params: [
        request.owner,
        request.leaseToken,
        enc.date(request.leaseExpiresAt),
        enc.date(new Date()),
        now,
        now,
        request.limit,
      ],
    });
    return rows.map((row) => {
      const job = row as Omit<ClaimedJob, "leaseToken"> & { payload: string };
      return { ...job, payload: JSON.parse(job.payload) as unknown, leaseToken: request.leaseToken };
    });
  }

  async claimTimers(request: ClaimRequest): Promise<{ id: string; instanceId: string }[]> {
    const now = enc.date(request.now);
    const rows = await this.writer.all({
      sql: claimTimersSql(""),
      params: [request.owner, enc.date(request.leaseExpiresAt), now, now, request.limit],
    });
    return rows as { id: string; instanceId: string }[];
  }

  async completeJob(jobId: string, leaseToken: string, at: Date): Promise<boolean> {
    return (await this.writer.run(completeJobStatement(jobId, leaseToken, at, enc))) === 1;
  }

  async deferJob(jobId: string, leaseToken: string, until: Date): Promise<void> {
    await this.writer.run(deferJobStatement(jobId, leaseToken, until, enc));
  }

  async failJob(
    jobId: string,
    leaseToken: string,
    outcome: { dead: boolean; lastError: string; nextAttemptAt: Date },
  ): Promise<boolean> {
    return (await this.writer.run(failJobStatement(jobId, leaseToken, outcome, enc))) === 1;
  }

  async renewJob(jobId: string, leaseToken: string, leaseExpiresAt: Date): Promise<void> {
    await this.writer.run(renewJobStatement(jobId, leaseToken, leaseExpiresAt, enc));
  }

  subscribe(listener: (notice: CommitNotice) => void): () => void {
    return this.notices.subscribe(listener);
  }

  async close(): Promise<void> {
    try {
      await this.writer.close();
    } finally {
      this.db.close();
    }
  }
}

/** Opens the store on the SQLite file at `file` (migrated, in WAL mode). */
export function openSqliteStore(file: string, options: StoreOptions = {}): RuntimeStore {
  return new SqliteRuntimeStore(file, options);
}
