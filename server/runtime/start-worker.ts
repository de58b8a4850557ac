// Starting a worker for the configured database, used by `npm run worker` and by the web server's
// embedded worker. SIGTERM/SIGINT stop claiming work and let the work in flight finish.
import { CallStatsRecorder } from "../connectors/call-stats";
import { defaultRegistry, syncConfiguredConnectors } from "../connectors/default-registry";
import { appSecretKey } from "../connectors/secrets";
import type { Db } from "../db/client";
import { databaseKind } from "../db/url";
import { deliverNotification } from "../services/notifications";
import { logNotifier, Worker, type Notifier, type WorkerOptions } from "./worker";

/** Creates and starts a worker on `db`; returns it and a function that stops it gracefully. */
export function startWorker(
  db: Db,
  databaseUrl: string,
  options: WorkerOptions & { connectorSyncMs?: number } = {},
): { worker: Worker; stop: () => Promise<void> } {
  const connectors = defaultRegistry();
  // Configured connectors (HTTP, credentials decrypted) join at once and follow configuration changes.
  const sync = () =>
    syncConfiguredConnectors(connectors, db, { secretKey: appSecretKey() }).catch((error: unknown) =>
      console.error(
        JSON.stringify({
          level: "error",
          msg: "could not load the configured connectors",
          error: error instanceof Error ? error.message : String(error),
        }),
      ),
    );
  void sync();
  const syncTimer = setInterval(() => void sync(), options.connectorSyncMs ?? 15_000);
  syncTimer.unref();
  // Every call is counted for the service catalog (count, error rate, p95 latency).
  const stats = new CallStatsRecorder(db, connectors).start();
  // Reminders and other notices land in the recipients' inboxes (and in the log).
  const notifier: Notifier = {
    send: async (notification, instanceId) => {
      await logNotifier.send(notification, instanceId);
      await deliverNotification(db, notification, instanceId, new Date());
    },
  };
  const worker = new Worker(
    { db, kind: databaseKind(databaseUrl), now: () => new Date(), connectors, notifier },
    options,
  );
  worker.start();
  return {
    worker,
    stop: async () => {
      clearInterval(syncTimer);
      await worker.stop();
      await stats.close();
    },
  };
}
