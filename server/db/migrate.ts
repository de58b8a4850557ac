// Applies the plain-SQL migrations in prisma/migrations/<provider>/ in file-name order.
// Each file runs in its own transaction and is recorded with its SHA-256 checksum; a file edited after
// it was applied stops the run. On PostgreSQL an advisory lock serialises concurrent start-ups; on
// SQLite `BEGIN IMMEDIATE` takes the write lock. SQLite databases are switched to WAL mode.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { databaseKind, sqliteFilePath, type DatabaseKind } from "./url";

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  applied: string[];
  skipped: string[];
}

/** Raised when an applied migration file was changed afterwards, or a migration fails. */
export class MigrationError extends Error {
  override name = "MigrationError";
}

const defaultRoot = path.resolve(import.meta.dirname, "../../prisma/migrations");
// An arbitrary constant shared by every Omniflow process: "omniflow" in ASCII, truncated to int4.
const ADVISORY_LOCK_KEY = 0x6f6d6e69;

/** Reads the migration files for a provider, sorted by name, with their checksums. */
export function readMigrations(kind: DatabaseKind, root = defaultRoot): MigrationFile[] {
  const dir = path.join(root, kind);
  return readdirSync(dir)
    .filter((file) => file.endsWith(".sql"))
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

function checkUnchanged(file: MigrationFile, appliedChecksum: string | undefined): boolean {
  if (appliedChecksum === undefined) return false;
  if (appliedChecksum !== file.checksum) {
    throw new MigrationError(
      `Migration ${file.name} was edited after it was applied (checksum ${appliedChecksum.slice(0, 12)}… ` +
        `in the database, ${file.checksum.slice(0, 12)}… on disk). Add a new migration instead.`,
    );
  }
  return true;
}

function migrateSqlite(url: string, files: MigrationFile[]): MigrateResult {
  const file = sqliteFilePath(url);
  if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file, { timeout: 10_000 });
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("foreign_keys = ON");
    db.exec(`CREATE TABLE IF NOT EXISTS "_migrations" (
      "name" TEXT NOT NULL PRIMARY KEY, "checksum" TEXT NOT NULL,
      "appliedAt" TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))`);
    const result: MigrateResult = { applied: [], skipped: [] };
    const selectChecksum = db.prepare<[string], { checksum: string }>(
      `SELECT "checksum" FROM "_migrations" WHERE "name" = ?`,
    );
    const record = db.prepare(`INSERT INTO "_migrations" ("name", "checksum") VALUES (?, ?)`);
    for (const migration of files) {
      db.exec("BEGIN IMMEDIATE");
      try {
        if (checkUnchanged(migration, selectChecksum.get(migration.name)?.checksum)) {
          db.exec("COMMIT");
          result.skipped.push(migration.name);
          continue;
        }
        db.exec(migration.sql);
        record.run(migration.name, migration.checksum);
        db.exec("COMMIT");
        result.applied.push(migration.name);
      } catch (error: unknown) {
        db.exec("ROLLBACK");
        throw wrap(migration.name, error);
      }
    }
    return result;
  } finally {
    db.close();
  }
}

async function migratePostgres(url: string, files: MigrationFile[]): Promise<MigrateResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [ADVISORY_LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_migrations" (
      "name" TEXT NOT NULL PRIMARY KEY, "checksum" TEXT NOT NULL,
      "appliedAt" TIMESTAMPTZ NOT NULL DEFAULT now())`);
    const result: MigrateResult = { applied: [], skipped: [] };
    for (const migration of files) {
      const row = await client.query<{ checksum: string }>(
        `SELECT "checksum" FROM "_migrations" WHERE "name" = $1`,
        [migration.name],
      );
      if (checkUnchanged(migration, row.rows[0]?.checksum)) {
        result.skipped.push(migration.name);
        continue;
      }
      await client.query("BEGIN");
      try {
        await client.query(migration.sql);
        await client.query(`INSERT INTO "_migrations" ("name", "checksum") VALUES ($1, $2)`, [
          migration.name,
          migration.checksum,
        ]);
        await client.query("COMMIT");
        result.applied.push(migration.name);
      } catch (error: unknown) {
        await client.query("ROLLBACK");
        throw wrap(migration.name, error);
      }
    }
    return result;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [ADVISORY_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}

function wrap(name: string, error: unknown): MigrationError {
  if (error instanceof MigrationError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new MigrationError(`Migration ${name} failed and was rolled back: ${message}`, { cause: error });
}

/**
 * Brings the database at `url` up to date. Returns which files were applied and which were already
 * there. Throws MigrationError (nothing of the failing file is kept) on a failing or edited file.
 */
export async function migrate(url: string, options: { root?: string } = {}): Promise<MigrateResult> {
  const kind = databaseKind(url);
  const files = readMigrations(kind, options.root);
  return kind === "sqlite" ? migrateSqlite(url, files) : migratePostgres(url, files);
}
