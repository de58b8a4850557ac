// The task inbox through createCaller on real databases: what each approver sees, claims, decisions
// with four-eyes, rejection reasons the requester sees, delegation, bulk approval, comments, filters
// and pagination, reminders and escalations fired by the worker, and the live-change signal.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoWorkflows } from "@/server/db/demo-workflows";
import { databaseKinds } from "../helpers/databases";
import { createTestApp, type TestApp } from "../helpers/app";
import { TestClock, fakeRegistry, testWorker, drainWorker, publish } from "../helpers/runtime";
import { trpcError } from "../helpers/trpc";
import { deliverNotification } from "@/server/services/notifications";
import { Worker, type Notifier } from "@/server/runtime/worker";

const HOUR = 3_600_000;

describe.each(databaseKinds)("task inbox on %s", (kind) => {
  let app: TestApp;
  let workflowId: string;
  beforeAll(async () => {
    app = await createTestApp(kind);
    const admin = await app.user("admin@omniflow.demo");
    await seedDemoWorkflows(app.db, admin.id, app.clock.now);
    workflowId = (await app.db.workflowDefinition.findUniqueOrThrow({ where: { key: "purchase-request" } }))
      .id;
  });
  afterAll(async () => {
    await app.drop();
  });

  async function request(businessKey: string, amount = 1200) {
    const riley = await app.callerFor("requester@omniflow.demo");
    const started = await riley.requests.start({
      definitionKey: "purchase-request",
      businessKey,
      input: { item: "Label printer", supplier: "ACME", amount },
    });
    const task = await app.db.task.findFirstOrThrow({
      where: { instanceId: started.instanceId, status: { in: ["open", "claimed"] } },
      select: { id: true },
    });
    return { instanceId: started.instanceId, taskId: task.id };
  }

  it("runs the approval story: claim, approve level 1, four-eyes at level 2, another approver completes it", async () => {
    const { instanceId, taskId } = await request("PR-1001");
    const alex = await app.callerFor("approver@omniflow.demo");
    const blair = await app.callerFor("approver2@omniflow.demo");

    const page = await alex.inbox.list({ search: "PR-1001" });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      id: taskId,
      title: "Purchase approval: Team lead",
      businessKey: "PR-1001",
      amount: 1200,
      requester: { name: "Riley Requester" },
      workflowName: "Purchase request",
      claimedBy: null,
      escalationLevel: 0,
    });
    expect(page.items[0]!.others).toEqual([
      { name: "item", value: "Label printer" },
      { name: "supplier", value: "ACME" },
    ]);
    expect(page.items[0]!.dueAt?.toISOString()).toBe("2026-06-02T09:00:00.000Z");

    await alex.inbox.claim({ taskId });
    // Claimed: it leaves Blair's inbox, and Blair can neither claim nor decide it.
    expect((await blair.inbox.list({ search: "PR-1001" })).items).toEqual([]);
    expect((await trpcError(blair.inbox.claim({ taskId }))).message).toMatch(
      /Alex Approver has already claimed/,
    );
    const blocked = await trpcError(blair.tasks.decide({ taskId, decision: "approved" }));
    expect(blocked.code).toBe("CONFLICT");
    expect((await alex.inbox.list({ filter: "mine", search: "PR-1001" })).items[0]).toMatchObject({
      status: "claimed",
      claimedBy: { name: "Alex Approver" },
    });

    await alex.tasks.decide({ taskId, decision: "approved", formData: { costCenter: "CC-7" } });
    const level2 = await app.db.task.findFirstOrThrow({ where: { instanceId, status: "open" } });
    expect(level2.title).toBe("Purchase approval: Finance");

    const before = await app.db.instance.findUniqueOrThrow({ where: { id: instanceId } });
    const refused = await trpcError(alex.tasks.decide({ taskId: level2.id, decision: "approved" }));
    expect(refused.code).toBe("PRECONDITION_FAILED");
    expect(refused.message).toMatch(/already approved another level/);
    const after = await app.db.instance.findUniqueOrThrow({ where: { id: instanceId } });
    expect(after.revision).toBe(before.revision);
    expect(after.state).toEqual(before.state);

    await blair.tasks.decide({ taskId: level2.id, decision: "approved" });
    const riley = await app.callerFor("requester@omniflow.demo");
    const mine = await riley.requests.mine({});
    expect(mine.items.find((item) => item.id === instanceId)).toMatchObject({
      status: "completed",
      outcome: "completed",
      rejection: null,
      waitingOn: [],
    });
    const detail = await blair.inbox.task({ taskId: level2.id });
    expect(detail.instance.variables).toMatchObject({ costCenter: "CC-7", amount: 1200 });
    // The refused level-2 attempt left no trace in the history: refusals change nothing.
    expect(detail.instance.history.map((entry) => entry.type)).toEqual([
      "instance.started",
      "task.completed",
      "task.completed",
    ]);
  });

  it("needs a reason to reject; the requester then sees who rejected it and why", async () => {
    const { instanceId, taskId } = await request("PR-1002", 90);
    const blair = await app.callerFor("approver2@omniflow.demo");
    const noReason = await trpcError(blair.tasks.decide({ taskId, decision: "rejected", reason: "  " }));
    expect(noReason.message).toMatch(/reason/i);
    expect(await app.db.task.findUniqueOrThrow({ where: { id: taskId }, select: { status: true } })).toEqual({
      status: "open",
    });
    await blair.tasks.decide({ taskId, decision: "rejected", reason: "Use the framework contract" });
    const riley = await app.callerFor("requester@omniflow.demo");
    const mine = await riley.requests.mine({});
    expect(mine.items.find((item) => item.id === instanceId)).toMatchObject({
      status: "completed",
      outcome: "rejected",
      rejection: {
        reason: "Use the framework contract",
        by: "Blair Approver",
        step: "Purchase approval: Team lead",
      },
    });
  });

  it("delegates a task to a person who acts on the delegator's behalf; a forbidden delegate is refused", async () => {
    const { taskId } = await request("PR-1003");
    const alex = await app.callerFor("approver@omniflow.demo");
    const riley = await app.user("requester@omniflow.demo");
    const admin = await app.user("admin@omniflow.demo");

    const toRequester = await trpcError(alex.tasks.delegate({ taskId, delegateId: riley.id }));
    expect(toRequester.code).toBe("PRECONDITION_FAILED");
    expect(toRequester.message).toMatch(/started this request/);
    expect(toRequester.cause).toMatchObject({ field: "delegateId" });
    const nobody = await trpcError(alex.tasks.delegate({ taskId, delegateId: "no-such-person" }));
    expect(nobody.code).toBe("BAD_REQUEST");

    await alex.tasks.delegate({ taskId, delegateId: admin.id, reason: "On leave tomorrow" });
    const task = await app.db.task.findUniqueOrThrow({
      where: { id: taskId },
      select: { assigneeId: true, onBehalfOfId: true, status: true },
    });
    const alexUser = await app.user("approver@omniflow.demo");
    expect(task).toEqual({ assigneeId: admin.id, onBehalfOfId: alexUser.id, status: "open" });
    // It left the role queue: Blair no longer sees it; the detail says on whose behalf the admin acts.
    const blair = await app.callerFor("approver2@omniflow.demo");
    expect((await blair.inbox.list({ search: "PR-1003" })).items).toEqual([]);
    const detail = await (await app.callerFor("admin@omniflow.demo")).inbox.task({ taskId });
    expect(detail.onBehalfOf).toEqual({ id: alexUser.id, name: "Alex Approver" });
    expect(detail.can.act).toBe(true);
    expect(detail.instance.history.at(-1)).toMatchObject({
      type: "task.delegated",
      actor: { name: "Alex Approver" },
    });
  });

  it("approves several tasks of one kind at once, reporting the ones the engine refused", async () => {
    const first = await request("PR-2001");
    const second = await request("PR-2002");
    const alex = await app.callerFor("approver@omniflow.demo");
    // Alex approves the first's level 1, so its level 2 is four-eyes-blocked for Alex.
    await alex.tasks.decide({ taskId: first.taskId, decision: "approved" });
    const firstLevel2 = await app.db.task.findFirstOrThrow({
      where: { instanceId: first.instanceId, status: "open" },
    });
    const mixed = await trpcError(alex.tasks.bulkApprove({ taskIds: [firstLevel2.id, second.taskId] }));
    expect(mixed.code).toBe("BAD_REQUEST");
    expect(mixed.message).toMatch(/same kind/);

    const third = await request("PR-2003");
    await (
      await app.callerFor("approver2@omniflow.demo")
    ).tasks.decide({ taskId: third.taskId, decision: "approved" });
    const thirdLevel2 = await app.db.task.findFirstOrThrow({
      where: { instanceId: third.instanceId, status: "open" },
    });
    const result = await alex.tasks.bulkApprove({ taskIds: [firstLevel2.id, thirdLevel2.id] });
    expect(result.approved).toBe(1);
    expect(result.results).toEqual([
      {
        taskId: firstLevel2.id,
        ok: false,
        message: expect.stringMatching(/already approved another level/) as unknown,
      },
      { taskId: thirdLevel2.id, ok: true, message: "Approved" },
    ]);
    expect((await trpcError(alex.tasks.bulkApprove({ taskIds: [] }))).code).toBe("BAD_REQUEST");
  });

  it("keeps a comment thread per request and refuses empty comments and outsiders", async () => {
    const { taskId, instanceId } = await request("PR-3001");
    const alex = await app.callerFor("approver@omniflow.demo");
    await alex.inbox.comment({ taskId, body: "Is there a cheaper model?" });
    const empty = await trpcError(alex.inbox.comment({ taskId, body: "   " }));
    expect(empty.code).toBe("BAD_REQUEST");
    expect(empty.message).toMatch(/Write a comment first/);
    const riley = await app.callerFor("requester@omniflow.demo");
    expect((await trpcError(riley.inbox.comment({ taskId, body: "hi" }))).code).toBe("FORBIDDEN");
    const detail = await alex.inbox.task({ taskId });
    expect(detail.comments).toEqual([
      expect.objectContaining({
        body: "Is there a cheaper model?",
        author: { id: expect.any(String) as unknown, name: "Alex Approver" },
      }),
    ]);
    expect(await app.db.taskComment.count({ where: { instanceId } })).toBe(1);
  });

  it("filters, searches, sorts and pages", async () => {
    const alex = await app.callerFor("approver@omniflow.demo");
    const keys = ["PG-01", "PG-02", "PG-03", "PG-04", "PG-05"];
    for (const [index, key] of keys.entries()) {
      app.clock.now = new Date(Date.parse("2026-06-01T09:00:00.000Z") + index * 60_000);
      await request(key);
    }
    const first = await alex.inbox.list({ search: "PG-", sort: "newest", limit: 2 });
    expect(first.items.map((item) => item.businessKey)).toEqual(["PG-05", "PG-04"]);
    const second = await alex.inbox.list({
      search: "PG-",
      sort: "newest",
      limit: 2,
      cursor: first.nextCursor!,
    });
    expect(second.items.map((item) => item.businessKey)).toEqual(["PG-03", "PG-02"]);
    const third = await alex.inbox.list({
      search: "PG-",
      sort: "newest",
      limit: 2,
      cursor: second.nextCursor!,
    });
    expect(third.items.map((item) => item.businessKey)).toEqual(["PG-01"]);
    expect(third.nextCursor).toBeNull();
    expect((await alex.inbox.list({ search: "PG-", sort: "due", limit: 1 })).items[0]!.businessKey).toBe(
      "PG-01",
    );

    const pg02 = (await alex.inbox.list({ search: "PG-02" })).items[0]!;
    await alex.inbox.claim({ taskId: pg02.id });
    expect(
      (await alex.inbox.list({ filter: "mine", search: "PG-" })).items.map((item) => item.businessKey),
    ).toEqual(["PG-02"]);
    expect((await alex.inbox.list({ filter: "roles", search: "PG-" })).items).toHaveLength(4);
    await alex.inbox.unclaim({ taskId: pg02.id });
    expect((await trpcError(alex.inbox.unclaim({ taskId: pg02.id }))).code).toBe("CONFLICT");

    expect((await alex.inbox.list({ filter: "overdue", search: "PG-" })).items).toEqual([]);
    app.clock.now = new Date("2026-06-02T09:03:30.000Z");
    expect(
      (await alex.inbox.list({ filter: "overdue", search: "PG-" })).items.map((item) => item.businessKey),
    ).toEqual(["PG-01", "PG-02", "PG-03", "PG-04"]);
    expect((await alex.inbox.list({ workflowId, search: "PG-" })).items).toHaveLength(5);
    expect((await alex.inbox.list({ workflowId: "another", search: "PG-" })).items).toEqual([]);
    expect(await alex.inbox.workflows()).toEqual([{ id: workflowId, name: "Purchase request" }]);
    const badLimit = await trpcError(alex.inbox.list({ limit: 1000 }));
    expect(badLimit.code).toBe("BAD_REQUEST");
    expect((await trpcError((await app.callerFor("requester@omniflow.demo")).inbox.list({}))).code).toBe(
      "FORBIDDEN",
    );
  });

  it("fires the escalation ladder from durable timers, also after a restart, and the inbox shows it", async () => {
    const clock = new TestClock(new Date("2026-07-01T09:00:00.000Z"));
    app.clock.now = clock.now();
    const { taskId } = await request("PR-4001");
    const sent: string[] = [];
    const notifier: Notifier = {
      send: async (notification, instanceId) => {
        sent.push(notification.subject);
        await deliverNotification(app.db, notification, instanceId, clock.now());
      },
    };
    const { registry } = fakeRegistry();
    // A worker that stops ("restart") before the due time; a new one picks the timers up afterwards.
    const first = testWorker(app.db, kind, clock, registry);
    await drainWorker(first);
    await first.stop();
    clock.advance(24 * HOUR + 4 * HOUR + 1000);
    const second = new Worker(
      { db: app.db, kind, now: clock.now, connectors: registry, notifier },
      { renewEveryMs: 0, log: () => undefined },
    );
    await drainWorker(second);
    expect(sent).toEqual(["Reminder: Purchase approval is overdue"]);
    const alex = await app.callerFor("approver@omniflow.demo");
    app.clock.now = clock.now();
    expect((await alex.inbox.notifications()).items[0]).toMatchObject({ kind: "reminder", taskId });
    expect((await alex.inbox.list({ search: "PR-4001" })).items[0]).toMatchObject({ escalationLevel: 1 });

    clock.advance(24 * HOUR);
    await drainWorker(second);
    await second.stop();
    // Reassigned to the finance role: Blair (finance) sees it escalated, Alex (buyer) no longer does.
    app.clock.now = clock.now();
    expect((await alex.inbox.list({ search: "PR-4001" })).items).toEqual([]);
    const blair = await app.callerFor("approver2@omniflow.demo");
    expect((await blair.inbox.list({ search: "PR-4001" })).items[0]).toMatchObject({
      id: taskId,
      escalationLevel: 2,
    });
    await alex.inbox.markNotificationsRead();
    expect((await alex.inbox.notifications()).unread).toBe(0);
  });

  it("sends tasks that arrive for someone out of office to their delegate, on their behalf", async () => {
    const alex = await app.user("approver@omniflow.demo");
    const blair = await app.user("approver2@omniflow.demo");
    await publish(app.db, {
      schemaVersion: 1,
      key: "direct-approval",
      name: "Direct approval",
      nodes: [
        { id: "start", kind: "start", input: [{ name: "amount", type: "number", required: true }] },
        {
          id: "approve",
          kind: "approval",
          name: "Approve",
          levels: [{ id: "l1", assignees: [{ type: "user", userId: alex.id }] }],
        },
        { id: "done", kind: "end" },
      ],
      edges: [
        { id: "e1", source: "start", target: "approve", type: "normal" },
        { id: "e2", source: "approve", target: "done", type: "normal" },
      ],
    });
    app.clock.now = new Date("2026-08-03T08:00:00.000Z");
    const alexCaller = await app.callerFor("approver@omniflow.demo");
    // Bad settings are refused field by field and store nothing.
    const backwards = await trpcError(
      alexCaller.profile.setOutOfOffice({
        delegateId: blair.id,
        startsAt: new Date("2026-08-05T00:00:00.000Z"),
        endsAt: new Date("2026-08-04T00:00:00.000Z"),
      }),
    );
    expect(backwards.code).toBe("BAD_REQUEST");
    expect(backwards.message).toMatch(/The end must be after the start/);
    const self = await trpcError(
      alexCaller.profile.setOutOfOffice({
        delegateId: alex.id,
        startsAt: new Date("2026-08-03T00:00:00.000Z"),
        endsAt: new Date("2026-08-10T00:00:00.000Z"),
      }),
    );
    expect(self.cause).toMatchObject({ field: "delegateId" });
    expect(await alexCaller.profile.outOfOffice()).toBeNull();

    await alexCaller.profile.setOutOfOffice({
      delegateId: blair.id,
      startsAt: new Date("2026-08-03T00:00:00.000Z"),
      endsAt: new Date("2026-08-10T00:00:00.000Z"),
      note: "Trade fair",
    });
    expect(await alexCaller.profile.outOfOffice()).toMatchObject({ delegate: { name: "Blair Approver" } });

    const riley = await app.callerFor("requester@omniflow.demo");
    const away = await riley.requests.start({ definitionKey: "direct-approval", input: { amount: 5 } });
    expect(away.businessKey).toMatch(/^DA-\d+$/);
    const handed = await app.db.task.findFirstOrThrow({
      where: { instanceId: away.instanceId },
      select: { id: true, assigneeId: true, onBehalfOfId: true },
    });
    expect(handed).toMatchObject({ assigneeId: blair.id, onBehalfOfId: alex.id });
    const blairCaller = await app.callerFor("approver2@omniflow.demo");
    expect(
      (await blairCaller.inbox.list({ filter: "mine", search: away.businessKey })).items[0],
    ).toMatchObject({
      id: handed.id,
      onBehalfOf: { name: "Alex Approver" },
    });
    const history = await app.db.instanceEvent.findMany({
      where: { instanceId: away.instanceId },
      orderBy: { seq: "asc" },
      select: { type: true },
    });
    expect(history.map((event) => event.type)).toEqual(["instance.started", "task.delegated"]);
    await blairCaller.tasks.decide({ taskId: handed.id, decision: "approved" });

    // Back in office: new tasks stay with Alex.
    await alexCaller.profile.clearOutOfOffice();
    const back = await riley.requests.start({ definitionKey: "direct-approval", input: { amount: 6 } });
    expect(
      await app.db.task.findFirstOrThrow({
        where: { instanceId: back.instanceId },
        select: { assigneeId: true, onBehalfOfId: true },
      }),
    ).toEqual({ assigneeId: alex.id, onBehalfOfId: null });
  });

  it("signals open inboxes when a task changes", async () => {
    const alex = await app.callerFor("approver@omniflow.demo");
    const iterable = await alex.inbox.changes();
    const iterator = iterable[Symbol.asyncIterator]();
    const initial = await iterator.next();
    expect(initial.done).toBe(false);
    app.clock.now = new Date();
    await request("PR-5001");
    const started = Date.now();
    const change = await iterator.next();
    expect(change.done).toBe(false);
    expect(change.value).not.toEqual(initial.value);
    expect(Date.now() - started).toBeLessThan(2000);
    await iterator.return?.();
  });
});
