// The one schema of a workflow definition: what the canvas draws, the API accepts, the database stores
// and the engine runs. JSON-serializable; nodes and edges refer to each other by stable ids.
import { z } from "zod";

export const CURRENT_SCHEMA_VERSION = 1;

/** Stable ids: letters, digits, dash and underscore, starting with a letter. */
export const idSchema = z
  .string()
  .min(1, "Id is required")
  .max(64, "Id must be at most 64 characters")
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, "Id may contain letters, digits, - and _, starting with a letter");

/** Variable names are FEEL-friendly identifiers. */
export const variableNameSchema = z
  .string()
  .min(1, "Variable name is required")
  .max(64, "Variable name must be at most 64 characters")
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]*$/,
    "Variable name may contain letters, digits and _, not starting with a digit",
  );

/** A FEEL expression, checked by validateDefinition. */
export const feelSchema = z
  .string()
  .trim()
  .min(1, "Expression is required")
  .max(2000, "Expression is too long");

/** An ISO 8601 duration such as PT4H or P2D, checked by validateDefinition. */
export const durationSchema = z.string().trim().min(2, "Duration is required").max(40);

const positionSchema = z.object({ x: z.number(), y: z.number() });

// --- Data fields: start input and approval forms -------------------------------------------------

export const fieldTypes = [
  "string",
  "text",
  "number",
  "boolean",
  "date",
  "select",
  "object",
  "list",
] as const;

export const fieldSchema = z.object({
  name: variableNameSchema,
  label: z.string().max(120).default(""),
  type: z.enum(fieldTypes),
  required: z.boolean().default(false),
  /** Allowed values for `select`. */
  options: z.array(z.string().min(1).max(120)).max(100).optional(),
  /** Inclusive bounds for `number`. */
  min: z.number().optional(),
  max: z.number().optional(),
});
export type Field = z.infer<typeof fieldSchema>;

// --- Assignees ----------------------------------------------------------------------------------

export const assigneeSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("user"), userId: z.string().min(1, "Pick a person") }),
  z.object({ type: z.literal("role"), role: z.string().min(1, "Pick a role") }),
  /** FEEL over variables returning a user id or a list of user ids. */
  z.object({ type: z.literal("expression"), expression: feelSchema }),
]);
export type Assignee = z.infer<typeof assigneeSchema>;

// --- Node kinds ---------------------------------------------------------------------------------

const nodeBase = {
  id: idSchema,
  name: z.string().trim().max(120).default(""),
  description: z.string().max(2000).optional(),
  position: positionSchema.optional(),
};

export const triggerSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("manual") }),
  z.object({ type: z.literal("api") }),
  z.object({ type: z.literal("webhook") }),
  z.object({ type: z.literal("schedule"), cron: z.string().trim().min(1, "Cron expression is required") }),
  z.object({ type: z.literal("event"), message: z.string().trim().min(1, "Message name is required") }),
]);
export type Trigger = z.infer<typeof triggerSchema>;

export const startNodeSchema = z.object({
  ...nodeBase,
  kind: z.literal("start"),
  trigger: triggerSchema.default({ type: "manual" }),
  input: z.array(fieldSchema).default([]),
});

export const approvalLevelSchema = z.object({
  id: idSchema,
  name: z.string().trim().max(120).default(""),
  assignees: z.array(assigneeSchema).default([]),
});
export type ApprovalLevel = z.infer<typeof approvalLevelSchema>;

export const completionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("any") }),
  z.object({ type: z.literal("all") }),
  z.object({ type: z.literal("quorum"), count: z.number().int() }),
]);
export type Completion = z.infer<typeof completionSchema>;

export const escalationStepSchema = z.discriminatedUnion("action", [
  /** Sends a reminder to the current assignees. */
  z.object({ action: z.literal("remind"), after: durationSchema }),
  /** Moves the open tasks to a role queue or to the requester's manager. */
  z.object({
    action: z.literal("reassign"),
    after: durationSchema,
    to: z.discriminatedUnion("type", [
      z.object({ type: z.literal("role"), role: z.string().min(1, "Pick a role") }),
      z.object({ type: z.literal("manager") }),
    ]),
  }),
  /** Cancels the open tasks and leaves through the node's escalation exception edge. */
  z.object({ action: z.literal("exception"), after: durationSchema }),
]);
export type EscalationStep = z.infer<typeof escalationStepSchema>;

