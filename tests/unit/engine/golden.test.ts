// Golden scenarios over the fixture definitions: exact commands and exact (projected) states after
// each event, for approval chains, quorum, SLA escalation, retries, compensation, parallel branches,
// messages and sub-workflows.
import { describe, expect, it } from "vitest";
import { compile, start, type Command } from "@/engine";
import { indexGraph } from "@/engine/graph";
import { catalog, compiled, fixture } from "./fixtures";
import { HOUR, person, Scenario, SECOND, T0, at, view } from "./scenario";

const manager = person("m1", "manager");
const director = person("d1", "director");

describe("purchase approval with amount thresholds", () => {
  it("routes a large amount through manager, director and CFO, in order", () => {
    const run = new Scenario(compiled("purchase-approval"), { amount: 25000, supplier: "ACME" });
    expect(run.commands).toEqual<Command[]>([
      {
        type: "task.open",
        taskId: "i1.t2",
        nodeId: "threeLevels",
        title: "Purchase approval: Manager",
        level: 0,
        levelName: "Manager",
        assignees: [],
        candidateRoles: ["manager"],
        dueAt: null,
        form: [{ name: "costCenter", label: "Cost center", type: "string", required: true }],
      },
    ]);
    expect(view(run.state)).toMatchObject({
      status: "waiting",
      variables: { amount: 25000, supplier: "ACME", tier: "large" },
      path: ["start", "tier", "threeLevels"],
    });

    expect(
      run.send({
        type: "task.completed",
        taskId: "i1.t2",
        actor: manager,
        decision: "approved",
        formData: { costCenter: "CC-1" },
      }),
    ).toEqual([
      expect.objectContaining({
        type: "task.open",
        taskId: "i1.t3",
        level: 1,
        title: "Purchase approval: Director",
        candidateRoles: ["director"],
      }),
    ]);
    run.send({
      type: "task.completed",
      taskId: "i1.t3",
      actor: director,
      decision: "approved",
      formData: { costCenter: "CC-1" },
    });
    expect(run.commands).toEqual([
      expect.objectContaining({
        type: "task.open",
        taskId: "i1.t4",
        level: 2,
        assignees: ["cfo"],
        candidateRoles: [],
      }),
    ]);

    const formError = run.refuse(
      { type: "task.completed", taskId: "i1.t4", actor: person("cfo"), decision: "approved" },
      "FORM_INVALID",
    );
    expect(formError.fieldErrors).toEqual({ costCenter: "Cost center is required" });

    expect(
      run.send({
        type: "task.completed",
        taskId: "i1.t4",
        actor: person("cfo"),
        decision: "approved",
        formData: { costCenter: "CC-9" },
      }),
    ).toEqual([
      {
        type: "instance.completed",
        outcome: "completed",
        variables: {
          amount: 25000,
          supplier: "ACME",
          tier: "large",
          costCenter: "CC-9",
          approval: { decision: "approved", level: 2, approvers: ["m1", "d1", "cfo"], rejections: [] },
        },
      },
    ]);
    expect(view(run.state)).toEqual({
      status: "completed",
      outcome: "completed",
      variables: {
        amount: 25000,
        supplier: "ACME",
        tier: "large",
        costCenter: "CC-9",
        approval: { decision: "approved", level: 2, approvers: ["m1", "d1", "cfo"], rejections: [] },
      },
      tokens: [],
      tasks: [],
      timers: [],
      path: ["start", "tier", "threeLevels", "approved"],
      error: null,
    });
  });

  it("takes a medium amount through two levels and a small one through the manager only", () => {
    const medium = new Scenario(compiled("purchase-approval"), { amount: 5000, supplier: "ACME" });
    expect(view(medium.state).path).toEqual(["start", "tier", "twoLevels"]);
    expect(medium.commands).toEqual([
      expect.objectContaining({ taskId: "i1.t2", title: "Purchase approval: Manager", form: [] }),
    ]);
    const small = new Scenario(compiled("purchase-approval"), { amount: 999.99, supplier: "ACME" });
    expect(view(small.state).path).toEqual(["start", "tier", "managerOnly"]);
    expect(small.commands).toEqual([
      expect.objectContaining({ taskId: "i1.t2", title: "Manager approval", candidateRoles: ["manager"] }),
    ]);
  });

  it("enforces four-eyes: the requester may not approve, nor may one person approve two levels", () => {
    const run = new Scenario(
      compiled("purchase-approval"),
      { amount: 5000, supplier: "ACME" },
      { requester: "m2" },
    );
    run.refuse(
      { type: "task.completed", taskId: "i1.t2", actor: person("m2", "manager"), decision: "approved" },
      "FOUR_EYES_REQUESTER",
    );
    run.send({
      type: "task.completed",
      taskId: "i1.t2",
      actor: person("m1", "manager", "director"),
      decision: "approved",
    });
    const repeat = run.refuse(
      {
        type: "task.completed",
        taskId: "i1.t3",
        actor: person("m1", "manager", "director"),
        decision: "approved",
      },
      "FOUR_EYES_REPEAT",
    );
    expect(repeat.message).toMatch(/already approved another level/);
    run.refuse(
      { type: "task.completed", taskId: "i1.t3", actor: person("x9", "buyer"), decision: "approved" },
      "NOT_ASSIGNEE",
    );
    run.refuse(
      { type: "task.completed", taskId: "i1.t2", actor: manager, decision: "approved" },
      "TASK_NOT_OPEN",
    );
    run.send({ type: "task.completed", taskId: "i1.t3", actor: director, decision: "approved" });
    expect(run.state.outcome).toBe("completed");
  });

  it("needs a reason to reject, then ends as rejected through the rejection path", () => {
    const run = new Scenario(compiled("purchase-approval"), { amount: 500, supplier: "ACME" });
    const noReason = run.refuse(
      { type: "task.completed", taskId: "i1.t2", actor: manager, decision: "rejected", reason: "  " },
      "REASON_REQUIRED",
    );
    expect(noReason.fieldErrors).toEqual({ reason: "A reason is required" });
    expect(
      run.send({
        type: "task.completed",
        taskId: "i1.t2",
        actor: manager,
        decision: "rejected",
        reason: "Over budget",
      }),
    ).toEqual([
      {
        type: "instance.completed",
        outcome: "rejected",
        variables: {
          amount: 500,
          supplier: "ACME",
          tier: "small",
          approval: {
            decision: "rejected",
            level: 0,
            approvers: [],
            rejections: [{ actor: "m1", reason: "Over budget" }],
          },
        },
      },
    ]);
    expect(view(run.state)).toMatchObject({
      status: "completed",
      outcome: "rejected",
      path: ["start", "tier", "managerOnly", "rejected"],
    });
  });

  it("refuses a start whose input fails its fields, naming each field", () => {
    const result = start(
      compiled("purchase-approval"),
      { amount: -5, extra: 1 },
      { now: T0, instanceId: "i1" },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rejection.code).toBe("INPUT_INVALID");
    expect(result.rejection.fieldErrors).toEqual({
      amount: "Amount must be at least 0",
      supplier: "Supplier is required",
      extra: '"extra" is not a field of this form',
    });
  });
});

