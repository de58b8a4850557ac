// The pure workflow interpreter: start() and step() take a compiled definition, an instance's state
// and an event, and return the next state and the commands to carry out. Nothing is executed here:
// time comes in through `env.now`, and every id is derived from the instance id and a counter.
//
// Execution is token based (as in BPMN engines): a token sits on each active step; parallel splits
// create one token per branch and joins wait for a token on every incoming path. Graphs drawn on a
// canvas are not block-structured, which is why this is an interpreter over the graph rather than an
// XState machine; it follows XState's pure transition model (state + event -> state + actions).
import type { NodeOfKind, WorkflowEdge, WorkflowNode } from "../definition/schema";
import { evaluateDecisionTable } from "../decision-table";
import { addMilliseconds, parseDuration } from "../expr/duration";
import { evaluateFeel, evaluateTemplate } from "../expr/feel";
import { flowEdges } from "../graph";
import type { JsonObject, JsonValue } from "../json";
import type { Command } from "./commands";
import type { CompiledWorkflow } from "./compile";
import { eventSchema, type Actor, type EngineEvent, type EngineEventInput } from "./events";
import { checkFields, type FieldErrors } from "./forms";
import type { InstanceState, TaskState, Token } from "./state";

export interface StartEnv {
  /** The current time, ISO-8601 UTC. */
  now: string;
  /** A unique id for the new instance; every other id is derived from it. */
  instanceId: string;
  /** The person (user id) who started the instance, for the four-eyes rules. */
  requester?: string | null;
  /** The requester's manager, for escalations that reassign to the manager. */
  requesterManager?: string | null;
}

export interface StepEnv {
  now: string;
}

export const rejectionCodes = [
  "INVALID_EVENT",
  "INPUT_INVALID",
  "INSTANCE_ENDED",
  "TASK_NOT_OPEN",
  "NOT_ASSIGNEE",
  "FOUR_EYES_REQUESTER",
  "FOUR_EYES_REPEAT",
  "FORM_INVALID",
  "REASON_REQUIRED",
  "UNKNOWN_CALL",
  "STALE_TIMER",
  "NO_MATCHING_WAIT",
  "NO_INCIDENT",
  "DELEGATE_INVALID",
] as const;
export type RejectionCode = (typeof rejectionCodes)[number];

/** Why an event or a start was refused; the state is unchanged. */
export interface Rejection {
  code: RejectionCode;
  message: string;
  nodeId?: string;
  fieldErrors?: FieldErrors;
}

export type StepResult =
  | { ok: true; state: InstanceState; commands: Command[] }
  | { ok: false; state: InstanceState; rejection: Rejection };

class Rejected extends Error {
  constructor(readonly rejection: Rejection) {
    super(rejection.message);
  }
}

type Trigger =
  { type: "error"; code: string } | { type: "timeout" } | { type: "rejection" } | { type: "escalation" };

interface Run {
  compiled: CompiledWorkflow;
  state: InstanceState;
  commands: Command[];
  now: string;
  queue: string[];
}

// --- Small helpers ------------------------------------------------------------------------------

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function newId(run: Run, prefix: string): string {
  run.state.seq += 1;
  return `${run.state.instanceId}.${prefix}${run.state.seq}`;
}

function nodeOf(run: Run, id: string): WorkflowNode {
  const node = run.compiled.graph.nodes[id];
  if (!node) throw new Error(`Unknown node ${id}`);
  return node;
}

function tokenById(run: Run, id: string): Token | undefined {
  return run.state.tokens.find((token) => token.id === id);
}

function feelScope(run: Run): Record<string, JsonValue> {
  return { ...run.state.variables, requester: run.state.requester };
}

function evaluate(
  run: Run,
  expression: string,
): { ok: true; value: JsonValue } | { ok: false; message: string } {
  return evaluateFeel(expression, feelScope(run), run.now);
}

function durationMs(iso: string): number {
  const ms = parseDuration(iso);
  if (ms === null) throw new Error(`Invalid duration ${iso} passed validation`);
  return ms;
}

/** FNV-1a: a deterministic spread in [0, 1) for jitter, from the call's identity. */
function spread(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash / 0x100000000;
}

/** Delay before retry number `attempt + 1`: exponential from the base, capped, with jitter. */
export function backoffMs(policy: NodeOfKind<"action">["retry"], attempt: number, identity: string): number {
  const base = durationMs(policy.backoffInitial);
  const cap = durationMs(policy.backoffMax);
  const raw = Math.min(base * 2 ** (attempt - 1), cap);
  const factor = 1 + policy.jitter * (2 * spread(`${identity}#${attempt}`) - 1);
  return Math.max(0, Math.round(raw * factor));
}

function idempotencyKey(run: Run, nodeId: string, activation: number): string {
  return `${run.state.instanceId}:${nodeId}:${activation}`;
}

function toText(value: JsonValue): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

// --- Moving tokens ------------------------------------------------------------------------------

function enterNode(run: Run, token: Token, nodeId: string, via: string | null): void {
  const activation = (run.state.activations[nodeId] ?? 0) + 1;
  run.state.activations[nodeId] = activation;
  token.nodeId = nodeId;
  token.activation = activation;
  token.enteredAt = run.now;
  token.wait = null;
  run.state.path.push({ nodeId, tokenId: token.id, via, at: run.now });
  run.queue.push(token.id);
}

function follow(run: Run, token: Token, edge: WorkflowEdge): void {
  const target = nodeOf(run, edge.target);
  if (target.kind === "join") {
    arriveAtJoin(run, token, target, edge);
    return;
  }
  enterNode(run, token, edge.target, edge.id);
}

function removeToken(run: Run, token: Token): void {
  run.state.tokens = run.state.tokens.filter((entry) => entry.id !== token.id);
}

