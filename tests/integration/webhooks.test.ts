// Inbound webhooks through the route handler (POST /api/hooks/<key>) against a real database: unsigned,
// badly signed, tampered, stale and future deliveries are refused; a valid one starts an instance or
// correlates a message through the engine; a delivery id runs once, also when two copies race; revoked
// hooks answer 404; only admins manage hooks, and the secret is shown once and never listed.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST } from "@/app/api/hooks/[key]/route";
import type { DefinitionInput } from "@/engine";
import { appSecretKey, decryptSecret, SecretError } from "@/server/connectors/secrets";
import type { ServerDeps } from "@/server/deps";
import { parseEnv } from "@/server/env";
import { startWorkflow } from "@/server/runtime/instances";
import { webhookHeaders } from "@/server/services/webhook-signature";
import { databaseKinds } from "../helpers/databases";
import { BASE_URL, createTestApp, type TestApp } from "../helpers/app";
import { awaitPayment, publish } from "../helpers/runtime";
import { trpcError } from "../helpers/trpc";

// Webhook secrets are encrypted with OMNIFLOW_SECRET_KEY: the tRPC procedures read it from the process
// environment, the endpoint from the app's deps; both get the same one.
const SECRET_KEY = Buffer.alloc(32, 7).toString("base64");
vi.stubEnv("OMNIFLOW_SECRET_KEY", SECRET_KEY);

/** await-payment, started by a webhook. */
const webhookOrder: DefinitionInput = {
  ...awaitPayment,
  key: "webhook-order",
  name: "Webhook order",
  nodes: awaitPayment.nodes.map((node) =>
    node.kind === "start" ? { ...node, trigger: { type: "webhook" as const } } : node,
  ),
};