describe("parallel 2-of-3 quorum", () => {
  it("completes with the second approval and cancels the third task", () => {
    const run = new Scenario(compiled("quorum"), { supplier: "Nordic Foods" });
    expect(run.commands.map((command) => command.type === "task.open" && command.assignees)).toEqual([
      ["ana"],
      ["ben"],
      ["cy"],
    ]);
    run.send({ type: "task.completed", taskId: "i1.t2", actor: person("ana"), decision: "approved" });
    expect(run.commands).toEqual([]);
    run.refuse(
      { type: "task.completed", taskId: "i1.t3", actor: person("ana"), decision: "approved" },
      "NOT_ASSIGNEE",
    );
    run.send({
      type: "task.completed",
      taskId: "i1.t3",
      actor: person("ben"),
      decision: "rejected",
      reason: "Unknown supplier",
    });
    expect(run.state.status).toBe("waiting");
    expect(
      run.send({ type: "task.completed", taskId: "i1.t4", actor: person("cy"), decision: "approved" }),
    ).toEqual([
      {
        type: "instance.completed",
        outcome: "completed",
        variables: {
          supplier: "Nordic Foods",
          vote: {
            decision: "approved",
            level: 0,
            approvers: ["ana", "cy"],
            rejections: [{ actor: "ben", reason: "Unknown supplier" }],
          },
        },
      },
    ]);
  });

  it("rejects as soon as the quorum can no longer be reached", () => {
    const run = new Scenario(compiled("quorum"), { supplier: "Nordic Foods" });
    run.send({
      type: "task.completed",
      taskId: "i1.t2",
      actor: person("ana"),
      decision: "rejected",
      reason: "No",
    });
    expect(run.state.status).toBe("waiting");
    expect(
      run.send({
        type: "task.completed",
        taskId: "i1.t3",
        actor: person("ben"),
        decision: "rejected",
        reason: "No",
      }),
    ).toEqual([
      { type: "task.cancel", taskId: "i1.t4", reason: "decided" },
      expect.objectContaining({ type: "instance.completed", outcome: "rejected" }),
    ]);
  });

  it("cancels the open task once two approvals are in", () => {
    const run = new Scenario(compiled("quorum"), { supplier: "Nordic Foods" });
    run.send({ type: "task.completed", taskId: "i1.t2", actor: person("ana"), decision: "approved" });
    expect(
      run.send({ type: "task.completed", taskId: "i1.t4", actor: person("cy"), decision: "approved" }),
    ).toEqual([
      { type: "task.cancel", taskId: "i1.t3", reason: "decided" },
      expect.objectContaining({ type: "instance.completed", outcome: "completed" }),
    ]);
  });
});

