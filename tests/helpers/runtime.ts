// Runtime test kit: definitions on the fake connector, publishing them into a test database, a
// controllable clock, and workers wired to the fake system.
import { randomUUID } from "node:crypto";
import { definitionSchema, type DefinitionInput } from "@/engine";
import { createFakeConnector, memoryEffectStore, type EffectStore } from "@/server/connectors/fake";
import { ConnectorRegistry } from "@/server/connectors/registry";
import type { Connector } from "@/server/connectors/types";
import type { Db } from "@/server/db/client";
import type { DatabaseKind } from "@/server/db/url";
import { Worker, type WorkerOptions } from "@/server/runtime/worker";

export class TestClock {
  constructor(public current = new Date("2026-06-01T09:00:00.000Z")) {}
  now = (): Date => new Date(this.current.getTime());
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** Publishes `definition` as the next version of its workflow (creating the workflow if needed). */
export async function publish(
  db: Db,
  definition: DefinitionInput,
): Promise<{ definitionId: string; versionId: string; version: number }> {
  const parsed = definitionSchema.parse(definition);
  const workflow =
    (await db.workflowDefinition.findUnique({ where: { key: parsed.key }, select: { id: true } })) ??
    (await db.workflowDefinition.create({
      data: { id: randomUUID(), key: parsed.key, name: parsed.name, draft: parsed },
      select: { id: true },
    }));
  const last = await db.workflowVersion.findFirst({
    where: { definitionId: workflow.id },
    orderBy: { version: "desc" },
    select: { version: true },
  });
  const version = (last?.version ?? 0) + 1;
  const created = await db.workflowVersion.create({
    data: {
      id: randomUUID(),
      definitionId: workflow.id,
      version,
      definition: parsed,
      checksum: `test-${version}`,
    },
    select: { id: true },
  });
  return { definitionId: workflow.id, versionId: created.id, version };
}

const base = { schemaVersion: 1 as const };

/** start(amount) -> decision -> approval by role approver -> fake.record -> end. */
export const approvalWithCall: DefinitionInput = {
  ...base,
  key: "approval-with-call",
  name: "Approval with a call",
  nodes: [
    { id: "start", kind: "start", input: [{ name: "amount", type: "number", required: true }] },
    {
      id: "size",
      kind: "decision",
      rule: {
        type: "expression",
        expression: 'if amount > 1000 then "large" else "small"',
        outputVariable: "size",
      },
    },
    {
      id: "approve",
      kind: "approval",
      name: "Approve order",
      levels: [{ id: "l1", assignees: [{ type: "role", role: "approver" }] }],
    },
    {
      id: "record",
      kind: "action",
      connector: "fake",
      operation: "record",
      input: { key: "string(amount)" },
      outputVariable: "effect",
      retry: {
        maxAttempts: 5,
        backoffInitial: "PT1S",
        backoffMax: "PT10S",
        jitter: 0.2,
        retryOn: "retryable",
      },
    },
    { id: "done", kind: "end" },
    { id: "rejected", kind: "end", outcome: "rejected" },
  ],
  edges: [
    { id: "e1", source: "start", target: "size", type: "normal" },
    { id: "e2", source: "size", target: "approve", type: "normal" },
    { id: "e3", source: "approve", target: "record", type: "normal" },
    { id: "e4", source: "record", target: "done", type: "normal" },
    { id: "r1", source: "approve", target: "rejected", type: "exception", on: { type: "rejection" } },
  ],
};

/** start -> timer PT1H -> fake.record -> end. */
export const timerThenCall: DefinitionInput = {
  ...base,
  key: "timer-then-call",
  name: "Timer then call",
  nodes: [
    { id: "start", kind: "start", input: [{ name: "ref", type: "string", required: true }] },
    { id: "wait", kind: "timer", timer: { type: "duration", duration: "PT1H" } },
    { id: "record", kind: "action", connector: "fake", operation: "record", input: { key: "ref" } },
    { id: "done", kind: "end" },
  ],
  edges: [
    { id: "e1", source: "start", target: "wait", type: "normal" },
    { id: "e2", source: "wait", target: "record", type: "normal" },
    { id: "e3", source: "record", target: "done", type: "normal" },
  ],
};

/** start(orderId) -> wait for "payment.received" keyed by orderId (timeout P1D -> failed end). */
export const awaitPayment: DefinitionInput = {
  ...base,
  key: "await-payment",
  name: "Await payment",
  nodes: [
    { id: "start", kind: "start", input: [{ name: "orderId", type: "string", required: true }] },
    {
      id: "paid",
      kind: "wait",
      message: "payment.received",
      correlationKey: "orderId",
      timeout: "P1D",
      outputVariable: "payment",
    },
    { id: "done", kind: "end" },
    { id: "late", kind: "end", outcome: "failed" },
  ],
  edges: [
    { id: "e1", source: "start", target: "paid", type: "normal" },
    { id: "e2", source: "paid", target: "done", type: "normal" },
    { id: "t1", source: "paid", target: "late", type: "exception", on: { type: "timeout" } },
  ],
};

/** start -> fake.record with two attempts and no exception path (so failures open incidents). */
export const callWithoutFallback: DefinitionInput = {
  ...base,
  key: "call-without-fallback",
  name: "Call without fallback",
  nodes: [
    { id: "start", kind: "start", input: [{ name: "ref", type: "string", required: true }] },
    {
      id: "record",
      kind: "action",
      connector: "fake",
      operation: "record",
      input: { key: "ref" },
      outputVariable: "effect",
      retry: { maxAttempts: 2, backoffInitial: "PT5S", backoffMax: "PT5S", jitter: 0, retryOn: "retryable" },
    },
    { id: "done", kind: "end" },
  ],
  edges: [
    { id: "e1", source: "start", target: "record", type: "normal" },
    { id: "e2", source: "record", target: "done", type: "normal" },
  ],
};

/** A parent calling `child-credit` and mapping its result back. */
export const parentFlow: DefinitionInput = {
  ...base,
  key: "parent-flow",
  name: "Parent",
  nodes: [
    { id: "start", kind: "start", input: [{ name: "amount", type: "number", required: true }] },
    {
      id: "call",
      kind: "subworkflow",
      definitionKey: "child-credit",
      inputs: { exposure: "amount" },
      outputs: { limit: "limit" },
    },
    { id: "done", kind: "end" },
  ],
  edges: [
    { id: "e1", source: "start", target: "call", type: "normal" },
    { id: "e2", source: "call", target: "done", type: "normal" },
  ],
};

export const childFlow: DefinitionInput = {
  ...base,
  key: "child-credit",
  name: "Child credit check",
  nodes: [
    { id: "start", kind: "start", input: [{ name: "exposure", type: "number", required: true }] },
    { id: "calc", kind: "set", assignments: [{ variable: "limit", expression: "exposure * 2" }] },
    { id: "done", kind: "end" },
  ],
  edges: [
    { id: "e1", source: "start", target: "calc", type: "normal" },
    { id: "e2", source: "calc", target: "done", type: "normal" },
  ],
};

/** A registry holding the fake system (plus any extra connectors). */
export function fakeRegistry(
  options: {
    store?: EffectStore;
    failureRate?: number;
    latencyMs?: number;
    random?: () => number;
    extra?: Connector[];
  } = {},
) {
  const fake = createFakeConnector({
    store: options.store ?? memoryEffectStore(),
    failureRate: options.failureRate,
    latencyMs: options.latencyMs,
    random: options.random,
  });
  return { fake, registry: new ConnectorRegistry([fake, ...(options.extra ?? [])]) };
}

/** A worker on `db` with the test clock, quiet logs and no lease renewal. */
export function testWorker(
  db: Db,
  kind: DatabaseKind,
  clock: TestClock,
  registry: ConnectorRegistry,
  options: WorkerOptions = {},
) {
  return new Worker(
    { db, kind, now: clock.now, connectors: registry, notifier: { send: () => Promise.resolve() } },
    { renewEveryMs: 0, log: () => undefined, ...options },
  );
}

/** Ticks the worker until nothing is due (bounded). */
export async function drainWorker(worker: Worker, rounds = 50): Promise<number> {
  let total = 0;
  for (let round = 0; round < rounds; round += 1) {
    const handled = await worker.tick();
    total += handled;
    if (handled === 0) return total;
  }
  throw new Error("The worker never ran out of due work");
}
