// `npm run sim`: the simulated retail estate as its own process, serving the tRPC API over HTTP on
// SIM_PORT (default 4010) at 127.0.0.1, with its own SQLite file (SIM_DATABASE, default
// ./data/sim.db), seeded with demo data when empty. SIGTERM and SIGINT close it.
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { createHTTPServer } from "@trpc/server/adapters/standalone";
import { DEFAULT_SIM_DATABASE, openSimDb, seedSimDb, type SimDb } from "./db";
import { simRouter } from "./router";
import type { SimContext } from "./trpc";

export const DEFAULT_SIM_PORT = 4010;

export interface RunningSim {
  url: string;
  port: number;
  db: SimDb;
  /** Stops listening and closes the database. */
  close(): Promise<void>;
}

/**
 * Starts the simulator on 127.0.0.1:`port` (0 picks a free port) with its database at `file`,
 * seeding demo data into an empty database. `now` and `random` may be injected for tests.
 */
export async function startSim(options: {
  port: number;
  file: string;
  host?: string;
  now?: () => Date;
  random?: () => number;
}): Promise<RunningSim> {
  const db = openSimDb(options.file);
  const empty = (db.prepare("SELECT COUNT(*) AS n FROM items").get() as { n: number }).n === 0;
  if (empty) seedSimDb(db);
  const context: SimContext = {
    db,
    now: options.now ?? (() => new Date()),
    random: options.random ?? Math.random,
  };
  const server = createHTTPServer({
    router: simRouter,
    createContext: () => context,
    onError: ({ error, path }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`sim: ${path ?? "?"} failed`, error);
    },
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    db,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          db.close();
          if (error) reject(error);
          else resolve();
        });
      }),
  };
}

function portFromEnv(value: string | undefined): number {
  if (value === undefined || value === "") return DEFAULT_SIM_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`SIM_PORT must be a port number (0-65535), got "${value}"`);
  }
  return port;
}

async function main(): Promise<void> {
  const sim = await startSim({
    port: portFromEnv(process.env.SIM_PORT),
    file: process.env.SIM_DATABASE || DEFAULT_SIM_DATABASE,
  });
  console.log(
    `Simulated retail estate listening on ${sim.url} (database ${process.env.SIM_DATABASE || DEFAULT_SIM_DATABASE})`,
  );
  const stop = (signal: string) => {
    console.log(`sim: ${signal}, closing`);
    sim.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
