// Starting a worker for the configured database, used by `npm run worker` and by the web server's
// embedded worker. SIGTERM/SIGINT stop claiming work and let the work in flight finish.
import { CallStatsRecorder } from "../connectors/call-stats";
import { defaultRegistry } from "../connectors/default-registry";
import type { Db } from "../db/client";
import { databaseKind } from "../db/url";
import { Worker, type WorkerOptions } from "./worker";

/** Creates and starts a worker on `db`; returns it and a function that stops it gracefully. */
export function startWorker(
  db: Db,
  databaseUrl: string,
  options: WorkerOptions = {},
): { worker: Worker; stop: () => Promise<void> } {
  const connectors = defaultRegistry();
  // Every call is counted for the service catalog (count, error rate, p95 latency).
  const stats = new CallStatsRecorder(db, connectors).start();
  const worker = new Worker(
    { db, kind: databaseKind(databaseUrl), now: () => new Date(), connectors },
    options,
  );
  worker.start();
  return {
    worker,
    stop: async () => {
      await worker.stop();
      await stats.close();
    },
  };
}
