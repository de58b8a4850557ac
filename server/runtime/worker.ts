// A worker: claims due outbox jobs and timers under a lease, carries them out (connector calls,
// notifications, sub-workflows) and feeds the results back to the engine as events. Several workers
// may share one PostgreSQL database (claims use FOR UPDATE SKIP LOCKED); a job whose worker died is
// reclaimed when its lease expires, and a result from a worker that lost its lease is refused.
// Between rounds the worker sleeps until pollMs passes or, sooner, until a transition committed in
// this process announces a new job or a timer falling due (the runtime store's notices), so work
// started here is picked up at once while work from other processes is found by polling.
import { randomUUID } from "node:crypto";
import type { Command, CommandOf, EngineEventInput, JsonObject } from "@/engine";
import type { ConnectorRegistry } from "../connectors/registry";
import type { DatabaseKind } from "../db/url";
import { CircuitBreakers, defaultBreakerOptions, type BreakerOptions } from "./circuit-breaker";
import { applyEvent, FenceLost, isWriteConflict, startInstance, type RuntimeDeps } from "./runtime";
import type { ClaimedJob, CommitNotice, RuntimeStore } from "./store";
import { groupCommit, type GroupCommitOptions, type GroupCommitStats } from "./store-group";
import { runtimeStoreFor } from "./store-open";

export interface Notifier {
  send(notification: CommandOf<"notify.send">, instanceId: string | null): Promise<void>;
}

/** Writes notifications to the log; e-mail and chat channels arrive with their connectors. */
export const logNotifier: Notifier = {
  send(notification, instanceId) {
    console.log(
      JSON.stringify({
        level: "info",
        msg: "notification",
        instanceId,
        channel: notification.channel,
        recipients: notification.recipients,
        subject: notification.subject,
      }),
    );
    return Promise.resolve();
  },
};

export interface WorkerDeps extends RuntimeDeps {
  kind: DatabaseKind;
  connectors: ConnectorRegistry;
  notifier?: Notifier;
}

export interface WorkerOptions {
  id?: string;
  /** Jobs and timers claimed per round. */
  batchSize?: number;
  leaseMs?: number;
  /** How often a running job's lease is extended; 0 turns renewal off (tests). */
  renewEveryMs?: number;
  pollMs?: number;
  /** Transport failures (a crash of the dispatch itself) before a job is given up as dead. */
  maxJobAttempts?: number;
  breaker?: BreakerOptions;
  log?: (entry: Record<string, unknown>) => void;
  /**
   * Group commit: the transitions this worker applies are committed together, several instances per
   * transaction, each in its own savepoint (see store-group.ts). Off by default: one transaction per
   * transition.
   */
  groupCommit?: GroupCommitOptions;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class Worker {
  readonly id: string;
  readonly breakers: CircuitBreakers;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly renewEveryMs: number;
  private readonly pollMs: number;
  private readonly maxJobAttempts: number;
  private readonly log: (entry: Record<string, unknown>) => void;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly deps: WorkerDeps & { store: RuntimeStore };
  private readonly batched: (RuntimeStore & { stats: GroupCommitStats }) | null;
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  /** Work was announced since the current round started, so the worker must not sleep after it. */
  private announced = false;
  private unsubscribe: (() => void) | null = null;
  private readonly timerWakes = new Set<NodeJS.Timeout>();

  constructor(deps: WorkerDeps, options: WorkerOptions = {}) {
    const store = deps.store ?? runtimeStoreFor(deps.db);
    this.batched = options.groupCommit ? groupCommit(store, options.groupCommit) : null;
    this.deps = { ...deps, store: this.batched ?? store };
    this.id = options.id ?? `worker-${randomUUID().slice(0, 8)}`;
    this.batchSize = options.batchSize ?? 16;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.renewEveryMs = options.renewEveryMs ?? Math.max(1000, Math.floor(this.leaseMs / 3));
    this.pollMs = options.pollMs ?? 200;
    this.maxJobAttempts = options.maxJobAttempts ?? 8;
    this.breakers = new CircuitBreakers(options.breaker ?? defaultBreakerOptions, () => deps.now().getTime());
    this.log = options.log ?? ((entry) => console.log(JSON.stringify({ worker: this.id, ...entry })));
  }

  /** What group commit achieved so far (null without it). */
  get groupCommitStats(): GroupCommitStats | null {
    return this.batched ? { ...this.batched.stats } : null;
  }

  /** Claims and carries out everything due now, once. Returns how many jobs and timers it handled. */
  async tick(): Promise<number> {
    const now = this.deps.now();
    const timers = await this.retryOnConflict(() => this.claimTimers(now));
    const jobs = await this.retryOnConflict(() => this.claimJobs(now));
    const work = [
      ...timers.map((timer) => this.track(this.fireTimer(timer))),
      ...jobs.map((job) => this.track(this.runJob(job))),
    ];
    await Promise.all(work);
    return timers.length + jobs.length;
  }

  /**
   * Keeps ticking until stop() is called; when nothing is due it sleeps for pollMs, or less when
   * this process commits a job or a timer due sooner.
   */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.deps.store.subscribe((notice) => this.onCommit(notice));
    this.loop = (async () => {
      while (this.running) {
        this.announced = false;
        let handled = 0;
        try {
          handled = await this.tick();
        } catch (error: unknown) {
          this.log({ level: "error", msg: "worker round failed", error: String(error) });
        }
        if (handled === 0 && this.running && !this.announced) {
          await Promise.race([sleep(this.pollMs), new Promise<void>((resolve) => (this.wake = resolve))]);
          this.wake = null;
        }
      }
    })();
  }