describe("SLA escalation ladder", () => {
  it("reminds at the due time, reassigns to the manager, then routes to the exception path", () => {
    const run = new Scenario(compiled("sla-escalation"), { orderId: "SO-1" }, { requesterManager: "boss" });
    const due = at(T0, 4 * HOUR);
    expect(run.commands).toEqual([
      expect.objectContaining({
        type: "task.open",
        taskId: "i1.t2",
        candidateRoles: ["support"],
        dueAt: due,
      }),
      { type: "timer.schedule", timerId: "i1.m3", nodeId: "approve", dueAt: due, purpose: "escalation" },
    ]);

    expect(run.send({ type: "timer.fired", timerId: "i1.m3" }, due)).toEqual([
      { type: "task.escalated", taskId: "i1.t2", escalationLevel: 1, action: "remind" },
      {
        type: "notify.send",
        notificationId: "i1.n4",
        nodeId: "approve",
        channel: "inbox",
        recipients: { users: [], roles: ["support"] },
        subject: "Reminder: Approve refund is overdue",
        body: `The task was due at ${due}.`,
        taskId: "i1.t2",
      },
      {
        type: "timer.schedule",
        timerId: "i1.m5",
        nodeId: "approve",
        dueAt: at(due, 2 * HOUR),
        purpose: "escalation",
      },
    ]);
    run.refuse({ type: "timer.fired", timerId: "i1.m3" }, "STALE_TIMER", due);

    expect(run.send({ type: "timer.fired", timerId: "i1.m5" }, at(due, 2 * HOUR))).toEqual([
      { type: "task.reassign", taskId: "i1.t2", assignees: ["boss"], candidateRoles: [], escalationLevel: 2 },
      {
        type: "timer.schedule",
        timerId: "i1.m6",
        nodeId: "approve",
        dueAt: at(due, 4 * HOUR),
        purpose: "escalation",
      },
    ]);
    run.refuse(
      { type: "task.completed", taskId: "i1.t2", actor: person("s1", "support"), decision: "approved" },
      "NOT_ASSIGNEE",
    );

    expect(run.send({ type: "timer.fired", timerId: "i1.m6" }, at(due, 4 * HOUR))).toEqual([
      { type: "task.cancel", taskId: "i1.t2", reason: "escalated" },
      expect.objectContaining({
        type: "task.open",
        taskId: "i1.t7",
        nodeId: "review",
        candidateRoles: ["ops-lead"],
      }),
    ]);
    expect(view(run.state).path).toEqual(["start", "approve", "review"]);
    run.send({
      type: "task.completed",
      taskId: "i1.t7",
      actor: person("o1", "ops-lead"),
      decision: "approved",
    });
    expect(run.state).toMatchObject({ status: "completed", outcome: "completed" });
  });

  it("cancels the pending escalation when the task is decided in time", () => {
    const run = new Scenario(compiled("sla-escalation"), { orderId: "SO-1" });
    expect(
      run.send(
        { type: "task.completed", taskId: "i1.t2", actor: person("s1", "support"), decision: "approved" },
        at(T0, HOUR),
      ),
    ).toEqual([
      { type: "timer.cancel", timerId: "i1.m3" },
      expect.objectContaining({ type: "instance.completed" }),
    ]);
    expect(run.state.timers).toEqual({});
  });
});

