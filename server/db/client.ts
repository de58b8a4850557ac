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

// What createDb knows about each client, so a module that needs its own connection to the same
// database (the runtime's raw-SQL store) can open one and close it together with the client. Kept on
// the client under global symbols, not in module-level maps: Next.js may load this module more than
// once (one copy per bundle), and every copy must see the same facts.
const urlKey = Symbol.for("omniflow.db.url");
const closersKey = Symbol.for("omniflow.db.closers");

function closersOf(db: Db): (() => Promise<void>)[] {
  const closers: unknown = Reflect.get(db, closersKey);
  return Array.isArray(closers) ? (closers as (() => Promise<void>)[]) : [];
}

/**
 * Opens a client for the given URL. The caller owns it and must `$disconnect()` it, which also closes
 * whatever was registered with `closeWithDb`.
 * SQLite busy waits up to 5 s for a lock instead of failing at once.
 */
export function createDb(url: string): Db {
  const db =
    databaseKind(url) === "postgres"
      ? // The PostgreSQL client is generated from the same models; only its provider differs.
        (new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as Db)
      : new PrismaClient({
          adapter: new PrismaBetterSqlite3({ url: `file:${sqliteFilePath(url)}`, timeout: 5000 }),
        });
  Reflect.set(db, urlKey, url);
  const disconnect = db.$disconnect.bind(db);
  db.$disconnect = async () => {
    const close = closersOf(db);
    Reflect.set(db, closersKey, []);
    await Promise.all(close.map((fn) => fn()));
    await disconnect();
  };
  return db;
}

/** The URL a client made by `createDb` was opened with; undefined for any other client. */
export function databaseUrlOf(db: Db): string | undefined {
  const url: unknown = Reflect.get(db, urlKey);
  return typeof url === "string" ? url : undefined;
}

/** Runs `close` (once) when `db.$disconnect()` is next called: for resources tied to the client. */
export function closeWithDb(db: Db, close: () => Promise<void>): void {
  Reflect.set(db, closersKey, [...closersOf(db), close]);
}
