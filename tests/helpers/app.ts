// A test instance of the app's server side: a fresh database, better-auth on it with a controllable
// clock, demo roles and people, and helpers to sign in and call procedures as someone.
import { createAuth, type Auth } from "@/server/auth/auth";
import { loadSessionUser, type SessionUser } from "@/server/auth/session";
import { seedDemo, DEMO_PASSWORD } from "@/server/db/seed";
import { createContextInner } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/root";
import { createTestDatabase, type TestDatabase } from "./databases";
import type { DatabaseKind } from "@/server/db/url";

export const BASE_URL = "http://127.0.0.1:3999";

export interface TestApp extends TestDatabase {
  auth: Auth;
  clock: { now: Date };
  /** The seeded demo user with this e-mail, as procedures see them. */
  user: (email: string) => Promise<SessionUser>;
  /** A tRPC caller acting as the demo user with this e-mail (or anonymously with null). */
  callerFor: (email: string | null) => Promise<ReturnType<typeof createCaller>>;
  /** POSTs JSON to a better-auth endpoint the way the browser does. */
  authPost: (endpoint: string, body: unknown, headers?: Record<string, string>) => Promise<Response>;
}

/** Builds a seeded test app on a fresh database of `kind`. */
export async function createTestApp(kind: DatabaseKind): Promise<TestApp> {
  const database = await createTestDatabase(kind);
  const clock = { now: new Date("2026-06-01T09:00:00.000Z") };
  const auth = createAuth({
    db: database.db,
    kind,
    secret: "test-secret-that-is-long-enough-0123456789",
    baseURL: BASE_URL,
    freeAttempts: 5,
    now: () => clock.now,
  });
  await seedDemo(database.db, "demo");
  const user = async (email: string) => {
    const row = await database.db.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
    const loaded = await loadSessionUser(database.db, row.id);
    if (!loaded) throw new Error(`${email} is not an active user`);
    return loaded;
  };
  return {
    ...database,
    auth,
    clock,
    user,
    callerFor: async (email) =>
      createCaller(
        createContextInner({ db: database.db, user: email ? await user(email) : null, now: () => clock.now }),
      ),
    authPost: (endpoint, body, headers = {}) =>
      auth.handler(
        new Request(`${BASE_URL}/api/auth${endpoint}`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: BASE_URL, ...headers },
          body: JSON.stringify(body),
        }),
      ),
  };
}

export { DEMO_PASSWORD };
