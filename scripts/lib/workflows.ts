// The fixed workflows the benchmark and the crash test run, on the built-in fake system.
import type { DefinitionInput } from "../../engine/index";

const retry = {
  maxAttempts: 10,
  backoffInitial: "PT0.05S",
  backoffMax: "PT0.5S",
  jitter: 0.2,
  retryOn: "retryable" as const,
};

/** start -> decision -> approval by the bot role -> fake.record -> end. */
export const benchApproval: DefinitionInput = {
  schemaVersion: 1,
  key: "bench-approval",
  name: "Benchmark approval",
  nodes: [
    { id: "start", kind: "start", input: [{ name: "amount", type: "number", required: true }] },
    {
      id: "size",
      kind: "decision",
      rule: {
        type: "expression",
        expression: 'if amount > 500 then "large" else "small"',
        outputVariable: "size",
      },
    },
    {
      id: "approve",
      kind: "approval",
      name: "Bot approval",
      levels: [{ id: "bot", assignees: [{ type: "role", role: "bot" }] }],
    },
    {
      id: "record",
      kind: "action",
      connector: "fake",
      operation: "record",
      input: { key: "string(amount)" },
      outputVariable: "effect",
      retry,
    },
    { id: "done", kind: "end" },
  ],
  edges: [
    { id: "e1", source: "start", target: "size", type: "normal" },
    { id: "e2", source: "size", target: "approve", type: "normal" },
    { id: "e3", source: "approve", target: "record", type: "normal" },
    { id: "e4", source: "record", target: "done", type: "normal" },
  ],
};

/** start -> short timer -> two calls to the fake system -> end. */
export const crashFlow: DefinitionInput = {
  schemaVersion: 1,
  key: "crash-flow",
  name: "Crash test flow",
  nodes: [
    { id: "start", kind: "start", input: [{ name: "ref", type: "string", required: true }] },
    { id: "pause", kind: "timer", timer: { type: "duration", duration: "PT0.1S" } },
    {
      id: "first",
      kind: "action",
      connector: "fake",
      operation: "record",
      input: { key: "ref" },
      outputVariable: "one",
      retry,
    },
    {
      id: "second",
      kind: "action",
      connector: "fake",
      operation: "record",
      input: { key: "ref" },
      outputVariable: "two",
      retry,
    },
    { id: "done", kind: "end" },
  ],
  edges: [
    { id: "e1", source: "start", target: "pause", type: "normal" },
    { id: "e2", source: "pause", target: "first", type: "normal" },
    { id: "e3", source: "first", target: "second", type: "normal" },
    { id: "e4", source: "second", target: "done", type: "normal" },
  ],
};

/** Purchase orders approved by business-role queues, level by level (the inbox benchmark's history). */
export const purchaseOrderApproval: DefinitionInput = {
  schemaVersion: 1,
  key: "purchase-order",
  name: "Purchase order approval",
  nodes: [
    {
      id: "start",
      kind: "start",
      input: [
        { name: "item", type: "string", required: true },
        { name: "supplier", type: "string", required: true },
        { name: "amount", type: "number", required: true },
        { name: "currency", type: "string", required: true },
        { name: "store", type: "string" },
      ],
    },
    {
      id: "approve",
      kind: "approval",
      name: "Purchase order approval",
      mode: "sequential",
      levels: [
        { id: "buyer", name: "Buyer", assignees: [{ type: "role", role: "buyer" }] },
        { id: "category", name: "Category manager", assignees: [{ type: "role", role: "category-manager" }] },
        { id: "finance", name: "Finance", assignees: [{ type: "role", role: "finance" }] },
      ],
      dueIn: "P2D",
      form: [{ name: "costCenter", label: "Cost center", type: "string", required: true }],
      resultVariable: "approval",
    },
    { id: "approved", kind: "end" },
    { id: "rejected", kind: "end", outcome: "rejected" },
  ],
  edges: [
    { id: "e1", source: "start", target: "approve", type: "normal" },
    { id: "e2", source: "approve", target: "approved", type: "normal" },
    { id: "e3", source: "approve", target: "rejected", type: "exception", on: { type: "rejection" } },
  ],
};
