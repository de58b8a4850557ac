// A worker process for `npm run bench:engine -- --pg <url> --workers N`. On SIGTERM it prints the
// event-to-commit latencies it observed as one JSON array line, then exits.
import { createFakeConnector } from "../server/connectors/fake";
import { ConnectorRegistry } from "../server/connectors/registry";
import { createDb } from "../server/db/client";
import { databaseKind } from "../server/db/url";
import { Worker } from "../server/runtime/worker";

const url = process.env.DATABASE_URL!;
const db = createDb(url);
const latencies: number[] = [];
const worker = new Worker(
  {
    db,
    kind: databaseKind(url),
    now: () => new Date(),
    observe: (ms) => latencies.push(Math.round(ms * 100) / 100),
    connectors: new ConnectorRegistry([createFakeConnector({ failureRate: 0.01 })]),
    notifier: { send: () => Promise.resolve() },
  },
  { id: process.env.WORKER_ID, pollMs: 2, batchSize: 64, log: () => undefined },
);
worker.start();
process.on("SIGTERM", () => {
  void worker.stop().then(() => {
    process.stdout.write(`${JSON.stringify(latencies)}\n`, () => process.exit(0));
  });
});
