// The migration runner on each provider: applies in order once, records checksums, refuses edited
// files, rolls a failing file back completely, and survives concurrent start-ups.
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createDb } from "@/server/db/client";
import { migrate, MigrationError, readMigrations } from "@/server/db/migrate";
import { createEmptyDatabase, databaseKinds } from "../helpers/databases";

const repoMigrations = path.resolve(import.meta.dirname, "../../prisma/migrations");
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** A private copy of the migrations folder that a test may change. */
function copyMigrations(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "omniflow-migrations-"));
  cpSync(repoMigrations, dir, { recursive: true });
  cleanups.push(() => Promise.resolve(rmSync(dir, { recursive: true, force: true })));
  return dir;
}

async function emptyDatabase(kind: (typeof databaseKinds)[number]) {
  const database = await createEmptyDatabase(kind);
  cleanups.push(database.remove);
  return database.url;
}

async function tableNames(url: string): Promise<string[]> {
  const db = createDb(url);
  try {
    const rows = url.startsWith("file:")
      ? await db.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM sqlite_master WHERE type = 'table'`)
      : await db.$queryRawUnsafe<{ name: string }[]>(
          `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'`,
        );
    return rows.map((row) => row.name).sort();
  } finally {
    await db.$disconnect();
  }
}

describe("migration files", () => {
  it("exist for both providers with the same names", () => {
    const sqlite = readdirSync(path.join(repoMigrations, "sqlite"));
    const postgres = readdirSync(path.join(repoMigrations, "postgres"));
    expect(sqlite.length).toBeGreaterThan(0);
    expect(sqlite).toEqual(postgres);
  });
});

describe.each(databaseKinds)("migrate() on %s", (kind) => {
  it("applies every file once to an empty database and skips them on the next run", async () => {
    const url = await emptyDatabase(kind);
    const files = readMigrations(kind).map((file) => file.name);
    expect(await migrate(url)).toEqual({ applied: files, skipped: [] });
    expect(await migrate(url)).toEqual({ applied: [], skipped: files });
    const tables = await tableNames(url);
    expect(tables).toEqual(
      expect.arrayContaining(["_migrations", "users", "tasks", "outbox_jobs", "audit_entries"]),
    );
  });

  it("refuses a file edited after it was applied, naming it", async () => {
    const root = copyMigrations();
    const url = await emptyDatabase(kind);
    await migrate(url, { root });
    appendFileSync(path.join(root, kind, "0001_init.sql"), "\n-- edited later\n");
    await expect(migrate(url, { root })).rejects.toThrow(/0001_init\.sql was edited after it was applied/);
  });

  it("rolls back a failing file completely and records nothing for it", async () => {
    const root = copyMigrations();
    const url = await emptyDatabase(kind);
    await migrate(url, { root });
    writeFileSync(
      path.join(root, kind, "0999_broken.sql"),
      `CREATE TABLE "half_done" ("id" INTEGER PRIMARY KEY);\nINSERT INTO "no_such_table" VALUES (1);\n`,
    );
    const error = await migrate(url, { root }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as Error).message).toMatch(/0999_broken\.sql failed and was rolled back/);
    const tables = await tableNames(url);
    expect(tables).not.toContain("half_done");
    const db = createDb(url);
    try {
      const rows = await db.$queryRawUnsafe<{ name: string }[]>(`SELECT "name" FROM "_migrations"`);
      expect(rows.map((row) => row.name).sort()).toEqual(readMigrations(kind).map((file) => file.name));
    } finally {
      await db.$disconnect();
    }
  });

  it("lets concurrent start-ups race without applying anything twice", async () => {
    const url = await emptyDatabase(kind);
    const results = await Promise.all([migrate(url), migrate(url), migrate(url)]);
    const appliedCount = results.reduce((sum, result) => sum + result.applied.length, 0);
    expect(appliedCount).toBe(readMigrations(kind).length);
  });
});

describe("SQLite connection settings", () => {
  it("uses WAL mode and enforces foreign keys through the app's client", async () => {
    const url = await emptyDatabase("sqlite");
    await migrate(url);
    const db = createDb(url);
    try {
      const [journal] = await db.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
      const [foreignKeys] =
        await db.$queryRawUnsafe<{ foreign_keys: number | bigint }[]>("PRAGMA foreign_keys");
      expect(journal?.journal_mode).toBe("wal");
      expect(Number(foreignKeys?.foreign_keys)).toBe(1);
    } finally {
      await db.$disconnect();
    }
  });
});