describe("connector retries", () => {
  const call = (callId: string, attempt: number): Command => ({
    type: "connector.call",
    callId,
    nodeId: "createPo",
    connector: "erp",
    operation: "createPurchaseOrder",
    input: { supplier: "ACME", amount: 1200 },
    attempt,
    idempotencyKey: "i1:createPo:1",
    timeoutMs: 10 * SECOND,
    compensation: false,
  });

  it("retries a retryable failure with exponential backoff, then takes the exception path", () => {
    const run = new Scenario(compiled("connector-retry"), { supplier: "ACME", amount: 1200 });
    expect(run.commands).toEqual([call("i1.c2", 1)]);
    expect(view(run.state).status).toBe("running");

    expect(
      run.send({
        type: "connector.failed",
        callId: "i1.c2",
        code: "UNAVAILABLE",
        retryable: true,
        message: "503",
      }),
    ).toEqual([
      {
        type: "timer.schedule",
        timerId: "i1.m3",
        nodeId: "createPo",
        dueAt: at(T0, 2 * SECOND),
        purpose: "retry",
      },
    ]);
    run.refuse({ type: "connector.succeeded", callId: "i1.c2", output: {} }, "UNKNOWN_CALL");
    expect(run.send({ type: "timer.fired", timerId: "i1.m3" }, at(T0, 2 * SECOND))).toEqual([
      call("i1.c4", 2),
    ]);
    expect(
      run.send({ type: "connector.failed", callId: "i1.c4", code: "UNAVAILABLE", retryable: true }),
    ).toEqual([
      {
        type: "timer.schedule",
        timerId: "i1.m5",
        nodeId: "createPo",
        dueAt: at(T0, 6 * SECOND),
        purpose: "retry",
      },
    ]);
    expect(run.send({ type: "timer.fired", timerId: "i1.m5" }, at(T0, 6 * SECOND))).toEqual([
      call("i1.c6", 3),
    ]);
    expect(
      run.send({
        type: "connector.failed",
        callId: "i1.c6",
        code: "UNAVAILABLE",
        retryable: true,
        message: "503",
      }),
    ).toEqual([
      expect.objectContaining({
        type: "task.open",
        taskId: "i1.t7",
        nodeId: "manual",
        candidateRoles: ["buyer"],
      }),
    ]);
    expect(view(run.state)).toMatchObject({ status: "waiting", path: ["start", "createPo", "manual"] });
  });

  it("does not retry a failure the connector marks permanent", () => {
    const run = new Scenario(compiled("connector-retry"), { supplier: "ACME", amount: 1200 });
    expect(
      run.send({ type: "connector.failed", callId: "i1.c2", code: "SUPPLIER_BLOCKED", retryable: false }),
    ).toEqual([expect.objectContaining({ type: "task.open", nodeId: "manual" })]);
  });

  it("writes the output and ends on success", () => {
    const run = new Scenario(compiled("connector-retry"), { supplier: "ACME", amount: 1200 });
    run.send({ type: "connector.succeeded", callId: "i1.c2", output: { poNumber: "PO-77" } });
    expect(run.state).toMatchObject({ status: "completed", variables: { po: { poNumber: "PO-77" } } });
  });

  it("opens an incident when no exception path is drawn, and retries it on request", () => {
    const definition = fixture("connector-retry");
    definition.edges = definition.edges.filter((edge) => edge.id !== "failed" && edge.id !== "e3");
    definition.nodes = definition.nodes.filter((node) => node.id !== "manual");
    const result = compile(definition, { catalog });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const run = new Scenario(result.compiled, { supplier: "ACME", amount: 1200 });
    expect(
      run.send({
        type: "connector.failed",
        callId: "i1.c2",
        code: "BAD_REQUEST",
        retryable: false,
        message: "amount too high",
      }),
    ).toEqual([
      {
        type: "incident.open",
        tokenId: "i1.k1",
        nodeId: "createPo",
        code: "BAD_REQUEST",
        message: "erp.createPurchaseOrder failed after 1 attempt: amount too high",
      },
    ]);
    expect(run.state.tokens[0]?.wait).toEqual({
      type: "incident",
      code: "BAD_REQUEST",
      message: "erp.createPurchaseOrder failed after 1 attempt: amount too high",
    });
    run.refuse({ type: "incident.retry", tokenId: "i1.k99" }, "NO_INCIDENT");
    expect(run.send({ type: "incident.retry", tokenId: "i1.k1", actor: "admin" })).toEqual([
      call("i1.c3", 1),
    ]);
  });

  it("lets an admin settle an incident by hand, with the step's output", () => {
    const definition = fixture("connector-retry");
    definition.edges = definition.edges.filter((edge) => edge.id !== "failed" && edge.id !== "e3");
    definition.nodes = definition.nodes.filter((node) => node.id !== "manual");
    const result = compile(definition, { catalog });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const run = new Scenario(result.compiled, { supplier: "ACME", amount: 1200 });
    run.refuse({ type: "incident.resolved", tokenId: "i1.k1", output: {} }, "NO_INCIDENT");
    run.send({ type: "connector.failed", callId: "i1.c2", code: "BAD_REQUEST", retryable: false });
    expect(
      run.send({
        type: "incident.resolved",
        tokenId: "i1.k1",
        actor: "admin",
        output: { poNumber: "PO-BY-HAND" },
      }),
    ).toEqual([
      expect.objectContaining({
        type: "instance.completed",
        outcome: "completed",
        variables: expect.objectContaining({ po: { poNumber: "PO-BY-HAND" } }) as unknown,
      }),
    ]);
  });
});

