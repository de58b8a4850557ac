// Inbound messages: a name and a correlation key resume exactly the instances waiting for them. Every
// message is recorded; a repeated message id is ignored; a message nobody waits for is kept as
// unmatched and reported, never silently dropped.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { jsonValueSchema, type JsonObject } from "@/engine";
import { applyEvent, type RuntimeDeps } from "./runtime";

export const messageInputSchema = z.object({
  name: z.string().trim().min(1, "Message name is required").max(200),
  correlationKey: z.string().trim().min(1, "Correlation key is required").max(500),
  payload: jsonValueSchema.default(null),
  /** The sender's id for this message; the same id twice is delivered once. */
  messageId: z.string().trim().min(1).max(200).optional(),
});
export type MessageInput = z.input<typeof messageInputSchema>;

export type MessageOutcome =
  | { duplicate: true; messageId: string }
  | { duplicate: false; id: string; status: "matched" | "unmatched"; instanceIds: string[] };

function isUniqueViolation(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${"code" in error ? String(error.code) : ""}` : "";
  return /P2002|Unique constraint|UNIQUE constraint|23505/i.test(text);
}

/** Delivers a message to every instance waiting for it (name + correlation key). */
export async function sendMessage(
  deps: RuntimeDeps,
  raw: MessageInput,
  source: "api" | "http" = "api",
): Promise<MessageOutcome> {
  const message = messageInputSchema.parse(raw);
  const id = randomUUID();
  try {
    // Recording first claims the message id, so two deliveries of one message cannot both run.
    await deps.db.inboundMessage.create({
      data: {
        id,
        messageId: message.messageId ?? null,
        name: message.name,
        correlationKey: message.correlationKey,
        payload: (message.payload ?? null) as JsonObject,
        status: "received",
        source,
      },
    });
  } catch (error: unknown) {
    if (message.messageId && isUniqueViolation(error))
      return { duplicate: true, messageId: message.messageId };
    throw error;
  }
  const subscriptions = await deps.db.messageSubscription.findMany({
    where: { name: message.name, correlationKey: message.correlationKey },
    select: { instanceId: true },
    orderBy: { createdAt: "asc" },
  });
  const instanceIds: string[] = [];
  for (const instanceId of new Set(subscriptions.map((subscription) => subscription.instanceId))) {
    const result = await applyEvent(deps, instanceId, {
      type: "message.received",
      name: message.name,
      correlationKey: message.correlationKey,
      payload: message.payload ?? null,
    });
    if (result.ok) instanceIds.push(instanceId);
  }
  const status = instanceIds.length > 0 ? "matched" : "unmatched";
  await deps.db.inboundMessage.update({ where: { id }, data: { status, matchedCount: instanceIds.length } });
  return { duplicate: false, id, status, instanceIds };
}
