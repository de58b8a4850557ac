// Events: facts in the past tense that the runtime feeds to step(). Each is validated by zod.
import { z } from "zod";
import { jsonObjectSchema, jsonValueSchema } from "../json";

/** Who acted, with the role keys they held at the time (for candidate-role checks). */
export const actorSchema = z.object({ id: z.string().min(1), roles: z.array(z.string()).default([]) });
export type Actor = z.infer<typeof actorSchema>;

export const eventSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("task.completed"),
    taskId: z.string().min(1),
    actor: actorSchema,
    decision: z.enum(["approved", "rejected"]),
    reason: z.string().max(2000).optional(),
    formData: jsonObjectSchema.default({}),
  }),
  /**
   * A person hands a task to someone else, who then acts on their behalf (also used for out of office:
   * the runtime delegates on the absent person's behalf).
   */
  z.object({
    type: z.literal("task.delegated"),
    taskId: z.string().min(1),
    actor: actorSchema,
    delegate: z.string().min(1),
    reason: z.string().trim().max(500).optional(),
  }),
  z.object({
    type: z.literal("connector.succeeded"),
    callId: z.string().min(1),
    output: jsonValueSchema.default(null),
  }),
  z.object({
    type: z.literal("connector.failed"),
    callId: z.string().min(1),
    code: z.string().min(1),
    retryable: z.boolean(),
    message: z.string().default(""),
  }),
  z.object({ type: z.literal("timer.fired"), timerId: z.string().min(1) }),
  z.object({
    type: z.literal("message.received"),
    name: z.string().min(1),
    correlationKey: z.string(),
    payload: jsonValueSchema.default(null),
  }),
  z.object({
    type: z.literal("subworkflow.ended"),
    callId: z.string().min(1),
    status: z.enum(["completed", "failed", "cancelled"]),
    outcome: z.enum(["completed", "rejected", "failed", "cancelled"]).optional(),
    variables: jsonObjectSchema.default({}),
  }),
  z.object({
    type: z.literal("instance.cancel"),
    actor: z.string().optional(),
    reason: z.string().default(""),
  }),
  /** An admin retries a node that ran out of attempts and opened an incident. */
  z.object({ type: z.literal("incident.retry"), tokenId: z.string().min(1), actor: z.string().optional() }),
  /** An admin settles a failed step by hand: it counts as done, with `output` as its result. */
  z.object({
    type: z.literal("incident.resolved"),
    tokenId: z.string().min(1),
    actor: z.string().optional(),
    output: jsonValueSchema.default(null),
  }),
]);
export type EngineEvent = z.infer<typeof eventSchema>;
export type EngineEventInput = z.input<typeof eventSchema>;
export type EventType = EngineEvent["type"];
