// The imperative shell around the pure engine: load an instance, run the engine, and persist the new
// state, its history, and the commands it returned (tasks, timers, subscriptions, outbox jobs) in ONE
// transaction guarded by the instance's revision. A writer holding a stale revision retries on fresh
// state; it never overwrites.
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

export interface RuntimeDeps {
  db: Db;
  now: () => Date;
  /** Called with the milliseconds from an event's arrival to its state being committed (benchmarks). */
  observe?: (ms: number) => void;
}

/** Raised inside a transaction when a fenced job or timer was taken by someone else. */
export class FenceLost extends Error {
  override name = "FenceLost";
}

/** Raised when the instance changed between read and write; the caller retries. */
class RevisionConflict extends Error {
  override name = "RevisionConflict";
}

const compiledCache = new Map<string, CompiledWorkflow>();

/** The compiled definition of a published version (immutable, so cached by version id). */
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

/** The same JSON object typed for Prisma's Json columns. */
function json(value: unknown): JsonObject {
  return value as JsonObject;
}

/** Writes what the engine asked for: tasks, timers, subscriptions, outbox jobs and incidents. */
async function persistCommands(
  tx: DbTx,
  instance: {
    id: string;
    businessKey: string | null;
    parentInstanceId: string | null;
    parentCallId: string | null;
  },
  commands: Command[],
  now: Date,
): Promise<void> {
  for (const command of commands) {
    switch (command.type) {
      case "task.open": {
        const single = command.assignees.length === 1 ? command.assignees[0]! : null;
        await tx.task.create({
          data: {
            id: command.taskId,
            instanceId: instance.id,
            nodeId: command.nodeId,
            title: command.title,
            businessKey: instance.businessKey,
            status: "open",
            assigneeId: single,
            dueAt: command.dueAt ? new Date(command.dueAt) : null,
            summary: json({ level: command.level, levelName: command.levelName, form: command.form }),
            candidateRoles: { create: command.candidateRoles.map((roleKey) => ({ roleKey })) },
            candidateUsers: single ? undefined : { create: command.assignees.map((userId) => ({ userId })) },
          },
        });
        break;
      }
      case "task.cancel":
        await tx.task.updateMany({
          where: { id: command.taskId, status: { in: ["open", "claimed"] } },
          data: { status: "cancelled", decisionReason: command.reason, completedAt: now },
        });
        break;
      case "task.reassign": {
        const single = command.assignees.length === 1 ? command.assignees[0]! : null;
        await tx.taskCandidateRole.deleteMany({ where: { taskId: command.taskId } });
        await tx.taskCandidateUser.deleteMany({ where: { taskId: command.taskId } });
        await tx.task.update({
          where: { id: command.taskId },
          data: {
            assigneeId: single,
            status: "open",
            claimedAt: null,
            escalationLevel: command.escalationLevel,
            candidateRoles: { create: command.candidateRoles.map((roleKey) => ({ roleKey })) },
            candidateUsers: single ? undefined : { create: command.assignees.map((userId) => ({ userId })) },
          },
        });
        break;
      }
      case "timer.schedule":
        await tx.timer.create({
          data: {
            id: command.timerId,
            instanceId: instance.id,
            nodeId: command.nodeId,
            kind: command.purpose,
            dueAt: new Date(command.dueAt),
          },
        });
        break;
      case "timer.cancel":
        await tx.timer.updateMany({
          where: { id: command.timerId, status: "scheduled" },
          data: { status: "cancelled" },
        });
        break;
      case "message.subscribe":
        await tx.messageSubscription.create({
          data: {
            id: command.subscriptionId,
            instanceId: instance.id,
            nodeId: command.nodeId,
            name: command.message,
            correlationKey: command.correlationKey,
          },
        });
        break;
      case "message.unsubscribe":
        await tx.messageSubscription.deleteMany({ where: { id: command.subscriptionId } });
        break;
      case "connector.call":
      case "notify.send":
      case "subworkflow.start":
      case "subworkflow.cancel": {
        const key = command.type === "notify.send" ? command.notificationId : command.callId;
        await tx.outboxJob.create({
          data: {
            id: randomUUID(),
            instanceId: instance.id,
            type: command.type,
            payload: json(command),
            idempotencyKey: `${command.type}:${key}`,
            nextAttemptAt: now,
          },
        });
        break;
      }
      case "incident.open":
        await tx.incident.create({
          data: {
            id: randomUUID(),
            instanceId: instance.id,
            tokenId: command.tokenId,
            nodeId: command.nodeId,
            code: command.code,
            message: command.message,
          },
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
          await tx.outboxJob.create({
            data: {
              id: randomUUID(),
              instanceId: instance.parentInstanceId,
              type: "subworkflow.ended",
              payload: json({
                parentInstanceId: instance.parentInstanceId,
                callId: instance.parentCallId,
                status,
                outcome: command.type === "instance.completed" ? command.outcome : status,
                variables: command.variables,
              }),
              idempotencyKey: `subworkflow.ended:${instance.parentCallId}`,
              nextAttemptAt: now,
            },
          });
        }
        break;
    }
  }
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

/** Starts an instance of a published version and persists it with its first commands. */
export async function startInstance(deps: RuntimeDeps, request: StartInput): Promise<StartOutcome> {
  const { db } = deps;
  const version = await db.workflowVersion.findUnique({
    where: { id: request.versionId },
    select: { id: true, definitionId: true, status: true },
  });
  if (!version) throw new BusinessError("NOT_FOUND", "This workflow version does not exist");
  const compiled = await loadCompiled(db, version.id);
  const requester = request.requesterId
    ? await db.user.findUnique({ where: { id: request.requesterId }, select: { id: true, managerId: true } })
    : null;
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
  await db.$transaction(async (tx) => {
    await tx.instance.create({
      data: {
        id: instanceId,
        definitionId: version.definitionId,
        versionId: version.id,
        businessKey: instance.businessKey,
        status: result.state.status,
        state: json(result.state),
        revision: 1,
        startedById: requester?.id ?? null,
        parentInstanceId: instance.parentInstanceId,
        parentNodeId: request.parent?.nodeId ?? null,
        parentCallId: instance.parentCallId,
        startedAt: now,
        endedAt: result.state.endedAt ? now : null,
      },
    });
    await tx.instanceEvent.create({
      data: {
        id: randomUUID(),
        instanceId,
        seq: 1,
        type: "instance.started",
        nodeId: compiled.startId,
        actorId: requester?.id ?? null,
        data: json({ input: request.input, commands: result.commands.map((command) => command.type) }),
        occurredAt: now,
      },
    });
    await persistCommands(tx, instance, result.commands, now);
  });
  return { ok: true, instanceId, state: result.state, commands: result.commands };
}

/** How an event was fenced: by the outbox job lease that produced it, or by the timer row it fires. */
export type Fence = { kind: "job"; jobId: string; leaseToken: string } | { kind: "timer"; timerId: string };

export type ApplyOutcome =
  | { ok: true; state: InstanceState; commands: Command[] }
  | { ok: false; rejection: Rejection; state: InstanceState | null };

const MAX_CONFLICT_RETRIES = 20;

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
  const { db } = deps;
  const arrived = performance.now();
  for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt += 1) {
    const row = await db.instance.findUnique({
      where: { id: instanceId },
      select: {
        id: true,
        versionId: true,
        state: true,
        revision: true,
        businessKey: true,
        parentInstanceId: true,
        parentCallId: true,
      },
    });
    if (!row) {
      if (options.fence) {
        await db.$transaction((tx) => closeFence(tx, options.fence!, deps.now(), "instance missing"));
        return {
          ok: false,
          rejection: { code: "INSTANCE_ENDED", message: "The instance no longer exists" },
          state: null,
        };
      }
      throw new BusinessError("NOT_FOUND", "This instance does not exist");
    }
    const compiled = await loadCompiled(db, row.versionId);
    const state = instanceStateSchema.parse(row.state);
    const now = deps.now();
    const result = step(compiled, state, event, { now: now.toISOString() });
    try {
      await db.$transaction(async (tx) => {
        if (options.fence) await closeFence(tx, options.fence, now, result.ok ? null : result.rejection.code);
        if (!result.ok) {
          if (options.fence) {
            await tx.instanceEvent.create({
              data: {
                id: randomUUID(),
                instanceId,
                seq: row.revision + 1,
                type: "event.rejected",
                actorId: options.actorId ?? null,
                data: json({ event, rejection: result.rejection }),
                occurredAt: now,
              },
            });
            const bumped = await tx.instance.updateMany({
              where: { id: instanceId, revision: row.revision },
              data: { revision: { increment: 1 } },
            });
            if (bumped.count !== 1) throw new RevisionConflict();
          }
          return;
        }
        const updated = await tx.instance.updateMany({
          where: { id: instanceId, revision: row.revision },
          data: {
            state: json(result.state),
            status: result.state.status,
            revision: { increment: 1 },
            endedAt: result.state.endedAt ? now : null,
          },
        });
        if (updated.count !== 1) throw new RevisionConflict();
        const nodeId =
          "taskId" in event && typeof event.taskId === "string"
            ? (state.tasks[event.taskId]?.nodeId ?? null)
            : null;
        await tx.instanceEvent.create({
          data: {
            id: randomUUID(),
            instanceId,
            seq: row.revision + 1,
            type: event.type,
            nodeId,
            actorId: options.actorId ?? null,
            data: json({
              event,
              commands: result.commands.map((command) => command.type),
              status: result.state.status,
            }),
            occurredAt: now,
          },
        });
        if (event.type === "task.completed") {
          await tx.task.update({
            where: { id: event.taskId },
            data: {
              status: "completed",
              decision: event.decision,
              decisionReason: event.reason ?? null,
              formData: json(event.formData ?? {}),
              completedById: event.actor.id,
              completedAt: now,
            },
          });
        }
        await persistCommands(tx, row, result.commands, now);
      });
    } catch (error: unknown) {
      if (error instanceof RevisionConflict || isWriteConflict(error)) continue;
      throw error;
    }
    deps.observe?.(performance.now() - arrived);
    return result.ok
      ? { ok: true, state: result.state, commands: result.commands }
      : { ok: false, rejection: result.rejection, state };
  }
  throw new BusinessError("CONFLICT", "The instance is changing too fast; try again");
}

