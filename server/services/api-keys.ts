// API keys for other systems: created by admins with scopes (which workflows they may start, which
// messages they may send) and a rate limit, shown once and stored as a SHA-256 hash, revocable.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db } from "../db/client";
import { BusinessError } from "./errors";

export const apiKeyScopesSchema = z.object({
  /** Workflow keys this key may start; "*" means every workflow. */
  workflows: z.array(z.string().trim().min(1)).default([]),
  /** Message names this key may send; "*" means every message. */
  messages: z.array(z.string().trim().min(1)).default([]),
});
export type ApiKeyScopes = z.infer<typeof apiKeyScopesSchema>;

export const createApiKeySchema = z.object({
  name: z.string().trim().min(1, "Name the system that uses this key").max(120),
  scopes: apiKeyScopesSchema,
  rateLimit: z.number().int().min(1, "At least 1 request per minute").max(10_000).default(60),
});

function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** Creates a key and returns it in full, once; only its hash is kept. */
export async function createApiKey(db: Db, actorId: string, raw: z.input<typeof createApiKeySchema>) {
  const input = createApiKeySchema.parse(raw);
  if (input.scopes.workflows.length === 0 && input.scopes.messages.length === 0) {
    throw new BusinessError(
      "BAD_REQUEST",
      "Give the key at least one workflow or message it may use",
      "scopes",
    );
  }
  const prefix = `of_${randomBytes(4).toString("hex")}`;
  const key = `${prefix}_${randomBytes(24).toString("base64url")}`;
  const created = await db.apiKey.create({
    data: {
      id: randomUUID(),
      name: input.name,
      prefix,
      hash: hashKey(key),
      scopes: input.scopes,
      rateLimit: input.rateLimit,
      createdById: actorId,
    },
    select: { id: true, name: true, prefix: true },
  });
  return { ...created, key };
}

/** Every key without its secret: name, prefix, scopes, limits, last use, revocation. */
export async function listApiKeys(db: Db) {
  const keys = await db.apiKey.findMany({
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      name: true,
      prefix: true,
      scopes: true,
      rateLimit: true,
      createdAt: true,
      lastUsedAt: true,
      revokedAt: true,
    },
  });
  return keys.map((key) => ({ ...key, scopes: apiKeyScopesSchema.parse(key.scopes) }));
}

/** Revokes a key at once. */
export async function revokeApiKey(db: Db, raw: { id: string }, now: Date) {
  const updated = await db.apiKey.updateMany({
    where: { id: raw.id, revokedAt: null },
    data: { revokedAt: now },
  });
  if (updated.count === 0)
    throw new BusinessError("CONFLICT", "This key is already revoked (or does not exist)");
  return { id: raw.id };
}

export type KeyCheck =
  | { ok: true; keyId: string; name: string }
  | { ok: false; status: 401 | 403 | 429; message: string; retryAfterSeconds?: number };

const windows = new Map<string, { start: number; count: number }>();

/**
 * Checks an `Authorization: Bearer <key>` for a use: 401 for a missing, unknown or revoked key, 403
 * when the use is outside its scopes, 429 past its requests per minute. Records the last use.
 */
export async function checkApiKey(
  db: Db,
  header: string | null,
  use: { kind: "workflow"; key: string } | { kind: "message"; name: string },
  now: Date,
): Promise<KeyCheck> {
  if (!header?.startsWith("Bearer of_"))
    return { ok: false, status: 401, message: "Send an API key: Authorization: Bearer of_…" };
  const key = header.slice("Bearer ".length).trim();
  const row = await db.apiKey.findUnique({
    where: { hash: hashKey(key) },
    select: { id: true, name: true, scopes: true, rateLimit: true, revokedAt: true },
  });
  if (!row || row.revokedAt)
    return { ok: false, status: 401, message: row ? "This API key was revoked" : "Unknown API key" };
  const scopes = apiKeyScopesSchema.parse(row.scopes);
  const allowed =
    use.kind === "workflow"
      ? scopes.workflows.some((entry) => entry === "*" || entry === use.key)
      : scopes.messages.some((entry) => entry === "*" || entry === use.name);
  if (!allowed) {
    return {
      ok: false,
      status: 403,
      message:
        use.kind === "workflow"
          ? `This key may not start "${use.key}"`
          : `This key may not send "${use.name}" messages`,
    };
  }
  const minute = Math.floor(now.getTime() / 60_000);
  const window = windows.get(row.id);
  if (!window || window.start !== minute) windows.set(row.id, { start: minute, count: 1 });
  else if (window.count >= row.rateLimit) {
    return {
      ok: false,
      status: 429,
      message: `Rate limit of ${row.rateLimit} requests per minute reached`,
      retryAfterSeconds: 60 - Math.floor((now.getTime() / 1000) % 60),
    };
  } else window.count += 1;
  await db.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  return { ok: true, keyId: row.id, name: row.name };
}
