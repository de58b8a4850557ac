// The durable runtime against real databases: one transaction per transition, tasks and timers as
// rows, outbox jobs under leases with fencing, messages, incidents, retries, sub-workflows, and
// concurrency (one winner among 16 completions; two workers never run one job at once).
import { z } from "zod";
import { defineConnector, defineOperation } from "@/server/connectors/sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { memoryEffectStore } from "@/server/connectors/fake";
import { ConnectorRegistry } from "@/server/connectors/registry";
import type { Connector } from "@/server/connectors/types";
import {
  cancelInstance,
  getInstance,
  listIncidents,
  resolveIncident,
  retryIncident,
  startWorkflow,
} from "@/server/runtime/instances";
import { sendMessage } from "@/server/runtime/messages";
import { applyEvent, type RuntimeDeps } from "@/server/runtime/runtime";
import { decideTask, TaskDecisionRefused } from "@/server/runtime/tasks";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../helpers/databases";
import {
  approvalWithCall,
  awaitPayment,
  callWithoutFallback,
  childFlow,
  drainWorker,
  fakeRegistry,
  parentFlow,
  publish,
  TestClock,
  testWorker,
  timerThenCall,
} from "../helpers/runtime";

const approver = (id: string) => ({ id, roles: ["approver"] });

describe.each(databaseKinds)("durable runtime on %s", (kind) => {
  let database: TestDatabase;
  let clock: TestClock;
  let deps: RuntimeDeps;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    clock = new TestClock();
    deps = { db: database.db, now: clock.now };
    for (const id of ["requester", "a1", "a2"]) {
      await database.db.user.create({ data: { id, name: id, email: `${id}@example.test` } });
    }
  });
  afterEach(async () => {
    await database.drop();
  });

  it("runs an approval and a connector call to completion, persisting every transition", async () => {
    await publish(database.db, approvalWithCall);
    const { fake, registry } = fakeRegistry();
    const started = await startWorkflow(deps, "requester", {
      definitionKey: "approval-with-call",
      input: { amount: 1500 },
      businessKey: "SO-1",
    });
    expect(started).toMatchObject({ version: 1, status: "waiting" });

    const task = await database.db.task.findFirstOrThrow({
      where: { instanceId: started.instanceId },
      select: {
        id: true,
        status: true,
        businessKey: true,
        title: true,
        candidateRoles: { select: { roleKey: true } },
      },
    });
    expect(task).toMatchObject({
      status: "open",
      businessKey: "SO-1",
      title: "Approve order",
      candidateRoles: [{ roleKey: "approver" }],
    });

    await decideTask(deps, approver("a1"), { taskId: task.id, decision: "approved" });
    expect(
      await database.db.outboxJob.count({
        where: { instanceId: started.instanceId, status: "pending", type: "connector.call" },
      }),
    ).toBe(1);

    const worker = testWorker(database.db, kind, clock, registry);
    await drainWorker(worker);
    const instance = await getInstance(deps, started.instanceId);
    expect(instance.status).toBe("completed");
    expect(instance.revision).toBe(3);
    expect(instance.events.map((event) => [event.seq, event.type])).toEqual([
      [1, "instance.started"],
      [2, "task.completed"],
      [3, "connector.succeeded"],
    ]);
    expect(instance.tasks).toEqual([
      expect.objectContaining({ id: task.id, status: "completed", decision: "approved" }),
    ]);
    expect(fake.store.stats()).toEqual({ effects: 1, duplicates: 0 });
    expect(await database.db.outboxJob.count({ where: { status: { not: "done" } } })).toBe(0);
  });

  it("refuses a four-eyes breach and a closed task with a clear message, changing nothing", async () => {
    await publish(database.db, approvalWithCall);
    const started = await startWorkflow(deps, "requester", {
      definitionKey: "approval-with-call",
      input: { amount: 10 },
    });
    const task = await database.db.task.findFirstOrThrow({ where: { instanceId: started.instanceId } });
    const before = await database.db.instance.findUniqueOrThrow({ where: { id: started.instanceId } });

    const own = await decideTask(deps, approver("requester"), {
      taskId: task.id,
      decision: "approved",
    }).catch((error: unknown) => error);
    expect(own).toBeInstanceOf(TaskDecisionRefused);
    expect((own as TaskDecisionRefused).rejection.code).toBe("FOUR_EYES_REQUESTER");
    const stranger = await decideTask(
      deps,
      { id: "a1", roles: ["viewer"] },
      { taskId: task.id, decision: "approved" },
    ).catch((error: unknown) => error);
    expect((stranger as TaskDecisionRefused).rejection.code).toBe("NOT_ASSIGNEE");
    const after = await database.db.instance.findUniqueOrThrow({ where: { id: started.instanceId } });
    expect(after.revision).toBe(before.revision);
    expect((await database.db.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe("open");

    await decideTask(deps, approver("a1"), { taskId: task.id, decision: "rejected", reason: "No budget" });
    const late = await decideTask(deps, approver("a2"), { taskId: task.id, decision: "approved" }).catch(
      (error: unknown) => error,
    );
    // The rejection ended the instance, so the task is stale.
    expect((late as TaskDecisionRefused).rejection.code).toBe("INSTANCE_ENDED");
    expect((late as TaskDecisionRefused).code).toBe("CONFLICT");
    expect((late as TaskDecisionRefused).message).toMatch(/no longer open/);
    expect(
      await database.db.instance.findUniqueOrThrow({
        where: { id: started.instanceId },
        select: { status: true },
      }),
    ).toEqual({ status: "completed" });
  });

  it("gives exactly one winner among 16 concurrent completions of one task", async () => {
    await publish(database.db, approvalWithCall);
    const started = await startWorkflow(deps, "requester", {
      definitionKey: "approval-with-call",
      input: { amount: 10 },
    });
    const task = await database.db.task.findFirstOrThrow({ where: { instanceId: started.instanceId } });
    for (let index = 0; index < 16; index += 1) {
      await database.db.user.upsert({
        where: { id: `c${index}` },
        create: { id: `c${index}`, name: `c${index}`, email: `c${index}@example.test` },
        update: {},
      });
    }
    const results = await Promise.allSettled(
      Array.from({ length: 16 }, (_, index) =>
        decideTask(deps, approver(`c${index}`), { taskId: task.id, decision: "approved" }),
      ),
    );
    const winners = results.filter((result) => result.status === "fulfilled");
    const losers = results.filter((result): result is PromiseRejectedResult => result.status === "rejected");
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(15);
    for (const loser of losers) {
      expect(loser.reason).toBeInstanceOf(TaskDecisionRefused);
      expect((loser.reason as TaskDecisionRefused).rejection.code).toBe("TASK_NOT_OPEN");
    }
    const events = await database.db.instanceEvent.findMany({
      where: { instanceId: started.instanceId, type: "task.completed" },
    });
    expect(events).toHaveLength(1);
  });

  it("fires a timer after downtime (late, never lost) and cancels timers whose step completed", async () => {
    await publish(database.db, timerThenCall);
    await publish(database.db, awaitPayment);
    const { registry } = fakeRegistry();
    const timed = await startWorkflow(deps, null, {
      definitionKey: "timer-then-call",
      input: { ref: "T-1" },
    });
    const waiting = await startWorkflow(deps, null, {
      definitionKey: "await-payment",
      input: { orderId: "SO-7" },
    });
    expect(await testWorker(database.db, kind, clock, registry).tick()).toBe(0);

    // Nobody ran for three hours; a fresh worker fires the overdue timer.
    clock.advance(3 * 3600_000);
    await drainWorker(testWorker(database.db, kind, clock, registry));
    const timer = await database.db.timer.findFirstOrThrow({ where: { instanceId: timed.instanceId } });
    expect(timer.status).toBe("fired");
    expect(timer.firedAt?.toISOString()).toBe(clock.now().toISOString());
    expect((await getInstance(deps, timed.instanceId)).status).toBe("completed");

    await sendMessage(deps, { name: "payment.received", correlationKey: "SO-7", payload: { amount: 5 } });
    const timeout = await database.db.timer.findFirstOrThrow({ where: { instanceId: waiting.instanceId } });
    expect(timeout.status).toBe("cancelled");
    expect(await database.db.messageSubscription.count({ where: { instanceId: waiting.instanceId } })).toBe(
      0,
    );
  });

  it("correlates messages exactly, ignores a repeated message id, and records unmatched ones", async () => {
    await publish(database.db, awaitPayment);
    const one = await startWorkflow(deps, null, {
      definitionKey: "await-payment",
      input: { orderId: "SO-1" },
    });
    const two = await startWorkflow(deps, null, {
      definitionKey: "await-payment",
      input: { orderId: "SO-2" },
    });

    const delivered = await sendMessage(deps, {
      name: "payment.received",
      correlationKey: "SO-2",
      payload: { amount: 12 },
      messageId: "psp-1",
    });
    expect(delivered).toMatchObject({ duplicate: false, status: "matched", instanceIds: [two.instanceId] });
    expect((await getInstance(deps, two.instanceId)).status).toBe("completed");
    expect((await getInstance(deps, one.instanceId)).status).toBe("waiting");

    expect(
      await sendMessage(deps, {
        name: "payment.received",
        correlationKey: "SO-2",
        payload: {},
        messageId: "psp-1",
      }),
    ).toEqual({ duplicate: true, messageId: "psp-1" });
    expect(await database.db.inboundMessage.count()).toBe(1);

    const stray = await sendMessage(deps, {
      name: "payment.received",
      correlationKey: "SO-404",
      payload: {},
    });
    expect(stray).toMatchObject({ duplicate: false, status: "unmatched", instanceIds: [] });
    expect(
      await database.db.inboundMessage.findUniqueOrThrow({
        where: { id: (stray as { id: string }).id },
        select: { status: true },
      }),
    ).toEqual({ status: "unmatched" });
  });

  it("retries a failing call with backoff, opens an incident, and an admin retries it", async () => {
    await publish(database.db, callWithoutFallback);
    let failing = true;
    const { registry } = fakeRegistry({ random: () => (failing ? 0 : 1), failureRate: 0.5 });
    const worker = testWorker(database.db, kind, clock, registry);
    const started = await startWorkflow(deps, null, {
      definitionKey: "call-without-fallback",
      input: { ref: "R-1" },
    });

    await drainWorker(worker);
    expect(
      await database.db.timer.count({
        where: { instanceId: started.instanceId, kind: "retry", status: "scheduled" },
      }),
    ).toBe(1);
    clock.advance(5000);
    await drainWorker(worker);
    const [incident] = await listIncidents(deps);
    expect(incident).toMatchObject({
      instanceId: started.instanceId,
      nodeId: "record",
      code: "UNAVAILABLE",
      status: "open",
    });
    expect((await getInstance(deps, started.instanceId)).status).toBe("waiting");

    failing = false;
    await retryIncident(deps, "requester", { incidentId: incident!.id });
    await drainWorker(worker);
    expect((await getInstance(deps, started.instanceId)).status).toBe("completed");
    expect(await listIncidents(deps)).toEqual([]);
    const again = await retryIncident(deps, "requester", { incidentId: incident!.id }).catch(
      (error: unknown) => error,
    );
    expect((again as Error).message).toMatch(/already resolved/);
  });

  it("lets an admin resolve an incident by hand with the step's output", async () => {
    await publish(database.db, callWithoutFallback);
    const { registry } = fakeRegistry({ failureRate: 1, random: () => 0 });
    const worker = testWorker(database.db, kind, clock, registry);
    const started = await startWorkflow(deps, null, {
      definitionKey: "call-without-fallback",
      input: { ref: "R-2" },
    });
    await drainWorker(worker);
    clock.advance(5000);
    await drainWorker(worker);
    const [incident] = await listIncidents(deps);
    await resolveIncident(deps, "requester", {
      incidentId: incident!.id,
      note: "Booked in the ERP by hand",
      output: { ref: "MANUAL-1" },
    });
    const instance = await getInstance(deps, started.instanceId);
    expect(instance.status).toBe("completed");
    expect((instance.state as { variables: Record<string, unknown> }).variables.effect).toEqual({
      ref: "MANUAL-1",
    });
    expect(instance.incidents).toEqual([
      expect.objectContaining({ status: "resolved", resolution: "resolved" }),
    ]);
  });

  it("reclaims a job whose worker died and refuses the late result of the old lease holder", async () => {
    await publish(database.db, timerThenCall);
    const store = memoryEffectStore();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const stuck: Connector = defineConnector({
      id: "fake",
      name: "Stuck fake",
      version: "1.0.0",
      operations: {
        record: defineOperation({
          name: "Record",
          input: z.looseObject({ key: z.json() }),
          output: z.json(),
          idempotent: true,
          call: async (input, context) => {
            await gate;
            const key = `record:${context.idempotencyKey}`;
            return { ok: true, output: store.get(key) ?? store.put(key, { first: "stuck" }) };
          },
        }),
      },
    });
    const started = await startWorkflow(deps, null, {
      definitionKey: "timer-then-call",
      input: { ref: "L-1" },
    });
    clock.advance(3600_000);
    const { registry } = fakeRegistry({ store });
    // One round fires the timer; the call it queues is claimed in a later round.
    expect(await testWorker(database.db, kind, clock, registry).tick()).toBe(1);
    // The timer fired and queued the call; worker A takes it and hangs inside the connector.
    const workerA = testWorker(database.db, kind, clock, new ConnectorRegistry([stuck]), {
      id: "A",
      leaseMs: 10_000,
    });
    const running = workerA.tick();
    await waitFor(
      async () =>
        (await database.db.outboxJob.count({ where: { leaseOwner: "A", status: "running" } })) === 1,
    );

    // A's lease runs out; worker B reclaims the job and finishes it.
    clock.advance(11_000);
    const workerB = testWorker(database.db, kind, clock, registry, { id: "B" });
    await drainWorker(workerB);
    expect((await getInstance(deps, started.instanceId)).status).toBe("completed");

    // A comes back: its result is refused, and the effect happened once.
    release();
    await running;
    const instance = await getInstance(deps, started.instanceId);
    expect(instance.events.filter((event) => event.type === "connector.succeeded")).toHaveLength(1);
    expect(store.stats().effects).toBe(1);
    const job = await database.db.outboxJob.findFirstOrThrow({
      where: { instanceId: started.instanceId, type: "connector.call" },
    });
    expect(job).toMatchObject({ status: "done", attempts: 2 });
  });

  it("never lets two workers run the same job at the same time", async () => {
    await publish(database.db, timerThenCall);
    const running = new Set<string>();
    const seen: string[] = [];
    let overlaps = 0;
    const store = memoryEffectStore();
    const watched: Connector = defineConnector({
      id: "fake",
      name: "Watched fake",
      version: "1.0.0",
      operations: {
        record: defineOperation({
          name: "Record",
          input: z.looseObject({ key: z.json() }),
          output: z.json(),
          idempotent: true,
          call: async (input, context) => {
            if (running.has(context.idempotencyKey)) overlaps += 1;
            running.add(context.idempotencyKey);
            seen.push(context.idempotencyKey);
            await new Promise((resolve) => setTimeout(resolve, 2));
            running.delete(context.idempotencyKey);
            const key = `record:${context.idempotencyKey}`;
            return { ok: true, output: store.get(key) ?? store.put(key, { key }) };
          },
        }),
      },
    });
    const count = 30;
    for (let index = 0; index < count; index += 1) {
      await startWorkflow(deps, null, { definitionKey: "timer-then-call", input: { ref: `P-${index}` } });
    }
    clock.advance(3600_000);
    const registry = new ConnectorRegistry([watched]);
    const workers = [
      testWorker(database.db, kind, clock, registry, { id: "W1", batchSize: 4 }),
      testWorker(database.db, kind, clock, registry, { id: "W2", batchSize: 4 }),
    ];
    for (let round = 0; round < 40; round += 1) {
      const handled = await Promise.all(workers.map((worker) => worker.tick()));
      if (handled.every((value) => value === 0)) break;
    }
    expect(overlaps).toBe(0);
    expect(seen).toHaveLength(count);
    expect(new Set(seen).size).toBe(count);
    expect(await database.db.instance.count({ where: { status: "completed" } })).toBe(count);
  });

  it("finishes work in flight when stopped (graceful shutdown on SIGTERM)", async () => {
    await publish(database.db, timerThenCall);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const slow: Connector = defineConnector({
      id: "fake",
      name: "Slow fake",
      version: "1.0.0",
      operations: {
        record: defineOperation({
          name: "Record",
          input: z.looseObject({ key: z.json() }),
          output: z.json(),
          idempotent: true,
          call: async () => {
            calls += 1;
            await gate;
            return { ok: true, output: { done: true } };
          },
        }),
      },
    });
    const started = await startWorkflow(deps, null, {
      definitionKey: "timer-then-call",
      input: { ref: "S-1" },
    });
    clock.advance(3600_000);
    const worker = testWorker(database.db, kind, clock, new ConnectorRegistry([slow]), { pollMs: 5 });
    worker.start();
    await waitFor(() => Promise.resolve(calls === 1));
    let stopped = false;
    const stopping = worker.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect((await getInstance(deps, started.instanceId)).status).toBe("completed");
    expect(await database.db.outboxJob.count({ where: { status: "running" } })).toBe(0);
  });

  it("isolates a poison job: others run, and it ends up dead after its attempts", async () => {
    await publish(database.db, timerThenCall);
    const { registry } = fakeRegistry();
    await database.db.outboxJob.create({
      data: {
        id: "poison",
        type: "no.such.job",
        payload: {},
        idempotencyKey: "poison",
        nextAttemptAt: clock.now(),
      },
    });
    const started = await startWorkflow(deps, null, {
      definitionKey: "timer-then-call",
      input: { ref: "OK-1" },
    });
    clock.advance(3600_000);
    const worker = testWorker(database.db, kind, clock, registry, { maxJobAttempts: 3 });
    await drainWorker(worker);
    expect((await getInstance(deps, started.instanceId)).status).toBe("completed");
    for (let round = 0; round < 3; round += 1) {
      clock.advance(120_000);
      await drainWorker(worker);
    }
    expect(
      await database.db.outboxJob.findUniqueOrThrow({
        where: { id: "poison" },
        select: { status: true, attempts: true, lastError: true },
      }),
    ).toEqual({
      status: "dead",
      attempts: 3,
      lastError: "Unknown job type no.such.job",
    });
  });

  it("runs a sub-workflow to its end and hands its result back to the parent", async () => {
    await publish(database.db, childFlow);
    await publish(database.db, parentFlow);
    const { registry } = fakeRegistry();
    const parent = await startWorkflow(deps, "requester", {
      definitionKey: "parent-flow",
      input: { amount: 400 },
    });
    await drainWorker(testWorker(database.db, kind, clock, registry));
    const child = await database.db.instance.findFirstOrThrow({
      where: { parentInstanceId: parent.instanceId },
      select: { status: true, startedById: true },
    });
    expect(child).toEqual({ status: "completed", startedById: "requester" });
    const state = (await getInstance(deps, parent.instanceId)).state as {
      status: string;
      variables: Record<string, unknown>;
    };
    expect(state.status).toBe("completed");
    expect(state.variables.limit).toBe(800);
  });

  it("cancels an instance: open tasks are cancelled and later events are refused", async () => {
    await publish(database.db, approvalWithCall);
    const started = await startWorkflow(deps, "requester", {
      definitionKey: "approval-with-call",
      input: { amount: 10 },
    });
    const task = await database.db.task.findFirstOrThrow({ where: { instanceId: started.instanceId } });
    expect(
      await cancelInstance(deps, "requester", {
        instanceId: started.instanceId,
        reason: "Customer withdrew",
      }),
    ).toEqual({ status: "cancelled" });
    expect((await database.db.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe("cancelled");
    const refused = await decideTask(deps, approver("a1"), { taskId: task.id, decision: "approved" }).catch(
      (error: unknown) => error,
    );
    expect((refused as TaskDecisionRefused).rejection.code).toBe("INSTANCE_ENDED");
    const unknown = await applyEvent(deps, "no-such-instance", {
      type: "instance.cancel",
      reason: "x",
    }).catch((error: unknown) => error);
    expect((unknown as Error).message).toMatch(/does not exist/);
  });

  it("refuses to start unpublished workflows and bad input, naming the fields", async () => {
    await publish(database.db, approvalWithCall);
    const missing = await startWorkflow(deps, null, { definitionKey: "nope", input: {} }).catch(
      (error: unknown) => error,
    );
    expect((missing as Error).message).toMatch(/has no published version/);
    const bad = await startWorkflow(deps, null, {
      definitionKey: "approval-with-call",
      input: { amount: "lots" },
    }).catch((error: unknown) => error);
    expect(bad).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { amount: "amount must be a number" } });
    expect(await database.db.instance.count()).toBe(0);
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("condition not met in time");
}
