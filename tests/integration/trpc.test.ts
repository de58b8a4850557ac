// tRPC procedures through createCaller against a real database: who may call what, malformed input
// naming its field, and that a refused call writes nothing. Also the HTTP error shape.
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { createContextInner } from "@/server/trpc/init";
import { appRouter } from "@/server/trpc/root";
import { databaseKinds } from "../helpers/databases";
import { trpcError } from "../helpers/trpc";
import { createTestApp, type TestApp } from "../helpers/app";

describe.each(databaseKinds)("tRPC procedures on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp(kind);
  });
  afterAll(async () => {
    await app.drop();
  });

  describe("session.me", () => {
    it.each([
      ["admin@omniflow.demo", "/admin"],
      ["designer@omniflow.demo", "/workflows"],
      ["approver@omniflow.demo", "/inbox"],
      ["viewer@omniflow.demo", "/overview"],
    ])("tells %s their home %s", async (email, home) => {
      const me = await (await app.callerFor(email)).session.me();
      expect(me.email).toBe(email);
      expect(me.home).toBe(home);
    });

    it("answers UNAUTHORIZED without a session", async () => {
      const error = await trpcError((await app.callerFor(null)).session.me());
      expect(error.code).toBe("UNAUTHORIZED");
    });
  });

  describe("admin.roles.create", () => {
    it("creates a business role for an admin", async () => {
      const caller = await app.callerFor("admin@omniflow.demo");
      const role = await caller.admin.roles.create({ key: "returns-desk", name: "Returns desk" });
      expect(role).toMatchObject({ key: "returns-desk", name: "Returns desk", system: false });
      const roles = await caller.admin.roles.list();
      expect(roles.find((entry) => entry.key === "returns-desk")).toMatchObject({ memberCount: 0 });
    });

    it("answers UNAUTHORIZED without a session and writes nothing", async () => {
      const before = await app.db.role.count();
      const error = await trpcError(
        (await app.callerFor(null)).admin.roles.create({ key: "sneaky", name: "Sneaky" }),
      );
      expect(error.code).toBe("UNAUTHORIZED");
      expect(await app.db.role.count()).toBe(before);
    });

    it.each(["designer@omniflow.demo", "approver@omniflow.demo", "viewer@omniflow.demo"])(
      "answers FORBIDDEN for %s and writes nothing",
      async (email) => {
        const before = await app.db.role.count();
        const error = await trpcError(
          (await app.callerFor(email)).admin.roles.create({ key: "sneaky", name: "Sneaky" }),
        );
        expect(error.code).toBe("FORBIDDEN");
        expect(error.message).toMatch(/admin role/);
        expect(await app.db.role.count()).toBe(before);
      },
    );

    it("answers BAD_REQUEST naming the malformed field and writes nothing", async () => {
      const before = await app.db.role.count();
      const caller = await app.callerFor("admin@omniflow.demo");
      const error = await trpcError(caller.admin.roles.create({ key: "Not A Key!", name: "Fine" }));
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.cause).toBeInstanceOf(ZodError);
      expect((error.cause as ZodError).issues.map((issue) => issue.path.join("."))).toEqual(["key"]);
      expect(await app.db.role.count()).toBe(before);
    });

    it("answers CONFLICT on a key in use, naming the field, and writes nothing", async () => {
      const before = await app.db.role.count();
      const caller = await app.callerFor("admin@omniflow.demo");
      const error = await trpcError(caller.admin.roles.create({ key: "buyer", name: "Another buyer" }));
      expect(error.code).toBe("CONFLICT");
      expect(error.message).toMatch(/"buyer" already exists/);
      expect(await app.db.role.count()).toBe(before);
    });
  });

  describe("profile.update", () => {
    it("renames the signed-in person", async () => {
      const caller = await app.callerFor("viewer@omniflow.demo");
      expect(await caller.profile.update({ name: "  Val V. Viewer " })).toMatchObject({
        name: "Val V. Viewer",
      });
      // A new request sees the new name.
      expect((await (await app.callerFor("viewer@omniflow.demo")).session.me()).name).toBe("Val V. Viewer");
    });

    it("refuses an empty name with BAD_REQUEST on `name` and keeps the old one", async () => {
      const caller = await app.callerFor("designer@omniflow.demo");
      const error = await trpcError(caller.profile.update({ name: "   " }));
      expect(error.code).toBe("BAD_REQUEST");
      expect((error.cause as ZodError).issues[0]?.path).toEqual(["name"]);
      const stored = await app.db.user.findUniqueOrThrow({ where: { email: "designer@omniflow.demo" } });
      expect(stored.name).toBe("Dana Designer");
    });

    it("answers UNAUTHORIZED without a session", async () => {
      expect((await trpcError((await app.callerFor(null)).profile.update({ name: "x" }))).code).toBe(
        "UNAUTHORIZED",
      );
    });
  });

  describe("read views", () => {
    it("lets every role read the overview, and refuses anonymous callers", async () => {
      for (const email of [
        "admin@omniflow.demo",
        "designer@omniflow.demo",
        "approver@omniflow.demo",
        "viewer@omniflow.demo",
      ]) {
        const summary = await (await app.callerFor(email)).overview.summary();
        expect(summary.people).toBe(6);
      }
      expect((await trpcError((await app.callerFor(null)).overview.summary())).code).toBe("UNAUTHORIZED");
    });

    it("lists workflows for designers with their publication state, and not for approvers", async () => {
      const owner = await app.user("designer@omniflow.demo");
      const definitionId = randomUUID();
      await app.db.workflowDefinition.create({
        data: {
          id: definitionId,
          key: "purchase-approval",
          name: "Purchase approval",
          ownerId: owner.id,
          draft: {},
        },
      });
      const designer = await app.callerFor("designer@omniflow.demo");
      expect(await designer.workflows.list({})).toEqual([
        expect.objectContaining({
          key: "purchase-approval",
          ownerName: "Dana Designer",
          publishedVersion: null,
          hasUnpublishedChanges: true,
        }),
      ]);
      expect(await designer.workflows.list({ search: "nothing-like-it" })).toEqual([]);
      const error = await trpcError((await app.callerFor("approver@omniflow.demo")).workflows.list({}));
      expect(error.code).toBe("FORBIDDEN");
    });

    it("shows approvers the open tasks for themselves and their roles only", async () => {
      const definition = await app.db.workflowDefinition.create({
        data: { id: randomUUID(), key: "po", name: "PO", draft: {} },
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
      const approver2 = await app.user("approver2@omniflow.demo");
      await app.db.task.create({
        data: {
          id: "task-buyer",
          instanceId: instance.id,
          nodeId: "n1",
          title: "Buyer approval",
          businessKey: "PO-7",
          candidateRoles: { create: { roleKey: "buyer" } },
        },
      });
      await app.db.task.create({
        data: {
          id: "task-finance",
          instanceId: instance.id,
          nodeId: "n2",
          title: "Finance approval",
          candidateRoles: { create: { roleKey: "finance" } },
        },
      });
      await app.db.task.create({
        data: {
          id: "task-direct",
          instanceId: instance.id,
          nodeId: "n3",
          title: "Direct",
          assigneeId: approver2.id,
        },
      });
      await app.db.task.create({
        data: {
          id: "task-done",
          instanceId: instance.id,
          nodeId: "n4",
          title: "Done",
          status: "completed",
          candidateRoles: { create: { roleKey: "buyer" } },
        },
      });
      const alex = await (await app.callerFor("approver@omniflow.demo")).inbox.list({});
      expect(alex.items.map((task) => task.id)).toEqual(["task-buyer"]);
      const blair = await (await app.callerFor("approver2@omniflow.demo")).inbox.list({});
      expect(blair.items.map((task) => task.id).sort()).toEqual(["task-direct", "task-finance"]);
      expect((await trpcError((await app.callerFor("designer@omniflow.demo")).inbox.list({}))).code).toBe(
        "FORBIDDEN",
      );
    });

    it("gives designers the people and roles for pickers, without e-mail addresses", async () => {
      const directory = await (await app.callerFor("designer@omniflow.demo")).directory.get();
      expect(directory.roles.map((role) => role.key)).toEqual(
        expect.arrayContaining(["approver", "buyer", "finance"]),
      );
      expect(directory.people.find((person) => person.name === "Alex Approver")).toEqual({
        id: expect.any(String) as unknown,
        name: "Alex Approver",
      });
      // Approvers pick delegates from it; requesters have no picker and no access.
      expect(
        (await (await app.callerFor("approver@omniflow.demo")).directory.get()).people.length,
      ).toBeGreaterThan(0);
      expect((await trpcError((await app.callerFor("requester@omniflow.demo")).directory.get())).code).toBe(
        "FORBIDDEN",
      );
    });

    it("keeps the user list for admins", async () => {
      const users = await (await app.callerFor("admin@omniflow.demo")).admin.users.list();
      expect(users.map((user) => user.email)).toContain("approver2@omniflow.demo");
      expect(users[0]).not.toHaveProperty("password");
      expect((await trpcError((await app.callerFor("viewer@omniflow.demo")).admin.users.list())).code).toBe(
        "FORBIDDEN",
      );
    });
  });

  describe("over HTTP", () => {
    async function post(path: string, body: unknown, email: string | null) {
      const user = email ? await app.user(email) : null;
      return fetchRequestHandler({
        endpoint: "/api/trpc",
        req: new Request(`http://127.0.0.1/api/trpc/${path}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ json: body }),
        }),
        router: appRouter,
        createContext: () => createContextInner({ db: app.db, user }),
      });
    }

    it("returns 400 with the zod field errors in the error body", async () => {
      const response = await post("admin.roles.create", { key: "", name: "" }, "admin@omniflow.demo");
      expect(response.status).toBe(400);
      const body = (await response.json()) as {
        error: { json: { message: string; data: { fieldErrors: Record<string, string[]> } } };
      };
      expect(Object.keys(body.error.json.data.fieldErrors).sort()).toEqual(["key", "name"]);
      expect(body.error.json.message).toMatch(/^key: /);
    });

    it("returns 401 and 403 for missing sessions and roles", async () => {
      expect((await post("admin.roles.create", { key: "abc", name: "Abc" }, null)).status).toBe(401);
      expect(
        (await post("admin.roles.create", { key: "abc", name: "Abc" }, "viewer@omniflow.demo")).status,
      ).toBe(403);
      expect(await app.db.role.count({ where: { key: "abc" } })).toBe(0);
    });
  });
});
