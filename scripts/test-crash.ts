// `npm run test:crash [-- --pg <url> --workers 3 --instances 1000 --kills 20]`: starts many instances
// of a workflow with a timer and two connector calls, kills worker processes with SIGKILL at random
// moments, restarts them, and then checks that every instance completed, none was lost, no transition
// was applied twice, and every effect happened exactly once at the fake system.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sqliteEffectStore } from "../server/connectors/fake";
import { createDb } from "../server/db/client";
import { migrate } from "../server/db/migrate";
import { startInstance } from "../server/runtime/runtime";
import { publishDefinition } from "./lib/publish";
import { createScratchDatabase } from "./lib/scratch-database";
import { crashFlow } from "./lib/workflows";

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1]! : fallback;
}

const pgUrl = option("pg", "");
const workerCount = Number(option("workers", pgUrl ? "3" : "1"));
const instanceCount = Number(option("instances", "1000"));
const killCount = Number(option("kills", "20"));
const root = path.resolve(import.meta.dirname, "..");
const dir = mkdtempSync(path.join(tmpdir(), "omniflow-crash-"));
const effectsFile = path.join(dir, "effects.db");

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function main(): Promise<boolean> {
  const database = await createScratchDatabase(pgUrl, dir, "crash");
  await migrate(database.url);
  const db = createDb(database.url);
  const workers = new Map<number, ChildProcess>();
  try {
    const versionId = await publishDefinition(db, crashFlow);
    const started = Date.now();
    for (let index = 0; index < instanceCount; index += 1) {
      const result = await startInstance(
        { db, now: () => new Date() },
        { versionId, input: { ref: `R-${index}` }, businessKey: `R-${index}` },
      );
      if (!result.ok) throw new Error(result.rejection.message);
    }
    console.log(
      `started ${instanceCount} instances in ${Date.now() - started} ms on ${pgUrl ? "PostgreSQL" : "SQLite"} with ${workerCount} worker(s)`,
    );

    const spawnWorker = (slot: number) => {
      // node itself (with tsx as a loader) so SIGKILL reaches the worker, not a wrapper process.
      const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts/crash-worker.ts")], {
        cwd: root,
        stdio: ["ignore", "pipe", "inherit"],
        env: {
          ...process.env,
          DATABASE_URL: database.url,
          EFFECTS_FILE: effectsFile,
          WORKER_ID: `crash-${slot}`,
          LEASE_MS: "2000",
        },
      });
      const ready = new Promise<void>((resolve) => child.stdout.on("data", () => resolve()));
      workers.set(slot, child);
      readiness.set(slot, ready);
    };
    const readiness = new Map<number, Promise<void>>();
    for (let slot = 0; slot < workerCount; slot += 1) spawnWorker(slot);

    let kills = 0;
    const random = () => randomBytes(4).readUInt32BE() / 0x100000000;
    while (kills < killCount) {
      const slot = Math.floor(random() * workerCount);
      await readiness.get(slot);
      await sleep(100 + Math.floor(random() * 500));
      const victim = workers.get(slot)!;
      const exited = new Promise((resolve) => victim.once("exit", resolve));
      victim.kill("SIGKILL");
      await exited;
      kills += 1;
      if (process.env.CRASH_DEBUG)
        console.log(
          `kill ${kills}: ${await db.instance.count({ where: { status: "completed" } })} completed`,
        );
      spawnWorker(slot);
    }
    console.log(`killed a worker with SIGKILL ${kills} times, restarting it each time`);

    const deadline = Date.now() + 5 * 60_000;
    let completed = 0;
    while (Date.now() < deadline) {
      completed = await db.instance.count({ where: { status: "completed" } });
      if (completed === instanceCount) break;
      await sleep(500);
    }
    await Promise.all(
      [...workers.values()].map((child) => {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        return exited;
      }),
    );
    workers.clear();

    const total = await db.instance.count();
    const notCompleted = await db.instance.count({ where: { status: { not: "completed" } } });
    const transitions = await db.instanceEvent.count();
    const refusedDuplicates = await db.instanceEvent.count({ where: { type: "event.rejected" } });
    const succeeded = await db.instanceEvent.groupBy({
      by: ["instanceId"],
      where: { type: "connector.succeeded" },
      _count: { _all: true },
    });
    const appliedTwice = succeeded.filter((row) => row._count._all !== 2).length;
    const reclaimed = await db.outboxJob.count({ where: { attempts: { gt: 1 } } });
    const deadJobs = await db.outboxJob.count({ where: { status: "dead" } });
    const store = sqliteEffectStore(effectsFile);
    const effects = store.stats();
    store.close();
    const expectedEffects = instanceCount * 2;

    console.log(
      JSON.stringify({
        instances: total,
        completed,
        notCompleted,
        kills,
        transitions,
        refusedDuplicateResults: refusedDuplicates,
        instancesWithWrongCallCount: appliedTwice + (instanceCount - succeeded.length),
        jobsRunMoreThanOnce: reclaimed,
        deadJobs,
        effects: effects.effects,
        deduplicatedCalls: effects.duplicates,
      }),
    );
    const checks: [string, boolean][] = [
      ["no instance lost", total === instanceCount],
      ["every instance completed", completed === instanceCount && notCompleted === 0],
      ["no transition applied twice", appliedTwice === 0 && succeeded.length === instanceCount],
      ["every effect exactly once at the fake system", effects.effects === expectedEffects],
      ["no dead jobs", deadJobs === 0],
      [`at least ${killCount} kills`, kills >= killCount],
    ];
    for (const [name, ok] of checks) console.log(`${ok ? "ok  " : "FAIL"} ${name}`);
    const failed = checks.filter(([, ok]) => !ok).length;
    console.log(`crash: ${checks.length - failed} passed, ${failed} failed`);
    return failed === 0;
  } finally {
    for (const child of workers.values()) child.kill("SIGKILL");
    await db.$disconnect();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main()
  .then((ok) => process.exit(ok ? 0 : 1))
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
