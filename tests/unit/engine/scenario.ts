// A tiny harness for golden scenarios: start an instance, feed events, and look at a compact but
// complete projection of the state.
import { expect } from "vitest";
import {
  start,
  step,
  type Command,
  type CompiledWorkflow,
  type EngineEventInput,
  type InstanceState,
  type JsonObject,
  type StepResult,
} from "@/engine";

export const T0 = "2026-03-02T08:00:00.000Z";

/** Adds milliseconds to an ISO time. */
export function at(base: string, ms: number): string {
  return new Date(Date.parse(base) + ms).toISOString();
}
export const SECOND = 1000;
export const HOUR = 3600 * SECOND;

/** The parts of a state a reader cares about, without bookkeeping noise. */
export function view(state: InstanceState) {
  return {
    status: state.status,
    outcome: state.outcome,
    variables: state.variables,
    tokens: state.tokens.map((token) => ({ node: token.nodeId, wait: token.wait })),
    tasks: Object.values(state.tasks).map((task) => ({
      id: task.id,
      node: task.nodeId,
      level: task.level,
      assignees: task.assignees,
      roles: task.candidateRoles,
      dueAt: task.dueAt,
      escalationLevel: task.escalationLevel,
    })),
    timers: Object.values(state.timers).map((timer) => ({
      id: timer.id,
      purpose: timer.purpose,
      dueAt: timer.dueAt,
    })),
    path: state.path.map((entry) => entry.nodeId),
    error: state.error,
  };
}

/** Drives one instance through events, keeping the current state. */
export class Scenario {
  state: InstanceState;
  commands: Command[];

  constructor(
    readonly compiled: CompiledWorkflow,
    input: JsonObject,
    env: { requester?: string; requesterManager?: string; now?: string } = {},
  ) {
    const result = start(compiled, input, {
      now: env.now ?? T0,
      instanceId: "i1",
      requester: env.requester ?? "requester",
      requesterManager: env.requesterManager ?? null,
    });
    if (!result.ok) throw new Error(`start rejected: ${result.rejection.message}`);
    this.state = result.state;
    this.commands = result.commands;
  }

  /** Applies an event that must be accepted; returns its commands. */
  send(event: EngineEventInput, now: string = this.state.updatedAt): Command[] {
    const result = step(this.compiled, this.state, event, { now });
    if (!result.ok)
      throw new Error(`${event.type} rejected: ${result.rejection.code} ${result.rejection.message}`);
    this.state = result.state;
    this.commands = result.commands;
    return result.commands;
  }

  /** Applies an event that must be refused with `code`; checks the state did not change. */
  refuse(
    event: EngineEventInput,
    code: string,
    now: string = this.state.updatedAt,
  ): Extract<StepResult, { ok: false }>["rejection"] {
    const before = structuredClone(this.state);
    const result = step(this.compiled, this.state, event, { now });
    if (result.ok) throw new Error(`${event.type} was accepted but should be refused with ${code}`);
    expect(result.rejection.code).toBe(code);
    expect(result.state).toEqual(before);
    expect(this.state).toEqual(before);
    return result.rejection;
  }

  /** The only task id currently open (fails when there is not exactly one). */
  onlyTask(): string {
    const ids = Object.keys(this.state.tasks);
    expect(ids).toHaveLength(1);
    return ids[0]!;
  }
}

/** A person with roles, as task.completed carries them. */
export function person(id: string, ...roles: string[]) {
  return { id, roles };
}
