// API keys: shown once and stored hashed; unknown or revoked keys get 401, uses outside the scopes
// 403, and uses past the rate limit 429. Only admins manage them.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkApiKey } from "@/server/services/api-keys";
import { databaseKinds } from "../helpers/databases";
import { createTestApp, type TestApp } from "../helpers/app";

describe.each(databaseKinds)("API keys on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp(kind);
  });
  afterAll(async () => {
    await app.drop();
  });

  it("creates a key shown once, checks its scopes, limits its rate and refuses it once revoked", async () => {
    const admin = await app.callerFor("admin@omniflow.demo");
    const created = await admin.apiKeys.create({
      name: "ERP",
      scopes: { workflows: ["purchase"], messages: ["payment.received"] },
      rateLimit: 3,
    });
    expect(created.key).toMatch(/^of_[0-9a-f]{8}_/);
    const stored = await app.db.apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored.hash).not.toContain(created.key);
    expect(JSON.stringify(await admin.apiKeys.list())).not.toContain(created.key);

    const header = `Bearer ${created.key}`;
    const now = new Date("2026-06-01T10:00:00.000Z");
    expect(await checkApiKey(app.db, header, { kind: "workflow", key: "purchase" }, now)).toEqual({
      ok: true,
      keyId: created.id,
      name: "ERP",
    });
    expect(await checkApiKey(app.db, header, { kind: "workflow", key: "refund" }, now)).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(
      await checkApiKey(app.db, header, { kind: "message", name: "payment.received" }, now),
    ).toMatchObject({ ok: true });
    expect(
      await checkApiKey(app.db, header, { kind: "message", name: "payment.received" }, now),
    ).toMatchObject({ ok: true });
    expect(
      await checkApiKey(app.db, header, { kind: "message", name: "payment.received" }, now),
    ).toMatchObject({ ok: false, status: 429 });
    expect(
      await checkApiKey(
        app.db,
        header,
        { kind: "message", name: "payment.received" },
        new Date("2026-06-01T10:01:00.000Z"),
      ),
    ).toMatchObject({ ok: true });
    expect(
      (await app.db.apiKey.findUniqueOrThrow({ where: { id: created.id } })).lastUsedAt?.toISOString(),
    ).toBe("2026-06-01T10:01:00.000Z");

    expect(
      await checkApiKey(app.db, "Bearer of_nothing_here", { kind: "workflow", key: "purchase" }, now),
    ).toMatchObject({ ok: false, status: 401, message: "Unknown API key" });
    expect(await checkApiKey(app.db, null, { kind: "workflow", key: "purchase" }, now)).toMatchObject({
      ok: false,
      status: 401,
    });
    await admin.apiKeys.revoke({ id: created.id });
    expect(await checkApiKey(app.db, header, { kind: "workflow", key: "purchase" }, now)).toMatchObject({
      ok: false,
      status: 401,
      message: "This API key was revoked",
    });
  });

  it("refuses keys without scopes and non-admins", async () => {
    const admin = await app.callerFor("admin@omniflow.demo");
    const error = await admin.apiKeys
      .create({ name: "Empty", scopes: { workflows: [], messages: [] } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    const designer = await app.callerFor("designer@omniflow.demo");
    const forbidden = await designer.apiKeys.list().catch((caught: unknown) => caught);
    expect((forbidden as TRPCError).code).toBe("FORBIDDEN");
  });
});
