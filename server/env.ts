// The one place where configuration is read: every variable is validated by zod, and a bad value
// stops start-up with a message naming the variable and what is wrong.
import { z } from "zod";

const databaseUrl = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .refine((value) => /^(file:|postgres:\/\/|postgresql:\/\/)/.test(value), {
    message: "must start with file: (SQLite) or postgres:// / postgresql:// (PostgreSQL)",
  });

/**
 * The 32 bytes of an AES-256 key written as 64 hex digits or as base64 / base64url; null when the
 * text is neither.
 */
export function decodeSecretKey(text: string): Buffer | null {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, "hex");
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) return null;
  const bytes = Buffer.from(trimmed.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  return bytes.length === 32 ? bytes : null;
}

const secretKey = z.string().refine((value) => decodeSecretKey(value) !== null, {
  message: "must be 32 random bytes as 64 hex digits or base64 (e.g. `openssl rand -base64 32`)",
});

export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    /** demo seeds demo users into an empty database; production never does and needs a real secret. */
    OMNIFLOW_MODE: z.enum(["demo", "production"]).default("demo"),
    DATABASE_URL: databaseUrl.default("file:./data/omniflow.db"),
    /** Signs session cookies. Required in production mode; scripts/serve.ts provides one in demo mode. */
    AUTH_SECRET: z.string().min(32, "must be at least 32 characters long").optional(),
    /** The address people use to reach the app; sets cookie security and the allowed Origin. */
    APP_URL: z
      .url({ message: "must be an absolute http(s) URL, e.g. http://127.0.0.1:3000" })
      .default("http://127.0.0.1:3000"),
    HOST: z.string().min(1).default("127.0.0.1"),
    PORT: z.coerce
      .number({ message: "must be a number" })
      .int("must be a whole number")
      .min(1, "must be between 1 and 65535")
      .max(65535, "must be between 1 and 65535")
      .default(3000),
    /** Bearer token that lets other systems POST messages to /api/messages (until API keys exist). */
    OMNIFLOW_SYSTEM_TOKEN: z.string().min(24, "must be at least 24 characters long").optional(),
    /** Whether the web server also runs a worker in-process (the embedded default). */
    OMNIFLOW_EMBEDDED_WORKER: z.enum(["0", "1"], { message: "must be 0 or 1" }).default("1"),
    /** Consecutive failed sign-ins after which further tries are slowed down. */
    SIGN_IN_FREE_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
    /**
     * Encrypts configured connectors' credentials at rest (AES-256-GCM). Required in production mode;
     * in demo mode a fixed development key is derived from AUTH_SECRET when it is unset.
     */
    OMNIFLOW_SECRET_KEY: secretKey.optional(),
    /**
     * Where the simulated retail estate runs (`npm run sim`); its connectors are offered when set. In
     * demo mode `npm start` starts one itself and sets this when it is unset.
     */
    SIM_URL: z.url({ message: "must be an absolute http(s) URL, e.g. http://127.0.0.1:4010" }).optional(),
    /** Whether `npm start` in demo mode starts the simulated estate (when SIM_URL is unset). */
    OMNIFLOW_SIM: z.enum(["0", "1"], { message: "must be 0 or 1" }).default("1"),
    /** The port and SQLite file of the simulator `npm start` starts. */
    SIM_PORT: z.coerce
      .number({ message: "must be a number" })
      .int("must be a whole number")
      .min(1, "must be between 1 and 65535")
      .max(65535, "must be between 1 and 65535")
      .default(4010),
    SIM_DATABASE: z.string().trim().min(1, "must not be empty").default("./data/sim.db"),
  })
  .superRefine((env, ctx) => {
    if (env.OMNIFLOW_MODE === "production" && !env.AUTH_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_SECRET"],
        message: "is required when OMNIFLOW_MODE=production (at least 32 random characters)",
      });
    }
    if (env.OMNIFLOW_MODE === "production" && !env.OMNIFLOW_SECRET_KEY) {
      ctx.addIssue({
        code: "custom",
        path: ["OMNIFLOW_SECRET_KEY"],
        message:
          "is required when OMNIFLOW_MODE=production (32 random bytes, e.g. `openssl rand -base64 32`)",
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

/** Raised when the environment is invalid; its message lists every bad variable. */
export class EnvError extends Error {
  override name = "EnvError";
}

/**
 * Parses an environment (process.env by default). Throws EnvError naming each bad variable and why.
 * Empty strings count as unset so `FOO= npm start` falls back to the default.
 */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new EnvError(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}

let cached: Env | undefined;

/** The validated process environment, parsed once. */
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}
