// The connectors this installation offers: the built-in fake system (deduplicating, with no latency or
// failures), which demo workflows and tests call, plus one HTTP connector per configured connector
// (ConnectorConfig rows, credentials decrypted with the secret key).
import { z } from "zod";
import type { Db } from "../db/client";
import { createFakeConnector } from "./fake";
import { simConnectors } from "./sim";
import { createHttpConnector, httpSettingsSchema, requestOperationInput, type HttpAuth } from "./http";
import { ConnectorRegistry } from "./registry";
import { defineConnector, defineOperation } from "./sdk";
import { decryptSecret, SecretError } from "./secrets";
import type { Connector } from "./types";

/**
 * A registry with every built-in connector: the fake system, and the simulated retail estate's six
 * systems (erp, wms, commerce, payments, carrier, supplier) when SIM_URL says where `npm run sim` runs.
 */
export function defaultRegistry(): ConnectorRegistry {
  const simUrl = process.env.SIM_URL;
  return new ConnectorRegistry([createFakeConnector(), ...(simUrl ? simConnectors(simUrl) : [])]);
}

/** Connector ids the built-in connectors use; configured connectors may not take them. */
export function builtInConnectorIds(): string[] {
  return defaultRegistry()
    .catalog()
    .connectors.map((connector) => connector.id);
}

/** The credentials of a configuration as they are stored, encrypted, in `secretCiphertext`. */
export const storedSecretSchema = z.object({
  token: z.string().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  apiKey: z.string().optional(),
});
export type StoredSecret = z.infer<typeof storedSecretSchema>;

/** What a ConnectorConfig row must give to become a connector. */
export interface ConnectorConfigRow {
  id: string;
  key: string;
  type: string;
  name: string;
  baseUrl: string;
  authType: string;
  settings: unknown;
  secretCiphertext: string | null;
}

/** The associated data a configuration's ciphertext is bound to (its row id). */
export function secretContext(id: string): string {
  return `connector-config:${id}`;
}

/** Decrypts a row's credentials; an empty object when it has none. Throws SecretError. */
export function readStoredSecret(row: ConnectorConfigRow, secretKey: Buffer): StoredSecret {
  if (!row.secretCiphertext) return {};
  const text = decryptSecret(secretKey, row.secretCiphertext, secretContext(row.id));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error: unknown) {
    throw new SecretError("The stored credentials are not JSON", { cause: error });
  }
  const parsed = storedSecretSchema.safeParse(value);
  if (!parsed.success) throw new SecretError("The stored credentials have an unknown shape");
  return parsed.data;
}

/** The auth of a row from its type and decrypted credentials; throws SecretError when incomplete. */
export function authOf(authType: string, secret: StoredSecret): HttpAuth {
  const missing = () => new SecretError(`The stored credentials are incomplete for ${authType} auth`);
  switch (authType) {
    case "none":
      return { type: "none" };
    case "bearer":
      if (!secret.token) throw missing();
      return { type: "bearer", token: secret.token };
    case "basic":
      if (secret.username === undefined || secret.password === undefined) throw missing();
      return { type: "basic", username: secret.username, password: secret.password };
    case "apiKey":
      if (!secret.apiKey) throw missing();
      return { type: "apiKey", apiKey: secret.apiKey };
    default:
      throw new SecretError(`Unknown auth type "${authType}"`);
  }
}

/**
 * The connector for a configuration row, with `secretKey` to decrypt its credentials. Throws
 * SecretError when they cannot be decrypted or are incomplete, and for unknown connector types.
 */
export function connectorFromConfig(row: ConnectorConfigRow, secretKey: Buffer): Connector {
  if (row.type !== "http") throw new SecretError(`Unknown connector type "${row.type}"`);
  return createHttpConnector({
    key: row.key,
    name: row.name,
    baseUrl: row.baseUrl,
    auth: authOf(row.authType, readStoredSecret(row, secretKey)),
    settings: httpSettingsSchema.parse(row.settings ?? {}),
  });
}

/**
 * A stand-in for a configuration that cannot be used (its credentials do not decrypt): it keeps the
 * connector in the catalog, and every call fails permanently with CONFIG_ERROR and the reason.
 */
function unusableConnector(row: ConnectorConfigRow, reason: string): Connector {
  const message = `Connector "${row.key}" cannot be used: ${reason}`;
  return defineConnector({
    id: row.key,
    name: row.name,
    version: "1.0.0",
    description: message,
    operations: {
      request: defineOperation({
        name: "HTTP request",
        description: message,
        input: requestOperationInput,
        output: z.json(),
        errors: [{ code: "CONFIG_ERROR", retryable: false, description: message }],
        idempotent: true,
        call: () => Promise.resolve({ ok: false, code: "CONFIG_ERROR", retryable: false, message }),
      }),
    },
  });
}

/**
 * The registry for the running app: the built-in connectors plus one HTTP connector per
 * ConnectorConfig row, credentials decrypted with `options.secretKey` (appSecretKey() in the app).
 * A row whose credentials cannot be decrypted still appears in the catalog, and calls to it fail
 * with a permanent CONFIG_ERROR naming the cause (never the credentials). Configuration changes
 * are seen by the next call of this function.
 */
export async function loadRegistry(db: Db, options: { secretKey: Buffer }): Promise<ConnectorRegistry> {
  const registry = defaultRegistry();
  const builtIn = new Set(builtInConnectorIds());
  const rows = await db.connectorConfig.findMany({
    orderBy: { key: "asc" },
    select: {
      id: true,
      key: true,
      type: true,
      name: true,
      baseUrl: true,
      authType: true,
      settings: true,
      secretCiphertext: true,
    },
  });
  for (const row of rows) {
    if (builtIn.has(row.key)) continue;
    try {
      registry.register(connectorFromConfig(row, options.secretKey));
    } catch (error: unknown) {
      if (!(error instanceof SecretError || error instanceof z.ZodError)) throw error;
      const reason = error instanceof SecretError ? error.message : "its settings are invalid";
      registry.register(unusableConnector(row, reason));
    }
  }
  return registry;
}

/**
 * The registry as a catalog (for validating definitions, the designer's pickers and the catalog page):
 * built-in connectors plus every configured one, without decrypting any credentials — these
 * connectors are described, never called.
 */
export async function catalogRegistry(db: Db): Promise<ConnectorRegistry> {
  const registry = defaultRegistry();
  const builtIn = new Set(builtInConnectorIds());
  const rows = await db.connectorConfig.findMany({
    orderBy: { key: "asc" },
    select: { key: true, type: true, name: true, baseUrl: true },
  });
  for (const row of rows) {
    if (builtIn.has(row.key) || row.type !== "http") continue;
    registry.register(
      createHttpConnector({
        key: row.key,
        name: row.name,
        baseUrl: row.baseUrl,
        auth: { type: "none" },
        settings: httpSettingsSchema.parse({}),
      }),
    );
  }
  return registry;
}

/**
 * Keeps `registry` in step with the configured connectors: adds or replaces each configured one and
 * removes those whose configuration was deleted. Returns the ids it holds afterwards.
 */
export async function syncConfiguredConnectors(
  registry: ConnectorRegistry,
  db: Db,
  options: { secretKey: Buffer },
): Promise<string[]> {
  const fresh = await loadRegistry(db, options);
  const ids = new Set(fresh.list().map((connector) => connector.id));
  for (const connector of registry.list()) if (!ids.has(connector.id)) registry.remove(connector.id);
  for (const connector of fresh.list()) registry.register(connector);
  return [...ids];
}
