// `npm run bench:engine [-- --instances 1000 | --pg <url> --workers N]`: runs a fixed approval workflow
// (start, decision, approval by a bot, a call to the fake system with ~1% transient failures, end) on a
// fresh database and prints instances/s, transitions/s, event-to-commit latency p50/p99, the raw
// single-row commit ceiling measured on the same database in the same run, and their ratio. The last
// line is one JSON object.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { createFakeConnector } from "../server/connectors/fake";
import { ConnectorRegistry } from "../server/connectors/registry";
import { createDb, type Db } from "../server/db/client";
import { migrate } from "../server/db/migrate";
import { sqliteFilePath } from "../server/db/url";
import { startInstance, type RuntimeDeps } from "../server/runtime/runtime";
import { decideTask } from "../server/runtime/tasks";
import { Worker } from "../server/runtime/worker";
import { publishDefinition } from "./lib/publish";
import { createScratchDatabase } from "./lib/scratch-database";
import { benchApproval } from "./lib/workflows";

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1]! : fallback;
}

const pgUrl = option("pg", "");
const workerCount = Number(option("workers", "1"));
const instanceCount = Number(option("instances", "1000"));
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

/** Raw single-row commits per second on the same database: the ceiling for one writer. */
async function commitCeiling(url: string, seconds = 2): Promise<number> {
  if (!pgUrl) {
    const db = new Database(sqliteFilePath(url));
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    db.exec("CREATE TABLE IF NOT EXISTS bench_ceiling (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
    const insert = db.prepare("INSERT INTO bench_ceiling (v) VALUES (?)");
    const end = performance.now() + seconds * 1000;
    let commits = 0;
    while (performance.now() < end) {
      insert.run("x");
      commits += 1;
    }
    db.exec("DROP TABLE bench_ceiling");
    db.close();
    return commits / seconds;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("CREATE TABLE IF NOT EXISTS bench_ceiling (id SERIAL PRIMARY KEY, v TEXT NOT NULL)");
  const end = performance.now() + seconds * 1000;
  let commits = 0;
  while (performance.now() < end) {
    await client.query("INSERT INTO bench_ceiling (v) VALUES ($1)", ["x"]);
    commits += 1;
  }
  await client.query("DROP TABLE bench_ceiling");
  await client.end();
  return commits / seconds;
}

async function runBot(deps: RuntimeDeps, done: () => boolean): Promise<void> {
  const bot = { id: "bot", roles: ["bot"] };
  while (!done()) {
    const tasks = await deps.db.task.findMany({ where: { status: "open" }, select: { id: true }, take: 64 });
    if (tasks.length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      continue;
    }
    for (const task of tasks) {
      await decideTask(deps, bot, { taskId: task.id, decision: "approved" }).catch(() => undefined);
    }
  }
}

async function main(): Promise<void> {
  const database = await createScratchDatabase(pgUrl, dir, "bench");
  await migrate(database.url);
  const db: Db = createDb(database.url);
  const children: ChildProcess[] = [];
  try {
    if (!pgUrl) await db.$executeRawUnsafe("PRAGMA synchronous = FULL");
    await db.user.create({ data: { id: "bot", name: "Bench bot", email: "bot@bench.test" } });
    const versionId = await publishDefinition(db, benchApproval);
    const ceiling = await commitCeiling(database.url);

    const latencies: number[] = [];
    const deps: RuntimeDeps = { db, now: () => new Date(), observe: (ms) => latencies.push(ms) };
    const workers: Worker[] = [];
    if (pgUrl && workerCount > 1) {
      for (let index = 0; index < workerCount; index += 1) {
        const child = spawn(
          process.execPath,
          ["--import", "tsx", path.join(root, "scripts/bench-worker.ts")],
          {
            cwd: root,
            stdio: ["ignore", "pipe", "inherit"],
            env: { ...process.env, DATABASE_URL: database.url, WORKER_ID: `bench-${index}` },
          },
        );
        let output = "";
        child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
        child.on("exit", () => {
          const line = output.trim().split("\n").pop();
          if (line?.startsWith("[")) latencies.push(...(JSON.parse(line) as number[]));
        });
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
    let finished = false;
    for (const worker of workers) worker.start();
    const bot = runBot(deps, () => finished);
    for (let index = 0; index < instanceCount; index += 1) {
      const result = await startInstance(deps, {
        versionId,
        input: { amount: index },
        businessKey: `B-${index}`,
      });
      if (!result.ok) throw new Error(result.rejection.message);
    }
    const deadline = Date.now() + 10 * 60_000;
    while ((await db.instance.count({ where: { status: "completed" } })) < instanceCount) {
      if (Date.now() > deadline) throw new Error("The benchmark did not finish in 10 minutes");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const elapsed = (performance.now() - started) / 1000;
    finished = true;
    await bot;
    await Promise.all(workers.map((worker) => worker.stop()));
    await Promise.all(
      children.map((child) => {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        return exited;
      }),
    );
    const transitions = await db.instanceEvent.count();
    const retries = await db.timer.count({ where: { kind: "retry" } });
    const instancesPerSec = instanceCount / elapsed;
    const transitionsPerSec = transitions / elapsed;
    const figures = {
      instancesPerSec: round(instancesPerSec),
      transitionsPerSec: round(transitionsPerSec),
      p50Ms: round(percentile(latencies, 50), 2),
      p99Ms: round(percentile(latencies, 99), 2),
      ceilingCommitsPerSec: round(ceiling),
      ratio: round(transitionsPerSec / ceiling, 3),
    };
    console.log(
      `database: ${pgUrl ? `PostgreSQL, ${workerCount} worker process(es)` : "SQLite (WAL, synchronous=FULL), 1 in-process worker"}`,
    );
    console.log(
      `instances: ${instanceCount} in ${round(elapsed, 2)} s -> ${figures.instancesPerSec} instances/s`,
    );
    console.log(
      `transitions persisted: ${transitions} (${retries} connector retries) -> ${figures.transitionsPerSec} transitions/s`,
    );
    console.log(
      `event-to-state-persisted latency: p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms (${latencies.length} events)`,
    );
    console.log(
      `raw single-row commit ceiling: ${figures.ceilingCommitsPerSec} commits/s; ratio ${figures.ratio}`,
    );
    console.log(JSON.stringify(figures));
  } finally {
    for (const child of children) child.kill("SIGKILL");
    await db.$disconnect();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
