// The imperative shell around the pure engine: load an instance, run the engine, and persist the new
// state, its history, and the commands it returned (tasks, timers, subscriptions, outbox jobs) in ONE
// transaction guarded by the instance's revision. A writer holding a stale revision retries on fresh
// state; it never overwrites. The reads and writes of this hot path go through the runtime store
// (store.ts: plain SQL on both providers), not Prisma; only the rare lookups (a definition to
// compile) use Prisma.
import { randomUUID } from "node:crypto";
import {
  compile,
  instanceStateSchema,
  parseDefinition,
  start,
  step,
  type Command,
  type CompiledWorkflow,
  type EngineEventInput,
  type InstanceState,
  type JsonObject,
  type Rejection,
} from "@/engine";
import type { Db, DbTx } from "../db/client";
import { BusinessError } from "../services/errors";
import { RevisionConflict, type RuntimeStore, type Write } from "./store";
import { routeAbsentAssignees } from "./out-of-office";
import { runtimeStoreFor } from "./store-open";

export { FenceLost } from "./store";

export interface RuntimeDeps {
  db: Db;
  now: () => Date;
  /** Called with the milliseconds from an event's arrival to its state being committed (benchmarks). */
  observe?: (ms: number) => void;
  /**
   * Where transitions are read and committed. By default the store shared by every runtime path on
   * `db` (one per client, see runtimeStoreFor); a group-commit store (store-group.ts) batches them.
   */
  store?: RuntimeStore;
}

/** The store the runtime paths of `deps` read and commit through. */
export function storeOf(deps: RuntimeDeps): RuntimeStore {
  return deps.store ?? runtimeStoreFor(deps.db);
}

const compiledCache = new Map<string, CompiledWorkflow>();

/**
 * The compiled definition of a published version (immutable, so cached by version id). The hot paths
 * read the cache first: an await, even of a cached value, lets every other transition in flight run
 * before this one goes on, which adds to each transition's latency under load.
 */
export async function loadCompiled(db: Db | DbTx, versionId: string): Promise<CompiledWorkflow> {
  const cached = compiledCache.get(versionId);
  if (cached) return cached;
  const version = await db.workflowVersion.findUnique({
    where: { id: versionId },
    select: { definition: true },
  });
  if (!version) throw new Error(`Workflow version ${versionId} does not exist`);
  const parsed = parseDefinition(version.definition);
  if (!parsed.ok)
    throw new Error(`Published version ${versionId} no longer parses: ${JSON.stringify(parsed.problems)}`);
  const result = compile(parsed.definition);
  if (!result.ok)
    throw new Error(`Published version ${versionId} does not compile: ${result.problems[0]?.message ?? ""}`);
  compiledCache.set(versionId, result.compiled);
  return result.compiled;
}

/** The rows the engine's commands ask for: tasks, timers, subscriptions, outbox jobs and incidents. */
function commandWrites(
  instance: {
    id: string;
    businessKey: string | null;
    parentInstanceId: string | null;
    parentCallId: string | null;
  },
  commands: Command[],
  now: Date,
): Write[] {
  const writes: Write[] = [];
  for (const command of commands) {
    switch (command.type) {
      case "task.open": {
        // One assignee is the task's assignee; several are its candidate users.
        const single = command.assignees.length === 1 ? command.assignees[0]! : null;
        writes.push({
          kind: "task.insert",
          id: command.taskId,
          instanceId: instance.id,
          nodeId: command.nodeId,
          title: command.title,
          businessKey: instance.businessKey,
          assigneeId: single,
          dueAt: command.dueAt ? new Date(command.dueAt) : null,
          summary: { level: command.level, levelName: command.levelName, form: command.form },
          candidateRoles: command.candidateRoles,
          candidateUsers: single ? [] : command.assignees,
        });
        break;
      }
      case "task.cancel":
        writes.push({ kind: "task.cancel", id: command.taskId, reason: command.reason, at: now });
        break;
      case "task.escalated":
        // A reminder: the task stays where it is, at its new escalation level (the notification
        // itself is a notify.send command of its own).
        writes.push({ kind: "task.escalate", id: command.taskId, escalationLevel: command.escalationLevel });
        break;
      case "task.reassign": {
        const single = command.assignees.length === 1 ? command.assignees[0]! : null;
        writes.push({
          kind: "task.reassign",
          id: command.taskId,
          assigneeId: single,
          onBehalfOfId: command.onBehalfOf ?? null,
          escalationLevel: command.escalationLevel,
          candidateRoles: command.candidateRoles,
          candidateUsers: single ? [] : command.assignees,
        });
        break;
      }
      case "timer.schedule":
        writes.push({
          kind: "timer.insert",
          id: command.timerId,
          instanceId: instance.id,
          nodeId: command.nodeId,
          purpose: command.purpose,
          dueAt: new Date(command.dueAt),
        });
        break;
      case "timer.cancel":
        writes.push({ kind: "timer.cancel", id: command.timerId });
        break;
      case "message.subscribe":
        writes.push({
          kind: "subscription.insert",
          id: command.subscriptionId,
          instanceId: instance.id,
          nodeId: command.nodeId,
          name: command.message,
          correlationKey: command.correlationKey,
        });
        break;
      case "message.unsubscribe":
        writes.push({ kind: "subscription.delete", id: command.subscriptionId });
        break;
      case "connector.call":
      case "notify.send":
      case "subworkflow.start":
      case "subworkflow.cancel": {
        const key = command.type === "notify.send" ? command.notificationId : command.callId;
        writes.push({
          kind: "job.insert",
          id: randomUUID(),
          instanceId: instance.id,
          type: command.type,
          payload: command,
          idempotencyKey: `${command.type}:${key}`,
          nextAttemptAt: now,
        });
        break;
      }
      case "incident.open":
        writes.push({
          kind: "incident.insert",
          id: randomUUID(),
          instanceId: instance.id,
          tokenId: command.tokenId,
          nodeId: command.nodeId,
          code: command.code,
          message: command.message,
        });
        break;
      case "instance.completed":
      case "instance.failed":
      case "instance.cancelled":
        if (instance.parentInstanceId && instance.parentCallId) {
          const status =
            command.type === "instance.completed"
              ? "completed"
              : command.type === "instance.failed"
                ? "failed"
                : "cancelled";
          writes.push({
            kind: "job.insert",
            id: randomUUID(),
            instanceId: instance.parentInstanceId,
            type: "subworkflow.ended",
            payload: {
              parentInstanceId: instance.parentInstanceId,
              callId: instance.parentCallId,
              status,
              outcome: command.type === "instance.completed" ? command.outcome : status,
              variables: command.variables,
            },
            idempotencyKey: `subworkflow.ended:${instance.parentCallId}`,
            nextAttemptAt: now,
          });
        }
        break;
    }
  }
  return writes;
}

