// Property tests (fast-check): random event sequences over every golden definition. The same inputs
// always give deep-equal outputs; tokens are never lost or doubled on a node; nobody approves twice
// or approves their own request; every command and state matches its schema.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  commandSchema,
  instanceStateSchema,
  start,
  step,
  type CompiledWorkflow,
  type EngineEventInput,
  type InstanceState,
  type JsonObject,
  type StepResult,
} from "@/engine";
import { compiled, fixtureNames } from "./fixtures";

const T0 = "2026-03-02T08:00:00.000Z";
const REQUESTER = "req";
const roles = ["manager", "director", "support", "ops-lead", "buyer", "fraud", "finance"];
const people = [REQUESTER, "p1", "p2", "p3", "ana", "ben", "cy", "cfo", "boss"];

const inputs: Record<string, JsonObject[]> = {
  "compensation.json": [{ orderId: "SO-1", sku: "SKU-1", quantity: 2, amount: 80 }],
  "connector-retry.json": [{ supplier: "ACME", amount: 1200 }],
  "parallel-timer.json": [{ orderId: "SO-1" }],
  "purchase-approval.json": [
    { amount: 500, supplier: "ACME" },
    { amount: 5000, supplier: "ACME" },
    { amount: 25000, supplier: "ACME" },
  ],
  "quorum.json": [{ supplier: "Nordic" }],
  "sla-escalation.json": [{ orderId: "SO-1" }],
  "subworkflow.json": [{ customerId: "C-1", amount: 3000 }],
  "wait-for-event.json": [{ invoiceId: "INV-1" }],
};

/** Every event that could plausibly arrive now, including ones the engine must refuse. */
function candidates(state: InstanceState): EngineEventInput[] {
  const events: EngineEventInput[] = [];
  for (const task of Object.values(state.tasks)) {
    for (const id of people) {
      const actor = { id, roles };
      events.push({
        type: "task.completed",
        taskId: task.id,
        actor,
        decision: "approved",
        formData: { costCenter: "CC-1" },
      });
      events.push({ type: "task.completed", taskId: task.id, actor, decision: "approved" });
      events.push({
        type: "task.completed",
        taskId: task.id,
        actor,
        decision: "rejected",
        reason: "No budget",
      });
      events.push({ type: "task.completed", taskId: task.id, actor, decision: "rejected" });
    }
  }
  for (const timerId of Object.keys(state.timers)) events.push({ type: "timer.fired", timerId });
  const callIds = state.tokens.flatMap((token) =>
    token.wait?.type === "connector" ? [token.wait.callId] : [],
  );
  if (state.compensation?.current) callIds.push(state.compensation.current.callId);
  for (const callId of callIds) {
    events.push({ type: "connector.succeeded", callId, output: { id: "X-1" } });
    events.push({ type: "connector.failed", callId, code: "UNAVAILABLE", retryable: true });
    events.push({ type: "connector.failed", callId, code: "REFUSED", retryable: false });
  }
  for (const token of state.tokens) {
    if (token.wait?.type === "message") {
      events.push({
        type: "message.received",
        name: token.wait.message,
        correlationKey: token.wait.correlationKey,
        payload: { ok: true },
      });
      events.push({
        type: "message.received",
        name: token.wait.message,
        correlationKey: "other",
        payload: null,
      });
    }
    if (token.wait?.type === "subworkflow") {
      events.push({
        type: "subworkflow.ended",
        callId: token.wait.callId,
        status: "completed",
        variables: { limit: 5000, exposure: 3000 },
      });
      events.push({ type: "subworkflow.ended", callId: token.wait.callId, status: "failed" });
    }
    if (token.wait?.type === "incident") {
      events.push({ type: "incident.retry", tokenId: token.id });
      events.push({ type: "incident.resolved", tokenId: token.id, output: { byHand: true } });
    }
  }
  events.push({ type: "instance.cancel", reason: "random cancel" });
  events.push({ type: "timer.fired", timerId: "stale-timer" });
  return events;
}

interface Trace {
  results: StepResult[];
}

