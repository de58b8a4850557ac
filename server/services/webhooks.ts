// Inbound webhooks: admins create a signed endpoint (/api/hooks/<key>) that starts a workflow or
// sends a message; other systems POST JSON signed with its secret. Each delivery is checked
// (signature, five-minute window, delivery id seen before), recorded, and, when accepted, goes through
// startWorkflow / sendMessage like every other start or message, so the engine's validation applies.
import { randomBytes, randomUUID } from "node:crypto";
import { z, ZodError } from "zod";
import { parseDefinition, type JsonObject, type JsonValue } from "@/engine";
import { decryptSecret, encryptSecret, SecretError } from "../connectors/secrets";
import type { Db } from "../db/client";
import { StartRefused, startWorkflow } from "../runtime/instances";
import { sendMessage } from "../runtime/messages";
import type { RuntimeDeps } from "../runtime/runtime";
import { BusinessError } from "./errors";
import { DELIVERY_HEADER, verifyWebhookSignature } from "./webhook-signature";

/**
 * The part of a delivery's body the workflow's start step declares: other systems send whole
 * documents (an order with everything in it), and only the declared fields become the input. The
 * engine still checks those (required, types). Without a published version the body passes as is and
 * startWorkflow reports the missing version.
 */
async function startFieldsFrom(db: Db, definitionKey: string, body: JsonObject): Promise<JsonObject> {
  const version = await db.workflowVersion.findFirst({
    where: { workflow: { key: definitionKey }, status: "published" },
    orderBy: { version: "desc" },
    select: { definition: true },
  });
  const parsed = version ? parseDefinition(version.definition) : null;
  const start = parsed?.ok ? parsed.definition.nodes.find((node) => node.kind === "start") : undefined;
  if (start?.kind !== "start") return body;
  const input: JsonObject = {};
  for (const field of start.input) if (field.name in body) input[field.name] = body[field.name]!;
  return input;
}

/** Bodies larger than this are refused (413) before they are read to the end. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

/** A dotted path into the JSON body ("order.id", "lines.0.sku"). */
const bodyPathSchema = z
  .string()
  .trim()
  .max(200)
  .regex(/^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/, 'Use a dotted path into the body, e.g. "order.id"');

export const webhookTargetSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("start"),
    definitionKey: z.string().trim().min(1, "Choose the workflow to start").max(200),
    /** Where the business key is in the body; none when omitted. */
    businessKeyPath: bodyPathSchema.optional(),
  }),
  z.object({
    type: z.literal("message"),
    messageName: z.string().trim().min(1, "Name the message to send").max(200),
    correlationPath: bodyPathSchema,
  }),
]);
export type WebhookTarget = z.infer<typeof webhookTargetSchema>;

export const createWebhookSchema = z.object({
  name: z.string().trim().min(1, "Name the system that calls this webhook").max(120),
  target: webhookTargetSchema,
});

export const webhookIdSchema = z.object({ id: z.string().min(1).max(100) });

export const webhookDeliveriesSchema = z.object({
  webhookId: z.string().min(1).max(100),
  limit: z.number().int().min(1).max(200).default(20),
});

/** Associated data binding an encrypted secret to its webhook (a copy on another row does not decrypt). */
function secretContext(webhookId: string): string {
  return `webhook:${webhookId}`;
}

function newSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

function targetColumns(target: WebhookTarget) {
  return target.type === "start"
    ? {
        target: "start",
        definitionKey: target.definitionKey,
        businessKeyPath: target.businessKeyPath || null,
        messageName: null,
        correlationPath: null,
      }
    : {
        target: "message",
        definitionKey: null,
        businessKeyPath: null,
        messageName: target.messageName,
        correlationPath: target.correlationPath,
      };
}

interface TargetRow {
  target: string;
  definitionKey: string | null;
  businessKeyPath: string | null;
  messageName: string | null;
  correlationPath: string | null;
}

function targetOf(row: TargetRow): WebhookTarget {
  return webhookTargetSchema.parse(
    row.target === "start"
      ? {
          type: "start",
          definitionKey: row.definitionKey,
          businessKeyPath: row.businessKeyPath ?? undefined,
        }
      : { type: "message", messageName: row.messageName, correlationPath: row.correlationPath },
  );
}

/**
 * Creates a webhook with a random key (its address) and signing secret. The secret is returned in
 * full, once; it is stored encrypted with `secretKey` (AES-256-GCM, server/connectors/secrets.ts).
 * A start target must name an existing workflow.
 */