function arriveAtJoin(run: Run, token: Token, join: WorkflowNode, edge: WorkflowEdge): void {
  const arrived = run.state.joins[join.id] ?? [];
  if (arrived.includes(edge.id)) throw new Error(`Two tokens arrived at join ${join.id} on ${edge.id}`);
  arrived.push(edge.id);
  removeToken(run, token);
  const expected = flowEdges(run.compiled.graph.incoming[join.id] ?? []).map((entry) => entry.id);
  if (expected.every((id) => arrived.includes(id))) {
    delete run.state.joins[join.id];
    const merged: Token = {
      id: newId(run, "k"),
      nodeId: join.id,
      activation: 0,
      enteredAt: run.now,
      wait: null,
    };
    run.state.tokens.push(merged);
    enterNode(run, merged, join.id, edge.id);
  } else {
    run.state.joins[join.id] = arrived;
  }
}

/** Leaves a node along its normal flow: every branch of a split, else the first true condition. */
function leave(run: Run, token: Token): void {
  const node = nodeOf(run, token.nodeId);
  const edges = flowEdges(run.compiled.graph.outgoing[node.id] ?? []);
  token.wait = null;
  if (node.kind === "split") {
    removeToken(run, token);
    for (const edge of edges) {
      const branch: Token = {
        id: newId(run, "k"),
        nodeId: node.id,
        activation: token.activation,
        enteredAt: run.now,
        wait: null,
      };
      run.state.tokens.push(branch);
      follow(run, branch, edge);
    }
    return;
  }
  for (const edge of edges) {
    if (edge.type !== "conditional") continue;
    const result = evaluate(run, edge.condition);
    if (!result.ok) {
      raise(
        run,
        token,
        { type: "error", code: "EXPRESSION_FAILED" },
        `Condition "${edge.condition}": ${result.message}`,
      );
      return;
    }
    if (result.value === true) {
      follow(run, token, edge);
      return;
    }
  }
  const fallback =
    edges.find((edge) => edge.type === "default") ?? edges.find((edge) => edge.type === "normal");
  if (!fallback) {
    raise(run, token, { type: "error", code: "NO_PATH" }, `No condition of ${node.name || node.id} was true`);
    return;
  }
  follow(run, token, fallback);
}

// --- Releasing what a token waits for ------------------------------------------------------------

function cancelTimer(run: Run, timerId: string | null): void {
  if (!timerId || !run.state.timers[timerId]) return;
  delete run.state.timers[timerId];
  run.commands.push({ type: "timer.cancel", timerId });
}

function closeTask(run: Run, task: TaskState, reason: "decided" | "escalated" | "terminated" | null): void {
  delete run.state.tasks[task.id];
  cancelTimer(run, task.timerId);
  if (reason) run.commands.push({ type: "task.cancel", taskId: task.id, reason });
}

/** Cancels everything the token waits for (tasks, timers, subscriptions, child instances). */
function release(run: Run, token: Token, taskReason: "escalated" | "terminated"): void {
  const wait = token.wait;
  token.wait = null;
  if (!wait) return;
  switch (wait.type) {
    case "approval":
      for (const taskId of wait.taskIds) {
        const task = run.state.tasks[taskId];
        if (task) closeTask(run, task, taskReason);
      }
      return;
    case "connector":
      cancelTimer(run, wait.timerId);
      return;
    case "timer":
      cancelTimer(run, wait.timerId);
      return;
    case "message":
      cancelTimer(run, wait.timerId);
      run.commands.push({ type: "message.unsubscribe", subscriptionId: token.id });
      return;
    case "subworkflow":
      run.commands.push({ type: "subworkflow.cancel", callId: wait.callId });
      return;
    case "incident":
      return;
  }
}

function matchesTrigger(edge: WorkflowEdge, trigger: Trigger, exact: boolean): boolean {
  if (edge.type !== "exception" || edge.on.type !== trigger.type) return false;
  if (edge.on.type !== "error" || trigger.type !== "error") return true;
  return exact ? edge.on.code === trigger.code : edge.on.code === undefined;
}

/**
 * Routes a token along the exception path for `trigger` (an error code matches a path for that code
 * first, then one for any error). Without such a path: a rejection ends the instance as rejected, a
 * connector error opens an incident, anything else fails the instance.
 */
function raise(
  run: Run,
  token: Token,
  trigger: Trigger,
  message: string,
  options: { incident?: boolean } = {},
): void {
  const edges = run.compiled.graph.outgoing[token.nodeId] ?? [];
  const edge =
    edges.find((entry) => matchesTrigger(entry, trigger, true)) ??
    edges.find((entry) => matchesTrigger(entry, trigger, false));
  if (edge) {
    release(run, token, trigger.type === "escalation" ? "escalated" : "terminated");
    follow(run, token, edge);
    return;
  }
  if (trigger.type === "rejection") {
    terminate(run, "rejected", null);
    return;
  }
  const code = trigger.type === "error" ? trigger.code : trigger.type.toUpperCase();
  if (options.incident) {
    release(run, token, "terminated");
    token.wait = { type: "incident", code, message };
    run.commands.push({ type: "incident.open", tokenId: token.id, nodeId: token.nodeId, code, message });
    return;
  }
  terminate(run, "failed", { code, message, nodeId: token.nodeId });
}

// --- Ending -------------------------------------------------------------------------------------

function finish(
  run: Run,
  outcome: "completed" | "rejected" | "failed" | "cancelled",
  error: InstanceState["error"],
  reason = "",
): void {
  const state = run.state;
  state.outcome = outcome;
  state.status = outcome === "rejected" ? "completed" : outcome;
  state.endedAt = run.now;
  state.error = error;
  state.compensation = null;
  run.queue = [];
  const variables = clone(state.variables);
  if (outcome === "completed" || outcome === "rejected")
    run.commands.push({ type: "instance.completed", outcome, variables });
  else if (outcome === "failed") {
    run.commands.push({
      type: "instance.failed",
      code: error?.code ?? "FAILED",
      message: error?.message ?? "",
      nodeId: error?.nodeId ?? null,
      variables,
    });
  } else run.commands.push({ type: "instance.cancelled", reason, variables });
}

