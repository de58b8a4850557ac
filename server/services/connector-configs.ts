// Configured connectors as admins manage them: an external system's base URL, authentication and
// request defaults under a key that workflows name as their connector. Credentials are encrypted
// with the secret key before they are stored and never leave the server: the list only says
// whether a configuration has them.
import { performance } from "node:perf_hooks";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db } from "../db/client";
import {
  authOf,
  builtInConnectorIds,
  readStoredSecret,
  secretContext,
  type StoredSecret,
} from "../connectors/default-registry";
import {
  headerNameSchema,
  httpAuthTypes,
  httpSettingsSchema,
  MAX_TIMEOUT_MS,
  redactSecrets,
  sendHttpRequest,
  type HttpAuth,
} from "../connectors/http";
import { encryptSecret, SecretError } from "../connectors/secrets";
import { BusinessError } from "./errors";

/** Headers that carry credentials: they belong in the auth settings, where they are encrypted. */
const credentialHeaders = ["authorization", "proxy-authorization", "cookie"];

const keySchema = z
  .string()
  .trim()
  .regex(
    /^[a-z][a-z0-9-]{1,63}$/,
    "Use 2–64 lowercase letters, digits and dashes, starting with a letter (e.g. erp-http)",
  )
  .refine((key) => !builtInConnectorIds().includes(key), "This key belongs to a built-in connector");

const baseUrlSchema = z
  .string()
  .trim()
  .min(1, "Enter the base URL, e.g. https://erp.example.com/api/v1")
  .max(2000)
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: "custom", message: "Enter an absolute URL, e.g. https://erp.example.com/api/v1" });
      return;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:")
      ctx.addIssue({ code: "custom", message: "Use an http:// or https:// URL" });
    if (url.username || url.password)
      ctx.addIssue({ code: "custom", message: "Put credentials in the authentication fields, not the URL" });
    if (url.search || url.hash)
      ctx.addIssue({ code: "custom", message: "Leave out the query and fragment; steps add their own" });
  });

/** A credential field: optional, and an empty string counts as not given (keep what is stored). */
const secretField = z
  .string()
  .max(4096, "At most 4096 characters")
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

const configFields = {
  key: keySchema,
  name: z.string().trim().min(1, "Name the system, e.g. ERP").max(120, "At most 120 characters"),
  baseUrl: baseUrlSchema,
  authType: z.enum(httpAuthTypes, { message: `Use one of ${httpAuthTypes.join(", ")}` }),
  /** Sent with every request. */
  headers: z
    .record(headerNameSchema, z.string().max(2000))
    .default({})
    .refine(
      (headers) => Object.keys(headers).every((name) => !credentialHeaders.includes(name.toLowerCase())),
      "Credentials go in the authentication fields, where they are encrypted",
    ),
  apiKeyHeader: headerNameSchema.default("X-API-Key"),
  idempotencyHeader: headerNameSchema.default("Idempotency-Key"),
  timeoutMs: z
    .number({ message: "Enter a number of milliseconds" })
    .int("Enter whole milliseconds")
    .min(100, "At least 100 ms")
    .max(MAX_TIMEOUT_MS, `At most ${MAX_TIMEOUT_MS} ms`)
    .default(10_000),
  /** bearer */
  token: secretField,
  /** basic */
  username: secretField,
  password: secretField,
  /** apiKey */
  apiKey: secretField,
};

/** A new configuration; the credentials of its auth type are required. */
export const createConnectorConfigSchema = z.object(configFields);
export type CreateConnectorConfigInput = z.input<typeof createConnectorConfigSchema>;

/** A changed configuration; credentials left out (or empty) keep the stored ones. */
export const updateConnectorConfigSchema = z.object({ id: z.string().min(1), ...configFields });
export type UpdateConnectorConfigInput = z.input<typeof updateConnectorConfigSchema>;

export const connectorConfigIdSchema = z.object({ id: z.string().min(1) });

export const testConnectorConfigSchema = z.object({
  id: z.string().min(1),
  /** Relative to the base URL. */
  path: z.string().trim().max(2000).default(""),
});

