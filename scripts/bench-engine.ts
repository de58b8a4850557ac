// `npm run bench:engine [-- --instances 1000 | --pg <url> --workers N | --unbatched-only]`: runs a fixed
// approval workflow (start, decision, approval by a bot, a call to the fake system with ~1% transient
// failures, end) on a fresh database and prints instances/s, transitions/s, event-to-commit latency
// p50/p99, the raw single-row commit ceiling measured on the same database just before and just after
// the run (their mean), and their ratio. On SQLite it then measures the storage floor: the run's own
// write requests replayed on the starting database with nothing else running (scripts/lib/
// store-recorder.ts). A second phase runs the same on another fresh database with group commit
// (several instances' transitions per transaction, a few milliseconds of linger) and compares it with
// the raw row ceiling at the same number of rows per transaction. The last line is one JSON object.
//
// Everything goes through the real runtime paths: startInstance, the Worker (claims under lease,
// applyEvent fenced by the lease), and decideTask for the bot. The bot is driven by the runtime
// store's notices of opened tasks instead of polling; the worker is woken the same way.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { createFakeConnector } from "../server/connectors/fake";
import { ConnectorRegistry } from "../server/connectors/registry";
import { createDb } from "../server/db/client";
import { migrate } from "../server/db/migrate";
import { sqliteFilePath } from "../server/db/url";
import { startInstance, type RuntimeDeps } from "../server/runtime/runtime";
import type { RuntimeStore } from "../server/runtime/store";
import { groupCommit, type GroupCommitOptions, type GroupCommitStats } from "../server/runtime/store-group";
import { openRuntimeStore } from "../server/runtime/store-open";
import { decideTask } from "../server/runtime/tasks";
import { Worker } from "../server/runtime/worker";
import { publishDefinition } from "./lib/publish";
import { createScratchDatabase } from "./lib/scratch-database";
import { recordWrites, replayWrites, type Recording } from "./lib/store-recorder";
import { benchApproval } from "./lib/workflows";

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1]! : fallback;
}

const pgUrl = option("pg", "");
const workerCount = Number(option("workers", "1"));
const instanceCount = Number(option("instances", "1000"));
const unbatchedOnly = process.argv.includes("--unbatched-only");
/** Group commit for the second phase: a short linger, large enough batches for a worker's round. */
const grouping: GroupCommitOptions = {
  lingerMs: Number(option("linger-ms", "2")),
  maxBatch: Number(option("max-batch", "128")),
};
/** Starts and decisions in flight at once (the people and systems calling the runtime). */
const callers = 32;
const root = path.resolve(import.meta.dirname, "..");
const dir = mkdtempSync(path.join(tmpdir(), "omniflow-bench-"));

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/**
 * Raw rows committed per second on the same database by one writer, `rowsPerCommit` single-row
 * INSERTs per transaction: with 1, the single-row commit ceiling.
 */
