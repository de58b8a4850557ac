// `npm run worker`: a worker process for the configured database. Several may run against one
// PostgreSQL database. SIGTERM finishes the work in flight, then exits.
import { createDb } from "../server/db/client";
import { migrate } from "../server/db/migrate";
import { EnvError, parseEnv } from "../server/env";
import { startWorker } from "../server/runtime/start-worker";

try {
  const env = parseEnv();
  await migrate(env.DATABASE_URL);
  const db = createDb(env.DATABASE_URL);
  const { worker, stop } = startWorker(db, env.DATABASE_URL, { id: process.env.WORKER_ID });
  console.log(JSON.stringify({ level: "info", msg: "worker started", worker: worker.id }));
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(
      JSON.stringify({ level: "info", msg: `${signal}: finishing work in flight`, worker: worker.id }),
    );
    void stop()
      .then(() => db.$disconnect())
      .then(() => process.exit(0));
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
} catch (error: unknown) {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
}
