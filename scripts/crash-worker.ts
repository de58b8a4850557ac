// A worker process for the crash test: the fake system keeps its effects in a SQLite file so they
// survive SIGKILL. Configured through the environment by scripts/test-crash.ts.
import { createFakeConnector, sqliteEffectStore } from "../server/connectors/fake";
import { ConnectorRegistry } from "../server/connectors/registry";
import { createDb } from "../server/db/client";
import { databaseKind } from "../server/db/url";
import { Worker } from "../server/runtime/worker";

const url = process.env.DATABASE_URL!;
const store = sqliteEffectStore(process.env.EFFECTS_FILE!);
const fake = createFakeConnector({
  store,
  failureRate: Number(process.env.FAILURE_RATE ?? 0.05),
  latencyMs: Number(process.env.LATENCY_MS ?? 2),
});
const db = createDb(url);
const worker = new Worker(
  {
    db,
    kind: databaseKind(url),
    now: () => new Date(),
    connectors: new ConnectorRegistry([fake]),
    notifier: { send: () => Promise.resolve() },
  },
  {
    id: process.env.WORKER_ID,
    leaseMs: Number(process.env.LEASE_MS ?? 2000),
    renewEveryMs: 500,
    pollMs: 20,
    batchSize: 16,
    log: () => undefined,
  },
);
// One round warms up the database client and the compiled definition; then the driver is told we
// are up, so its kills land while work is in flight rather than during start-up.
await worker.tick();
worker.start();
process.stdout.write("ready\n");
process.on("SIGTERM", () => {
  void worker.stop().then(() => process.exit(0));
});