export interface StartInput {
  versionId: string;
  input: JsonObject;
  businessKey?: string | null;
  requesterId?: string | null;
  /** A fixed id (e.g. derived from a parent's call id, so a repeated start is harmless). */
  instanceId?: string;
  parent?: { instanceId: string; nodeId: string; callId: string };
}

export type StartOutcome =
  | { ok: true; instanceId: string; state: InstanceState; commands: Command[] }
  | { ok: false; rejection: Rejection };

// A version's definition id never changes (only its status does, which starting does not check),
// so the lookup is cached like the compiled definition.
const versionCache = new Map<string, { id: string; definitionId: string }>();

/** Starts an instance of a published version and persists it with its first commands. */
export async function startInstance(deps: RuntimeDeps, request: StartInput): Promise<StartOutcome> {
  const store = storeOf(deps);
  let version = versionCache.get(request.versionId);
  if (!version) {
    const row = await store.loadVersion(request.versionId);
    if (!row) throw new BusinessError("NOT_FOUND", "This workflow version does not exist");
    versionCache.set(row.id, row);
    version = row;
  }
  const compiled = compiledCache.get(version.id) ?? (await loadCompiled(deps.db, version.id));
  const requester = request.requesterId ? await store.loadUser(request.requesterId) : null;
  const instanceId = request.instanceId ?? randomUUID();
  const now = deps.now();
  const result = start(compiled, request.input, {
    now: now.toISOString(),
    instanceId,
    requester: requester?.id ?? null,
    requesterManager: requester?.managerId ?? null,
  });
  if (!result.ok) return { ok: false, rejection: result.rejection };
  const instance = {
    id: instanceId,
    businessKey: request.businessKey ?? null,
    parentInstanceId: request.parent?.instanceId ?? null,
    parentCallId: request.parent?.callId ?? null,
  };
  await store.commit([
    {
      kind: "instance.insert",
      id: instanceId,
      definitionId: version.definitionId,
      versionId: version.id,
      businessKey: instance.businessKey,
      status: result.state.status,
      state: result.state,
      startedById: requester?.id ?? null,
      parentInstanceId: instance.parentInstanceId,
      parentNodeId: request.parent?.nodeId ?? null,
      parentCallId: instance.parentCallId,
      startedAt: now,
      endedAt: result.state.endedAt ? now : null,
    },
    {
      kind: "event.insert",
      id: randomUUID(),
      instanceId,
      seq: 1,
      type: "instance.started",
      nodeId: compiled.startId,
      actorId: requester?.id ?? null,
      data: { input: request.input, commands: result.commands.map((command) => command.type) },
      occurredAt: now,
    },
    ...commandWrites(instance, result.commands, now),
  ]);
  await routeAbsentAssignees(deps, instanceId, result.commands, applyEvent);
  return { ok: true, instanceId, state: result.state, commands: result.commands };
}

/** How an event was fenced: by the outbox job lease that produced it, or by the timer row it fires. */
export type Fence = { kind: "job"; jobId: string; leaseToken: string } | { kind: "timer"; timerId: string };

export type ApplyOutcome =
  | { ok: true; state: InstanceState; commands: Command[] }
  | { ok: false; rejection: Rejection; state: InstanceState | null };

const MAX_CONFLICT_RETRIES = 20;

const stateKeys = Object.keys(instanceStateSchema.shape);