/** Marks the fenced job done or the timer fired; throws FenceLost when it is no longer ours. */
async function closeFence(tx: DbTx, fence: Fence, now: Date, rejection: string | null): Promise<void> {
  if (fence.kind === "job") {
    const closed = await tx.outboxJob.updateMany({
      where: { id: fence.jobId, leaseToken: fence.leaseToken, status: "running" },
      data: {
        status: "done",
        completedAt: now,
        leaseOwner: null,
        leaseExpiresAt: null,
        lastError: rejection,
      },
    });
    if (closed.count !== 1) throw new FenceLost(`Job ${fence.jobId} is no longer leased by this worker`);
    return;
  }
  const fired = await tx.timer.updateMany({
    where: { id: fence.timerId, status: "scheduled" },
    data: { status: "fired", firedAt: now },
  });
  if (fired.count !== 1) throw new FenceLost(`Timer ${fence.timerId} was already fired or cancelled`);
}

/** SQLite reports a lost write race as SQLITE_BUSY; PostgreSQL as a serialization failure. */
export function isWriteConflict(error: unknown): boolean {
  const code = error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : "";
  const text = error instanceof Error ? `${error.message} ${code}` : String(error);
  return /SQLITE_BUSY|database is locked|40001|could not serialize|deadlock detected|P2034/i.test(text);
}