async function commitCeiling(url: string, rowsPerCommit = 1, seconds = 2): Promise<number> {
  if (!pgUrl) {
    const db = new Database(sqliteFilePath(url));
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    db.exec("CREATE TABLE IF NOT EXISTS bench_ceiling (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
    const insert = db.prepare("INSERT INTO bench_ceiling (v) VALUES (?)");
    const commit = db.transaction(() => {
      for (let row = 0; row < rowsPerCommit; row += 1) insert.run("x");
    });
    const end = performance.now() + seconds * 1000;
    let rows = 0;
    while (performance.now() < end) {
      if (rowsPerCommit === 1) insert.run("x");
      else commit.immediate();
      rows += rowsPerCommit;
    }
    db.exec("DROP TABLE bench_ceiling");
    db.close();
    return rows / seconds;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("CREATE TABLE IF NOT EXISTS bench_ceiling (id SERIAL PRIMARY KEY, v TEXT NOT NULL)");
  const end = performance.now() + seconds * 1000;
  let rows = 0;
  while (performance.now() < end) {
    if (rowsPerCommit === 1) await client.query("INSERT INTO bench_ceiling (v) VALUES ($1)", ["x"]);
    else {
      await client.query("BEGIN");
      for (let row = 0; row < rowsPerCommit; row += 1)
        await client.query("INSERT INTO bench_ceiling (v) VALUES ($1)", ["x"]);
      await client.query("COMMIT");
    }
    rows += rowsPerCommit;
  }
  await client.query("DROP TABLE bench_ceiling");
  await client.end();
  return rows / seconds;
}

/**
 * The bot approver: decides every task the moment the runtime announces it (up to `callers` at a
 * time), through decideTask like a person would. A slow poll catches tasks opened elsewhere.
 */
function startBot(deps: RuntimeDeps, store: RuntimeStore): () => Promise<void> {
  const bot = { id: "bot", roles: ["bot"] };
  const known = new Set<string>();
  const queue: string[] = [];
  const active = new Set<Promise<void>>();
  let stopped = false;
  const pump = () => {
    while (!stopped && active.size < callers && queue.length > 0) {
      const taskId = queue.shift()!;
      const decided: Promise<void> = decideTask(deps, bot, { taskId, decision: "approved" })
        .then(() => undefined)
        .catch(() => undefined)
        .finally(() => {
          active.delete(decided);
          pump();
        });
      active.add(decided);
    }
  };
  const offer = (taskId: string) => {
    if (known.has(taskId)) return;
    known.add(taskId);
    queue.push(taskId);
  };
  const unsubscribe = store.subscribe((notice) => {
    for (const task of notice.tasks) offer(task.id);
    pump();
  });
  const sweep = setInterval(() => {
    void deps.db.task
      .findMany({ where: { status: "open" }, select: { id: true }, take: 256 })
      .then((tasks) => {
        for (const task of tasks) offer(task.id);
        pump();
      })
      .catch(() => undefined);
  }, 250);
  return async () => {
    stopped = true;
    unsubscribe();
    clearInterval(sweep);
    await Promise.all([...active]);
  };
}

interface Phase {
  elapsed: number;
  transitions: number;
  retries: number;
  latencies: number[];
  /**
   * The single-row commit ceiling: the mean of one measurement just before the run and one just after
   * (this machine's commit rate drifts by tens of percent from minute to minute).
   */
  ceiling: number;
  ceilingBefore: number;
  ceilingAfter: number;
  /** Group commit figures summed over every process (batched phase only). */
  grouped: GroupCommitStats | null;
  /** Raw rows/s at the rows per transaction group commit achieved (batched phase only). */
  batchedCeiling: number | null;
  /** The run's write requests replayed with nothing else running (SQLite, unbatched phase only). */
  floor: { transitionsPerSec: number; ceiling: number; requests: number } | null;
}

function addStats(total: GroupCommitStats, more: GroupCommitStats): void {
  total.transactions += more.transactions;
  total.transitions += more.transitions;
  total.rows += more.rows;
}

async function runPhase(label: string, batched: boolean): Promise<Phase> {
  const database = await createScratchDatabase(pgUrl, dir, label);
  await migrate(database.url);
  const db = createDb(database.url);
  // The runtime's own connection, in the same durability mode as the ceiling it is compared with.
  const store = openRuntimeStore(database.url, { sqliteSynchronous: "FULL" });
  const grouped = batched ? groupCommit(store, grouping) : null;
  // SQLite, unbatched: every write request is recorded to measure the storage floor afterwards.
  const recording: Recording | null = !pgUrl && !batched ? recordWrites(store) : null;
  const snapshot = path.join(dir, `${label}-before.db`);
  const children: ChildProcess[] = [];
  const childStats: GroupCommitStats = { transactions: 0, transitions: 0, rows: 0 };
  try {
    if (!pgUrl) await db.$executeRawUnsafe("PRAGMA synchronous = FULL");
    await db.user.create({ data: { id: "bot", name: "Bench bot", email: "bot@bench.test" } });
    const versionId = await publishDefinition(db, benchApproval);
    const ceilingBefore = await commitCeiling(database.url);
    if (recording) {
      const copy = new Database(sqliteFilePath(database.url));
      copy.prepare("VACUUM INTO ?").run(snapshot);
      copy.close();
    }

    const latencies: number[] = [];
    const deps: RuntimeDeps = {
      db,
      now: () => new Date(),
      observe: (ms) => latencies.push(ms),
      store: grouped ?? recording?.store ?? store,
    };
    const workers: Worker[] = [];
    const exits: Promise<void>[] = [];
    if (pgUrl && workerCount > 1) {
      for (let index = 0; index < workerCount; index += 1) {
        const child = spawn(
          process.execPath,
          ["--import", "tsx", path.join(root, "scripts/bench-worker.ts")],
          {
            cwd: root,
            stdio: ["ignore", "pipe", "inherit"],
            env: {
              ...process.env,
              DATABASE_URL: database.url,
              WORKER_ID: `bench-${index}`,
              ...(batched
                ? {
                    GROUP_COMMIT_LINGER_MS: String(grouping.lingerMs),
                    GROUP_COMMIT_MAX_BATCH: String(grouping.maxBatch),
                  }
                : {}),
            },
          },
        );
        let output = "";
        child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
        exits.push(
          new Promise((resolve) =>
            child.on("exit", () => {
              const line = output.trim().split("\n").pop();
              if (line?.startsWith("{")) {
                const report = JSON.parse(line) as { latencies: number[]; grouped: GroupCommitStats | null };
                latencies.push(...report.latencies);
                if (report.grouped) addStats(childStats, report.grouped);
              }
              resolve();
            }),
          ),
        );
        children.push(child);
      }
    } else {
      const fake = createFakeConnector({ failureRate: 0.01 });
      workers.push(
        new Worker(
          {
            ...deps,
            kind: pgUrl ? "postgres" : "sqlite",
            connectors: new ConnectorRegistry([fake]),
            notifier: { send: () => Promise.resolve() },
          },
          { id: "bench", pollMs: 20, batchSize: 64, log: () => undefined },
        ),
      );
    }

    const started = performance.now();
    for (const worker of workers) worker.start();
    const stopBot = startBot(deps, store);
    let next = 0;
    await Promise.all(
      Array.from({ length: callers }, async () => {
        while (next < instanceCount) {
          const index = next;
          next += 1;
          const result = await startInstance(deps, {
            versionId,
            input: { amount: index },
            businessKey: `B-${index}`,
          });
          if (!result.ok) throw new Error(result.rejection.message);
        }
      }),
    );
    const deadline = Date.now() + 10 * 60_000;
    while ((await db.instance.count({ where: { status: "completed" } })) < instanceCount) {
      if (Date.now() > deadline) throw new Error("The benchmark did not finish in 10 minutes");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const elapsed = (performance.now() - started) / 1000;
    await stopBot();
    await Promise.all(workers.map((worker) => worker.stop()));
    for (const child of children) child.kill("SIGTERM");
    await Promise.all(exits);
    await grouped?.close();
    const transitions = await db.instanceEvent.count();
    const retries = await db.timer.count({ where: { kind: "retry" } });
    const ceilingAfter = await commitCeiling(database.url);
    const ceiling = (ceilingBefore + ceilingAfter) / 2;
    let total: GroupCommitStats | null = null;
    let batchedCeiling: number | null = null;
    if (grouped) {
      total = { ...grouped.stats };
      addStats(total, childStats);
      // Transitions per group-commit transaction: each transition counts as one row, as it does
      // against the single-row ceiling in the unbatched phase.
      const perCommit = Math.max(1, Math.round(total.transitions / Math.max(1, total.transactions)));
      batchedCeiling = await commitCeiling(database.url, perCommit);
    }
    const floor = recording ? await storageFloor(snapshot, recording) : null;
    return {
      elapsed,
      transitions,
      retries,
      latencies,
      ceiling,
      ceilingBefore,
      ceilingAfter,
      grouped: total,
      batchedCeiling,
      floor,
    };
  } finally {
    for (const child of children) child.kill("SIGKILL");
    await store.close();
    await db.$disconnect();
    await database.drop();
  }
}

/**
 * Replays the recorded write requests on the database as it was before the run, through a store of
 * its own, with nothing else running, and measures the single-row commit ceiling on that same copy
 * (the mean of before and after the replay).
 */
async function storageFloor(snapshot: string, recording: Recording): Promise<Phase["floor"]> {
  const copy = new Database(snapshot);
  copy.pragma("journal_mode = WAL");
  copy.close();
  const url = `file:${snapshot}`;
  const ceilingBefore = await commitCeiling(url);
  const store = openRuntimeStore(url, { sqliteSynchronous: "FULL" });
  try {
    const replay = await replayWrites(store, recording.calls);
    const ceiling = (ceilingBefore + (await commitCeiling(url))) / 2;
    if (replay.mismatches > 0)
      throw new Error(`The storage-floor replay diverged from the run in ${replay.mismatches} requests`);
    return {
      transitionsPerSec: replay.transitions / (replay.elapsedMs / 1000),
      ceiling,
      requests: recording.calls.length,
    };
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  try {
    const plain = await runPhase("bench", false);
    const instancesPerSec = instanceCount / plain.elapsed;
    const transitionsPerSec = plain.transitions / plain.elapsed;
    const figures: Record<string, number> = {
      instancesPerSec: round(instancesPerSec),
      transitionsPerSec: round(transitionsPerSec),
      p50Ms: round(percentile(plain.latencies, 50), 2),
      p99Ms: round(percentile(plain.latencies, 99), 2),
      ceilingCommitsPerSec: round(plain.ceiling),
      ratio: round(transitionsPerSec / plain.ceiling, 3),
    };
    console.log(
      `database: ${pgUrl ? `PostgreSQL, ${workerCount} worker process(es)` : "SQLite (WAL, synchronous=FULL), 1 in-process worker"}`,
    );
    console.log(
      `instances: ${instanceCount} in ${round(plain.elapsed, 2)} s -> ${figures.instancesPerSec} instances/s`,
    );
    console.log(
      `transitions persisted: ${plain.transitions} (${plain.retries} connector retries) -> ${figures.transitionsPerSec} transitions/s, one transaction each`,
    );
    console.log(
      `event-to-state-persisted latency: p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms (${plain.latencies.length} events)`,
    );
    console.log(
      `raw single-row commit ceiling: ${figures.ceilingCommitsPerSec} commits/s (mean of ${round(plain.ceilingBefore)} before the run and ${round(plain.ceilingAfter)} after); ratio ${figures.ratio}`,
    );
    if (plain.floor) {
      Object.assign(figures, {
        floorTransitionsPerSec: round(plain.floor.transitionsPerSec),
        floorCeilingCommitsPerSec: round(plain.floor.ceiling),
        floorRatio: round(plain.floor.transitionsPerSec / plain.floor.ceiling, 3),
      });
      console.log(
        `storage floor: the run's ${plain.floor.requests} write requests replayed in order on the starting database, nothing else running: ${figures.floorTransitionsPerSec} transitions/s against ${figures.floorCeilingCommitsPerSec} single-row commits/s on that copy; floor ratio ${figures.floorRatio}`,
      );
    }
    if (!unbatchedOnly) {
      const batched = await runPhase("bench-batched", true);
      const stats = batched.grouped!;
      const batchedPerSec = batched.transitions / batched.elapsed;
      const perCommit = stats.transitions / Math.max(1, stats.transactions);
      Object.assign(figures, {
        batchedInstancesPerSec: round(instanceCount / batched.elapsed),
        batchedTransitionsPerSec: round(batchedPerSec),
        batchedP50Ms: round(percentile(batched.latencies, 50), 2),
        batchedP99Ms: round(percentile(batched.latencies, 99), 2),
        transitionsPerCommit: round(perCommit, 2),
        batchedCeilingRowsPerSec: round(batched.batchedCeiling!),
        batchedRatio: round(batchedPerSec / batched.batchedCeiling!, 3),
      });
      console.log(
        `group commit (linger ${grouping.lingerMs} ms, at most ${grouping.maxBatch} per transaction): ${instanceCount} instances in ${round(batched.elapsed, 2)} s -> ${figures.batchedInstancesPerSec} instances/s`,
      );
      console.log(
        `  transitions persisted: ${batched.transitions} (${batched.retries} connector retries) -> ${figures.batchedTransitionsPerSec} transitions/s, ${figures.transitionsPerCommit} per transaction (${round(stats.rows / Math.max(1, stats.transactions), 1)} rows)`,
      );
      console.log(
        `  event-to-state-persisted latency: p50 ${figures.batchedP50Ms} ms, p99 ${figures.batchedP99Ms} ms (${batched.latencies.length} events)`,
      );
      console.log(
        `  raw row ceiling at ${Math.max(1, Math.round(perCommit))} rows per transaction: ${figures.batchedCeilingRowsPerSec} rows/s (single-row: ${round(batched.ceiling)} commits/s); batched ratio ${figures.batchedRatio}`,
      );
    }
    console.log(JSON.stringify(figures));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