/** Stops every token; a failure or cancellation first compensates completed actions, newest first. */
function terminate(
  run: Run,
  outcome: "completed" | "rejected" | "failed" | "cancelled",
  error: InstanceState["error"],
  reason = "",
): void {
  for (const token of [...run.state.tokens]) release(run, token, "terminated");
  run.state.tokens = [];
  run.state.joins = {};
  run.queue = [];
  if (outcome === "failed" || outcome === "cancelled") {
    const queue = [...run.state.completedActions].reverse();
    if (queue.length > 0) {
      run.state.compensation = { reason: outcome, queue, current: null, failures: [], error };
      if (outcome === "cancelled" && reason)
        run.state.error = { code: "CANCELLED", message: reason, nodeId: null };
      nextCompensation(run);
      return;
    }
  }
  finish(run, outcome, error, reason);
}

function nextCompensation(run: Run): void {
  const compensation = run.state.compensation;
  if (!compensation) return;
  const next = compensation.queue.shift();
  if (!next) {
    const reason = compensation.reason === "cancelled" ? (run.state.error?.message ?? "") : "";
    finish(run, compensation.reason, compensation.error, reason);
    return;
  }
  callCompensation(run, next.nodeId, next.activation, 1);
}

function callCompensation(run: Run, nodeId: string, activation: number, attempt: number): void {
  const compensation = run.state.compensation!;
  const node = nodeOf(run, nodeId);
  if (node.kind !== "action" || !node.compensation) throw new Error(`${nodeId} has no compensation`);
  const input: JsonObject = {};
  for (const [field, expression] of Object.entries(node.compensation.input)) {
    const result = evaluate(run, expression);
    if (!result.ok) {
      compensation.failures.push({
        nodeId,
        code: "EXPRESSION_FAILED",
        message: `${field}: ${result.message}`,
      });
      compensation.current = null;
      nextCompensation(run);
      return;
    }
    input[field] = result.value;
  }
  const callId = newId(run, "c");
  compensation.current = { nodeId, activation, callId, attempt, timerId: null };
  run.commands.push({
    type: "connector.call",
    callId,
    nodeId,
    connector: node.connector,
    operation: node.compensation.operation,
    input,
    attempt,
    idempotencyKey: `${idempotencyKey(run, nodeId, activation)}:compensate`,
    timeoutMs: durationMs(node.timeout),
    compensation: true,
  });
}

// --- Executing nodes ----------------------------------------------------------------------------

function resolvePeople(run: Run, assignees: NodeOfKind<"approval">["levels"][number]["assignees"]) {
  const users: string[] = [];
  const roles: string[] = [];
  for (const assignee of assignees) {
    if (assignee.type === "user") users.push(assignee.userId);
    else if (assignee.type === "role") roles.push(assignee.role);
    else {
      const result = evaluate(run, assignee.expression);
      if (!result.ok)
        return {
          ok: false as const,
          message: `Approver expression "${assignee.expression}": ${result.message}`,
        };
      const values = Array.isArray(result.value) ? result.value : [result.value];
      for (const value of values) {
        const text = toText(value);
        if (text === null || text === "") {
          return {
            ok: false as const,
            message: `Approver expression "${assignee.expression}" did not give user ids`,
          };
        }
        users.push(text);
      }
    }
  }
  return { ok: true as const, users: [...new Set(users)], roles: [...new Set(roles)] };
}

function openLevel(
  run: Run,
  token: Token,
  node: NodeOfKind<"approval">,
  level: number,
  decisions: Extract<Token["wait"], { type: "approval" }>["decisions"],
): void {
  const definitionLevel = node.levels[level];
  if (!definitionLevel) throw new Error(`Approval ${node.id} has no level ${level}`);
  const people = resolvePeople(run, definitionLevel.assignees);
  if (!people.ok) {
    raise(run, token, { type: "error", code: "EXPRESSION_FAILED" }, people.message);
    return;
  }
  if (people.users.length + people.roles.length === 0) {
    raise(
      run,
      token,
      { type: "error", code: "NO_APPROVERS" },
      `Level ${level + 1} of ${node.name || node.id} has nobody to approve`,
    );
    return;
  }
  const slots =
    node.mode === "parallel"
      ? [
          ...people.users.map((user) => ({ users: [user], roles: [] as string[] })),
          ...people.roles.map((role) => ({ users: [] as string[], roles: [role] })),
        ]
      : [{ users: people.users, roles: people.roles }];
  let required = 1;
  if (node.mode === "parallel") {
    if (node.completion.type === "all") required = slots.length;
    if (node.completion.type === "quorum") required = node.completion.count;
  }
  if (required > slots.length) {
    raise(
      run,
      token,
      { type: "error", code: "QUORUM_IMPOSSIBLE" },
      `A quorum of ${required} needs more than ${slots.length} approvers`,
    );
    return;
  }
  const dueAt = node.dueIn ? addMilliseconds(run.now, durationMs(node.dueIn)) : null;
  const title =
    node.mode === "sequential" && definitionLevel.name
      ? `${node.name || "Approval"}: ${definitionLevel.name}`
      : node.name || "Approval";
  const taskIds: string[] = [];
  for (const slot of slots) {
    const taskId = newId(run, "t");
    taskIds.push(taskId);
    const task: TaskState = {
      id: taskId,
      tokenId: token.id,
      nodeId: node.id,
      level,
      assignees: slot.users,
      candidateRoles: slot.roles,
      dueAt,
      escalationLevel: 0,
      timerId: null,
      openedAt: run.now,
    };
    run.state.tasks[taskId] = task;
    run.commands.push({
      type: "task.open",
      taskId,
      nodeId: node.id,
      title,
      level,
      levelName: definitionLevel.name,
      assignees: slot.users,
      candidateRoles: slot.roles,
      dueAt,
      form: node.form,
    });
    scheduleEscalation(run, task, node, 0);
  }
  token.wait = { type: "approval", level, required, taskIds, decisions };
}