describe("compensation", () => {
  function throughReview(): Scenario {
    const run = new Scenario(compiled("compensation"), {
      orderId: "SO-9",
      sku: "SKU-1",
      quantity: 2,
      amount: 80,
    });
    run.send({ type: "connector.succeeded", callId: "i1.c2", output: { id: "R-1" } });
    run.send({ type: "connector.succeeded", callId: "i1.c3", output: { id: "A-1" } });
    expect(run.commands).toEqual([
      expect.objectContaining({ type: "task.open", taskId: "i1.t4", nodeId: "review" }),
    ]);
    return run;
  }

  it("undoes completed actions newest first when the instance is cancelled", () => {
    const run = throughReview();
    expect(run.send({ type: "instance.cancel", actor: "admin", reason: "Customer called" })).toEqual([
      { type: "task.cancel", taskId: "i1.t4", reason: "terminated" },
      {
        type: "connector.call",
        callId: "i1.c5",
        nodeId: "authorize",
        connector: "payments",
        operation: "void",
        input: { authorizationId: "A-1" },
        attempt: 1,
        idempotencyKey: "i1:authorize:1:compensate",
        timeoutMs: 30 * SECOND,
        compensation: true,
      },
    ]);
    expect(view(run.state)).toMatchObject({ status: "running", tokens: [], tasks: [] });
    expect(run.send({ type: "connector.succeeded", callId: "i1.c5" })).toEqual([
      expect.objectContaining({
        type: "connector.call",
        callId: "i1.c6",
        nodeId: "reserve",
        operation: "release",
        input: { reservationId: "R-1" },
        compensation: true,
      }),
    ]);
    expect(run.send({ type: "connector.succeeded", callId: "i1.c6" })).toEqual([
      expect.objectContaining({ type: "instance.cancelled", reason: "Customer called" }),
    ]);
    expect(run.state).toMatchObject({ status: "cancelled", outcome: "cancelled" });
    run.refuse({ type: "instance.cancel", reason: "again" }, "INSTANCE_ENDED");
  });

  it("compensates when the instance reaches a failing end", () => {
    const run = throughReview();
    run.send({
      type: "task.completed",
      taskId: "i1.t4",
      actor: person("f1", "fraud"),
      decision: "rejected",
      reason: "Stolen card",
    });
    expect(run.commands).toEqual([
      expect.objectContaining({ type: "connector.call", operation: "void", compensation: true }),
    ]);
    run.send({ type: "connector.succeeded", callId: "i1.c5" });
    expect(run.send({ type: "connector.succeeded", callId: "i1.c6" })).toEqual([
      expect.objectContaining({
        type: "instance.failed",
        code: "END_FAILED",
        message: "Blocked",
        nodeId: "blocked",
      }),
    ]);
    expect(run.state.status).toBe("failed");
  });

  it("retries a failing compensation, then records it and carries on", () => {
    const run = throughReview();
    run.send({ type: "instance.cancel", reason: "Customer called" });
    expect(
      run.send({ type: "connector.failed", callId: "i1.c5", code: "UNAVAILABLE", retryable: true }),
    ).toEqual([expect.objectContaining({ type: "timer.schedule", purpose: "retry", nodeId: "authorize" })]);
    const timerId = Object.keys(run.state.timers)[0]!;
    run.send({ type: "timer.fired", timerId });
    expect(run.commands).toEqual([
      expect.objectContaining({ type: "connector.call", operation: "void", attempt: 2 }),
    ]);
    const voidCall = run.commands[0] as Extract<Command, { type: "connector.call" }>;
    run.send({ type: "connector.failed", callId: voidCall.callId, code: "DECLINED", retryable: false });
    expect(run.commands).toEqual([expect.objectContaining({ type: "connector.call", operation: "release" })]);
    expect(run.state.compensation?.failures).toEqual([
      { nodeId: "authorize", code: "DECLINED", message: "" },
    ]);
  });
});