export async function createWebhook(
  db: Db,
  secretKey: Buffer,
  actorId: string,
  raw: z.input<typeof createWebhookSchema>,
) {
  const input = createWebhookSchema.parse(raw);
  if (input.target.type === "start") {
    const workflow = await db.workflowDefinition.findUnique({
      where: { key: input.target.definitionKey },
      select: { id: true },
    });
    if (!workflow)
      throw new BusinessError(
        "NOT_FOUND",
        `There is no workflow "${input.target.definitionKey}"`,
        "target.definitionKey",
      );
  }
  const id = randomUUID();
  const secret = newSecret();
  const created = await db.webhook.create({
    data: {
      id,
      key: randomBytes(16).toString("base64url"),
      name: input.name,
      ...targetColumns(input.target),
      secretCiphertext: encryptSecret(secretKey, secret, secretContext(id)),
      createdById: actorId,
    },
    select: { id: true, key: true, name: true },
  });
  return { ...created, secret };
}

/** Every webhook without its secret: address key, target, creator, last accepted delivery, revocation. */
export async function listWebhooks(db: Db) {
  const rows = await db.webhook.findMany({
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      key: true,
      name: true,
      target: true,
      definitionKey: true,
      businessKeyPath: true,
      messageName: true,
      correlationPath: true,
      createdAt: true,
      secretRotatedAt: true,
      revokedAt: true,
      lastDeliveryAt: true,
      createdBy: { select: { name: true } },
    },
  });
  return rows.map((row) => ({
    id: row.id,
    key: row.key,
    name: row.name,
    target: targetOf(row),
    createdAt: row.createdAt,
    createdByName: row.createdBy?.name ?? null,
    secretRotatedAt: row.secretRotatedAt,
    revokedAt: row.revokedAt,
    lastDeliveryAt: row.lastDeliveryAt,
  }));
}

/** Replaces an active webhook's secret at once (the old one stops working) and returns the new one, once. */
export async function rotateWebhookSecret(
  db: Db,
  secretKey: Buffer,
  raw: z.input<typeof webhookIdSchema>,
  now: Date,
) {
  const { id } = webhookIdSchema.parse(raw);
  const secret = newSecret();
  const updated = await db.webhook.updateMany({
    where: { id, revokedAt: null },
    data: { secretCiphertext: encryptSecret(secretKey, secret, secretContext(id)), secretRotatedAt: now },
  });
  if (updated.count === 0) throw new BusinessError("CONFLICT", "This webhook is revoked (or does not exist)");
  return { id, secret };
}

/** Revokes a webhook at once: its address answers 404 from then on. */
export async function revokeWebhook(db: Db, raw: z.input<typeof webhookIdSchema>, now: Date) {
  const { id } = webhookIdSchema.parse(raw);
  const updated = await db.webhook.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: now } });
  if (updated.count === 0)
    throw new BusinessError("CONFLICT", "This webhook is already revoked (or does not exist)");
  return { id };
}

/** A webhook's most recent deliveries, newest first. */
export async function listWebhookDeliveries(db: Db, raw: z.input<typeof webhookDeliveriesSchema>) {
  const input = webhookDeliveriesSchema.parse(raw);
  return db.webhookDelivery.findMany({
    where: { webhookId: input.webhookId },
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    take: input.limit,
    select: { id: true, deliveryId: true, receivedAt: true, status: true, reason: true, instanceId: true },
  });
}

// --- Receiving deliveries ----------------------------------------------------------------------

export interface WebhookDeps extends RuntimeDeps {
  /** The key webhook secrets are encrypted with (OMNIFLOW_SECRET_KEY, see server/connectors/secrets.ts). */
  secretKey: Buffer;
}

/** What the endpoint answers: an HTTP status and a JSON body. */
export interface WebhookReply {
  status: 200 | 201 | 202 | 400 | 401 | 404 | 409 | 413 | 500;
  body: Record<string, unknown>;
}

