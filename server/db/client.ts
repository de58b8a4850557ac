// Creates the Prisma client for a DATABASE_URL: SQLite through better-sqlite3 by default, PostgreSQL
// through pg. Both generated clients come from the same models, so one type describes both.
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/sqlite/client";
import { PrismaClient as PostgresPrismaClient } from "./generated/postgres/client";
import { databaseKind, sqliteFilePath } from "./url";

/** The database client type every service receives. */
export type Db = PrismaClient;

/** A transaction client, as handed to `db.$transaction(async (tx) => ...)`. */
export type DbTx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/**
 * Opens a client for the given URL. The caller owns it and must `$disconnect()` it.
 * SQLite busy waits up to 5 s for a lock instead of failing at once.
 */
export function createDb(url: string): Db {
  if (databaseKind(url) === "postgres") {
    const client = new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
    // The PostgreSQL client is generated from the same models; only its provider differs.
    return client as unknown as Db;
  }
  return new PrismaClient({
    adapter: new PrismaBetterSqlite3({ url: `file:${sqliteFilePath(url)}`, timeout: 5000 }),
  });
}
