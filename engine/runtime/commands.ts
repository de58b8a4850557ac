// Commands: requests the engine returns for the runtime to carry out. The engine executes none.
import { z } from "zod";
import { fieldSchema } from "../definition/schema";
import { jsonObjectSchema } from "../json";

export const recipientsSchema = z.object({ users: z.array(z.string()), roles: z.array(z.string()) });
export type Recipients = z.infer<typeof recipientsSchema>;

export const commandSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("task.open"),
    taskId: z.string(),
    nodeId: z.string(),
    title: z.string(),
    level: z.number().int(),
    levelName: z.string(),
    /** People who may act on the task; empty when it is offered to roles only. */
    assignees: z.array(z.string()),
    candidateRoles: z.array(z.string()),
    dueAt: z.string().nullable(),
    form: z.array(fieldSchema),
  }),
  z.object({
    type: z.literal("task.cancel"),
    taskId: z.string(),
    reason: z.enum(["decided", "escalated", "terminated"]),
  }),
  /** An escalation step fired for an open task (the inbox shows the level). */
  z.object({
    type: z.literal("task.escalated"),
    taskId: z.string(),
    escalationLevel: z.number().int(),
    action: z.enum(["remind", "reassign", "exception"]),
  }),
  z.object({
    type: z.literal("task.reassign"),
    taskId: z.string(),
    assignees: z.array(z.string()),
    candidateRoles: z.array(z.string()),
    escalationLevel: z.number().int(),
    /** Set when the task was delegated: the person the new assignee acts for. */
    onBehalfOf: z.string().optional(),
  }),
  z.object({
    type: z.literal("connector.call"),
    callId: z.string(),
    nodeId: z.string(),
    connector: z.string(),
    operation: z.string(),
    input: jsonObjectSchema,
    attempt: z.number().int().min(1),
    /** Stable for every attempt of one execution of the node, so the receiving system deduplicates. */
    idempotencyKey: z.string(),
    timeoutMs: z.number().int().positive(),
    compensation: z.boolean(),
  }),
  z.object({
    type: z.literal("timer.schedule"),
    timerId: z.string(),
    nodeId: z.string(),
    dueAt: z.string(),
    purpose: z.enum(["timer", "escalation", "retry", "message-timeout"]),
  }),
  z.object({ type: z.literal("timer.cancel"), timerId: z.string() }),
  z.object({
    type: z.literal("message.subscribe"),
    subscriptionId: z.string(),
    nodeId: z.string(),
    message: z.string(),
    correlationKey: z.string(),
  }),
  z.object({ type: z.literal("message.unsubscribe"), subscriptionId: z.string() }),
  z.object({
    type: z.literal("notify.send"),
    notificationId: z.string(),
    nodeId: z.string(),
    channel: z.string(),
    recipients: recipientsSchema,
    subject: z.string(),
    body: z.string(),
    /** The task a reminder is about. */
    taskId: z.string().optional(),
  }),
  z.object({
    type: z.literal("subworkflow.start"),
    callId: z.string(),
    nodeId: z.string(),
    definitionKey: z.string(),
    input: jsonObjectSchema,
  }),
  z.object({ type: z.literal("subworkflow.cancel"), callId: z.string() }),
  z.object({
    type: z.literal("incident.open"),
    tokenId: z.string(),
    nodeId: z.string(),
    code: z.string(),
    message: z.string(),
  }),
  z.object({
    type: z.literal("instance.completed"),
    outcome: z.enum(["completed", "rejected"]),
    variables: jsonObjectSchema,
  }),
  z.object({
    type: z.literal("instance.failed"),
    code: z.string(),
    message: z.string(),
    nodeId: z.string().nullable(),
    variables: jsonObjectSchema,
  }),
  z.object({ type: z.literal("instance.cancelled"), reason: z.string(), variables: jsonObjectSchema }),
]);
export type Command = z.infer<typeof commandSchema>;
export type CommandType = Command["type"];
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;