function scheduleEscalation(run: Run, task: TaskState, node: NodeOfKind<"approval">, step: number): void {
  const ladderStep = node.escalation[step];
  if (!ladderStep || !task.dueAt) return;
  const at = addMilliseconds(task.dueAt, durationMs(ladderStep.after));
  const timerId = newId(run, "m");
  const dueAt = at > run.now ? at : run.now;
  run.state.timers[timerId] = {
    id: timerId,
    nodeId: node.id,
    tokenId: task.tokenId,
    purpose: "escalation",
    dueAt,
    taskId: task.id,
    step,
  };
  task.timerId = timerId;
  run.commands.push({ type: "timer.schedule", timerId, nodeId: node.id, dueAt, purpose: "escalation" });
}

function callAction(run: Run, token: Token, node: NodeOfKind<"action">, attempt: number): void {
  const input: JsonObject = {};
  for (const [field, expression] of Object.entries(node.input)) {
    const result = evaluate(run, expression);
    if (!result.ok) {
      raise(run, token, { type: "error", code: "EXPRESSION_FAILED" }, `Input "${field}": ${result.message}`);
      return;
    }
    input[field] = result.value;
  }
  const callId = newId(run, "c");
  token.wait = { type: "connector", callId, attempt, phase: "calling", timerId: null };
  run.commands.push({
    type: "connector.call",
    callId,
    nodeId: node.id,
    connector: node.connector,
    operation: node.operation,
    input,
    attempt,
    idempotencyKey: idempotencyKey(run, node.id, token.activation),
    timeoutMs: durationMs(node.timeout),
    compensation: false,
  });
}

function scheduleTimer(
  run: Run,
  token: Token | null,
  nodeId: string,
  dueAt: string,
  purpose: "timer" | "retry" | "message-timeout",
): string {
  const timerId = newId(run, "m");
  run.state.timers[timerId] = {
    id: timerId,
    nodeId,
    tokenId: token?.id ?? null,
    purpose,
    dueAt,
    taskId: null,
    step: null,
  };
  run.commands.push({ type: "timer.schedule", timerId, nodeId, dueAt, purpose });
  return timerId;
}

function execute(run: Run, token: Token): void {
  const node = nodeOf(run, token.nodeId);
  switch (node.kind) {
    case "start":
    case "join":
      leave(run, token);
      return;
    case "split":
      leave(run, token);
      return;
    case "end": {
      removeToken(run, token);
      if (node.outcome === "completed") {
        if (run.state.tokens.length === 0) {
          if (Object.keys(run.state.joins).length > 0) {
            terminate(run, "failed", {
              code: "STUCK",
              message: "A join still waits but no path is running",
              nodeId: node.id,
            });
          } else finish(run, "completed", null);
        }
        return;
      }
      const error =
        node.outcome === "failed"
          ? { code: "END_FAILED", message: node.name || "Ended as failed", nodeId: node.id }
          : null;
      terminate(
        run,
        node.outcome,
        error,
        node.outcome === "cancelled" ? node.name || "Ended as cancelled" : "",
      );
      return;
    }
    case "set": {
      for (const assignment of node.assignments) {
        const result = evaluate(run, assignment.expression);
        if (!result.ok) {
          raise(
            run,
            token,
            { type: "error", code: "EXPRESSION_FAILED" },
            `${assignment.variable}: ${result.message}`,
          );
          return;
        }
        run.state.variables[assignment.variable] = result.value;
      }
      leave(run, token);
      return;
    }
    case "decision": {
      const rule = node.rule;
      if (rule.type === "expression") {
        const result = evaluate(run, rule.expression);
        if (!result.ok) {
          raise(run, token, { type: "error", code: "EXPRESSION_FAILED" }, result.message);
          return;
        }
        run.state.variables[rule.outputVariable] = result.value;
      } else if (rule.type === "table") {
        const result = evaluateDecisionTable(rule.table, feelScope(run), run.now);
        if (!result.ok) {
          raise(run, token, { type: "error", code: result.code }, result.message);
          return;
        }
        Object.assign(run.state.variables, result.outputs);
      }
      leave(run, token);
      return;
    }
    case "approval":
      openLevel(run, token, node, 0, []);
      return;
    case "action":
      callAction(run, token, node, 1);
      return;
    case "wait": {
      const key = evaluate(run, node.correlationKey);
      const text = key.ok ? toText(key.value) : null;
      if (!key.ok || text === null) {
        raise(
          run,
          token,
          { type: "error", code: "EXPRESSION_FAILED" },
          key.ok ? "The correlation key is empty" : key.message,
        );
        return;
      }
      run.commands.push({
        type: "message.subscribe",
        subscriptionId: token.id,
        nodeId: node.id,
        message: node.message,
        correlationKey: text,
      });
      const timerId = node.timeout
        ? scheduleTimer(
            run,
            token,
            node.id,
            addMilliseconds(run.now, durationMs(node.timeout)),
            "message-timeout",
          )
        : null;
      token.wait = { type: "message", message: node.message, correlationKey: text, timerId };
      return;
    }
    case "timer": {
      let dueAt: string;
      if (node.timer.type === "duration") dueAt = addMilliseconds(run.now, durationMs(node.timer.duration));
      else {
        const result = evaluate(run, node.timer.expression);
        const text = result.ok ? toText(result.value) : null;
        if (!result.ok || text === null || Number.isNaN(Date.parse(text))) {
          raise(
            run,
            token,
            { type: "error", code: "EXPRESSION_FAILED" },
            result.ok ? "The timer expression did not give a date and time" : result.message,
          );
          return;
        }
        dueAt = new Date(Date.parse(text)).toISOString();
      }
      token.wait = { type: "timer", timerId: scheduleTimer(run, token, node.id, dueAt, "timer") };
      return;
    }
    case "notify": {
      const people = resolvePeople(run, node.recipients);
      const subject = evaluateTemplate(node.subject, feelScope(run), run.now);
      const body = evaluateTemplate(node.template, feelScope(run), run.now);
      const failure = !people.ok
        ? people.message
        : !subject.ok
          ? subject.message
          : !body.ok
            ? body.message
            : null;
      if (failure !== null || !people.ok || !subject.ok || !body.ok) {
        raise(run, token, { type: "error", code: "EXPRESSION_FAILED" }, failure ?? "Notification failed");
        return;
      }
      run.commands.push({
        type: "notify.send",
        notificationId: newId(run, "n"),
        nodeId: node.id,
        channel: node.channel,
        recipients: { users: people.users, roles: people.roles },
        subject: subject.value,
        body: body.value,
      });
      leave(run, token);
      return;
    }
    case "subworkflow": {
      const input: JsonObject = {};
      for (const [field, expression] of Object.entries(node.inputs)) {
        const result = evaluate(run, expression);
        if (!result.ok) {
          raise(
            run,
            token,
            { type: "error", code: "EXPRESSION_FAILED" },
            `Input "${field}": ${result.message}`,
          );
          return;
        }
        input[field] = result.value;
      }
      const callId = newId(run, "s");
      token.wait = { type: "subworkflow", callId };
      run.commands.push({
        type: "subworkflow.start",
        callId,
        nodeId: node.id,
        definitionKey: node.definitionKey,
        input,
      });
      return;
    }
  }
}

