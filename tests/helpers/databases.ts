// Fresh, migrated databases for integration tests: a SQLite file per call, and (when
// TEST_DATABASE_URL_PG names a server) a newly created PostgreSQL database per call, dropped afterwards.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { createDb, type Db } from "@/server/db/client";
import { migrate } from "@/server/db/migrate";
import type { DatabaseKind } from "@/server/db/url";

export interface TestDatabase {
  kind: DatabaseKind;
  url: string;
  db: Db;
  /** Disconnects and deletes the database. */
  drop: () => Promise<void>;
}

const pgAdminUrl = process.env.TEST_DATABASE_URL_PG;

/** The database kinds this run covers: always SQLite, PostgreSQL when TEST_DATABASE_URL_PG is set. */
export const databaseKinds: DatabaseKind[] = pgAdminUrl ? ["sqlite", "postgres"] : ["sqlite"];

/** An empty database of `kind` (not migrated): its URL and a function that deletes it. */
export async function createEmptyDatabase(
  kind: DatabaseKind,
): Promise<{ url: string; remove: () => Promise<void> }> {
  if (kind === "sqlite") {
    const dir = mkdtempSync(path.join(tmpdir(), "omniflow-test-"));
    return {
      url: `file:${path.join(dir, "test.db")}`,
      remove: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    };
  }
  if (!pgAdminUrl) throw new Error("TEST_DATABASE_URL_PG is not set");
  const name = `omniflow_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: pgAdminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(pgAdminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    remove: async () => {
      const client = new pg.Client({ connectionString: pgAdminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

/** A fresh database of `kind` with every migration applied and a client connected to it. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  const { url, remove } = await createEmptyDatabase(kind);
  await migrate(url);
  const db = createDb(url);
  return {
    kind,
    url,
    db,
    drop: async () => {
      await db.$disconnect();
      await remove();
    },
  };
}