export const approvalNodeSchema = z.object({
  ...nodeBase,
  kind: z.literal("approval"),
  /** single: one task for the level's assignees; sequential: levels in order; parallel: a task per assignee. */
  mode: z.enum(["single", "sequential", "parallel"]).default("single"),
  levels: z.array(approvalLevelSchema).default([]),
  /** For parallel mode: how many approvals complete the node. */
  completion: completionSchema.default({ type: "all" }),
  /** Each task is due this long after it opens. */
  dueIn: durationSchema.optional(),
  /** Steps that fire this long after the due time, in order. */
  escalation: z.array(escalationStepSchema).default([]),
  form: z.array(fieldSchema).default([]),
  /** Where the outcome ({ decision, approvers, reasons }) is written. */
  resultVariable: variableNameSchema.optional(),
  fourEyes: z
    .object({
      /** The person who started the instance may not approve it. */
      requesterMayNotApprove: z.boolean().default(true),
      /** No person may approve two levels (or two tasks) of the same instance. */
      distinctApprovers: z.boolean().default(true),
    })
    .default({ requesterMayNotApprove: true, distinctApprovers: true }),
});

export const decisionTableSchema = z.object({
  hitPolicy: z.enum(["FIRST", "UNIQUE", "COLLECT"]).default("FIRST"),
  inputs: z
    .array(z.object({ id: idSchema, label: z.string().max(120).default(""), expression: feelSchema }))
    .min(1),
  outputs: z.array(z.object({ id: idSchema, name: variableNameSchema })).min(1),
  rules: z.array(
    z.object({
      id: idSchema,
      /** FEEL unary tests, one per input; "-" matches anything. */
      inputEntries: z.array(z.string().trim().min(1, "Entry is required (use - for any)")),
      /** FEEL expressions, one per output. */
      outputEntries: z.array(z.string().trim().min(1, "Entry is required")),
      description: z.string().max(500).optional(),
    }),
  ),
});
export type DecisionTable = z.infer<typeof decisionTableSchema>;

export const decisionNodeSchema = z.object({
  ...nodeBase,
  kind: z.literal("decision"),
  rule: z.discriminatedUnion("type", [
    z.object({ type: z.literal("expression"), expression: feelSchema, outputVariable: variableNameSchema }),
    z.object({ type: z.literal("table"), table: decisionTableSchema }),
    /** A plain gateway: only the outgoing edge conditions decide. */
    z.object({ type: z.literal("none") }),
  ]),
});

export const retryPolicySchema = z.object({
  maxAttempts: z.number().int().min(1).max(20).default(3),
  backoffInitial: durationSchema.default("PT1S"),
  backoffMax: durationSchema.default("PT1M"),
  /** 0 = none, 0.2 = up to 20% spread either way (deterministic per call). */
  jitter: z.number().min(0).max(1).default(0.2),
  /** Which error codes retry: all that the connector marks retryable, or exactly these codes. */
  retryOn: z.union([z.literal("retryable"), z.array(z.string().min(1))]).default("retryable"),
});
export type RetryPolicy = z.infer<typeof retryPolicySchema>;

const inputMappingSchema = z.record(z.string().min(1), feelSchema);

export const actionNodeSchema = z.object({
  ...nodeBase,
  kind: z.literal("action"),
  connector: z.string().trim().min(1, "Pick a connector"),
  operation: z.string().trim().min(1, "Pick an operation"),
  input: inputMappingSchema.default({}),
  outputVariable: variableNameSchema.optional(),
  timeout: durationSchema.default("PT30S"),
  retry: retryPolicySchema.default({
    maxAttempts: 3,
    backoffInitial: "PT1S",
    backoffMax: "PT1M",
    jitter: 0.2,
    retryOn: "retryable",
  }),
  compensation: z
    .object({ operation: z.string().trim().min(1), input: inputMappingSchema.default({}) })
    .optional(),
});

export const splitNodeSchema = z.object({ ...nodeBase, kind: z.literal("split") });
export const joinNodeSchema = z.object({ ...nodeBase, kind: z.literal("join") });

export const waitNodeSchema = z.object({
  ...nodeBase,
  kind: z.literal("wait"),
  message: z.string().trim().min(1, "Message name is required"),
  correlationKey: feelSchema,
  timeout: durationSchema.optional(),
  /** Where the message payload is written. */
  outputVariable: variableNameSchema.optional(),
});

