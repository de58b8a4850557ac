// Applies the migrations to an empty database of each provider and writes and reads every model and
// every field through the generated client, so the SQL files and the Prisma models cannot drift apart.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "@/server/db/generated/sqlite/client";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../helpers/databases";

const t0 = new Date("2026-03-01T10:00:00.123Z");
const t1 = new Date("2026-03-02T11:30:00.456Z");
const json = {
  amount: 1234.5,
  currency: "EUR",
  lines: [{ sku: "SKU-1", qty: 2 }],
  note: "Grüße ✓",
  flag: true,
  none: null,
};

/** One fully populated row per model, every scalar field set (nullable ones to a value). */
function samples() {
  return {
    User: [
      {
        id: "u-manager",
        name: "Mia Manager",
        email: "mia@example.test",
        emailVerified: true,
        image: "https://img.test/m.png",
        active: true,
        deactivatedAt: t0,
        managerId: null,
        createdAt: t0,
        updatedAt: t1,
      },
      {
        id: "u-1",
        name: "Uma User",
        email: "uma@example.test",
        emailVerified: false,
        image: "https://img.test/u.png",
        active: false,
        deactivatedAt: t1,
        managerId: "u-manager",
        createdAt: t0,
        updatedAt: t1,
      },
    ],
    Session: [
      {
        id: "s-1",
        token: "tok-1",
        expiresAt: t1,
        ipAddress: "127.0.0.1",
        userAgent: "vitest",
        userId: "u-1",
        createdAt: t0,
        updatedAt: t1,
      },
    ],
    Account: [
      {
        id: "a-1",
        accountId: "u-1",
        providerId: "credential",
        userId: "u-1",
        accessToken: "at",
        refreshToken: "rt",
        idToken: "it",
        accessTokenExpiresAt: t0,
        refreshTokenExpiresAt: t1,
        scope: "openid",
        password: "hash",
        createdAt: t0,
        updatedAt: t1,
      },
    ],
    Verification: [
      {
        id: "v-1",
        identifier: "uma@example.test",
        value: "code",
        expiresAt: t1,
        createdAt: t0,
        updatedAt: t1,
      },
    ],
    Role: [
      { id: "r-1", key: "buyer", name: "Buyer", description: "Buys things", system: false, createdAt: t0 },
    ],
    UserRole: [{ userId: "u-1", roleId: "r-1", assignedAt: t0, assignedById: "u-manager" }],
    SignInThrottle: [{ email: "uma@example.test", failures: 3, lastFailureAt: t0, lockedUntil: t1 }],
    WorkflowDefinition: [
      {
        id: "d-1",
        key: "purchase",
        name: "Purchase approval",
        description: "Two levels",
        ownerId: "u-1",
        draft: json,
        draftRevision: 7,
        draftUpdatedAt: t1,
        draftUpdatedById: "u-manager",
        archived: true,
        createdAt: t0,
        updatedAt: t1,
      },
    ],
    WorkflowVersion: [
      {
        id: "wv-1",
        definitionId: "d-1",
        version: 1,
        status: "retired",
        definition: json,
        checksum: "abc123",
        changeNote: "first",
        publishedById: "u-manager",
        publishedAt: t0,
        retiredAt: t1,
      },
    ],
    Instance: [
      {
        id: "i-parent",
        definitionId: "d-1",
        versionId: "wv-1",
        businessKey: "PO-1",
        status: "running",
        state: json,
        revision: 0,
        startedById: "u-1",
        parentInstanceId: null,
        parentNodeId: null,
        parentCallId: null,
        startedAt: t0,
        updatedAt: t1,
        endedAt: null,
      },
      {
        id: "i-1",
        definitionId: "d-1",
        versionId: "wv-1",
        businessKey: "PO-2",
        status: "completed",
        state: json,
        revision: 42,
        startedById: "u-1",
        parentInstanceId: "i-parent",
        parentNodeId: "call-1",
        parentCallId: "i-parent.s1",
        startedAt: t0,
        updatedAt: t1,
        endedAt: t1,
      },
    ],
    Task: [
      {
        id: "t-1",
        instanceId: "i-1",
        nodeId: "approve",
        title: "Approve PO-2",
        businessKey: "PO-2",
        status: "completed",
        assigneeId: "u-1",
        dueAt: t1,
        priority: 2,
        escalationLevel: 1,
        summary: json,
        decision: "approved",
        decisionReason: "ok",
        formData: json,
        claimedAt: t0,
        claimedById: "u-1",
        onBehalfOfId: "u-manager",
        completedById: "u-manager",
        completedAt: t1,
        createdAt: t0,
        updatedAt: t1,
      },
    ],
    TaskCandidateRole: [{ taskId: "t-1", roleKey: "buyer" }],
    TaskCandidateUser: [{ taskId: "t-1", userId: "u-manager" }],
    Timer: [
      {
        id: "tm-1",
        instanceId: "i-1",
        nodeId: "approve",
        kind: "escalation",
        dueAt: t1,
        status: "fired",
        payload: json,
        leaseOwner: "worker-1",
        leaseExpiresAt: t1,
        firedAt: t1,
        createdAt: t0,
      },
    ],
    OutboxJob: [
      {
        id: "o-1",
        instanceId: "i-1",
        type: "connector.call",
        payload: json,
        status: "dead",
        idempotencyKey: "i-1:call:1",
        attempts: 5,
        nextAttemptAt: t1,
        leaseOwner: "worker-1",
        leaseToken: "lease-1",
        leaseExpiresAt: t1,
        lastError: "timeout",
        createdAt: t0,
        updatedAt: t1,
        completedAt: t1,
      },
    ],
    InstanceEvent: [
      {
        id: "e-1",
        instanceId: "i-1",
        seq: 1,
        type: "task.approved",
        nodeId: "approve",
        actorId: "u-1",
        data: json,
        occurredAt: t0,
      },
    ],
    AuditEntry: [
      {
        seq: 1000,
        occurredAt: t0,
        actorId: "u-1",
        actorLabel: "Uma User",
        action: "definition.publish",
        objectType: "workflow",
        objectId: "d-1",
        summary: "Published v1",
        before: json,
        after: json,
        ip: "127.0.0.1",
        prevHash: "0".repeat(64),
        hash: "f".repeat(64),
      },
    ],
    Incident: [
      {
        id: "inc-1",
        instanceId: "i-1",
        tokenId: "i-1.k1",
        nodeId: "createPo",
        code: "UNAVAILABLE",
        message: "ERP down",
        status: "resolved",
        resolution: "retried",
        note: "ERP is back",
        createdAt: t0,
        resolvedAt: t1,
        resolvedById: "u-manager",
      },
    ],
    MessageSubscription: [
      {
        id: "i-1.k2",
        instanceId: "i-1",
        nodeId: "paid",
        name: "payment.received",
        correlationKey: "INV-1",
        createdAt: t0,
      },
    ],
    ApiKey: [
      {
        id: "k-1",
        name: "ERP",
        prefix: "of_abc123",
        hash: "h".repeat(64),
        scopes: { workflows: ["purchase"], messages: ["payment.received"] },
        rateLimit: 120,
        createdById: "u-manager",
        createdAt: t0,
        lastUsedAt: t1,
        revokedAt: t1,
      },
    ],
    TaskComment: [
      {
        id: "c-1",
        taskId: "t-1",
        instanceId: "i-1",
        authorId: "u-1",
        body: "Checked the quote — Grüße ✓",
        createdAt: t0,
      },
    ],
    OutOfOffice: [
      {
        userId: "u-manager",
        delegateId: "u-1",
        startsAt: t0,
        endsAt: t1,
        note: "Trade fair",
        createdAt: t0,
        updatedAt: t1,
      },
    ],
    Notification: [
      {
        id: "n-1",
        userId: "u-1",
        taskId: "t-1",
        instanceId: "i-1",
        kind: "reminder",
        subject: "Reminder: Approve PO-2 is overdue",
        body: "It was due yesterday.",
        createdAt: t0,
        readAt: t1,
      },
    ],
    ConnectorCall: [
      {
        id: 41,
        connector: "erp",
        operation: "createPo",
        ok: false,
        code: "UNAVAILABLE",
        durationMs: 12.5,
        at: t1,
      },
    ],
    InboundMessage: [
      {
        id: "msg-1",
        messageId: "ext-42",
        name: "payment.received",
        correlationKey: "INV-1",
        payload: json,
        status: "unmatched",
        matchedCount: 0,
        source: "http",
        receivedAt: t1,
      },
    ],
    ConnectorConfig: [
      {
        id: "cc-1",
        key: "erp-http",
        type: "http",
        name: "ERP (REST)",
        baseUrl: "https://erp.example.test/api/v1",
        authType: "bearer",
        settings: {
          headers: { Accept: "application/json" },
          idempotencyHeader: "Idempotency-Key",
          timeoutMs: 5000,
        },
        secretCiphertext: "v1:aXYtaXYtaXYtaXY:dGFn:Y2lwaGVy",
        createdById: "u-manager",
        createdAt: t0,
        updatedAt: t1,
      },
    ],
    Webhook: [
      {
        id: "wh-1",
        key: "Qm9vdHN0cmFwLXdlYmhvb2s",
        name: "Shop orders",
        target: "start",
        definitionKey: "purchase",
        businessKeyPath: "order.id",
        messageName: "payment.received",
        correlationPath: "payment.invoice",
        secretCiphertext: "v1:aXYtd2ViaG9vaw:dGFn:Y2lwaGVy",
        createdById: "u-manager",
        createdAt: t0,
        secretRotatedAt: t1,
        revokedAt: t1,
        lastDeliveryAt: t1,
      },
    ],
    WebhookDelivery: [
      {
        id: "whd-1",
        webhookId: "wh-1",
        deliveryId: "evt-42",
        claimedDeliveryId: "evt-42",
        receivedAt: t1,
        status: "accepted",
        reason: "unmatched: no instance waits for it",
        instanceId: "i-1",
      },
    ],
  };
}

