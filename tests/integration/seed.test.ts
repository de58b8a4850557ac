// Demo data goes only into an empty database and never in production mode.
import { afterEach, describe, expect, it } from "vitest";
import { seedDemoWorkflows } from "@/server/db/demo-workflows";
import { DEMO_PASSWORD, demoUsers, seedDemo } from "@/server/db/seed";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../helpers/databases";

const opened: TestDatabase[] = [];
afterEach(async () => {
  while (opened.length > 0) await opened.pop()!.drop();
});

async function fresh(kind: (typeof databaseKinds)[number]) {
  const database = await createTestDatabase(kind);
  opened.push(database);
  return database;
}

describe.each(databaseKinds)("seedDemo on %s", (kind) => {
  it("creates the system roles and the demo people with hashed passwords", async () => {
    const { db } = await fresh(kind);
    const result = await seedDemo(db, "demo");
    expect(result.seeded).toBe(true);
    expect(await db.user.count()).toBe(demoUsers.length);
    const roles = await db.role.findMany({ where: { system: true }, select: { key: true } });
    expect(roles.map((role) => role.key).sort()).toEqual([
      "admin",
      "approver",
      "designer",
      "requester",
      "viewer",
    ]);
    const account = await db.account.findFirstOrThrow({
      where: { providerId: "credential" },
      select: { password: true },
    });
    expect(account.password).not.toContain(DEMO_PASSWORD);
    expect(account.password?.length).toBeGreaterThan(40);
  });

  it("does not seed a database that already has people", async () => {
    const { db } = await fresh(kind);
    await seedDemo(db, "demo");
    const again = await seedDemo(db, "demo");
    expect(again).toEqual({ seeded: false, reason: "the database already has users" });
    expect(await db.user.count()).toBe(demoUsers.length);
  });

  it("never seeds people in production mode, but still creates the system roles", async () => {
    const { db } = await fresh(kind);
    expect(await seedDemo(db, "production")).toMatchObject({ seeded: false });
    expect(await db.user.count()).toBe(0);
    expect(await db.role.count({ where: { system: true } })).toBe(5);
    expect(await db.role.count({ where: { system: false } })).toBe(0);
  });

  it("publishes the demo workflow, and the four reference templates when the simulated estate is there", async () => {
    const { db } = await fresh(kind);
    await seedDemo(db, "demo");
    const admin = await db.user.findUniqueOrThrow({ where: { email: "admin@omniflow.demo" } });
    const previous = process.env.SIM_URL;
    try {
      process.env.SIM_URL = "http://127.0.0.1:4999";
      expect(await seedDemoWorkflows(db, admin.id, new Date(), { templates: true })).toEqual([
        "purchase-request",
        "order-to-cash",
        "procure-to-pay",
        "return-to-refund",
        "inventory-replenishment",
      ]);
      const versions = await db.workflowVersion.findMany({
        select: { status: true, workflow: { select: { key: true } } },
      });
      expect(versions).toHaveLength(5);
      expect(versions.every((version) => version.status === "published")).toBe(true);
      // Nothing is published twice.
      expect(await seedDemoWorkflows(db, admin.id, new Date(), { templates: true })).toEqual([]);
    } finally {
      if (previous === undefined) delete process.env.SIM_URL;
      else process.env.SIM_URL = previous;
    }
  });

  it("publishes only the demo workflow without the templates", async () => {
    const { db } = await fresh(kind);
    await seedDemo(db, "demo");
    const admin = await db.user.findUniqueOrThrow({ where: { email: "admin@omniflow.demo" } });
    expect(await seedDemoWorkflows(db, admin.id)).toEqual(["purchase-request"]);
    expect(await db.workflowDefinition.count()).toBe(1);
  });
});