describe("parallel split and join with a timer in one branch", () => {
  it("waits at the join for both branches", () => {
    const run = new Scenario(compiled("parallel-timer"), { orderId: "SO-5" });
    expect(run.commands).toEqual([
      expect.objectContaining({
        type: "connector.call",
        callId: "i1.c4",
        nodeId: "pick",
        idempotencyKey: "i1:pick:1",
      }),
      { type: "timer.schedule", timerId: "i1.m5", nodeId: "coolOff", dueAt: at(T0, HOUR), purpose: "timer" },
    ]);
    expect(view(run.state).tokens.map((token) => token.node)).toEqual(["pick", "coolOff"]);
    run.send({ type: "connector.succeeded", callId: "i1.c4" }, at(T0, 60 * SECOND));
    expect(run.state.joins).toEqual({ merge: ["j1"] });
    expect(view(run.state)).toMatchObject({ status: "waiting", tokens: [{ node: "coolOff" }] });
    expect(run.send({ type: "timer.fired", timerId: "i1.m5" }, at(T0, HOUR))).toEqual([
      expect.objectContaining({
        type: "instance.completed",
        outcome: "completed",
        variables: { orderId: "SO-5", readyToShip: true },
      }),
    ]);
    expect(view(run.state).path).toEqual(["start", "fork", "pick", "coolOff", "merge", "ship", "done"]);
  });
});