type Samples = ReturnType<typeof samples>;
// Insertion order respects foreign keys.
const order: (keyof Samples)[] = [
  "User",
  "Session",
  "Account",
  "Verification",
  "Role",
  "UserRole",
  "SignInThrottle",
  "WorkflowDefinition",
  "WorkflowVersion",
  "Instance",
  "Task",
  "TaskCandidateRole",
  "TaskCandidateUser",
  "TaskComment",
  "OutOfOffice",
  "Notification",
  "Timer",
  "OutboxJob",
  "InstanceEvent",
  "AuditEntry",
  "Incident",
  "MessageSubscription",
  "InboundMessage",
  "ConnectorCall",
  "ApiKey",
  "Webhook",
  "WebhookDelivery",
  "ConnectorConfig",
];

function delegateName(model: string): string {
  return model.charAt(0).toLowerCase() + model.slice(1);
}

interface Delegate {
  create: (args: { data: unknown }) => Promise<unknown>;
  findMany: (args?: unknown) => Promise<Record<string, unknown>[]>;
}

describe.each(databaseKinds)("models on %s", (kind) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await test.drop();
  });

  it("covers every model of the schema", () => {
    expect([...order].sort()).toEqual(Object.values(Prisma.ModelName).sort());
  });

  it("writes and reads back every field of every model unchanged", async () => {
    const data = samples();
    const db = test.db as unknown as Record<string, Delegate>;
    for (const model of order) {
      const delegate = db[delegateName(model)];
      if (!delegate) throw new Error(`no delegate for ${model}`);
      for (const row of data[model]) await delegate.create({ data: row });
    }
    for (const model of order) {
      const delegate = db[delegateName(model)]!;
      const rows = await delegate.findMany();
      const expected = data[model] as Record<string, unknown>[];
      expect(rows, model).toHaveLength(expected.length);
      for (const row of rows) {
        const match = expected.find((candidate) =>
          Object.entries(candidate).every(([field, value]) => field !== "id" || row[field] === value),
        );
        const wanted = match ?? expected[0]!;
        // Same set of columns: a field added to the models but missing here fails the test.
        expect(Object.keys(row).sort(), model).toEqual(Object.keys(wanted).sort());
        expect(row, model).toEqual(wanted);
      }
    }
  });

  it("enforces foreign keys and unique constraints", async () => {
    await expect(
      test.db.session.create({ data: { id: "s-x", token: "tok-x", expiresAt: t1, userId: "missing-user" } }),
    ).rejects.toThrow();
    await expect(
      test.db.user.create({ data: { id: "u-dup", name: "Dup", email: "uma@example.test" } }),
    ).rejects.toThrow();
    expect(await test.db.session.count({ where: { id: "s-x" } })).toBe(0);
  });

  it("numbers audit entries in increasing order", async () => {
    const base = {
      actorLabel: "system",
      action: "test",
      objectType: "test",
      summary: "auto",
      prevHash: "f".repeat(64),
    };
    // Each entry chains to a different predecessor (prevHash is unique).
    const first = await test.db.auditEntry.create({
      data: { ...base, prevHash: "a".repeat(64), hash: "e".repeat(64) },
    });
    const second = await test.db.auditEntry.create({
      data: { ...base, prevHash: "b".repeat(64), hash: "d".repeat(64) },
    });
    expect(second.seq).toBe(first.seq + 1);
    expect(first.seq).not.toBe(1000);
  });
});
