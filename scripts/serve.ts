// Serves the built app: validates the environment, brings up the simulated retail estate in demo mode
// (see sim/embedded.ts), migrates and seeds the database, then runs `next start` on HOST:PORT (with
// `--dev`, the Next.js dev server instead: `npm run dev`). SIGINT/SIGTERM are passed on so the server
// shuts down cleanly.
import { spawn } from "node:child_process";
import path from "node:path";
import { prepareDatabase } from "../server/db/prepare";
import { resolveAuthSecret } from "../server/deps";
import { EnvError, parseEnv } from "../server/env";
import { ensureDemoSim } from "../sim/embedded";

async function main(): Promise<void> {
  const env = parseEnv();
  const sim = await ensureDemoSim(env);
  // The app (and the seeding below, which publishes the reference templates) finds it through SIM_URL.
  if (sim.url) process.env.SIM_URL = sim.url;
  await prepareDatabase({ ...env, SIM_URL: sim.url ?? undefined });
  const secret = resolveAuthSecret(env);
  const nextBin = path.resolve(import.meta.dirname, "../node_modules/next/dist/bin/next");
  const command = process.argv.includes("--dev") ? "dev" : "start";
  const child = spawn(process.execPath, [nextBin, command, "-H", env.HOST, "-p", String(env.PORT)], {
    stdio: "inherit",
    env: { ...process.env, AUTH_SECRET: secret, NEXT_TELEMETRY_DISABLED: "1" },
  });
  console.log(`Omniflow is starting on ${env.APP_URL}`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", (code) => {
    const closing = sim.running ? sim.running.close() : Promise.resolve();
    void closing.finally(() => process.exit(code ?? 0));
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
});