/**
 * The stored state, checked. The runtime alone writes this column, always from a state the engine
 * returned, so a full zod parse on every load (a measurable share of a transition) only re-proves
 * that; a state that has every field of the current schema is taken as is, and anything else (an
 * older shape, a damaged row) goes through the schema, which fills defaults or refuses it.
 */
function storedState(value: unknown): InstanceState {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    if (stateKeys.every((key) => key in record) && Array.isArray(record.tokens))
      return value as InstanceState;
  }
  return instanceStateSchema.parse(value);
}

/** A short, growing, jittered pause before retrying a transaction that lost a write race. */
function conflictPause(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(50, 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The write that closes a fence: the job marked done, or the timer fired. */
function fenceWrite(fence: Fence, now: Date, rejection: string | null): Write {
  return fence.kind === "job"
    ? { kind: "job.close", jobId: fence.jobId, leaseToken: fence.leaseToken, at: now, lastError: rejection }
    : { kind: "timer.fire", timerId: fence.timerId, at: now };
}

/**
 * Applies one event to an instance and persists the result atomically. Rejections change nothing
 * (for fenced events, the job or timer is still closed so it does not run again, and the rejection is
 * recorded in the history). Throws FenceLost when the job lease or timer was taken by someone else.
 */
export async function applyEvent(
  deps: RuntimeDeps,
  instanceId: string,
  event: EngineEventInput,
  options: { actorId?: string | null; fence?: Fence } = {},
): Promise<ApplyOutcome> {
  const store = storeOf(deps);
  const arrived = performance.now();
  for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt += 1) {
    const row = await store.loadInstance(instanceId);
    if (!row) {
      if (options.fence) {
        await store.commit([fenceWrite(options.fence, deps.now(), "instance missing")]);
        return {
          ok: false,
          rejection: { code: "INSTANCE_ENDED", message: "The instance no longer exists" },
          state: null,
        };
      }
      throw new BusinessError("NOT_FOUND", "This instance does not exist");
    }
    const compiled = compiledCache.get(row.versionId) ?? (await loadCompiled(deps.db, row.versionId));
    const state = storedState(row.state);
    const statusBefore = state.status;
    const now = deps.now();
    const result = step(compiled, state, event, { now: now.toISOString() });
    // The fence is closed first: a lost lease refuses the whole transition.
    const writes: Write[] = options.fence
      ? [fenceWrite(options.fence, now, result.ok ? null : result.rejection.code)]
      : [];
    if (!result.ok) {
      // A rejected fenced event is recorded; an unfenced one (a person's refused decision) writes nothing.
      if (options.fence) {
        writes.push(
          {
            kind: "event.insert",
            id: randomUUID(),
            instanceId,
            seq: row.revision + 1,
            type: "event.rejected",
            nodeId: null,
            actorId: options.actorId ?? null,
            data: { event, rejection: result.rejection },
            occurredAt: now,
          },
          { kind: "instance.bump", id: instanceId, revision: row.revision },
        );
      }
    } else {
      const nodeId =
        "taskId" in event && typeof event.taskId === "string"
          ? (state.tasks[event.taskId]?.nodeId ?? null)
          : null;
      writes.push(
        {
          kind: "instance.update",
          id: instanceId,
          revision: row.revision,
          state: result.state,
          // Unchanged: the status and end columns (and the indexes on them) are left alone.
          status: result.state.status === statusBefore ? null : result.state.status,
          endedAt: result.state.endedAt ? now : null,
        },
        {
          kind: "event.insert",
          id: randomUUID(),
          instanceId,
          seq: row.revision + 1,
          type: event.type,
          nodeId,
          actorId: options.actorId ?? null,
          data: {
            event,
            commands: result.commands.map((command) => command.type),
            status: result.state.status,
          },
          occurredAt: now,
        },
      );
      if (event.type === "task.completed") {
        writes.push({
          kind: "task.complete",
          id: event.taskId,
          decision: event.decision,
          decisionReason: event.reason ?? null,
          formData: event.formData ?? {},
          completedById: event.actor.id,
          completedAt: now,
        });
      }
      writes.push(...commandWrites(row, result.commands, now));
    }
    try {
      if (writes.length > 0) await store.commit(writes);
    } catch (error: unknown) {
      if (error instanceof RevisionConflict) continue;
      if (isWriteConflict(error)) {
        await conflictPause(attempt);
        continue;
      }
      throw error;
    }
    deps.observe?.(performance.now() - arrived);
    if (!result.ok) return { ok: false, rejection: result.rejection, state };
    // Tasks that just arrived for someone out of office go on to their delegate.
    await routeAbsentAssignees(deps, instanceId, result.commands, applyEvent);
    return { ok: true, state: result.state, commands: result.commands };
  }
  throw new BusinessError("CONFLICT", "The instance is changing too fast; try again");
}

/** SQLite reports a lost write race as SQLITE_BUSY; PostgreSQL as a serialization failure. */
export function isWriteConflict(error: unknown): boolean {
  const code = error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : "";
  const text = error instanceof Error ? `${error.message} ${code}` : String(error);
  return /SQLITE_BUSY|database is locked|40001|could not serialize|deadlock detected|P2034/i.test(text);
}
