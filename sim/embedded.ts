// The simulated retail estate `npm start` brings up in demo mode, so the reference workflows have
// systems to call: SIM_URL wins when set; otherwise a simulator starts in-process on SIM_PORT with
// its own SQLite file (SIM_DATABASE). A port already serving a simulator (`npm run sim`) is reused.
import type { Env } from "../server/env";
import { createSimClient } from "../server/connectors/sim/client";
import { startSim, type RunningSim } from "./server";

export interface DemoSim {
  /** Where the connectors reach the simulator; null when none is available. */
  url: string | null;
  /** The simulator this process started, if it started one. */
  running: RunningSim | null;
}

async function answersAsSim(url: string): Promise<boolean> {
  try {
    await createSimClient(url).faults.get.query({});
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds or starts the simulated estate for `env`, logging through `log` what it did. Never throws:
 * without a simulator the app still starts, only without the simulated connectors.
 */
export async function ensureDemoSim(
  env: Pick<Env, "OMNIFLOW_MODE" | "OMNIFLOW_SIM" | "SIM_URL" | "SIM_PORT" | "SIM_DATABASE">,
  log: (line: string) => void = console.log,
): Promise<DemoSim> {
  if (env.SIM_URL) {
    log(`Simulated retail estate: using ${env.SIM_URL} (SIM_URL)`);
    return { url: env.SIM_URL, running: null };
  }
  if (env.OMNIFLOW_MODE !== "demo" || env.OMNIFLOW_SIM === "0") return { url: null, running: null };
  try {
    const running = await startSim({ port: env.SIM_PORT, file: env.SIM_DATABASE });
    log(`Simulated retail estate listening on ${running.url} (database ${env.SIM_DATABASE})`);
    return { url: running.url, running };
  } catch (error: unknown) {
    const url = `http://127.0.0.1:${env.SIM_PORT}`;
    if ((error as { code?: string }).code === "EADDRINUSE" && (await answersAsSim(url))) {
      log(`Simulated retail estate: using the one already running on ${url}`);
      return { url, running: null };
    }
    log(
      `Simulated retail estate not started (${error instanceof Error ? error.message : String(error)}); ` +
        "set SIM_PORT to a free port, or OMNIFLOW_SIM=0 to run without it",
    );
    return { url: null, running: null };
  }
}
