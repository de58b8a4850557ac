// A throwaway database for benchmarks and the crash test: a SQLite file in `dir`, or a new
// PostgreSQL database on the server `pgAdminUrl` names, dropped afterwards.
import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";

/** Creates the database; `drop` removes it (a no-op for SQLite, whose folder the caller removes). */
export async function createScratchDatabase(
  pgAdminUrl: string,
  dir: string,
  label: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!pgAdminUrl) return { url: `file:${path.join(dir, `${label}.db`)}`, drop: () => Promise.resolve() };
  const name = `omniflow_${label}_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: pgAdminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(pgAdminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: pgAdminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}
