// Next.js start-up hook: the web server also runs one worker in-process (the embedded default),
// unless OMNIFLOW_EMBEDDED_WORKER=0 because separate `npm run worker` processes do the work.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.OMNIFLOW_EMBEDDED_WORKER === "0") return;
  const { getServerDeps } = await import("./server/deps");
  const { startWorker } = await import("./server/runtime/start-worker");
  const deps = getServerDeps();
  const { worker, stop } = startWorker(deps.db, deps.env.DATABASE_URL, { id: "embedded" });
  console.log(JSON.stringify({ level: "info", msg: "embedded worker started", worker: worker.id }));
  process.once("SIGTERM", () => void stop());
}