/** Refused configuration input: a message per field. */
export class ConnectorConfigRefused extends BusinessError {
  constructor(readonly fieldErrors: Record<string, string>) {
    super("BAD_REQUEST", Object.values(fieldErrors).join("; "));
  }
}

/** What the list shows: everything but the credentials, and whether there are any. */
const listSelect = {
  id: true,
  key: true,
  type: true,
  name: true,
  baseUrl: true,
  authType: true,
  settings: true,
  secretCiphertext: true,
  createdAt: true,
  updatedAt: true,
} as const;

type StoredRow = {
  id: string;
  key: string;
  type: string;
  name: string;
  baseUrl: string;
  authType: string;
  settings: unknown;
  secretCiphertext: string | null;
};

/** A row as it leaves the server: the ciphertext replaced by `hasSecret`. */
function publicView<Row extends StoredRow & { createdAt: Date; updatedAt: Date }>(row: Row) {
  const { secretCiphertext, settings, authType, ...rest } = row;
  return {
    ...rest,
    authType: z.enum(httpAuthTypes).parse(authType),
    settings: httpSettingsSchema.parse(settings ?? {}),
    hasSecret: secretCiphertext !== null,
  };
}

/** Every configuration by key, without credentials (`hasSecret` says whether it has them). */
export async function listConnectorConfigs(db: Db) {
  const rows = await db.connectorConfig.findMany({ orderBy: { key: "asc" }, select: listSelect });
  return rows.map(publicView);
}

/**
 * The credentials to store for `authType`: the given ones, completed from `stored` (the current
 * ones, when changing a configuration). Refused with a field error for each one still missing.
 */
function completeSecret(
  authType: (typeof httpAuthTypes)[number],
  given: StoredSecret,
  stored: StoredSecret,
): StoredSecret | null {
  const pick = (field: keyof StoredSecret) => given[field] ?? stored[field];
  const errors: Record<string, string> = {};
  const need = (field: keyof StoredSecret, message: string) => {
    const value = pick(field);
    if (value === undefined) errors[field] = message;
    return value;
  };
  let secret: StoredSecret | null;
  switch (authType) {
    case "none":
      secret = null;
      break;
    case "bearer":
      secret = { token: need("token", "Enter the bearer token") };
      break;
    case "basic":
      secret = {
        username: need("username", "Enter the user name"),
        password: need("password", "Enter the password"),
      };
      break;
    case "apiKey":
      secret = { apiKey: need("apiKey", "Enter the API key") };
      break;
  }
  if (Object.keys(errors).length > 0) throw new ConnectorConfigRefused(errors);
  return secret;
}

function keyInUse(key: string): BusinessError {
  return new BusinessError("CONFLICT", `A connector with key "${key}" already exists`, "key");
}