  /** Stops claiming new work and waits for the work in flight to finish (graceful shutdown). */
  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.unsubscribe = null;
    for (const timer of this.timerWakes) clearTimeout(timer);
    this.timerWakes.clear();
    this.wake?.();
    await this.loop;
    await Promise.all([...this.inFlight]);
    await this.batched?.close();
  }

  private poke(): void {
    this.announced = true;
    this.wake?.();
  }

  /** New jobs are due at once; a timer due before the next poll gets a wake-up of its own. */
  private onCommit(notice: CommitNotice): void {
    if (notice.jobs > 0) this.poke();
    for (const due of notice.timersDue) {
      const ms = due.getTime() - this.deps.now().getTime();
      if (ms <= 0) this.poke();
      else if (ms < this.pollMs) {
        const timer = setTimeout(() => {
          this.timerWakes.delete(timer);
          this.poke();
        }, ms + 1);
        this.timerWakes.add(timer);
      }
    }
  }

  private track(promise: Promise<void>): Promise<void> {
    this.inFlight.add(promise);
    return promise.finally(() => this.inFlight.delete(promise));
  }

  private async retryOnConflict<T>(action: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await action();
      } catch (error: unknown) {
        if (!isWriteConflict(error) || attempt >= 10) throw error;
        await sleep(5 + attempt * 10);
      }
    }
  }

  // --- Claiming ---------------------------------------------------------------------------------

  private claimJobs(now: Date): Promise<ClaimedJob[]> {
    return this.deps.store.claimJobs({
      owner: this.id,
      leaseToken: randomUUID(),
      now,
      leaseExpiresAt: new Date(now.getTime() + this.leaseMs),
      limit: this.batchSize,
    });
  }

  private claimTimers(now: Date): Promise<{ id: string; instanceId: string }[]> {
    return this.deps.store.claimTimers({
      owner: `${this.id}:${randomUUID()}`,
      now,
      leaseExpiresAt: new Date(now.getTime() + this.leaseMs),
      limit: this.batchSize,
    });
  }

  // --- Carrying out ------------------------------------------------------------------------------

  private async fireTimer(timer: { id: string; instanceId: string }): Promise<void> {
    try {
      await applyEvent(
        this.deps,
        timer.instanceId,
        { type: "timer.fired", timerId: timer.id },
        { fence: { kind: "timer", timerId: timer.id } },
      );
    } catch (error: unknown) {
      if (error instanceof FenceLost) return;
      this.log({ level: "error", msg: "timer failed", timerId: timer.id, error: String(error) });
    }
  }

  private async runJob(job: ClaimedJob): Promise<void> {
    const renew =
      this.renewEveryMs > 0
        ? setInterval(() => {
            void this.deps.store
              .renewJob(job.id, job.leaseToken, new Date(this.deps.now().getTime() + this.leaseMs))
              .catch(() => undefined);
          }, this.renewEveryMs)
        : undefined;
    try {
      await this.dispatch(job);
    } catch (error: unknown) {
      if (error instanceof FenceLost) {
        this.log({ level: "warn", msg: "result refused: lease lost", jobId: job.id });
        return;
      }
      await this.failJob(job, error);
    } finally {
      clearInterval(renew);
    }
  }

  private fence(job: ClaimedJob) {
    return { kind: "job" as const, jobId: job.id, leaseToken: job.leaseToken };
  }

  private async dispatch(job: ClaimedJob): Promise<void> {
    const command = job.payload as Command;
    switch (job.type) {
      case "connector.call": {
        const call = command as CommandOf<"connector.call">;
        const gate = this.breakers.acquire(call.connector);
        if (!gate.allowed) {
          await this.deferJob(job, new Date(gate.retryAt));
          return;
        }
        const result = await this.deps.connectors.call(call.connector, call.operation, call.input, {
          idempotencyKey: call.idempotencyKey,
          attempt: call.attempt,
          timeoutMs: call.timeoutMs,
        });
        this.breakers.record(call.connector, !result.ok && result.retryable);
        const event: EngineEventInput = result.ok
          ? { type: "connector.succeeded", callId: call.callId, output: result.output }
          : {
              type: "connector.failed",
              callId: call.callId,
              code: result.code,
              retryable: result.retryable,
              message: result.message,
            };
        await applyEvent(this.deps, job.instanceId!, event, { fence: this.fence(job) });
        return;
      }
      case "notify.send":
        await (this.deps.notifier ?? logNotifier).send(command as CommandOf<"notify.send">, job.instanceId);
        await this.completeJob(job);
        return;
      case "subworkflow.start":
        await this.startChild(job, command as CommandOf<"subworkflow.start">);
        return;
      case "subworkflow.cancel": {
        const child = await this.deps.db.instance.findUnique({
          where: { id: (command as CommandOf<"subworkflow.cancel">).callId },
          select: { id: true, endedAt: true },
        });
        if (child && child.endedAt === null)
          await applyEvent(this.deps, child.id, {
            type: "instance.cancel",
            reason: "The parent instance ended",
          });
        await this.completeJob(job);
        return;
      }
      case "subworkflow.ended": {
        const ended = job.payload as {
          parentInstanceId: string;
          callId: string;
          status: "completed" | "failed" | "cancelled";
          outcome: string;
          variables: JsonObject;
        };
        await applyEvent(
          this.deps,
          ended.parentInstanceId,
          {
            type: "subworkflow.ended",
            callId: ended.callId,
            status: ended.status,
            outcome: ended.outcome as "completed",
            variables: ended.variables,
          },
          { fence: this.fence(job) },
        );
        return;
      }
      default:
        throw new Error(`Unknown job type ${job.type}`);
    }
  }

  /** Starts the child instance; its id is the call id, so a repeated job starts nothing twice. */
  private async startChild(job: ClaimedJob, command: CommandOf<"subworkflow.start">): Promise<void> {
    const { db } = this.deps;
    const existing = await db.instance.findUnique({ where: { id: command.callId }, select: { id: true } });
    if (!existing) {
      const version = await db.workflowVersion.findFirst({
        where: { status: "published", workflow: { key: command.definitionKey } },
        orderBy: { version: "desc" },
        select: { id: true },
      });
      const parent = await db.instance.findUnique({
        where: { id: job.instanceId! },
        select: { startedById: true },
      });
      const started = version
        ? await startInstance(this.deps, {
            versionId: version.id,
            input: command.input,
            requesterId: parent?.startedById ?? null,
            instanceId: command.callId,
            parent: { instanceId: job.instanceId!, nodeId: command.nodeId, callId: command.callId },
          })
        : null;
      if (!started?.ok) {
        // The child cannot run: the parent hears that its sub-workflow failed.
        await applyEvent(
          this.deps,
          job.instanceId!,
          { type: "subworkflow.ended", callId: command.callId, status: "failed", variables: {} },
          { fence: this.fence(job) },
        );
        return;
      }
    }
    await this.completeJob(job);
  }

  private async completeJob(job: ClaimedJob): Promise<void> {
    const closed = await this.deps.store.completeJob(job.id, job.leaseToken, this.deps.now());
    if (!closed) throw new FenceLost(`Job ${job.id} is no longer leased by this worker`);
  }

  /** Puts a job back without counting an attempt (the circuit is open). */
  private async deferJob(job: ClaimedJob, until: Date): Promise<void> {
    await this.deps.store.deferJob(job.id, job.leaseToken, until);
  }

  /**
   * A dispatch that crashed: retried with backoff; after maxJobAttempts the job is dead, and for a
   * connector call the instance hears a permanent failure (so it takes its exception path or opens
   * an incident) instead of waiting forever. Other jobs are never held up by it.
   */
  private async failJob(job: ClaimedJob, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    const dead = job.attempts >= this.maxJobAttempts;
    const delay = Math.min(1000 * 2 ** (job.attempts - 1), 60_000);
    this.log({
      level: "error",
      msg: dead ? "job is dead" : "job failed, will retry",
      jobId: job.id,
      type: job.type,
      error: message,
    });
    const updated = await this.deps.store.failJob(job.id, job.leaseToken, {
      dead,
      lastError: message.slice(0, 2000),
      nextAttemptAt: new Date(this.deps.now().getTime() + delay),
    });
    if (dead && updated && job.type === "connector.call" && job.instanceId) {
      const call = job.payload as CommandOf<"connector.call">;
      await applyEvent(this.deps, job.instanceId, {
        type: "connector.failed",
        callId: call.callId,
        code: "DISPATCH_FAILED",
        retryable: false,
        message: `The call could not be carried out: ${message}`,
      }).catch((failure: unknown) =>
        this.log({ level: "error", msg: "could not report dead job", jobId: job.id, error: String(failure) }),
      );
    }
  }
}
