// The process-wide collaborators of the running app (database, auth, clock), created once.
// Tests build their own with createDb/createAuth instead of using this.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createAuth, type Auth } from "./auth/auth";
import { createDb, type Db } from "./db/client";
import { databaseKind } from "./db/url";
import { env, type Env } from "./env";

export interface ServerDeps {
  env: Env;
  db: Db;
  auth: Auth;
  now: () => Date;
}

/**
 * The secret that signs session cookies: AUTH_SECRET when set; in demo mode otherwise one generated
 * on first start and kept in ./data/auth-secret so sessions survive a restart.
 */
export function resolveAuthSecret(config: Env, dataDir = path.resolve("data")): string {
  if (config.AUTH_SECRET) return config.AUTH_SECRET;
  if (config.OMNIFLOW_MODE === "production") throw new Error("AUTH_SECRET: is required in production mode");
  const file = path.join(dataDir, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

const globalForDeps = globalThis as unknown as { omniflowDeps?: ServerDeps };

/** The app's collaborators, built from the validated environment on first use. */
export function getServerDeps(): ServerDeps {
  if (globalForDeps.omniflowDeps) return globalForDeps.omniflowDeps;
  const config = env();
  const db = createDb(config.DATABASE_URL);
  const now = () => new Date();
  const auth = createAuth({
    db,
    kind: databaseKind(config.DATABASE_URL),
    secret: resolveAuthSecret(config),
    baseURL: config.APP_URL,
    freeAttempts: config.SIGN_IN_FREE_ATTEMPTS,
    now,
  });
  globalForDeps.omniflowDeps = { env: config, db, auth, now };
  return globalForDeps.omniflowDeps;
}
