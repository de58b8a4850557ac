// The runtime store on PostgreSQL: parameterised, named (so prepared once per connection) statements
// on a pg pool. Transactions run at READ COMMITTED like Prisma's: the revision-guarded UPDATE waits
// for a concurrent writer of the same instance and then matches no row, which is reported as a
// RevisionConflict and retried on fresh state. Leases use FOR UPDATE SKIP LOCKED so several workers
// share the queues without blocking each other.
import pg from "pg";
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
  postgresEncoding as enc,
  renewJobStatement,
  statementsOf,
  type Statement,
} from "./store-sql";

type Queryable = pg.Pool | pg.PoolClient;

class PostgresRuntimeStore implements RuntimeStore {
  readonly kind = "postgres" as const;
  private readonly pool: pg.Pool;
  private readonly named = new Map<string, { name: string; text: string }>();
  private readonly notices = new NoticeBoard();

  constructor(url: string, options: StoreOptions) {
    this.pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      idleTimeoutMillis: 10_000,
      // An idle pool must not keep a process alive that is otherwise done.
      allowExitOnIdle: true,
    });
    // A pooled connection that dies while idle (server restart, the database dropped) is discarded by
    // the pool; the error is reported on the next query that needs a connection.
    this.pool.on("error", () => undefined);
  }

  /** The statement as a named query: `?` placeholders numbered, one name per distinct SQL text. */
  private query(sql: string, params: unknown[]): pg.QueryConfig {
    let named = this.named.get(sql);
    if (!named) {
      let index = 0;
      named = { name: `omniflow_rt_${this.named.size}`, text: sql.replace(/\?/g, () => `$${(index += 1)}`) };
      this.named.set(sql, named);
    }
    return { name: named.name, text: named.text, values: params };
  }

  private async run(client: Queryable, statement: Statement): Promise<number> {
    const result = await client.query(this.query(statement.sql, statement.params));
    const changes = result.rowCount ?? 0;
    statement.check?.(changes);
    return changes;
  }

  private async applyAll(client: pg.PoolClient, writes: Write[]): Promise<void> {
    const wall = new Date();
    for (const write of writes)
      for (const statement of statementsOf(write, enc, wall)) await this.run(client, statement);
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query("BEGIN");
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (error: unknown) {
      await client.query("ROLLBACK").catch((failure: unknown) => {
        broken = failure instanceof Error ? failure : new Error(String(failure));
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  private async one<T>(sql: string, id: string): Promise<T | null> {
    const result = await this.pool.query(this.query(sql, [id]));
    return (result.rows[0] as T | undefined) ?? null;
  }

  loadInstance(id: string): Promise<InstanceRow | null> {
    return this.one<InstanceRow>(loadInstanceSql, id);
  }

  loadVersion(id: string): Promise<{ id: string; definitionId: string } | null> {
    return this.one(loadVersionSql, id);
  }

  loadUser(id: string): Promise<{ id: string; managerId: string | null } | null> {
    return this.one(loadUserSql, id);
  }

  loadTask(id: string): Promise<TaskRow | null> {
    return this.one(loadTaskSql, id);
  }

  async commit(writes: Write[]): Promise<void> {
    await this.transaction((client) => this.applyAll(client, writes));
    this.notices.announce([writes]);
  }

  async commitMany(sets: Write[][]): Promise<unknown[]> {
    const outcomes = await this.transaction(async (client) => {
      const results: unknown[] = [];
      for (const writes of sets) {
        await client.query("SAVEPOINT transition");
        try {
          await this.applyAll(client, writes);
          results.push(null);
        } catch (error: unknown) {
          await client.query("ROLLBACK TO SAVEPOINT transition");
          results.push(error);
        }
        await client.query("RELEASE SAVEPOINT transition");
      }
      return results;
    });
    this.notices.announce(sets.filter((_, index) => outcomes[index] === null));
    return outcomes;
  }

  async claimJobs(request: ClaimRequest & { leaseToken: string }): Promise<ClaimedJob[]> {
    const now = enc.date(request.now);
    const result = await this.pool.query(
      this.query(claimJobsSql("FOR UPDATE SKIP LOCKED"), [
        request.owner,
        request.leaseToken,
        enc.date(request.leaseExpiresAt),
        enc.date(new Date()),
        now,
        now,
        request.limit,
      ]),
    );
    return result.rows.map((row) => ({
      ...(row as Omit<ClaimedJob, "leaseToken">),
      leaseToken: request.leaseToken,
    }));
  }

  async claimTimers(request: ClaimRequest): Promise<{ id: string; instanceId: string }[]> {
    const now = enc.date(request.now);
    const result = await this.pool.query(
      this.query(claimTimersSql("FOR UPDATE SKIP LOCKED"), [
        request.owner,
        enc.date(request.leaseExpiresAt),
        now,
        now,
        request.limit,
      ]),
    );
    return result.rows as { id: string; instanceId: string }[];
  }

  async completeJob(jobId: string, leaseToken: string, at: Date): Promise<boolean> {
    return (await this.run(this.pool, completeJobStatement(jobId, leaseToken, at, enc))) === 1;
  }

  async deferJob(jobId: string, leaseToken: string, until: Date): Promise<void> {
    await this.run(this.pool, deferJobStatement(jobId, leaseToken, until, enc));
  }

  async failJob(
    jobId: string,
    leaseToken: string,
    outcome: { dead: boolean; lastError: string; nextAttemptAt: Date },
  ): Promise<boolean> {
    return (await this.run(this.pool, failJobStatement(jobId, leaseToken, outcome, enc))) === 1;
  }

  async renewJob(jobId: string, leaseToken: string, leaseExpiresAt: Date): Promise<void> {
    await this.run(this.pool, renewJobStatement(jobId, leaseToken, leaseExpiresAt, enc));
  }

  subscribe(listener: (notice: CommitNotice) => void): () => void {
    return this.notices.subscribe(listener);
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

/** Opens the store on the PostgreSQL database at `url` (a pool; closed by `close()`). */
export function openPostgresStore(url: string, options: StoreOptions = {}): RuntimeStore {
  return new PostgresRuntimeStore(url, options);
}
