// Retrying a short read-then-write transaction that lost a race for the write lock. On SQLite the
// runtime store has its own connection, so a transaction that read before the store committed fails
// with SQLITE_BUSY(_SNAPSHOT) when it then writes; on PostgreSQL a serialization failure. Both are
// safe to run again from the start.
import { setTimeout as sleep } from "node:timers/promises";
import { isWriteConflict } from "../runtime/runtime";

/** Runs `work`, running it again (up to `attempts` times in all) when it lost a write race. */
export async function retryOnWriteConflict<T>(work: () => Promise<T>, attempts = 6): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error: unknown) {
      if (attempt >= attempts || !isWriteConflict(error)) throw error;
      await sleep(5 * attempt + Math.random() * 10);
    }
  }
}
