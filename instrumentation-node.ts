// The embedded worker, started by instrumentation.ts on the Node.js runtime only.
import { getServerDeps } from "./server/deps";
import { startWorker } from "./server/runtime/start-worker";

if (process.env.OMNIFLOW_EMBEDDED_WORKER !== "0") {
  const deps = getServerDeps();
  const { worker, stop } = startWorker(deps.db, deps.env.DATABASE_URL, { id: "embedded" });
  console.log(JSON.stringify({ level: "info", msg: "embedded worker started", worker: worker.id }));
  process.once("SIGTERM", () => void stop());
}