/** Steps one event may run before the instance is failed: a guard against loops that never wait. */
export const MAX_STEPS_PER_EVENT = 10_000;

function drain(run: Run): void {
  let steps = 0;
  while (run.queue.length > 0) {
    const id = run.queue.shift()!;
    const token = tokenById(run, id);
    if (!token || token.wait !== null) continue;
    steps += 1;
    if (steps > MAX_STEPS_PER_EVENT) {
      terminate(run, "failed", {
        code: "STEP_LIMIT",
        message: `More than ${MAX_STEPS_PER_EVENT} steps ran without waiting; the workflow loops`,
        nodeId: token.nodeId,
      });
      break;
    }
    execute(run, token);
  }
  const state = run.state;
  if (state.endedAt !== null) return;
  const busy = state.compensation !== null || state.tokens.some((token) => token.wait?.type === "connector");
  state.status = busy ? "running" : "waiting";
}

// --- Handling events ----------------------------------------------------------------------------

function reject(
  code: RejectionCode,
  message: string,
  extra: Omit<Rejection, "code" | "message"> = {},
): never {
  throw new Rejected({ code, message, ...extra });
}

/** Which four-eyes rule forbids `person` to approve `task`, or null when none does. */
function fourEyesBreach(
  run: Run,
  node: NodeOfKind<"approval">,
  task: TaskState,
  token: Token,
  person: string,
): "FOUR_EYES_REQUESTER" | "FOUR_EYES_REPEAT" | null {
  if (node.fourEyes.requesterMayNotApprove && run.state.requester === person) return "FOUR_EYES_REQUESTER";
  if (
    node.fourEyes.distinctApprovers &&
    run.state.approvals.some(
      (approval) =>
        (approval.actor === person || approval.onBehalfOf === person) &&
        !(
          approval.nodeId === node.id &&
          approval.level === task.level &&
          approval.activation < token.activation
        ),
    )
  ) {
    return "FOUR_EYES_REPEAT";
  }
  return null;
}

const fourEyesMessages = {
  self: {
    FOUR_EYES_REQUESTER: "You started this request, so someone else must approve it",
    FOUR_EYES_REPEAT:
      "You already approved another level of this request; a different person must approve this one",
  },
  principal: {
    FOUR_EYES_REQUESTER:
      "This task was delegated to you by the person who started the request, so someone else must approve it",
    FOUR_EYES_REPEAT:
      "The person you act for already approved another level of this request; a different person must approve this one",
  },
  delegate: {
    FOUR_EYES_REQUESTER: "That person started this request, so they may not approve it",
    FOUR_EYES_REPEAT:
      "That person already approved another level of this request, so they may not approve this one",
  },
} as const;

/** Hands a task to one person, who acts on behalf of the person delegating it. */
function delegateTask(run: Run, event: Extract<EngineEvent, { type: "task.delegated" }>): void {
  const task = run.state.tasks[event.taskId];
  if (!task) reject("TASK_NOT_OPEN", "This task is no longer open: it was decided, cancelled or escalated");
  const node = nodeOf(run, task.nodeId);
  const token = tokenById(run, task.tokenId);
  if (!token || node.kind !== "approval") throw new Error(`Task ${task.id} has no waiting approval`);
  const actor = event.actor;
  const allowed =
    task.assignees.includes(actor.id) || task.candidateRoles.some((role) => actor.roles.includes(role));
  if (!allowed)
    reject("NOT_ASSIGNEE", "This task is not assigned to you or to one of your roles", { nodeId: node.id });
  if (event.delegate === actor.id)
    reject("DELEGATE_INVALID", "Choose someone other than yourself to delegate to", { nodeId: node.id });
  // Handing a delegated task back to the person it came from ends the delegation.
  const onBehalfOf = event.delegate === task.onBehalfOf ? undefined : (task.onBehalfOf ?? actor.id);
  const breach = fourEyesBreach(run, node, task, token, event.delegate);
  if (breach) reject("DELEGATE_INVALID", fourEyesMessages.delegate[breach], { nodeId: node.id });
  task.assignees = [event.delegate];
  task.candidateRoles = [];
  if (onBehalfOf) task.onBehalfOf = onBehalfOf;
  else delete task.onBehalfOf;
  run.commands.push({
    type: "task.reassign",
    taskId: task.id,
    assignees: task.assignees,
    candidateRoles: task.candidateRoles,
    escalationLevel: task.escalationLevel,
    ...(onBehalfOf ? { onBehalfOf } : {}),
  });
}

