// The hash-chained audit trail on real databases: appends chain, concurrent appends never fork the
// chain, tampering and removal are detected at the first broken entry, and changes made through the
// procedures and sign-in are recorded while refused calls are not.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAudit, auditCsv, searchAudit, verifyAuditChain } from "@/server/services/audit";
import { databaseKinds } from "../helpers/databases";
import { createTestApp, DEMO_PASSWORD, type TestApp } from "../helpers/app";

const root = path.resolve(import.meta.dirname, "../..");

/** Runs `npm run audit:verify` against a database. */
function verifyScript(url: string): { status: number | null; output: string } {
  const result = spawnSync(
    path.join(root, "node_modules/.bin/tsx"),
    [path.join(root, "scripts/audit-verify.ts")],
    {
      cwd: root,
      env: { PATH: process.env.PATH ?? "", NODE_ENV: "test", DATABASE_URL: url },
      encoding: "utf8",
      timeout: 60_000,
    },
  );
  return { status: result.status, output: result.stdout };
}

describe.each(databaseKinds)("audit trail on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp(kind);
  });
  afterAll(async () => {
    await app.drop();
  });

  it("records changes made through procedures, and not refused calls", async () => {
    const before = await app.db.auditEntry.count();
    await (
      await app.callerFor("designer@omniflow.demo")
    ).admin.roles
      .create({ key: "nope", name: "Nope" })
      .catch(() => undefined);
    expect(await app.db.auditEntry.count()).toBe(before);
    await (
      await app.callerFor("admin@omniflow.demo")
    ).admin.roles.create({ key: "audited-role", name: "Audited role" });
    const [entry] = await searchAudit(app.db, { objectType: "role", objectId: "audited-role" });
    expect(entry).toMatchObject({
      actorLabel: "Ada Admin",
      action: "role.created",
      summary: "Created role audited-role (Audited role)",
    });
  });

  it("records sign-ins and failed sign-ins", async () => {
    await app.authPost("/sign-in/email", { email: "viewer@omniflow.demo", password: "wrong-password-1" });
    await app.authPost("/sign-in/email", { email: "viewer@omniflow.demo", password: DEMO_PASSWORD });
    const entries = await searchAudit(app.db, { objectType: "session", limit: 2 });
    expect(entries.map((entry) => [entry.action, entry.actorLabel])).toEqual([
      ["auth.signed-in", "Val Viewer"],
      ["auth.sign-in-failed", "viewer@omniflow.demo"],
    ]);
    expect(entries[1]?.summary).toMatch(/Sign-in refused/);
  });

  it("keeps one chain under concurrent appends and verifies it intact", async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        appendAudit(
          app.db,
          {
            actorId: null,
            actorLabel: "system",
            action: "test.concurrent",
            objectType: "test",
            summary: `entry ${index}`,
          },
          app.clock.now,
        ),
      ),
    );
    const check = await verifyAuditChain(app.db);
    expect(check.intact).toBe(true);
    expect(check.entries).toBe(await app.db.auditEntry.count());
  });

  it("exports CSV with quoted fields", async () => {
    await appendAudit(
      app.db,
      {
        actorId: null,
        actorLabel: 'Quote "Q" Person',
        action: "test.csv",
        objectType: "test",
        summary: "a, b",
      },
      app.clock.now,
    );
    const csv = auditCsv(await searchAudit(app.db, { objectType: "test", limit: 1 }));
    expect(csv.split("\r\n")[0]).toBe("seq,occurredAt,actor,action,objectType,objectId,summary,hash");
    expect(csv).toContain('"Quote ""Q"" Person","test.csv","test","","a, b"');
  });

  it("detects a changed entry and a removed entry at the first broken one", async () => {
    const entries = await app.db.auditEntry.findMany({ orderBy: { seq: "asc" }, select: { seq: true } });
    const target = entries[3]!.seq;
    expect(verifyScript(app.url)).toEqual({
      status: 0,
      output: expect.stringMatching(/^audit trail intact: \d+ entries verified/) as unknown,
    });
    await app.db.$executeRawUnsafe(
      `UPDATE "audit_entries" SET "summary" = 'nothing happened' WHERE "seq" = ${target}`,
    );
    expect(await verifyAuditChain(app.db)).toMatchObject({
      intact: false,
      firstBrokenSeq: target,
      reason: expect.stringMatching(/changed/) as unknown,
    });
    expect(verifyScript(app.url)).toEqual({
      status: 1,
      output: `audit trail BROKEN at entry ${target}: its content was changed after it was written (4 entries read)\n`,
    });

    await app.db.$executeRawUnsafe(`DELETE FROM "audit_entries" WHERE "seq" <= ${target}`);
    const next = (
      await app.db.auditEntry.findFirstOrThrow({ orderBy: { seq: "asc" }, select: { seq: true } })
    ).seq;
    expect(await verifyAuditChain(app.db)).toMatchObject({
      intact: false,
      firstBrokenSeq: next,
      reason: expect.stringMatching(/removed or reordered/) as unknown,
    });
  });
});