/** Starts `name` with the chosen input and applies events picked by `choices`, checking invariants after every step. */
function drive(
  workflow: CompiledWorkflow,
  input: JsonObject,
  choices: number[],
  check: (state: InstanceState, result: StepResult) => void,
): Trace {
  const first = start(workflow, input, {
    now: T0,
    instanceId: "i1",
    requester: REQUESTER,
    requesterManager: "boss",
  });
  const results: StepResult[] = [first];
  if (!first.ok) throw new Error(`start rejected: ${first.rejection.message}`);
  check(first.state, first);
  let state = first.state;
  let clock = Date.parse(T0);
  for (const choice of choices) {
    if (state.endedAt !== null) break;
    const options = candidates(state);
    const event = options[choice % options.length]!;
    clock += 60_000;
    const result = step(workflow, state, event, { now: new Date(clock).toISOString() });
    results.push(result);
    if (!result.ok) expect(result.state).toBe(state);
    state = result.state;
    check(state, result);
  }
  return { results };
}

function checkInvariants(state: InstanceState, result: StepResult): void {
  expect(instanceStateSchema.safeParse(state).success).toBe(true);
  if (result.ok)
    for (const command of result.commands) expect(commandSchema.safeParse(command).success).toBe(true);

  // Never two tokens on one step.
  const nodes = state.tokens.map((token) => token.nodeId);
  expect(new Set(nodes).size).toBe(nodes.length);

  const ended = state.endedAt !== null;
  const waitingAtJoins = Object.values(state.joins).flat().length;
  if (ended) {
    expect(["completed", "failed", "cancelled"]).toContain(state.status);
    expect(state.tokens).toEqual([]);
    expect(state.tasks).toEqual({});
    expect(state.timers).toEqual({});
  } else if (state.compensation === null) {
    // A live instance always has somewhere to go on from: no token is lost.
    expect(state.tokens.length).toBeGreaterThan(0);
    for (const token of state.tokens) expect(token.wait).not.toBeNull();
  } else {
    expect(state.tokens.length + waitingAtJoins).toBe(0);
  }

  // Every task and timer belongs to something that waits for it.
  for (const task of Object.values(state.tasks)) {
    const token = state.tokens.find((entry) => entry.id === task.tokenId);
    expect(token?.wait?.type).toBe("approval");
    if (token?.wait?.type === "approval") expect(token.wait.taskIds).toContain(task.id);
  }
  for (const timer of Object.values(state.timers)) {
    if (timer.tokenId === null) expect(state.compensation?.current?.timerId).toBe(timer.id);
    else expect(state.tokens.some((token) => token.id === timer.tokenId)).toBe(true);
  }
  for (const token of state.tokens) {
    if (token.wait?.type === "approval") {
      expect(token.wait.taskIds.some((id) => state.tasks[id] !== undefined)).toBe(true);
    }
  }

  // Four eyes: the requester never approves, and nobody approves twice in one instance.
  const approvers = state.approvals.map((approval) => approval.actor);
  expect(approvers).not.toContain(REQUESTER);
  expect(new Set(approvers).size).toBe(approvers.length);
}

const cases = fixtureNames.flatMap((name) =>
  (inputs[name] ?? []).map((input, index) => ({ name, input, label: `${name}#${index}` })),
);

describe("engine properties over random event sequences", () => {
  it("has inputs for every fixture", () => {
    expect(fixtureNames.filter((name) => !inputs[name])).toEqual([]);
  });

  it.each(cases)("$label: the same inputs always give deep-equal outputs", ({ name, input }) => {
    const workflow = compiled(name);
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 30 }), (choices) => {
        const noCheck = () => undefined;
        const first = drive(workflow, input, choices, noCheck);
        const second = drive(compiled(name), structuredClone(input), [...choices], noCheck);
        expect(second.results).toEqual(first.results);
      }),
      { numRuns: 40 },
    );
  });

  it.each(cases)("$label: never loses or doubles a token, never breaks four-eyes", ({ name, input }) => {
    const workflow = compiled(name);
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 40 }), (choices) => {
        drive(workflow, input, choices, checkInvariants);
      }),
      { numRuns: 150 },
    );
  });
});