function isUniqueViolation(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${"code" in error ? String(error.code) : ""}` : "";
  return /P2002|Unique constraint|UNIQUE constraint|23505/i.test(text);
}

function notFound(id: string): BusinessError {
  return new BusinessError("NOT_FOUND", `No connector configuration with id "${id}"`);
}

function columnsOf(input: z.output<typeof createConnectorConfigSchema>) {
  return {
    key: input.key,
    type: "http",
    name: input.name,
    baseUrl: input.baseUrl,
    authType: input.authType,
    settings: httpSettingsSchema.parse({
      headers: input.headers,
      apiKeyHeader: input.apiKeyHeader,
      idempotencyHeader: input.idempotencyHeader,
      timeoutMs: input.timeoutMs,
    }),
  };
}

function givenSecret(input: z.output<typeof createConnectorConfigSchema>): StoredSecret {
  return { token: input.token, username: input.username, password: input.password, apiKey: input.apiKey };
}

/** Creates a configuration, its credentials encrypted with `secretKey`. CONFLICT on a used key. */
export async function createConnectorConfig(
  db: Db,
  secretKey: Buffer,
  actorId: string,
  raw: CreateConnectorConfigInput,
) {
  const input = createConnectorConfigSchema.parse(raw);
  const secret = completeSecret(input.authType, givenSecret(input), {});
  const id = randomUUID();
  if (await db.connectorConfig.findUnique({ where: { key: input.key }, select: { id: true } }))
    throw keyInUse(input.key);
  try {
    const row = await db.connectorConfig.create({
      data: {
        id,
        ...columnsOf(input),
        secretCiphertext: secret ? encryptSecret(secretKey, JSON.stringify(secret), secretContext(id)) : null,
        createdById: actorId,
      },
      select: listSelect,
    });
    return publicView(row);
  } catch (error: unknown) {
    if (isUniqueViolation(error)) throw keyInUse(input.key);
    throw error;
  }
}

/**
 * Changes a configuration. Credentials left out keep the stored ones (when the auth type still uses
 * them); switching auth type needs the new type's credentials. CONFLICT on a key in use elsewhere.
 */
export async function updateConnectorConfig(db: Db, secretKey: Buffer, raw: UpdateConnectorConfigInput) {
  const input = updateConnectorConfigSchema.parse(raw);
  const current = await db.connectorConfig.findUnique({ where: { id: input.id }, select: listSelect });
  if (!current) throw notFound(input.id);
  let stored: StoredSecret = {};
  try {
    stored = readStoredSecret(current, secretKey);
  } catch (error: unknown) {
    // Unreadable credentials (the key changed) can still be replaced by entering new ones.
    if (!(error instanceof SecretError)) throw error;
  }
  const secret = completeSecret(input.authType, givenSecret(input), stored);
  const clash = await db.connectorConfig.findUnique({ where: { key: input.key }, select: { id: true } });
  if (clash && clash.id !== input.id) throw keyInUse(input.key);
  try {
    const row = await db.connectorConfig.update({
      where: { id: input.id },
      data: {
        ...columnsOf(input),
        secretCiphertext: secret
          ? encryptSecret(secretKey, JSON.stringify(secret), secretContext(input.id))
          : null,
      },
      select: listSelect,
    });
    return publicView(row);
  } catch (error: unknown) {
    if (isUniqueViolation(error)) throw keyInUse(input.key);
    throw error;
  }
}

/** Deletes a configuration; workflows naming its key fail validation from then on. */
export async function deleteConnectorConfig(db: Db, raw: { id: string }) {
  const deleted = await db.connectorConfig.deleteMany({ where: { id: raw.id } });
  if (deleted.count === 0) throw notFound(raw.id);
  return { id: raw.id };
}

/**
 * Tries a configuration: a GET to `path` (relative to its base URL) with its credentials and
 * settings. Reports whether it answered 2xx, the status, the latency and, for a failure, the reason
 * with the credentials redacted. Never changes anything.
 */
export async function testConnectorConfig(
  db: Db,
  secretKey: Buffer,
  raw: z.input<typeof testConnectorConfigSchema>,
) {
  const input = testConnectorConfigSchema.parse(raw);
  const row = await db.connectorConfig.findUnique({ where: { id: input.id }, select: listSelect });
  if (!row) throw notFound(input.id);
  let auth: HttpAuth;
  try {
    auth = authOf(row.authType, readStoredSecret(row, secretKey));
  } catch (error: unknown) {
    if (!(error instanceof SecretError)) throw error;
    return { ok: false, status: null, latencyMs: 0, code: "CONFIG_ERROR", message: error.message };
  }
  const settings = httpSettingsSchema.parse(row.settings ?? {});
  const started = performance.now();
  const outcome = await sendHttpRequest(
    { key: row.key, name: row.name, baseUrl: row.baseUrl, auth, settings },
    { method: "GET", path: input.path },
    { idempotencyKey: `test-${randomUUID()}` },
  );
  const latencyMs = Math.round(performance.now() - started);
  if (outcome.ok) {
    return {
      ok: true,
      status: outcome.response.status,
      latencyMs,
      code: null,
      message: `Answered ${outcome.response.status}`,
    };
  }
  return {
    ok: false,
    status: outcome.status ?? null,
    latencyMs,
    code: outcome.code,
    message: redactSecrets(outcome.message, auth),
  };
}
