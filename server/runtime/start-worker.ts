// Starting a worker for the configured database, used by `npm run worker` and by the web server's
// embedded worker. SIGTERM/SIGINT stop claiming work and let the work in flight finish.
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
  const worker = new Worker(
    { db, kind: databaseKind(databaseUrl), now: () => new Date(), connectors: defaultRegistry() },
    options,
  );
  worker.start();
  return { worker, stop: () => worker.stop() };
}
