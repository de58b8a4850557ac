// A worker process for `npm run bench:engine -- --pg <url> --workers N`. With GROUP_COMMIT_LINGER_MS
// set it commits with group commit. On SIGTERM it prints what it observed as one JSON line
// ({ latencies: event-to-commit ms[], grouped: group commit figures or null }), then exits.
import { createFakeConnector } from "../server/connectors/fake";
import { ConnectorRegistry } from "../server/connectors/registry";
import { createDb } from "../server/db/client";
import { databaseKind } from "../server/db/url";
import { Worker } from "../server/runtime/worker";

const url = process.env.DATABASE_URL!;
const db = createDb(url);
const latencies: number[] = [];
const linger = process.env.GROUP_COMMIT_LINGER_MS;
const worker = new Worker(
  {
    db,
    kind: databaseKind(url),
    now: () => new Date(),
    observe: (ms) => latencies.push(Math.round(ms * 100) / 100),
    connectors: new ConnectorRegistry([createFakeConnector({ failureRate: 0.01 })]),
    notifier: { send: () => Promise.resolve() },
  },
  {
    id: process.env.WORKER_ID,
    pollMs: Number(process.env.POLL_MS ?? 2),
    batchSize: 64,
    log: () => undefined,
    groupCommit: linger
      ? { lingerMs: Number(linger), maxBatch: Number(process.env.GROUP_COMMIT_MAX_BATCH ?? 128) }
      : undefined,
  },
);
worker.start();
process.on("SIGTERM", () => {
  void worker
    .stop()
    .then(() => db.$disconnect())
    .then(() => {
      const report = { latencies, grouped: worker.groupCommitStats };
      process.stdout.write(`${JSON.stringify(report)}\n`, () => process.exit(0));
    });
});