function completeTask(run: Run, event: Extract<EngineEvent, { type: "task.completed" }>): void {
  const task = run.state.tasks[event.taskId];
  if (!task) reject("TASK_NOT_OPEN", "This task is no longer open: it was decided, cancelled or escalated");
  const token = tokenById(run, task.tokenId);
  const node = nodeOf(run, task.nodeId);
  if (!token || token.wait?.type !== "approval" || node.kind !== "approval")
    throw new Error(`Task ${task.id} has no waiting approval`);
  const actor: Actor = event.actor;
  const allowed =
    task.assignees.includes(actor.id) || task.candidateRoles.some((role) => actor.roles.includes(role));
  if (!allowed)
    reject("NOT_ASSIGNEE", "This task is not assigned to you or to one of your roles", { nodeId: node.id });
  const wait = token.wait;
  if (event.decision === "approved") {
    // Four-eyes binds both the person acting and the person they act for.
    for (const person of new Set([actor.id, task.onBehalfOf ?? actor.id])) {
      const breach = fourEyesBreach(run, node, task, token, person);
      if (breach) {
        const messages = person === actor.id ? fourEyesMessages.self : fourEyesMessages.principal;
        reject(breach, messages[breach], { nodeId: node.id });
      }
    }
    const form = checkFields(node.form, event.formData);
    if (Object.keys(form.errors).length > 0) {
      reject("FORM_INVALID", `The form has problems: ${Object.values(form.errors).join("; ")}`, {
        nodeId: node.id,
        fieldErrors: form.errors,
      });
    }
    // An optional field left empty at a later level does not wipe what an earlier level entered.
    for (const [name, value] of Object.entries(form.values)) {
      if (value === null && name in run.state.variables) continue;
      run.state.variables[name] = value;
    }
    run.state.approvals.push({
      nodeId: node.id,
      activation: token.activation,
      level: task.level,
      actor: actor.id,
      ...(task.onBehalfOf ? { onBehalfOf: task.onBehalfOf } : {}),
    });
  } else if (!event.reason || event.reason.trim() === "") {
    reject("REASON_REQUIRED", "Give a reason for the rejection", {
      nodeId: node.id,
      fieldErrors: { reason: "A reason is required" },
    });
  }
  wait.decisions.push({
    taskId: task.id,
    actor: actor.id,
    decision: event.decision,
    reason: event.decision === "rejected" ? event.reason!.trim() : null,
    at: run.now,
  });
  closeTask(run, task, null);

  const levelTasks = new Set(wait.taskIds);
  const levelDecisions = wait.decisions.filter((decision) => levelTasks.has(decision.taskId));
  const approvals = levelDecisions.filter((decision) => decision.decision === "approved").length;
  const stillOpen = wait.taskIds.filter((id) => run.state.tasks[id] !== undefined);
  const writeResult = (decision: "approved" | "rejected") => {
    if (!node.resultVariable) return;
    run.state.variables[node.resultVariable] = {
      decision,
      level: wait.level,
      approvers: wait.decisions.filter((entry) => entry.decision === "approved").map((entry) => entry.actor),
      rejections: wait.decisions
        .filter((entry) => entry.decision === "rejected")
        .map((entry) => ({ actor: entry.actor, reason: entry.reason })),
    };
  };
  if (approvals >= wait.required) {
    for (const id of stillOpen) closeTask(run, run.state.tasks[id]!, "decided");
    if (node.mode === "sequential" && wait.level + 1 < node.levels.length) {
      openLevel(run, token, node, wait.level + 1, wait.decisions);
      return;
    }
    writeResult("approved");
    leave(run, token);
    return;
  }
  if (approvals + stillOpen.length < wait.required) {
    for (const id of stillOpen) closeTask(run, run.state.tasks[id]!, "decided");
    writeResult("rejected");
    raise(run, token, { type: "rejection" }, "Rejected");
  }
}

function fireEscalation(run: Run, timerId: string): void {
  const timer = run.state.timers[timerId]!;
  const task = timer.taskId ? run.state.tasks[timer.taskId] : undefined;
  const node = nodeOf(run, timer.nodeId);
  delete run.state.timers[timerId];
  if (!task || node.kind !== "approval" || timer.step === null) return;
  task.timerId = null;
  const step = node.escalation[timer.step];
  if (!step) return;
  task.escalationLevel += 1;
  if (step.action === "remind")
    run.commands.push({
      type: "task.escalated",
      taskId: task.id,
      escalationLevel: task.escalationLevel,
      action: step.action,
    });
  switch (step.action) {
    case "remind":
      run.commands.push({
        type: "notify.send",
        notificationId: newId(run, "n"),
        nodeId: node.id,
        channel: "inbox",
        recipients: { users: task.assignees, roles: task.candidateRoles },
        subject: `Reminder: ${node.name || "an approval"} is overdue`,
        body: `The task was due at ${task.dueAt ?? "-"}.`,
        taskId: task.id,
      });
      break;
    case "reassign": {
      delete task.onBehalfOf;
      if (step.to.type === "role") {
        task.assignees = [];
        task.candidateRoles = [step.to.role];
      } else if (run.state.requesterManager) {
        task.assignees = [run.state.requesterManager];
        task.candidateRoles = [];
      }
      run.commands.push({
        type: "task.reassign",
        taskId: task.id,
        assignees: task.assignees,
        candidateRoles: task.candidateRoles,
        escalationLevel: task.escalationLevel,
      });
      break;
    }
    case "exception": {
      const token = tokenById(run, task.tokenId);
      if (!token) throw new Error(`Task ${task.id} has no token`);
      raise(run, token, { type: "escalation" }, `${node.name || "The approval"} was not decided in time`);
      return;
    }
  }
  scheduleEscalation(run, task, node, timer.step + 1);
}

