// Opening the runtime's store for a database URL, and the one store per Prisma client that the
// runtime uses when it is not handed one.
import type { Db } from "../db/client";
import { closeWithDb, databaseUrlOf } from "../db/client";
import { databaseKind, sqliteFilePath } from "../db/url";
import type { RuntimeStore, StoreOptions } from "./store";
import { openPostgresStore } from "./store-postgres";
import { openSqliteStore } from "./store-sqlite";

/** Opens a store on `url` (a file: or postgres URL). The caller closes it. */
export function openRuntimeStore(url: string, options: StoreOptions = {}): RuntimeStore {
  return databaseKind(url) === "postgres"
    ? openPostgresStore(url, options)
    : openSqliteStore(sqliteFilePath(url), options);
}

// On the client under a global symbol (not a module-level map): Next.js may load this module once per
// bundle, and every copy must share the one store.
const storeKey = Symbol.for("omniflow.runtime.store");

/**
 * The store of a client made by createDb: opened on first use and closed with `db.$disconnect()`.
 * One per client, so every runtime path in a process shares its connection and its notices.
 */
export function runtimeStoreFor(db: Db): RuntimeStore {
  const existing = Reflect.get(db, storeKey) as unknown as RuntimeStore | undefined;
  if (existing) return existing;
  const url = databaseUrlOf(db);
  if (!url) throw new Error("The runtime needs a client made by createDb (or an explicit store)");
  const store = openRuntimeStore(url);
  Reflect.set(db, storeKey, store);
  closeWithDb(db, async () => {
    Reflect.deleteProperty(db, storeKey);
    await store.close();
  });
  return store;
}