describe("wait for a correlated message", () => {
  it("resumes on the message with the matching key only", () => {
    const run = new Scenario(compiled("wait-for-event"), { invoiceId: "INV-1" });
    expect(run.commands).toEqual([
      {
        type: "message.subscribe",
        subscriptionId: "i1.k1",
        nodeId: "paid",
        message: "payment.received",
        correlationKey: "INV-1",
      },
      {
        type: "timer.schedule",
        timerId: "i1.m2",
        nodeId: "paid",
        dueAt: at(T0, 14 * 24 * HOUR),
        purpose: "message-timeout",
      },
    ]);
    run.refuse(
      { type: "message.received", name: "payment.received", correlationKey: "INV-2", payload: {} },
      "NO_MATCHING_WAIT",
    );
    expect(
      run.send({
        type: "message.received",
        name: "payment.received",
        correlationKey: "INV-1",
        payload: { amount: 99 },
      }),
    ).toEqual([
      { type: "timer.cancel", timerId: "i1.m2" },
      { type: "message.unsubscribe", subscriptionId: "i1.k1" },
      {
        type: "instance.completed",
        outcome: "completed",
        variables: { invoiceId: "INV-1", payment: { amount: 99 } },
      },
    ]);
  });

  it("takes the timeout path when no message comes", () => {
    const run = new Scenario(compiled("wait-for-event"), { invoiceId: "INV-1" });
    expect(run.send({ type: "timer.fired", timerId: "i1.m2" }, at(T0, 14 * 24 * HOUR))).toEqual([
      { type: "message.unsubscribe", subscriptionId: "i1.k1" },
      {
        type: "notify.send",
        notificationId: "i1.n3",
        nodeId: "remind",
        channel: "email",
        recipients: { users: [], roles: ["finance"] },
        subject: "Invoice INV-1 is overdue",
        body: "No payment for INV-1 after 14 days.",
      },
      {
        type: "instance.failed",
        code: "END_FAILED",
        message: "Overdue",
        nodeId: "overdue",
        variables: { invoiceId: "INV-1" },
      },
    ]);
  });
});

describe("sub-workflow", () => {
  it("starts the child with mapped input and maps its result back", () => {
    const run = new Scenario(compiled("subworkflow"), { customerId: "C-1", amount: 3000 });
    expect(run.commands).toEqual([
      {
        type: "subworkflow.start",
        callId: "i1.s2",
        nodeId: "credit",
        definitionKey: "credit-check",
        input: { customer: "C-1", exposure: 3000 },
      },
    ]);
    run.send({
      type: "subworkflow.ended",
      callId: "i1.s2",
      status: "completed",
      variables: { limit: 5000, exposure: 3000 },
    });
    expect(run.state).toMatchObject({
      status: "completed",
      outcome: "completed",
      variables: { creditLimit: 5000, creditOk: true },
    });
  });

  it("holds the order when the child's limit is too low, and fails when the child fails", () => {
    const low = new Scenario(compiled("subworkflow"), { customerId: "C-1", amount: 3000 });
    low.send({
      type: "subworkflow.ended",
      callId: "i1.s2",
      status: "completed",
      variables: { limit: 1000, exposure: 3000 },
    });
    expect(low.state).toMatchObject({ outcome: "rejected", variables: { creditOk: false } });
    const failed = new Scenario(compiled("subworkflow"), { customerId: "C-1", amount: 3000 });
    expect(failed.send({ type: "subworkflow.ended", callId: "i1.s2", status: "failed" })).toEqual([
      expect.objectContaining({ type: "instance.failed", code: "SUBWORKFLOW_FAILED", nodeId: "credit" }),
    ]);
  });
});

describe("events that do not apply", () => {
  it("refuses malformed and unknown events with INVALID_EVENT", () => {
    const run = new Scenario(compiled("quorum"), { supplier: "X" });
    run.refuse({ type: "task.completed", taskId: "i1.t2", decision: "maybe" } as never, "INVALID_EVENT");
    run.refuse({ type: "task.exploded" } as never, "INVALID_EVENT");
  });
});

describe("a loop that never waits", () => {
  it("fails the instance with STEP_LIMIT instead of running forever", () => {
    // compile() would refuse this loop; build the compiled form by hand to prove the guard.
    const definition = fixture("parallel-timer");
    const looping = {
      ...definition,
      nodes: [
        { id: "start", kind: "start" as const, name: "", trigger: { type: "manual" as const }, input: [] },
        { id: "spin", kind: "set" as const, name: "Spin", assignments: [] },
        { id: "done", kind: "end" as const, name: "", outcome: "completed" as const },
      ],
      edges: [
        { id: "e1", source: "start", target: "spin", type: "normal" as const },
        { id: "e2", source: "spin", target: "spin", type: "normal" as const },
      ],
    };
    const compiledLoop = { definition: looping, graph: indexGraph(looping), startId: "start" };
    const result = start(compiledLoop, {}, { now: T0, instanceId: "i1" });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.state).toMatchObject({ status: "failed", error: { code: "STEP_LIMIT", nodeId: "spin" } });
  });
});