export const timerNodeSchema = z.object({
  ...nodeBase,
  kind: z.literal("timer"),
  timer: z.discriminatedUnion("type", [
    z.object({ type: z.literal("duration"), duration: durationSchema }),
    /** FEEL returning a date and time (or an ISO string) to wait until. */
    z.object({ type: z.literal("date"), expression: feelSchema }),
  ]),
});

export const setNodeSchema = z.object({
  ...nodeBase,
  kind: z.literal("set"),
  assignments: z.array(z.object({ variable: variableNameSchema, expression: feelSchema })).default([]),
});

export const notifyNodeSchema = z.object({
  ...nodeBase,
  kind: z.literal("notify"),
  channel: z.enum(["email", "chat", "sms", "inbox"]).default("email"),
  recipients: z.array(assigneeSchema).default([]),
  subject: z.string().max(200).default(""),
  /** Text with {{ FEEL }} placeholders. */
  template: z.string().max(5000).default(""),
});

export const subworkflowNodeSchema = z.object({
  ...nodeBase,
  kind: z.literal("subworkflow"),
  definitionKey: z.string().trim().min(1, "Pick a workflow"),
  /** Child variable -> FEEL over this instance's variables. */
  inputs: inputMappingSchema.default({}),
  /** This instance's variable -> FEEL over the child's final variables. */
  outputs: inputMappingSchema.default({}),
});

export const endOutcomes = ["completed", "rejected", "failed", "cancelled"] as const;
export const endNodeSchema = z.object({
  ...nodeBase,
  kind: z.literal("end"),
  outcome: z.enum(endOutcomes).default("completed"),
});

export const nodeSchema = z.discriminatedUnion("kind", [
  startNodeSchema,
  approvalNodeSchema,
  decisionNodeSchema,
  actionNodeSchema,
  splitNodeSchema,
  joinNodeSchema,
  waitNodeSchema,
  timerNodeSchema,
  setNodeSchema,
  notifyNodeSchema,
  subworkflowNodeSchema,
  endNodeSchema,
]);
export type WorkflowNode = z.infer<typeof nodeSchema>;
export type NodeKind = WorkflowNode["kind"];
export type NodeOfKind<K extends NodeKind> = Extract<WorkflowNode, { kind: K }>;

// --- Edges --------------------------------------------------------------------------------------

export const exceptionTriggerSchema = z.discriminatedUnion("type", [
  /** A business or connector error; without a code it catches any error. */
  z.object({ type: z.literal("error"), code: z.string().trim().min(1).optional() }),
  z.object({ type: z.literal("timeout") }),
  z.object({ type: z.literal("rejection") }),
  z.object({ type: z.literal("escalation") }),
]);
export type ExceptionTrigger = z.infer<typeof exceptionTriggerSchema>;

const edgeBase = {
  id: idSchema,
  source: idSchema,
  target: idSchema,
  label: z.string().max(120).optional(),
};

export const edgeSchema = z.discriminatedUnion("type", [
  z.object({ ...edgeBase, type: z.literal("normal") }),
  z.object({ ...edgeBase, type: z.literal("conditional"), condition: feelSchema }),
  z.object({ ...edgeBase, type: z.literal("default") }),
  z.object({ ...edgeBase, type: z.literal("exception"), on: exceptionTriggerSchema }),
]);
export type WorkflowEdge = z.infer<typeof edgeSchema>;

// --- The definition -----------------------------------------------------------------------------

export const definitionSchema = z.object({
  schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
  key: z
    .string()
    .min(2, "Key must be at least 2 characters")
    .max(64, "Key must be at most 64 characters")
    .regex(
      /^[a-z][a-z0-9-]*$/,
      "Key may contain lowercase letters, digits and dashes, starting with a letter",
    ),
  name: z.string().trim().min(1, "Name is required").max(120),
  description: z.string().max(2000).default(""),
  nodes: z.array(nodeSchema).max(2000, "At most 2000 nodes"),
  edges: z.array(edgeSchema).max(4000, "At most 4000 edges"),
});
export type Definition = z.infer<typeof definitionSchema>;
/** What may be written (defaults not yet applied). */
export type DefinitionInput = z.input<typeof definitionSchema>;
