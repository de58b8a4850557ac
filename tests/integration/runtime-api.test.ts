// The runtime's tRPC procedures through createCaller: who may start, cancel, message and handle
// incidents, and how bad input and four-eyes breaches come back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds } from "../helpers/databases";
import { trpcError } from "../helpers/trpc";
import { createTestApp, type TestApp } from "../helpers/app";
import { approvalWithCall, awaitPayment, publish } from "../helpers/runtime";

describe.each(databaseKinds)("runtime procedures on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp(kind);
    await publish(app.db, approvalWithCall);
    await publish(app.db, awaitPayment);
  });
  afterAll(async () => {
    await app.drop();
  });

  it("lets an approver start an instance and another approver decide it; four-eyes is enforced", async () => {
    const alex = await app.callerFor("approver@omniflow.demo");
    const started = await alex.instances.start({
      definitionKey: "approval-with-call",
      input: { amount: 250 },
      businessKey: "PO-250",
    });
    expect(started).toMatchObject({ version: 1, status: "waiting" });
    const instance = await alex.instances.get({ id: started.instanceId });
    const taskId = instance.tasks[0]!.id;

    const own = await trpcError(alex.tasks.decide({ taskId, decision: "approved" }));
    expect(own.code).toBe("PRECONDITION_FAILED");
    expect(own.message).toMatch(/You started this request/);

    const blair = await app.callerFor("approver2@omniflow.demo");
    expect(await blair.tasks.decide({ taskId, decision: "approved" })).toEqual({
      instanceId: started.instanceId,
      status: "running",
    });
    const stale = await trpcError(blair.tasks.decide({ taskId, decision: "approved" }));
    expect(stale.code).toBe("CONFLICT");
  });

  it("answers BAD_REQUEST with field errors for bad start input and creates nothing", async () => {
    const caller = await app.callerFor("designer@omniflow.demo");
    const before = await app.db.instance.count();
    const error = await trpcError(
      caller.instances.start({ definitionKey: "approval-with-call", input: { amount: "a lot" } }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.cause).toMatchObject({ fieldErrors: { amount: "amount must be a number" } });
    const missing = await trpcError(caller.instances.start({ definitionKey: "no-such-flow", input: {} }));
    expect(missing.code).toBe("NOT_FOUND");
    expect(await app.db.instance.count()).toBe(before);
  });

  it("keeps cancel and incidents for admins, and reading for every role", async () => {
    const viewer = await app.callerFor("viewer@omniflow.demo");
    expect(
      (await trpcError(viewer.instances.start({ definitionKey: "approval-with-call", input: { amount: 1 } })))
        .code,
    ).toBe("FORBIDDEN");
    const list = await viewer.instances.list({});
    expect(list.items.length).toBeGreaterThan(0);
    const id = list.items[0]!.id;
    expect((await trpcError(viewer.instances.cancel({ instanceId: id, reason: "x" }))).code).toBe(
      "FORBIDDEN",
    );
    expect((await trpcError(viewer.incidents.list({ status: "open" }))).code).toBe("FORBIDDEN");
    expect((await trpcError((await app.callerFor(null)).instances.list({}))).code).toBe("UNAUTHORIZED");

    const admin = await app.callerFor("admin@omniflow.demo");
    const reasonless = await trpcError(admin.instances.cancel({ instanceId: id, reason: " " }));
    expect(reasonless.code).toBe("BAD_REQUEST");
    expect(await admin.incidents.list({ status: "open" })).toEqual([]);
  });

  it("delivers messages for designers and admins, and reports unmatched ones", async () => {
    const designer = await app.callerFor("designer@omniflow.demo");
    const started = await designer.instances.start({
      definitionKey: "await-payment",
      input: { orderId: "SO-77" },
    });
    expect(
      await designer.instances.sendMessage({
        name: "payment.received",
        correlationKey: "SO-77",
        payload: { paid: true },
      }),
    ).toMatchObject({
      status: "matched",
      instanceIds: [started.instanceId],
    });
    expect(
      await designer.instances.sendMessage({ name: "payment.received", correlationKey: "SO-404" }),
    ).toMatchObject({ status: "unmatched" });
    const approver = await app.callerFor("approver@omniflow.demo");
    expect((await trpcError(approver.instances.sendMessage({ name: "x", correlationKey: "y" }))).code).toBe(
      "FORBIDDEN",
    );
  });
});