function fireTimer(run: Run, timerId: string): void {
  const timer = run.state.timers[timerId];
  if (!timer) reject("STALE_TIMER", "This timer was cancelled or has already fired");
  if (timer.purpose === "escalation") {
    fireEscalation(run, timerId);
    return;
  }
  delete run.state.timers[timerId];
  if (timer.tokenId === null) {
    // A compensation call waiting for its retry.
    const current = run.state.compensation?.current;
    if (!current || current.timerId !== timerId) throw new Error(`Timer ${timerId} belongs to nothing`);
    callCompensation(run, current.nodeId, current.activation, current.attempt + 1);
    return;
  }
  const token = tokenById(run, timer.tokenId);
  if (!token) throw new Error(`Timer ${timerId} belongs to a missing token`);
  const node = nodeOf(run, token.nodeId);
  if (timer.purpose === "timer") {
    leave(run, token);
  } else if (timer.purpose === "retry" && node.kind === "action" && token.wait?.type === "connector") {
    callAction(run, token, node, token.wait.attempt + 1);
  } else if (timer.purpose === "message-timeout" && token.wait?.type === "message") {
    token.wait.timerId = null;
    raise(run, token, { type: "timeout" }, `No "${token.wait.message}" message arrived in time`);
  } else throw new Error(`Timer ${timerId} does not match its token`);
}

function shouldRetry(policy: NodeOfKind<"action">["retry"], code: string, retryable: boolean): boolean {
  return policy.retryOn === "retryable" ? retryable : policy.retryOn.includes(code);
}

function connectorResult(
  run: Run,
  event: Extract<EngineEvent, { type: "connector.succeeded" | "connector.failed" }>,
): void {
  const compensation = run.state.compensation;
  if (compensation?.current?.callId === event.callId && compensation.current.timerId === null) {
    const current = compensation.current;
    const node = nodeOf(run, current.nodeId);
    if (node.kind !== "action") throw new Error("Compensation on a non-action");
    if (event.type === "connector.failed") {
      if (shouldRetry(node.retry, event.code, event.retryable) && current.attempt < node.retry.maxAttempts) {
        const delay = backoffMs(
          node.retry,
          current.attempt,
          `${idempotencyKey(run, node.id, current.activation)}:compensate`,
        );
        current.timerId = scheduleTimer(run, null, node.id, addMilliseconds(run.now, delay), "retry");
        return;
      }
      compensation.failures.push({ nodeId: node.id, code: event.code, message: event.message });
    }
    compensation.current = null;
    nextCompensation(run);
    return;
  }
  const token = run.state.tokens.find(
    (entry) => entry.wait?.type === "connector" && entry.wait.callId === event.callId,
  );
  if (!token || token.wait?.type !== "connector" || token.wait.phase !== "calling") {
    reject(
      "UNKNOWN_CALL",
      "No step is waiting for this connector call (it was answered already or cancelled)",
    );
  }
  const node = nodeOf(run, token.nodeId);
  if (node.kind !== "action") throw new Error("A connector wait on a non-action");
  const wait = token.wait;
  if (event.type === "connector.succeeded") {
    if (node.outputVariable) run.state.variables[node.outputVariable] = event.output;
    if (node.compensation) run.state.completedActions.push({ nodeId: node.id, activation: token.activation });
    leave(run, token);
    return;
  }
  if (shouldRetry(node.retry, event.code, event.retryable) && wait.attempt < node.retry.maxAttempts) {
    const delay = backoffMs(node.retry, wait.attempt, idempotencyKey(run, node.id, token.activation));
    wait.phase = "backoff";
    wait.timerId = scheduleTimer(run, token, node.id, addMilliseconds(run.now, delay), "retry");
    return;
  }
  const attempts = wait.attempt;
  raise(
    run,
    token,
    { type: "error", code: event.code },
    `${node.connector}.${node.operation} failed after ${attempts} attempt${attempts === 1 ? "" : "s"}: ${event.message || event.code}`,
    { incident: true },
  );
}

function receiveMessage(run: Run, event: Extract<EngineEvent, { type: "message.received" }>): void {
  const waiting = run.state.tokens.filter(
    (token) =>
      token.wait?.type === "message" &&
      token.wait.message === event.name &&
      token.wait.correlationKey === event.correlationKey,
  );
  if (waiting.length === 0)
    reject(
      "NO_MATCHING_WAIT",
      `Nothing in this instance waits for "${event.name}" with key "${event.correlationKey}"`,
    );
  for (const token of waiting) {
    const node = nodeOf(run, token.nodeId);
    if (node.kind !== "wait" || token.wait?.type !== "message") continue;
    cancelTimer(run, token.wait.timerId);
    run.commands.push({ type: "message.unsubscribe", subscriptionId: token.id });
    if (node.outputVariable) run.state.variables[node.outputVariable] = event.payload;
    leave(run, token);
  }
}