function isUniqueViolation(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${"code" in error ? String(error.code) : ""}` : "";
  return /P2002|Unique constraint|UNIQUE constraint|23505/i.test(text);
}

/** Reads the body, refusing more than `max` bytes (by Content-Length, then while reading). */
async function readBody(request: Request, max: number): Promise<Uint8Array | null> {
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > max) return null;
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The value at a dotted path ("order.id", "lines.0.sku"), or undefined. */
export function valueAtPath(body: JsonValue, path: string): JsonValue | undefined {
  let current: JsonValue | undefined = body;
  for (const segment of path.split(".")) {
    if (Array.isArray(current) && /^\d+$/.test(segment)) current = current[Number(segment)];
    else if (current !== null && typeof current === "object" && !Array.isArray(current))
      current = Object.hasOwn(current, segment) ? current[segment] : undefined;
    else return undefined;
  }
  return current;
}

/** A key (business or correlation) read from the body: a non-empty string, or a number as text. */
function keyAtPath(body: JsonValue, path: string): string | null {
  const value = valueAtPath(body, path);
  if (typeof value === "string" && value.trim() !== "") return value.trim();
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return null;
}

type BodyKeys = { ok: true; key: string | null } | { ok: false; code: string; message: string };

/**
 * Checks a parsed body against the target and reads its key: a start needs an object (the input)
 * and, when configured, a business key at its path; a message needs a correlation key at its path.
 */
function keysOf(target: WebhookTarget, body: JsonValue): BodyKeys {
  if (target.type === "start") {
    if (body === null || typeof body !== "object" || Array.isArray(body))
      return {
        ok: false,
        code: "invalid_body",
        message: "The body must be a JSON object (the workflow's input)",
      };
    if (!target.businessKeyPath) return { ok: true, key: null };
    const key = keyAtPath(body, target.businessKeyPath);
    return key
      ? { ok: true, key }
      : {
          ok: false,
          code: "business_key_missing",
          message: `The body has no business key at "${target.businessKeyPath}" (a string or number)`,
        };
  }
  const key = keyAtPath(body, target.correlationPath);
  return key
    ? { ok: true, key }
    : {
        ok: false,
        code: "correlation_key_missing",
        message: `The body has no correlation key at "${target.correlationPath}" (a string or number)`,
      };
}

function fieldErrors(error: ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join(".") : "(input)";
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

/**
 * Handles one POST to /api/hooks/<key>:
 * - 404 when no active webhook has this key;
 * - 413 for a body over 1 MiB;
 * - 401 when the signature headers are missing or malformed, the signature does not match, or the
 *   timestamp is more than five minutes old or ahead (`code` says which);
 * - 400 when the body is not JSON, a start body is not an object, the business-key or correlation
 *   path is missing from it, or the engine refuses the start input (`fieldErrors`);
 * - 409 when the workflow to start has no published version;
 * - 200 `{ duplicate: true }` for a delivery id already accepted (nothing runs again; senders stop
 *   retrying on a 2xx, as Stripe and GitHub receivers answer);
 * - 201 `{ instanceId }` for a started instance, 202 `{ matched, instanceIds }` for a sent message.
 * Every call to a known webhook is recorded as a delivery with its outcome. A delivery id is claimed
 * (unique per webhook) before anything runs, so simultaneous copies start one instance; a rejection
 * after the claim releases it, so the sender's corrected retry is accepted.
 */
export async function receiveWebhookDelivery(
  deps: WebhookDeps,
  key: string,
  request: Request,
): Promise<WebhookReply> {
  const now = deps.now();
  const webhook = await deps.db.webhook.findUnique({
    where: { key },
    select: {
      id: true,
      revokedAt: true,
      secretCiphertext: true,
      target: true,
      definitionKey: true,
      businessKeyPath: true,
      messageName: true,
      correlationPath: true,
    },
  });
  const notFound: WebhookReply = { status: 404, body: { error: "No active webhook at this address" } };
  if (!webhook) return notFound;

  const record = (status: "rejected" | "duplicate", deliveryId: string | null, reason: string) =>
    deps.db.webhookDelivery.create({
      data: { id: randomUUID(), webhookId: webhook.id, deliveryId, status, reason, receivedAt: now },
    });
  const reject = async (
    status: WebhookReply["status"],
    deliveryId: string | null,
    code: string,
    message: string,
    extra: Record<string, unknown> = {},
  ): Promise<WebhookReply> => {
    await record("rejected", deliveryId, `${code}: ${message}`);
    return { status, body: { error: message, code, ...extra } };
  };

  const claimedHeader = request.headers.get(DELIVERY_HEADER)?.trim().slice(0, 200) || null;
  if (webhook.revokedAt) {
    await record("rejected", claimedHeader, "revoked: the webhook was revoked");
    return notFound;
  }
  const body = await readBody(request, MAX_WEBHOOK_BODY_BYTES);
  if (!body)
    return reject(413, claimedHeader, "body_too_large", `The body exceeds ${MAX_WEBHOOK_BODY_BYTES} bytes`);

  let secret: string;
  try {
    secret = decryptSecret(deps.secretKey, webhook.secretCiphertext, secretContext(webhook.id));
  } catch (error: unknown) {
    if (!(error instanceof SecretError)) throw error;
    // An operational fault on our side (the key changed), not the sender's: say so and keep a record.
    console.error(`webhook ${webhook.id}: ${error.message}`);
    return reject(
      500,
      claimedHeader,
      "secret_unreadable",
      "The webhook's secret cannot be read on the server; an admin must rotate it",
    );
  }
  const check = verifyWebhookSignature(secret, request.headers, body, now);
  if (!check.ok) return reject(401, check.deliveryId ?? claimedHeader, check.code, check.message);
  const { deliveryId } = check;

  let parsed: JsonValue;
  try {
    parsed = JSON.parse(Buffer.from(body).toString("utf8")) as JsonValue;
  } catch {
    return reject(400, deliveryId, "invalid_json", "The body is not valid JSON");
  }
  const target = targetOf(webhook);
  const keys = keysOf(target, parsed);
  if (!keys.ok) return reject(400, deliveryId, keys.code, keys.message);

  // Claim the delivery id: the unique (webhookId, claimedDeliveryId) lets exactly one copy through.
  const rowId = randomUUID();
  try {
    await deps.db.webhookDelivery.create({
      data: {
        id: rowId,
        webhookId: webhook.id,
        deliveryId,
        claimedDeliveryId: deliveryId,
        status: "accepted",
        receivedAt: now,
      },
    });
  } catch (error: unknown) {
    if (!isUniqueViolation(error)) throw error;
    const original = await deps.db.webhookDelivery.findFirst({
      where: { webhookId: webhook.id, claimedDeliveryId: deliveryId },
      select: { receivedAt: true, instanceId: true },
    });
    await record(
      "duplicate",
      deliveryId,
      `duplicate: delivery ${deliveryId} was accepted at ${original?.receivedAt.toISOString() ?? "an earlier time"}`,
    );
    return {
      status: 200,
      body: { duplicate: true, deliveryId, instanceId: original?.instanceId ?? null },
    };
  }
  const release = async (status: WebhookReply["status"], code: string, message: string, extra = {}) => {
    await deps.db.webhookDelivery.update({
      where: { id: rowId },
      data: { status: "rejected", claimedDeliveryId: null, reason: `${code}: ${message}` },
    });
    return { status, body: { error: message, code, ...extra } } satisfies WebhookReply;
  };

  try {
    if (target.type === "start") {
      const started = await startWorkflow(deps, null, {
        definitionKey: target.definitionKey,
        input: await startFieldsFrom(deps.db, target.definitionKey, parsed as JsonObject),
        businessKey: keys.key ?? undefined,
      });
      await deps.db.webhookDelivery.update({
        where: { id: rowId },
        data: { instanceId: started.instanceId },
      });
      await deps.db.webhook.update({ where: { id: webhook.id }, data: { lastDeliveryAt: now } });
      return {
        status: 201,
        body: {
          deliveryId,
          instanceId: started.instanceId,
          version: started.version,
          status: started.status,
        },
      };
    }
    const outcome = await sendMessage(
      deps,
      {
        name: target.messageName,
        correlationKey: keys.key!,
        payload: parsed,
        messageId: `webhook:${webhook.id}:${deliveryId}`,
      },
      "http",
    );
    if (outcome.duplicate) {
      // Recorded as a message by an earlier attempt whose claim was released: do not run it again.
      await deps.db.webhookDelivery.update({
        where: { id: rowId },
        data: {
          status: "duplicate",
          claimedDeliveryId: null,
          reason: "duplicate: the message was already sent",
        },
      });
      return { status: 200, body: { duplicate: true, deliveryId, instanceId: null } };
    }
    await deps.db.webhookDelivery.update({
      where: { id: rowId },
      data: {
        instanceId: outcome.instanceIds[0] ?? null,
        reason:
          outcome.status === "unmatched"
            ? `unmatched: no instance waits for "${target.messageName}" with key "${keys.key}"`
            : null,
      },
    });
    await deps.db.webhook.update({ where: { id: webhook.id }, data: { lastDeliveryAt: now } });
    return {
      status: 202,
      body: { deliveryId, matched: outcome.status === "matched", instanceIds: outcome.instanceIds },
    };
  } catch (error: unknown) {
    if (error instanceof StartRefused)
      return release(400, "start_refused", error.message, { fieldErrors: error.fieldErrors });
    if (error instanceof ZodError)
      return release(400, "invalid_input", "The body is not a valid start input", {
        fieldErrors: fieldErrors(error),
      });
    if (error instanceof BusinessError)
      return release(error.code === "NOT_FOUND" ? 409 : 400, "target_unavailable", error.message);
    await release(500, "internal_error", "The delivery could not be processed");
    throw error;
  }
}
