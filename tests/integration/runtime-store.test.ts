// The runtime's raw-SQL store against real databases: the rows it writes read back through Prisma
// exactly like rows Prisma wrote (same values, same stored text for dates and JSON), it reads rows
// Prisma wrote, its checked writes refuse stale revisions and lost fences, and group commit keeps
// each transition's own guard: a conflicting transition in a batch fails alone and is retried.
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sqliteFilePath } from "@/server/db/url";
import { startWorkflow } from "@/server/runtime/instances";
import { applyEvent, isWriteConflict, type RuntimeDeps } from "@/server/runtime/runtime";
import { FenceLost, RevisionConflict, type RuntimeStore, type Write } from "@/server/runtime/store";
import { groupCommit } from "@/server/runtime/store-group";
import { openRuntimeStore } from "@/server/runtime/store-open";
import { decideTask, TaskDecisionRefused } from "@/server/runtime/tasks";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../helpers/databases";
import {
  approvalWithCall,
  drainWorker,
  fakeRegistry,
  publish,
  TestClock,
  testWorker,
} from "../helpers/runtime";

const approver = (id: string) => ({ id, roles: ["approver"] });

describe.each(databaseKinds)("runtime store on %s", (kind) => {
  let database: TestDatabase;
  let store: RuntimeStore;
  let clock: TestClock;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    store = openRuntimeStore(database.url);
    clock = new TestClock();
    for (const id of ["requester", "a1", "a2"]) {
      await database.db.user.create({ data: { id, name: id, email: `${id}@example.test` } });
    }
  });
  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  /** The stored text of some columns, to compare the representation and not only the decoded value. */
  async function stored(table: string, id: string, columns: string[]): Promise<Record<string, unknown>> {
    const list = columns
      .map((column) =>
        kind === "postgres" ? `"${column}"::text AS "${column}"` : `CAST("${column}" AS TEXT) AS "${column}"`,
      )
      .join(", ");
    const rows = await database.db.$queryRawUnsafe<Record<string, unknown>[]>(
      `SELECT ${list} FROM "${table}" WHERE "id" = ${kind === "postgres" ? "$1" : "?"}`,
      id,
    );
    return rows[0]!;
  }

  const shape = (value: unknown) => String(value).replace(/\.\d+/, "").replace(/\d/g, "d");

  it("writes every runtime row so that Prisma reads it back exactly like a row Prisma wrote", async () => {
    const { definitionId, versionId } = await publish(database.db, approvalWithCall);
    const at = new Date("2026-06-01T09:00:00.123Z");
    const due = new Date("2026-06-03T17:30:00.000Z");
    const state = { status: "waiting", nested: { list: [1, "two", null, true] }, text: 'é " \\ ✓' };
    const ids = { viaStore: randomUUID(), viaPrisma: randomUUID() };
    const summary = { level: 0, levelName: "Manager", form: [] };
    const payload = { type: "connector.call", input: { amount: 1500 } };

    for (const [via, id] of Object.entries(ids)) {
      const instance = {
        id,
        definitionId,
        versionId,
        businessKey: `SO-${via}`,
        status: "waiting",
        startedById: "requester",
        parentInstanceId: null,
        parentNodeId: null,
        parentCallId: null,
        startedAt: at,
        endedAt: null,
      };
      const event = {
        id: `${id}-e1`,
        instanceId: id,
        seq: 1,
        type: "instance.started",
        nodeId: "start",
        actorId: "requester",
        occurredAt: at,
      };
      const task = {
        id: `${id}-t1`,
        instanceId: id,
        nodeId: "approve",
        title: "Approve order",
        businessKey: `SO-${via}`,
        assigneeId: null,
        dueAt: due,
      };
      const timer = { id: `${id}-timer`, instanceId: id, nodeId: "approve", dueAt: due };
      const subscription = {
        id: `${id}-sub`,
        instanceId: id,
        nodeId: "wait",
        name: "payment.received",
        correlationKey: "SO-1",
      };
      const job = {
        id: `${id}-job`,
        instanceId: id,
        type: "connector.call",
        idempotencyKey: `connector.call:${id}`,
        nextAttemptAt: at,
      };
      const incident = {
        id: `${id}-incident`,
        instanceId: id,
        tokenId: "t1",
        nodeId: "record",
        code: "UNAVAILABLE",
        message: "Down",
      };
      if (via === "viaStore") {
        await store.commit([
          { kind: "instance.insert", ...instance, state },
          { kind: "event.insert", ...event, data: { input: { amount: 1500 } } },
          {
            kind: "task.insert",
            ...task,
            summary,
            candidateRoles: ["approver", "buyer"],
            candidateUsers: ["a1", "a2"],
          },
          { kind: "timer.insert", ...timer, purpose: "escalation" },
          { kind: "subscription.insert", ...subscription },
          { kind: "job.insert", ...job, payload },
          { kind: "incident.insert", ...incident },
        ]);
      } else {
        const db = database.db;
        await db.instance.create({ data: { ...instance, state, revision: 1 } });
        await db.instanceEvent.create({ data: { ...event, data: { input: { amount: 1500 } } } });
        await db.task.create({
          data: {
            ...task,
            status: "open",
            summary,
            candidateRoles: { create: [{ roleKey: "approver" }, { roleKey: "buyer" }] },
            candidateUsers: { create: [{ userId: "a1" }, { userId: "a2" }] },
          },
        });
        await db.timer.create({ data: { ...timer, kind: "escalation" } });
        await db.messageSubscription.create({ data: subscription });
        await db.outboxJob.create({ data: { ...job, payload } });
        await db.incident.create({ data: incident });
      }
    }

    const read = async (id: string) => {
      const db = database.db;
      const instance = await db.instance.findUniqueOrThrow({
        where: { id },
        include: { events: true, tasks: { include: { candidateRoles: true, candidateUsers: true } } },
      });
      const rest = {
        timers: await db.timer.findMany({ where: { instanceId: id } }),
        subscriptions: await db.messageSubscription.findMany({ where: { instanceId: id } }),
        jobs: await db.outboxJob.findMany({ where: { instanceId: id } }),
        incidents: await db.incident.findMany({ where: { instanceId: id } }),
      };
      // Ids and wall-clock stamps differ between the two rows by construction; the rest must not.
      return JSON.parse(
        JSON.stringify({ instance, ...rest }, (key, value: unknown) => {
          if (key === "createdAt" || key === "updatedAt") {
            expect(Math.abs(new Date(value as string).getTime() - Date.now())).toBeLessThan(60_000);
            return "<now>";
          }
          return typeof value === "string"
            ? value.replaceAll(id, "<id>").replace(/via(Store|Prisma)/, "<via>")
            : value;
        }),
      ) as unknown;
    };
    const fromStore = await read(ids.viaStore);
    expect(fromStore).toEqual(await read(ids.viaPrisma));
    expect(fromStore).toMatchObject({
      instance: {
        state,
        revision: 1,
        startedAt: at.toISOString(),
        endedAt: null,
        events: [{ seq: 1, data: { input: { amount: 1500 } }, occurredAt: at.toISOString() }],
        tasks: [{ status: "open", dueAt: due.toISOString(), summary, priority: 0, escalationLevel: 0 }],
      },
      jobs: [{ status: "pending", attempts: 0, payload, nextAttemptAt: at.toISOString() }],
      timers: [{ status: "scheduled", dueAt: due.toISOString() }],
      incidents: [{ status: "open" }],
    });

    // The stored text itself (dates and JSON) is the same, so Prisma's own filters and orderings agree.
    for (const [table, id, columns] of [
      ["instances", "", ["startedAt", "updatedAt", "state"]],
      ["instance_events", "-e1", ["occurredAt", "data"]],
      ["tasks", "-t1", ["dueAt", "createdAt", "summary"]],
      ["outbox_jobs", "-job", ["nextAttemptAt", "payload"]],
    ] as const) {
      const mine = await stored(table, `${ids.viaStore}${id}`, [...columns]);
      const prisma = await stored(table, `${ids.viaPrisma}${id}`, [...columns]);
      for (const column of columns) {
        if (column === "updatedAt" || column === "createdAt")
          // Different instants: compare the shape (PostgreSQL's text drops trailing zeros of the fraction).
          expect(shape(mine[column])).toBe(shape(prisma[column]));
        else expect(mine[column]).toEqual(prisma[column]);
      }
    }

    // And the store reads what Prisma wrote.
    expect(await store.loadInstance(ids.viaPrisma)).toEqual({
      id: ids.viaPrisma,
      versionId,
      state,
      revision: 1,
      businessKey: "SO-viaPrisma",
      parentInstanceId: null,
      parentCallId: null,
    });
    expect(await store.loadInstance("missing")).toBeNull();
  });

  it("refuses a stale revision and a lost fence, writing nothing of the transaction", async () => {
    const { versionId } = await publish(database.db, approvalWithCall);
    const deps: RuntimeDeps = { db: database.db, now: clock.now, store };
    const started = await startWorkflow(deps, "requester", {
      definitionKey: "approval-with-call",
      input: { amount: 1 },
    });
    expect((await store.loadInstance(started.instanceId))?.versionId).toBe(versionId);
    const event = (seq: number): Write => ({
      kind: "event.insert",
      id: randomUUID(),
      instanceId: started.instanceId,
      seq,
      type: "test",
      nodeId: null,
      actorId: null,
      data: {},
      occurredAt: clock.now(),
    });

    await expect(
      store.commit([event(2), { kind: "instance.bump", id: started.instanceId, revision: 7 }]),
    ).rejects.toBeInstanceOf(RevisionConflict);
    await expect(
      store.commit([
        { kind: "job.close", jobId: "no-such-job", leaseToken: "x", at: clock.now(), lastError: null },
        event(2),
      ]),
    ).rejects.toBeInstanceOf(FenceLost);
    expect(await database.db.instanceEvent.count({ where: { instanceId: started.instanceId } })).toBe(1);

    await store.commit([event(2), { kind: "instance.bump", id: started.instanceId, revision: 1 }]);
    expect((await store.loadInstance(started.instanceId))?.revision).toBe(2);
  });

  it("updates an instance's state alone when its status did not change, and status with end when it did", async () => {
    await publish(database.db, approvalWithCall);
    const deps: RuntimeDeps = { db: database.db, now: clock.now, store };
    const started = await startWorkflow(deps, "requester", {
      definitionKey: "approval-with-call",
      input: { amount: 1 },
    });
    const read = () =>
      database.db.instance.findUniqueOrThrow({
        where: { id: started.instanceId },
        select: { status: true, endedAt: true, revision: true, state: true },
      });
    const before = await read();
    expect(before).toMatchObject({ status: "waiting", endedAt: null, revision: 1 });

    await store.commit([
      {
        kind: "instance.update",
        id: started.instanceId,
        revision: 1,
        state: { marker: "same status" },
        status: null,
        endedAt: clock.now(),
      },
    ]);
    expect(await read()).toEqual({
      status: "waiting",
      endedAt: null,
      revision: 2,
      state: { marker: "same status" },
    });

    const ended = new Date("2026-06-02T10:00:00.000Z");
    await store.commit([
      {
        kind: "instance.update",
        id: started.instanceId,
        revision: 2,
        state: { marker: "ended" },
        status: "completed",
        endedAt: ended,
      },
    ]);
    expect(await read()).toEqual({
      status: "completed",
      endedAt: ended,
      revision: 3,
      state: { marker: "ended" },
    });
    await expect(
      store.commit([
        {
          kind: "instance.update",
          id: started.instanceId,
          revision: 2,
          state: {},
          status: null,
          endedAt: null,
        },
      ]),
    ).rejects.toBeInstanceOf(RevisionConflict);
  });

  it("reads the task a decision checks, with the name of whoever claimed it", async () => {
    await publish(database.db, approvalWithCall);
    const deps: RuntimeDeps = { db: database.db, now: clock.now, store };
    const started = await startWorkflow(deps, "requester", {
      definitionKey: "approval-with-call",
      input: { amount: 1 },
    });
    const task = await database.db.task.findFirstOrThrow({
      where: { instanceId: started.instanceId },
      select: { id: true },
    });
    expect(await store.loadTask(task.id)).toEqual({
      instanceId: started.instanceId,
      claimedById: null,
      claimedByName: null,
    });
    expect(await store.loadTask("missing")).toBeNull();

    await database.db.task.update({
      where: { id: task.id },
      data: { status: "claimed", claimedById: "a1", claimedAt: clock.now() },
    });
    expect(await store.loadTask(task.id)).toEqual({
      instanceId: started.instanceId,
      claimedById: "a1",
      claimedByName: "a1",
    });
    // Someone else's decision is refused with the claimer's name, and changes nothing.
    await expect(decideTask(deps, approver("a2"), { taskId: task.id, decision: "approved" })).rejects.toThrow(
      "a1 has claimed this task; it waits for them to decide or unclaim it",
    );
    expect((await store.loadInstance(started.instanceId))?.revision).toBe(1);
    await expect(
      decideTask(deps, approver("a2"), { taskId: "missing", decision: "approved" }),
    ).rejects.toThrow("This task does not exist");
  });

  it("group commit: a conflicting transition in a batch fails alone, the others commit together", async () => {
    await publish(database.db, approvalWithCall);
    const plain: RuntimeDeps = { db: database.db, now: clock.now, store };
    const first = await startWorkflow(plain, "requester", {
      definitionKey: "approval-with-call",
      input: { amount: 1 },
    });
    const second = await startWorkflow(plain, "requester", {
      definitionKey: "approval-with-call",
      input: { amount: 2 },
    });
    const grouped = groupCommit(store, { lingerMs: 50, maxBatch: 100 });
    const bump = (instanceId: string, seq: number): Write[] => [
      { kind: "instance.bump", id: instanceId, revision: seq - 1 },
      {
        kind: "event.insert",
        id: randomUUID(),
        instanceId,
        seq,
        type: "test",
        nodeId: null,
        actorId: null,
        data: {},
        occurredAt: clock.now(),
      },
    ];
    const outcomes = await Promise.allSettled([
      grouped.commit(bump(first.instanceId, 2)),
      grouped.commit(bump(first.instanceId, 2)), // read the same revision: stale once the first commits
      grouped.commit([{ kind: "timer.fire", timerId: "no-such-timer", at: clock.now() }]),
      grouped.commit(bump(second.instanceId, 2)),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      "fulfilled",
      "rejected",
      "rejected",
      "fulfilled",
    ]);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(RevisionConflict);
    expect((outcomes[2] as PromiseRejectedResult).reason).toBeInstanceOf(FenceLost);
    expect(grouped.stats).toEqual({ transactions: 1, transitions: 2, rows: 4 });
    expect((await store.loadInstance(first.instanceId))?.revision).toBe(2);
    expect((await store.loadInstance(second.instanceId))?.revision).toBe(2);
    expect(await database.db.instanceEvent.count({ where: { type: "test" } })).toBe(2);
  });

  it("a failed transaction writes nothing and reports the driver's error with its code", async () => {
    await publish(database.db, approvalWithCall);
    const plain: RuntimeDeps = { db: database.db, now: clock.now, store };
    const { instanceId } = await startWorkflow(plain, "requester", {
      definitionKey: "approval-with-call",
      input: { amount: 1 },
    });
    const event = (seq: number): Write => ({
      kind: "event.insert",
      id: randomUUID(),
      instanceId,
      seq,
      type: "test",
      nodeId: null,
      actorId: null,
      data: {},
      occurredAt: clock.now(),
    });
    // The second row repeats (instanceId, seq) = (…, 1), which the instance's start already wrote.
    const error: unknown = await store.commit([event(2), event(1)]).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(Error);
    expect(String((error as { code?: unknown }).code)).toMatch(
      kind === "sqlite" ? /^SQLITE_CONSTRAINT/ : /^23505$/,
    );
    expect(isWriteConflict(error)).toBe(false);
    expect(await database.db.instanceEvent.count({ where: { type: "test" } })).toBe(0);
    await store.commit([event(2)]);
    expect(await database.db.instanceEvent.count({ where: { type: "test" } })).toBe(1);
  });

  it.runIf(kind === "sqlite")(
    "a write lock held elsewhere is reported at once as a write conflict",
    async () => {
      const other = new Database(sqliteFilePath(database.url));
      other.exec("BEGIN IMMEDIATE");
      try {
        const error: unknown = await store
          .commit([{ kind: "timer.cancel", id: "no-such-timer" }])
          .catch((failure: unknown) => failure);
        expect(isWriteConflict(error)).toBe(true);
      } finally {
        other.exec("ROLLBACK");
        other.close();
      }
      await expect(store.commit([{ kind: "timer.cancel", id: "no-such-timer" }])).resolves.toBeUndefined();
    },
  );

  it("group commit through the runtime: racing decisions retry on fresh state, one wins, others commit", async () => {
    await publish(database.db, approvalWithCall);
    const grouped = groupCommit(store, { lingerMs: 5, maxBatch: 64 });
    const deps: RuntimeDeps = { db: database.db, now: clock.now, store: grouped };
    const racing = await startWorkflow(deps, "requester", {
      definitionKey: "approval-with-call",
      input: { amount: 1 },
    });
    const bystander = await startWorkflow(deps, "requester", {
      definitionKey: "approval-with-call",
      input: { amount: 2 },
    });
    const taskOf = async (instanceId: string) =>
      (await database.db.task.findFirstOrThrow({ where: { instanceId }, select: { id: true } })).id;
    const racingTask = await taskOf(racing.instanceId);
    const bystanderTask = await taskOf(bystander.instanceId);

    const results = await Promise.allSettled([
      ...Array.from({ length: 8 }, (_, index) =>
        decideTask(deps, approver(index % 2 ? "a1" : "a2"), { taskId: racingTask, decision: "approved" }),
      ),
      decideTask(deps, approver("a1"), { taskId: bystanderTask, decision: "approved" }),
    ]);
    const racingResults = results.slice(0, 8);
    expect(racingResults.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    for (const result of racingResults.filter((result) => result.status === "rejected"))
      expect(result.reason).toBeInstanceOf(TaskDecisionRefused);
    expect(results[8]?.status).toBe("fulfilled");
    for (const instanceId of [racing.instanceId, bystander.instanceId]) {
      const events = await database.db.instanceEvent.findMany({
        where: { instanceId },
        orderBy: { seq: "asc" },
        select: { seq: true, type: true },
      });
      expect(events).toEqual([
        { seq: 1, type: "instance.started" },
        { seq: 2, type: "task.completed" },
      ]);
    }
    expect(grouped.stats.transitions).toBe(4);
  });

  it("a worker with group commit runs instances to completion with the same history", async () => {
    await publish(database.db, approvalWithCall);
    const deps: RuntimeDeps = { db: database.db, now: clock.now };
    const instanceIds: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      const started = await startWorkflow(deps, "requester", {
        definitionKey: "approval-with-call",
        input: { amount: 100 + index },
      });
      instanceIds.push(started.instanceId);
      const task = await database.db.task.findFirstOrThrow({
        where: { instanceId: started.instanceId },
        select: { id: true },
      });
      await decideTask(deps, approver("a1"), { taskId: task.id, decision: "approved" });
    }
    const { fake, registry } = fakeRegistry();
    const worker = testWorker(database.db, kind, clock, registry, {
      groupCommit: { lingerMs: 20, maxBatch: 16 },
    });
    await drainWorker(worker);
    await worker.stop();
    // The five results were committed in fewer transactions than transitions.
    const stats = worker.groupCommitStats!;
    expect(stats.transitions).toBe(5);
    expect(stats.transactions).toBeLessThan(5);
    for (const instanceId of instanceIds) {
      const instance = await database.db.instance.findUniqueOrThrow({
        where: { id: instanceId },
        select: {
          status: true,
          revision: true,
          events: { orderBy: { seq: "asc" }, select: { seq: true, type: true } },
        },
      });
      expect(instance).toEqual({
        status: "completed",
        revision: 3,
        events: [
          { seq: 1, type: "instance.started" },
          { seq: 2, type: "task.completed" },
          { seq: 3, type: "connector.succeeded" },
        ],
      });
    }
    expect(fake.store.stats()).toEqual({ effects: 5, duplicates: 0 });
    expect(await database.db.outboxJob.count({ where: { status: { not: "done" } } })).toBe(0);
    // A fenced result whose lease is gone is still refused under group commit.
    await expect(
      applyEvent(
        { db: database.db, now: clock.now, store: groupCommit(store, { lingerMs: 1, maxBatch: 4 }) },
        instanceIds[0]!,
        { type: "timer.fired", timerId: "gone" },
        { fence: { kind: "timer", timerId: "gone" } },
      ),
    ).rejects.toBeInstanceOf(FenceLost);
  });
});
