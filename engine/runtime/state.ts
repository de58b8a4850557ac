// Instance state: plain JSON that the runtime persists and hands back to step(). Everything an
// instance is waiting for is here, so a restart loses nothing.
import { z } from "zod";
import { jsonObjectSchema } from "../json";

export const instanceStatuses = ["running", "waiting", "completed", "failed", "cancelled"] as const;
export type InstanceStatus = (typeof instanceStatuses)[number];

const decisionRecordSchema = z.object({
  taskId: z.string(),
  actor: z.string(),
  decision: z.enum(["approved", "rejected"]),
  reason: z.string().nullable(),
  at: z.string(),
});
export type DecisionRecord = z.infer<typeof decisionRecordSchema>;

/** What a token is waiting for at its node. */
export const tokenWaitSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("approval"),
    level: z.number().int(),
    /** How many approvals complete the current level. */
    required: z.number().int(),
    taskIds: z.array(z.string()),
    decisions: z.array(decisionRecordSchema),
  }),
  z.object({
    type: z.literal("connector"),
    callId: z.string(),
    attempt: z.number().int(),
    /** calling: the call is out; backoff: waiting for the retry timer. */
    phase: z.enum(["calling", "backoff"]),
    timerId: z.string().nullable(),
  }),
  z.object({ type: z.literal("timer"), timerId: z.string() }),
  z.object({
    type: z.literal("message"),
    message: z.string(),
    correlationKey: z.string(),
    timerId: z.string().nullable(),
  }),
  z.object({ type: z.literal("subworkflow"), callId: z.string() }),
  z.object({ type: z.literal("incident"), code: z.string(), message: z.string() }),
]);
export type TokenWait = z.infer<typeof tokenWaitSchema>;

export const tokenSchema = z.object({
  id: z.string(),
  nodeId: z.string(),
  /** How many times the node had been entered when this token entered it (1 = first time). */
  activation: z.number().int(),
  enteredAt: z.string(),
  wait: tokenWaitSchema.nullable(),
});
export type Token = z.infer<typeof tokenSchema>;

export const taskStateSchema = z.object({
  id: z.string(),
  tokenId: z.string(),
  nodeId: z.string(),
  level: z.number().int(),
  assignees: z.array(z.string()),
  candidateRoles: z.array(z.string()),
  dueAt: z.string().nullable(),
  /** How many escalation steps have fired for this task. */
  escalationLevel: z.number().int(),
  timerId: z.string().nullable(),
  openedAt: z.string(),
  /** Set when the task was delegated: the person the current assignee acts for. */
  onBehalfOf: z.string().optional(),
});
export type TaskState = z.infer<typeof taskStateSchema>;

export const timerStateSchema = z.object({
  id: z.string(),
  nodeId: z.string(),
  tokenId: z.string().nullable(),
  purpose: z.enum(["timer", "escalation", "retry", "message-timeout"]),
  dueAt: z.string(),
  /** For escalation: the task and the ladder step to apply. */
  taskId: z.string().nullable(),
  step: z.number().int().nullable(),
});
export type TimerState = z.infer<typeof timerStateSchema>;

export const pathEntrySchema = z.object({
  nodeId: z.string(),
  tokenId: z.string(),
  via: z.string().nullable(),
  at: z.string(),
});
export type PathEntry = z.infer<typeof pathEntrySchema>;

export const completedActionSchema = z.object({ nodeId: z.string(), activation: z.number().int() });

export const compensationSchema = z.object({
  reason: z.enum(["failed", "cancelled"]),
  /** Actions still to compensate, the next first (reverse order of completion). */
  queue: z.array(completedActionSchema),
  current: z
    .object({
      nodeId: z.string(),
      activation: z.number().int(),
      callId: z.string(),
      attempt: z.number().int(),
      timerId: z.string().nullable(),
    })
    .nullable(),
  failures: z.array(z.object({ nodeId: z.string(), code: z.string(), message: z.string() })),
  /** The failure that started compensation, reported when it ends. */
  error: z.object({ code: z.string(), message: z.string(), nodeId: z.string().nullable() }).nullable(),
});
export type Compensation = z.infer<typeof compensationSchema>;

export const instanceStateSchema = z.object({
  instanceId: z.string(),
  definitionKey: z.string(),
  status: z.enum(instanceStatuses),
  /** How the instance ended (completed instances may have been rejected). */
  outcome: z.enum(["completed", "rejected", "failed", "cancelled"]).nullable(),
  variables: jsonObjectSchema,
  requester: z.string().nullable(),
  requesterManager: z.string().nullable(),
  tokens: z.array(tokenSchema),
  /** Per join node: the incoming edges a token has arrived on. */
  joins: z.record(z.string(), z.array(z.string())),
  tasks: z.record(z.string(), taskStateSchema),
  timers: z.record(z.string(), timerStateSchema),
  /** Every approval given in this instance, for the four-eyes rules. */
  approvals: z.array(
    z.object({
      nodeId: z.string(),
      activation: z.number().int(),
      level: z.number().int(),
      actor: z.string(),
      /** The person the actor approved for, when the task had been delegated to them. */
      onBehalfOf: z.string().optional(),
    }),
  ),
  completedActions: z.array(completedActionSchema),
  compensation: compensationSchema.nullable(),
  path: z.array(pathEntrySchema),
  activations: z.record(z.string(), z.number().int()),
  error: z.object({ code: z.string(), message: z.string(), nodeId: z.string().nullable() }).nullable(),
  /** Counter behind every id the engine makes (tokens, tasks, timers, calls). */
  seq: z.number().int(),
  startedAt: z.string(),
  updatedAt: z.string(),
  endedAt: z.string().nullable(),
});
export type InstanceState = z.infer<typeof instanceStateSchema>;