function subworkflowEnded(run: Run, event: Extract<EngineEvent, { type: "subworkflow.ended" }>): void {
  const token = run.state.tokens.find(
    (entry) => entry.wait?.type === "subworkflow" && entry.wait.callId === event.callId,
  );
  if (!token) reject("UNKNOWN_CALL", "No step is waiting for this sub-workflow");
  const node = nodeOf(run, token.nodeId);
  if (node.kind !== "subworkflow") throw new Error("A sub-workflow wait on another kind of step");
  token.wait = null;
  if (event.status === "completed" && event.outcome === "rejected") {
    raise(run, token, { type: "rejection" }, `${node.definitionKey} was rejected`);
    return;
  }
  if (event.status !== "completed") {
    const code = event.status === "failed" ? "SUBWORKFLOW_FAILED" : "SUBWORKFLOW_CANCELLED";
    raise(run, token, { type: "error", code }, `${node.definitionKey} ${event.status}`);
    return;
  }
  for (const [variable, expression] of Object.entries(node.outputs)) {
    const result = evaluateFeel(expression, event.variables, run.now);
    if (!result.ok) {
      raise(
        run,
        token,
        { type: "error", code: "EXPRESSION_FAILED" },
        `Output "${variable}": ${result.message}`,
      );
      return;
    }
    run.state.variables[variable] = result.value;
  }
  leave(run, token);
}

function retryIncident(run: Run, tokenId: string): void {
  const token = tokenById(run, tokenId);
  if (!token || token.wait?.type !== "incident")
    reject("NO_INCIDENT", "There is no open incident on this step");
  const node = nodeOf(run, token.nodeId);
  if (node.kind !== "action") throw new Error("Incidents are opened on actions only");
  token.wait = null;
  callAction(run, token, node, 1);
}

function resolveIncident(run: Run, tokenId: string, output: JsonValue): void {
  const token = tokenById(run, tokenId);
  if (!token || token.wait?.type !== "incident")
    reject("NO_INCIDENT", "There is no open incident on this step");
  const node = nodeOf(run, token.nodeId);
  if (node.kind !== "action") throw new Error("Incidents are opened on actions only");
  token.wait = null;
  if (node.outputVariable) run.state.variables[node.outputVariable] = output;
  leave(run, token);
}

function apply(run: Run, event: EngineEvent): void {
  switch (event.type) {
    case "task.completed":
      completeTask(run, event);
      return;
    case "task.delegated":
      delegateTask(run, event);
      return;
    case "connector.succeeded":
    case "connector.failed":
      connectorResult(run, event);
      return;
    case "timer.fired":
      fireTimer(run, event.timerId);
      return;
    case "message.received":
      receiveMessage(run, event);
      return;
    case "subworkflow.ended":
      subworkflowEnded(run, event);
      return;
    case "instance.cancel":
      if (run.state.compensation) reject("INSTANCE_ENDED", "The instance is already being wound down");
      terminate(run, "cancelled", null, event.reason || "Cancelled");
      return;
    case "incident.retry":
      retryIncident(run, event.tokenId);
      return;
    case "incident.resolved":
      resolveIncident(run, event.tokenId, event.output);
      return;
  }
}

// --- Public API ---------------------------------------------------------------------------------

/**
 * Starts an instance: checks `input` against the start step's fields, then runs until every token
 * waits. Returns the first state and commands, or a rejection (INPUT_INVALID with field errors).
 */
export function start(compiled: CompiledWorkflow, input: JsonObject, env: StartEnv): StepResult {
  const startNode = compiled.graph.nodes[compiled.startId];
  if (startNode?.kind !== "start") throw new Error("The compiled start is not a start step");
  const state: InstanceState = {
    instanceId: env.instanceId,
    definitionKey: compiled.definition.key,
    status: "running",
    outcome: null,
    variables: {},
    requester: env.requester ?? null,
    requesterManager: env.requesterManager ?? null,
    tokens: [],
    joins: {},
    tasks: {},
    timers: {},
    approvals: [],
    completedActions: [],
    compensation: null,
    path: [],
    activations: {},
    error: null,
    seq: 0,
    startedAt: env.now,
    updatedAt: env.now,
    endedAt: null,
  };
  const checked = checkFields(startNode.input, input);
  if (Object.keys(checked.errors).length > 0) {
    return {
      ok: false,
      state,
      rejection: {
        code: "INPUT_INVALID",
        message: `The input has problems: ${Object.values(checked.errors).join("; ")}`,
        nodeId: startNode.id,
        fieldErrors: checked.errors,
      },
    };
  }
  state.variables = checked.values;
  const run: Run = { compiled, state, commands: [], now: env.now, queue: [] };
  const token: Token = {
    id: newId(run, "k"),
    nodeId: startNode.id,
    activation: 0,
    enteredAt: env.now,
    wait: null,
  };
  state.tokens.push(token);
  enterNode(run, token, startNode.id, null);
  drain(run);
  return { ok: true, state: run.state, commands: run.commands };
}

/**
 * Applies one event to an instance. Returns the next state and the commands to carry out, or a
 * typed rejection with the state unchanged (a stale timer, a closed task, a wrong actor, a four-eyes
 * breach, a form that fails its fields, an event for an ended instance). Never mutates `state`.
 */
export function step(
  compiled: CompiledWorkflow,
  state: InstanceState,
  event: EngineEventInput,
  env: StepEnv,
): StepResult {
  const parsed = eventSchema.safeParse(event);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((issue) => `${issue.path.join(".") || "event"}: ${issue.message}`)
      .join("; ");
    return {
      ok: false,
      state,
      rejection: { code: "INVALID_EVENT", message: `Not a valid event: ${detail}` },
    };
  }
  if (state.endedAt !== null) {
    return {
      ok: false,
      state,
      rejection: { code: "INSTANCE_ENDED", message: `The instance has already ended (${state.status})` },
    };
  }
  const run: Run = { compiled, state: clone(state), commands: [], now: env.now, queue: [] };
  try {
    apply(run, parsed.data);
  } catch (error: unknown) {
    if (error instanceof Rejected) return { ok: false, state, rejection: error.rejection };
    throw error;
  }
  drain(run);
  run.state.updatedAt = env.now;
  return { ok: true, state: run.state, commands: run.commands };
}
