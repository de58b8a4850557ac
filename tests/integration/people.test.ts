// Admins manage people: create with roles, change roles, deactivate (sessions end at once, open tasks
// return to their role queues) and reactivate. Others cannot; bad input names its field.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionUserFromHeaders } from "@/server/auth/session";
import { databaseKinds } from "../helpers/databases";
import { trpcError } from "../helpers/trpc";
import { createTestApp, DEMO_PASSWORD, type TestApp } from "../helpers/app";

describe.each(databaseKinds)("people administration on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp(kind);
  });
  afterAll(async () => {
    await app.drop();
  });

  it("creates a person who can sign in with their roles; a used e-mail or unknown role is refused", async () => {
    const admin = await app.callerFor("admin@omniflow.demo");
    const created = await admin.admin.users.create({
      name: "Nia New",
      email: "Nia@Example.test",
      password: "a-long-password",
      roleKeys: ["approver", "buyer"],
    });
    const response = await app.authPost("/sign-in/email", {
      email: "nia@example.test",
      password: "a-long-password",
    });
    expect(response.status).toBe(200);
    expect((await app.user("nia@example.test")).roles.sort()).toEqual(["approver", "buyer"]);

    const duplicate = await trpcError(
      admin.admin.users.create({ name: "Again", email: "nia@example.test", password: "a-long-password" }),
    );
    expect(duplicate).toMatchObject({ code: "CONFLICT" });
    const unknownRole = await trpcError(
      admin.admin.users.create({
        name: "X",
        email: "x@example.test",
        password: "a-long-password",
        roleKeys: ["wizard"],
      }),
    );
    expect(unknownRole.code).toBe("BAD_REQUEST");
    expect(unknownRole.message).toMatch(/wizard/);
    const badEmail = await trpcError(
      admin.admin.users.create({ name: "Y", email: "not-an-email", password: "a-long-password" }),
    );
    expect(badEmail.code).toBe("BAD_REQUEST");
    expect(await app.db.user.count({ where: { email: { in: ["x@example.test", "not-an-email"] } } })).toBe(0);

    await admin.admin.users.setRoles({ userId: created.id, roleKeys: ["viewer"] });
    expect((await app.user("nia@example.test")).roles).toEqual(["viewer"]);
    const audit = await app.db.auditEntry.findFirstOrThrow({
      where: { action: "user.roles-changed", objectId: created.id },
    });
    expect(audit).toMatchObject({
      summary: "Roles approver, buyer -> viewer",
      before: { roles: ["approver", "buyer"] },
      after: { roles: ["viewer"] },
    });
    const designer = await app.callerFor("designer@omniflow.demo");
    expect(
      (
        await trpcError(
          designer.admin.users.create({ name: "Z", email: "z@example.test", password: "a-long-password" }),
        )
      ).code,
    ).toBe("FORBIDDEN");
  });

  it("deactivation ends sessions at once and returns open tasks to their role queues", async () => {
    const admin = await app.callerFor("admin@omniflow.demo");
    const signIn = await app.authPost("/sign-in/email", {
      email: "approver2@omniflow.demo",
      password: DEMO_PASSWORD,
    });
    const cookie = signIn.headers
      .getSetCookie()
      .find((value) => value.includes("session_token="))!
      .split(";")[0]!;
    expect(await sessionUserFromHeaders(app.auth, app.db, new Headers({ cookie }))).not.toBeNull();

    const blair = await app.user("approver2@omniflow.demo");
    const definition = await app.db.workflowDefinition.create({
      data: { id: randomUUID(), key: `people-${kind}`, name: "P", draft: {} },
    });
    const version = await app.db.workflowVersion.create({
      data: { id: randomUUID(), definitionId: definition.id, version: 1, definition: {}, checksum: "x" },
    });
    const instance = await app.db.instance.create({
      data: {
        id: randomUUID(),
        definitionId: definition.id,
        versionId: version.id,
        status: "waiting",
        state: {},
      },
    });
    const task = await app.db.task.create({
      data: {
        id: randomUUID(),
        instanceId: instance.id,
        nodeId: "n",
        title: "Claimed by Blair",
        status: "claimed",
        assigneeId: blair.id,
        candidateRoles: { create: { roleKey: "finance" } },
      },
    });

    expect(await admin.admin.users.deactivate({ userId: blair.id })).toEqual({
      userId: blair.id,
      endedSessions: 1,
      returnedTasks: 1,
    });
    expect(await sessionUserFromHeaders(app.auth, app.db, new Headers({ cookie }))).toBeNull();
    expect(
      await app.db.task.findUniqueOrThrow({
        where: { id: task.id },
        select: { status: true, assigneeId: true },
      }),
    ).toEqual({ status: "open", assigneeId: null });
    expect(
      (await app.authPost("/sign-in/email", { email: "approver2@omniflow.demo", password: DEMO_PASSWORD }))
        .status,
    ).toBe(403);
    expect((await trpcError(admin.admin.users.deactivate({ userId: blair.id }))).code).toBe("CONFLICT");

    const me = await app.user("admin@omniflow.demo");
    expect((await trpcError(admin.admin.users.deactivate({ userId: me.id }))).code).toBe("BAD_REQUEST");
    await admin.admin.users.reactivate({ userId: blair.id });
    expect(
      (await app.authPost("/sign-in/email", { email: "approver2@omniflow.demo", password: DEMO_PASSWORD }))
        .status,
    ).toBe(200);
  });
});