describe.each(databaseKinds)("inbound webhooks on %s", (kind) => {
  let app: TestApp;
  const seconds = () => Math.floor(app.clock.now.getTime() / 1000);

  beforeAll(async () => {
    app = await createTestApp(kind);
    await publish(app.db, awaitPayment);
    await publish(app.db, webhookOrder);
    // The route handler takes its collaborators from getServerDeps(): this app's.
    const deps: ServerDeps = {
      env: parseEnv({ DATABASE_URL: app.url, OMNIFLOW_SECRET_KEY: SECRET_KEY, APP_URL: BASE_URL }),
      db: app.db,
      auth: app.auth,
      now: () => app.clock.now,
    };
    (globalThis as { omniflowDeps?: ServerDeps }).omniflowDeps = deps;
  });
  afterAll(async () => {
    delete (globalThis as { omniflowDeps?: ServerDeps }).omniflowDeps;
    await app.drop();
  });

  async function post(key: string, body: string, headers: Record<string, string> = {}) {
    const response = await POST(
      new Request(`${BASE_URL}/api/hooks/${key}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body,
      }),
      { params: Promise.resolve({ key }) },
    );
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /** Signs `body` with `secret` at the test clock (shifted by `skewSeconds`). */
  function sign(secret: string, body: string, deliveryId: string = randomUUID(), skewSeconds = 0) {
    return webhookHeaders(secret, seconds() + skewSeconds, deliveryId, body);
  }

  async function startHook(businessKeyPath?: string) {
    const admin = await app.callerFor("admin@omniflow.demo");
    return admin.webhooks.create({
      name: "Shop",
      target: { type: "start", definitionKey: "webhook-order", businessKeyPath },
    });
  }

  it("refuses unsigned, badly signed, tampered, stale and future deliveries with 401 and records them", async () => {
    const hook = await startHook("orderId");
    const body = JSON.stringify({ orderId: "SO-401" });

    const unsigned = await post(hook.key, body);
    expect(unsigned).toMatchObject({ status: 401, body: { code: "signature_missing" } });
    expect(unsigned.body.error).toMatch(/Unsigned delivery/);

    const wrongSecret = await post(hook.key, body, sign("whsec_not-the-secret", body));
    expect(wrongSecret).toMatchObject({ status: 401, body: { code: "signature_mismatch" } });

    const malformed = await post(hook.key, body, {
      ...sign(hook.secret, body),
      "x-omniflow-signature": "md5=abc",
    });
    expect(malformed).toMatchObject({ status: 401, body: { code: "signature_malformed" } });

    const tampered = await post(hook.key, JSON.stringify({ orderId: "SO-999" }), sign(hook.secret, body));
    expect(tampered).toMatchObject({ status: 401, body: { code: "signature_mismatch" } });

    const stale = await post(hook.key, body, sign(hook.secret, body, randomUUID(), -6 * 60));
    expect(stale).toMatchObject({ status: 401, body: { code: "timestamp_too_old" } });

    const future = await post(hook.key, body, sign(hook.secret, body, randomUUID(), 6 * 60));
    expect(future).toMatchObject({ status: 401, body: { code: "timestamp_in_future" } });

    expect(await app.db.instance.count({ where: { businessKey: "SO-401" } })).toBe(0);
    const admin = await app.callerFor("admin@omniflow.demo");
    const deliveries = await admin.webhooks.deliveries({ webhookId: hook.id });
    expect(deliveries).toHaveLength(6);
    expect(deliveries.every((delivery) => delivery.status === "rejected")).toBe(true);
    expect(deliveries.map((delivery) => delivery.reason?.split(":")[0]).sort()).toEqual(
      [
        "signature_malformed",
        "signature_mismatch",
        "signature_mismatch",
        "signature_missing",
        "timestamp_in_future",
        "timestamp_too_old",
      ].sort(),
    );
    expect((await app.db.webhook.findUniqueOrThrow({ where: { id: hook.id } })).lastDeliveryAt).toBeNull();
  });

  it("starts an instance with the body as input and the business key from its path, once per delivery id", async () => {
    const hook = await startHook("orderId");
    const body = JSON.stringify({ orderId: "SO-201" });
    const headers = sign(hook.secret, body, "evt-201");

    const accepted = await post(hook.key, body, headers);
    expect(accepted.status).toBe(201);
    const instanceId = accepted.body.instanceId as string;
    const instance = await app.db.instance.findUniqueOrThrow({
      where: { id: instanceId },
      select: { businessKey: true, status: true, state: true, workflow: { select: { key: true } } },
    });
    expect(instance).toMatchObject({
      businessKey: "SO-201",
      status: "waiting",
      workflow: { key: "webhook-order" },
      state: { variables: { orderId: "SO-201" } },
    });

    // The sender retries the same delivery (re-signed a minute later): acknowledged, nothing runs.
    app.clock.now = new Date(app.clock.now.getTime() + 60_000);
    const again = await post(hook.key, body, sign(hook.secret, body, "evt-201"));
    expect(again).toEqual({ status: 200, body: { duplicate: true, deliveryId: "evt-201", instanceId } });
    expect(await app.db.instance.count({ where: { businessKey: "SO-201" } })).toBe(1);

    const admin = await app.callerFor("admin@omniflow.demo");
    const deliveries = await admin.webhooks.deliveries({ webhookId: hook.id });
    expect(deliveries.map(({ deliveryId, status, instanceId: id }) => ({ deliveryId, status, id }))).toEqual([
      { deliveryId: "evt-201", status: "duplicate", id: null },
      { deliveryId: "evt-201", status: "accepted", id: instanceId },
    ]);
    const [listed] = (await admin.webhooks.list()).filter((entry) => entry.id === hook.id);
    expect(listed?.lastDeliveryAt?.toISOString()).toBe(
      new Date(app.clock.now.getTime() - 60_000).toISOString(),
    );
  });

  it("starts exactly one instance when two copies of a delivery arrive at once", async () => {
    const hook = await startHook("orderId");
    const body = JSON.stringify({ orderId: "SO-RACE" });
    const headers = sign(hook.secret, body, "evt-race");
    const results = await Promise.all([post(hook.key, body, headers), post(hook.key, body, headers)]);
    expect(results.map((result) => result.status).sort()).toEqual([200, 201]);
    expect(results.find((result) => result.status === 200)?.body).toMatchObject({ duplicate: true });
    expect(await app.db.instance.count({ where: { businessKey: "SO-RACE" } })).toBe(1);
    expect(
      await app.db.webhookDelivery.count({ where: { webhookId: hook.id, claimedDeliveryId: "evt-race" } }),
    ).toBe(1);
  });

  it("answers 400 for a bad body or start input, and accepts the corrected retry of that delivery id", async () => {
    const hook = await startHook("orderId");
    const notJson = "orderId=SO-400";
    expect(await post(hook.key, notJson, sign(hook.secret, notJson))).toMatchObject({
      status: 400,
      body: { code: "invalid_json" },
    });
    const noKey = JSON.stringify({ amount: 5 });
    expect(await post(hook.key, noKey, sign(hook.secret, noKey))).toMatchObject({
      status: 400,
      body: { code: "business_key_missing" },
    });
    const array = JSON.stringify(["SO-400"]);
    expect(await post(hook.key, array, sign(hook.secret, array))).toMatchObject({
      status: 400,
      body: { code: "invalid_body" },
    });

    // Only the fields the start step declares become the input, and the engine validates them.
    const wrongType = JSON.stringify({ orderId: 400, colour: "red" });
    const refused = await post(hook.key, wrongType, sign(hook.secret, wrongType, "evt-400"));
    expect(refused).toMatchObject({ status: 400, body: { code: "start_refused" } });
    expect(Object.keys(refused.body.fieldErrors as Record<string, string>)).toEqual(["orderId"]);
    expect(await app.db.instance.count({ where: { businessKey: "400" } })).toBe(0);

    const fixed = JSON.stringify({ orderId: "SO-400", colour: "red", lines: [{ sku: "A" }] });
    const retried = await post(hook.key, fixed, sign(hook.secret, fixed, "evt-400"));
    expect(retried.status).toBe(201);
    const started = await app.db.instance.findFirstOrThrow({
      where: { businessKey: "SO-400" },
      select: { state: true },
    });
    expect((started.state as { variables: Record<string, unknown> }).variables).toEqual({
      orderId: "SO-400",
    });
    expect(await app.db.instance.count({ where: { businessKey: "SO-400" } })).toBe(1);
  });

  it("answers 409 while the workflow has no published version, and 404 for an unknown key", async () => {
    await app.db.workflowDefinition.create({
      data: { id: randomUUID(), key: "not-yet-published", name: "Draft only", draft: {} },
    });
    const admin = await app.callerFor("admin@omniflow.demo");
    const hook = await admin.webhooks.create({
      name: "Early",
      target: { type: "start", definitionKey: "not-yet-published" },
    });
    const body = JSON.stringify({ orderId: "SO-409" });
    expect(await post(hook.key, body, sign(hook.secret, body))).toMatchObject({
      status: 409,
      body: { code: "target_unavailable" },
    });
    expect(await post("no-such-hook", body, sign(hook.secret, body))).toMatchObject({ status: 404 });
    const missing = await trpcError(
      admin.webhooks.create({ name: "Nope", target: { type: "start", definitionKey: "no-such-workflow" } }),
    );
    expect(missing.code).toBe("NOT_FOUND");
  });

  it("correlates a message to the waiting instance by the key at its path", async () => {
    const waiting = await startWorkflow({ db: app.db, now: () => app.clock.now }, null, {
      definitionKey: "await-payment",
      input: { orderId: "SO-MSG" },
    });
    const admin = await app.callerFor("admin@omniflow.demo");
    const hook = await admin.webhooks.create({
      name: "PSP",
      target: { type: "message", messageName: "payment.received", correlationPath: "payment.order.id" },
    });

    const body = JSON.stringify({ payment: { order: { id: "SO-MSG" }, amount: 99.5 } });
    const matched = await post(hook.key, body, sign(hook.secret, body, "pay-1"));
    expect(matched).toEqual({
      status: 202,
      body: { deliveryId: "pay-1", matched: true, instanceIds: [waiting.instanceId] },
    });
    const instance = await app.db.instance.findUniqueOrThrow({
      where: { id: waiting.instanceId },
      select: { status: true, state: true },
    });
    expect(instance.status).toBe("completed");
    expect(instance.state).toMatchObject({
      variables: { payment: { payment: { order: { id: "SO-MSG" }, amount: 99.5 } } },
    });

    const nobody = JSON.stringify({ payment: { order: { id: 12345 } } });
    expect(await post(hook.key, nobody, sign(hook.secret, nobody, "pay-2"))).toMatchObject({
      status: 202,
      body: { matched: false, instanceIds: [] },
    });
    expect(
      await app.db.inboundMessage.findFirst({
        where: { correlationKey: "12345" },
        select: { status: true, messageId: true },
      }),
    ).toEqual({ status: "unmatched", messageId: `webhook:${hook.id}:pay-2` });

    const noKey = JSON.stringify({ payment: {} });
    expect(await post(hook.key, noKey, sign(hook.secret, noKey))).toMatchObject({
      status: 400,
      body: { code: "correlation_key_missing" },
    });
  });

  it("rotates the secret (the old one stops working) and answers 404 once revoked", async () => {
    const hook = await startHook();
    const admin = await app.callerFor("admin@omniflow.demo");
    const rotated = await admin.webhooks.rotateSecret({ id: hook.id });
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(hook.secret);

    const body = JSON.stringify({ orderId: "SO-ROT" });
    expect(await post(hook.key, body, sign(hook.secret, body))).toMatchObject({
      status: 401,
      body: { code: "signature_mismatch" },
    });
    expect((await post(hook.key, body, sign(rotated.secret, body))).status).toBe(201);

    await admin.webhooks.revoke({ id: hook.id });
    app.clock.now = new Date(app.clock.now.getTime() + 1000);
    const revoked = await post(hook.key, body, sign(rotated.secret, body, "after-revoke"));
    expect(revoked).toMatchObject({ status: 404, body: { error: "No active webhook at this address" } });
    const [latest] = await admin.webhooks.deliveries({ webhookId: hook.id, limit: 1 });
    expect(latest).toMatchObject({ deliveryId: "after-revoke", status: "rejected" });
    expect(latest?.reason).toMatch(/^revoked/);
    expect((await trpcError(admin.webhooks.rotateSecret({ id: hook.id }))).code).toBe("CONFLICT");
    expect((await trpcError(admin.webhooks.revoke({ id: hook.id }))).code).toBe("CONFLICT");
  });

  it("shows the secret only once: never listed, stored sealed, not in the audit trail", async () => {
    const hook = await startHook("orderId");
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(hook.key).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const admin = await app.callerFor("admin@omniflow.demo");
    const listed = await admin.webhooks.list();
    const entry = listed.find((candidate) => candidate.id === hook.id);
    expect(entry).toMatchObject({
      key: hook.key,
      name: "Shop",
      target: { type: "start", definitionKey: "webhook-order", businessKeyPath: "orderId" },
      revokedAt: null,
    });
    expect(entry).not.toHaveProperty("secretCiphertext");
    expect(JSON.stringify(listed)).not.toContain(hook.secret);
    const stored = await app.db.webhook.findUniqueOrThrow({ where: { id: hook.id } });
    expect(stored.secretCiphertext).not.toContain(hook.secret);
    expect(decryptSecret(appSecretKey(), stored.secretCiphertext, `webhook:${hook.id}`)).toBe(hook.secret);
    expect(() => decryptSecret(appSecretKey(), stored.secretCiphertext, "webhook:another")).toThrow(
      SecretError,
    );
    const audit = await app.db.auditEntry.findMany({ where: { objectType: "webhook", objectId: hook.id } });
    expect(audit.map((row) => row.action)).toEqual(["webhook.created"]);
    expect(JSON.stringify(audit)).not.toContain(hook.secret);
  });

  it("answers 500 without running anything when the stored secret cannot be decrypted", async () => {
    const hook = await startHook("orderId");
    const other = await startHook("orderId");
    // A ciphertext moved from another row does not decrypt (it is bound to its webhook's id).
    const { secretCiphertext } = await app.db.webhook.findUniqueOrThrow({ where: { id: other.id } });
    await app.db.webhook.update({ where: { id: hook.id }, data: { secretCiphertext } });
    const body = JSON.stringify({ orderId: "SO-500" });
    expect(await post(hook.key, body, sign(other.secret, body))).toMatchObject({
      status: 500,
      body: { code: "secret_unreadable" },
    });
    expect(await app.db.instance.count({ where: { businessKey: "SO-500" } })).toBe(0);
  });

  it("refuses every management procedure to non-admins", async () => {
    const hook = await startHook();
    const designer = await app.callerFor("designer@omniflow.demo");
    const calls: Promise<unknown>[] = [
      designer.webhooks.list(),
      designer.webhooks.create({ name: "X", target: { type: "start", definitionKey: "webhook-order" } }),
      designer.webhooks.rotateSecret({ id: hook.id }),
      designer.webhooks.revoke({ id: hook.id }),
      designer.webhooks.deliveries({ webhookId: hook.id }),
    ];
    for (const call of calls) expect((await trpcError(call)).code).toBe("FORBIDDEN");
    const anonymous = await app.callerFor(null);
    expect((await trpcError(anonymous.webhooks.list())).code).toBe("UNAUTHORIZED");
    expect((await app.db.webhook.findUniqueOrThrow({ where: { id: hook.id } })).revokedAt).toBeNull();
  });
});
