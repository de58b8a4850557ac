// The workflows procedures through createCaller against a real database: creating, renaming,
// duplicating and deleting drafts, loading and saving them with optimistic concurrency, the list's
// publication status, and who may call what (a refused call writes nothing).
import type { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { validateDefinition, type DefinitionInput } from "@/engine";
import { createFakeConnector } from "@/server/connectors/fake";
import { ConnectorRegistry } from "@/server/connectors/registry";
import { simConnectors } from "@/server/connectors/sim";
import { BusinessError } from "@/server/services/errors";
import { orderToCash } from "@/server/templates/order-to-cash";
import { createUser } from "@/server/services/users";
import { createContextInner } from "@/server/trpc/init";
import { appRouter } from "@/server/trpc/root";
import { createTestApp, type TestApp } from "../helpers/app";
import { databaseKinds } from "../helpers/databases";
import { trpcError } from "../helpers/trpc";

function zodPaths(error: TRPCError): string[] {
  expect(error.cause).toBeInstanceOf(ZodError);
  return (error.cause as ZodError).issues.map((issue) => issue.path.join("."));
}

const DESIGNER = "designer@omniflow.demo";
const SECOND_DESIGNER = "sam.second@omniflow.demo";
const minute = 60_000;

describe.each(databaseKinds)("workflows procedures on %s", (kind) => {
  let app: TestApp;

  /** Every workflow row as stored, to prove a refused call changed nothing. */
  const snapshot = () => app.db.workflowDefinition.findMany({ orderBy: { id: "asc" } });

  function tick(ms = minute): void {
    app.clock.now = new Date(app.clock.now.getTime() + ms);
  }

  async function designer() {
    return app.callerFor(DESIGNER);
  }

  async function publishVersion(definitionId: string, version = 1): Promise<void> {
    await app.db.workflowVersion.create({
      data: {
        id: randomUUID(),
        definitionId,
        version,
        definition: {},
        checksum: `test-${version}`,
        publishedAt: app.clock.now,
      },
    });
  }

  beforeAll(async () => {
    app = await createTestApp(kind);
    await createUser(app.db, {
      name: "Sam Second",
      email: SECOND_DESIGNER,
      password: "second-designer-password",
      roleKeys: ["designer"],
    });
  });
  afterAll(async () => {
    await app.drop();
  });

  describe("create", () => {
    it("creates a workflow with a key from its name and a minimal valid draft owned by the caller", async () => {
      const dana = await app.user(DESIGNER);
      const created = await (await designer()).workflows.create({ name: "  Purchase approval " });
      expect(created).toEqual({ id: expect.any(String) as string, key: "purchase-approval" });

      const row = await app.db.workflowDefinition.findUniqueOrThrow({ where: { id: created.id } });
      expect(row).toMatchObject({
        key: "purchase-approval",
        name: "Purchase approval",
        ownerId: dana.id,
        draftUpdatedById: dana.id,
        draftRevision: 1,
        draftUpdatedAt: app.clock.now,
      });
      expect(row.draft).toMatchObject({
        schemaVersion: 1,
        key: "purchase-approval",
        name: "Purchase approval",
        description: "",
        nodes: [
          // Defaults from the definition schema are filled in.
          {
            id: "start",
            kind: "start",
            name: "Start",
            position: { x: 0, y: 0 },
            trigger: { type: "manual" },
          },
          { id: "end", kind: "end", name: "Done", outcome: "completed", position: { x: 320, y: 0 } },
        ],
        edges: [{ id: "start-end", source: "start", target: "end", type: "normal" }],
      });
      const loaded = await (await designer()).workflows.get({ id: created.id });
      expect(validateDefinition(loaded.draft)).toEqual([]);
    });

    it("takes an explicit key", async () => {
      const created = await (await designer()).workflows.create({ name: "Returns", key: " store-returns " });
      expect(created.key).toBe("store-returns");
      const row = await app.db.workflowDefinition.findUniqueOrThrow({ where: { id: created.id } });
      expect(row.draft).toMatchObject({ key: "store-returns", name: "Returns" });
    });

    it.each([
      ["Ünïcode Retours & Refunds!", "unicode-retours-refunds"],
      ["2026 budget", "workflow-2026-budget"],
      ["X", "workflow-x"],
      ["€€€", "workflow"],
      [`Very ${"long ".repeat(20)}name`, `very-${"long-".repeat(11)}long`],
    ])("derives the key of %j as %j", async (name, key) => {
      const created = await (await designer()).workflows.create({ name });
      expect(created.key).toBe(key);
      expect(key.length).toBeLessThanOrEqual(64);
    });

    it("answers CONFLICT on `key` for a key in use, given or derived, and writes nothing", async () => {
      const caller = await designer();
      await caller.workflows.create({ name: "Invoice mismatch", key: "invoice-mismatch" });
      const before = await snapshot();

      const given = await trpcError(caller.workflows.create({ name: "Other", key: "invoice-mismatch" }));
      expect(given.code).toBe("CONFLICT");
      expect(given.message).toBe('A workflow with key "invoice-mismatch" already exists');
      expect(given.cause).toBeInstanceOf(BusinessError);
      expect((given.cause as BusinessError).field).toBe("key");

      const derived = await trpcError(caller.workflows.create({ name: "Invoice Mismatch" }));
      expect(derived.code).toBe("CONFLICT");
      expect((derived.cause as BusinessError).field).toBe("key");

      expect(await snapshot()).toEqual(before);
    });

    it.each([
      [{ name: "   " }, ["name"]],
      [{ name: "n".repeat(121) }, ["name"]],
      [{ name: "Fine", key: "Not A Key!" }, ["key"]],
      [{ name: "Fine", key: "x" }, ["key"]],
      [{ name: "Fine", key: "9-lives" }, ["key"]],
    ])("answers BAD_REQUEST naming the field for %j and writes nothing", async (input, paths) => {
      const before = await snapshot();
      const error = await trpcError((await designer()).workflows.create(input));
      expect(error.code).toBe("BAD_REQUEST");
      expect(zodPaths(error)).toEqual(paths);
      expect(await snapshot()).toEqual(before);
    });
  });

  describe("create from a template", () => {
    it("starts the draft as a copy of the template under the new key and name, ready to publish", async () => {
      const caller = await designer();
      const created = await caller.workflows.create({
        name: "Order to cash (EU)",
        key: "order-to-cash-eu",
        template: "order-to-cash",
      });
      expect(created.key).toBe("order-to-cash-eu");
      const loaded = await caller.workflows.get({ id: created.id });
      expect(loaded.draft).toMatchObject({
        key: "order-to-cash-eu",
        name: "Order to cash (EU)",
        description: orderToCash.description,
      });
      expect(loaded.draft.nodes.map((node) => node.id)).toEqual(orderToCash.nodes.map((node) => node.id));
      expect(loaded.draft.edges).toHaveLength(orderToCash.edges.length);
      const catalog = new ConnectorRegistry([createFakeConnector(), ...simConnectors("http://sim.test")]);
      expect(validateDefinition(loaded.draft, catalog.catalog())).toEqual([]);

      const audit = await app.db.auditEntry.findFirstOrThrow({
        where: { action: "definition.created", objectId: created.id },
      });
      expect(audit.summary).toBe(
        'Created workflow "Order to cash (EU)" (order-to-cash-eu) from the template order-to-cash',
      );
    });

    it("refuses an unknown template on `template` and writes nothing", async () => {
      const before = await snapshot();
      const error = await trpcError(
        (await designer()).workflows.create({ name: "Fine", template: "order-to-nowhere" }),
      );
      expect(error.code).toBe("BAD_REQUEST");
      expect(zodPaths(error)).toEqual(["template"]);
      expect(error.message).toContain("Unknown template; choose one of order-to-cash, procure-to-pay");
      expect(await snapshot()).toEqual(before);
    });

    it("lists the four templates with what they are made of and the connectors missing here", async () => {
      const previous = process.env.SIM_URL;
      delete process.env.SIM_URL;
      try {
        const listed = await (await app.callerFor("viewer@omniflow.demo")).workflows.templates();
        expect(listed.map((template) => template.key)).toEqual([
          "order-to-cash",
          "procure-to-pay",
          "return-to-refund",
          "inventory-replenishment",
        ]);
        const o2c = listed[0]!;
        expect(o2c.name).toBe("Order to cash");
        expect(o2c.approvals).toBeGreaterThanOrEqual(2);
        expect(o2c.exceptionPaths).toBeGreaterThanOrEqual(3);
        expect(o2c.connectors).toEqual(["carrier", "commerce", "erp", "payments", "wms"]);
        // Without the simulated estate, its connectors are missing and publishing would find problems.
        expect(o2c.missingConnectors).toEqual(o2c.connectors);
        expect(o2c.problems).toBeGreaterThan(0);

        process.env.SIM_URL = "http://127.0.0.1:4999";
        const withSim = await (await designer()).workflows.templates();
        for (const template of withSim) {
          expect(template.missingConnectors, template.key).toEqual([]);
          expect(template.problems, template.key).toBe(0);
        }
      } finally {
        if (previous === undefined) delete process.env.SIM_URL;
        else process.env.SIM_URL = previous;
      }
    });
  });

  describe("rename", () => {
    it("renames the workflow and its draft as a new revision by the caller", async () => {
      const { id } = await (await designer()).workflows.create({ name: "Markdown request" });
      tick();
      const sam = await app.user(SECOND_DESIGNER);
      const renamed = await (
        await app.callerFor(SECOND_DESIGNER)
      ).workflows.rename({ id, name: " Markdown approval " });
      expect(renamed).toEqual({ id, name: "Markdown approval", revision: 2 });

      const row = await app.db.workflowDefinition.findUniqueOrThrow({ where: { id } });
      expect(row).toMatchObject({
        key: "markdown-request",
        name: "Markdown approval",
        draftRevision: 2,
        draftUpdatedAt: app.clock.now,
        draftUpdatedById: sam.id,
      });
      expect(row.draft).toMatchObject({ key: "markdown-request", name: "Markdown approval" });
    });

    it("answers NOT_FOUND for an unknown id and BAD_REQUEST for an empty name", async () => {
      const caller = await designer();
      const { id } = await caller.workflows.create({ name: "Keep my name" });
      const before = await snapshot();
      expect((await trpcError(caller.workflows.rename({ id: "no-such-id", name: "X" }))).code).toBe(
        "NOT_FOUND",
      );
      const empty = await trpcError(caller.workflows.rename({ id, name: "  " }));
      expect(empty.code).toBe("BAD_REQUEST");
      expect(zodPaths(empty)).toEqual(["name"]);
      expect(await snapshot()).toEqual(before);
    });
  });

  describe("duplicate", () => {
    it("copies the draft under a free key, owned by the caller", async () => {
      const caller = await designer();
      const { id, key } = await caller.workflows.create({ name: "Price change" });
      const source = await caller.workflows.get({ id });
      const changed = {
        ...source.draft,
        description: "Approve price changes above 10%",
        nodes: [...source.draft.nodes, { id: "note", kind: "set" as const, name: "Note", assignments: [] }],
      };
      await caller.workflows.saveDraft({ id, revision: source.draftRevision, draft: changed });
      tick();

      const sam = await app.user(SECOND_DESIGNER);
      const samCaller = await app.callerFor(SECOND_DESIGNER);
      const first = await samCaller.workflows.duplicate({ id });
      const second = await samCaller.workflows.duplicate({ id });
      expect([first.key, second.key]).toEqual([`${key}-copy`, `${key}-copy-2`]);

      const copy = await app.db.workflowDefinition.findUniqueOrThrow({ where: { id: first.id } });
      expect(copy).toMatchObject({
        name: "Copy of Price change",
        description: "Approve price changes above 10%",
        ownerId: sam.id,
        draftUpdatedById: sam.id,
        draftRevision: 1,
        draftUpdatedAt: app.clock.now,
      });
      expect(copy.draft).toEqual({ ...changed, key: `${key}-copy`, name: "Copy of Price change" });
      // The original is untouched.
      expect((await caller.workflows.get({ id })).draft).toEqual({ ...changed, key });
    });

    it("keeps copies of a 64-character key within 64 characters", async () => {
      const caller = await designer();
      const longKey = `a${"b".repeat(62)}c`;
      const { id } = await caller.workflows.create({ name: "Long", key: longKey });
      const copies = [await caller.workflows.duplicate({ id }), await caller.workflows.duplicate({ id })];
      expect(copies.map((copy) => copy.key)).toEqual([
        `a${"b".repeat(58)}-copy`,
        `a${"b".repeat(56)}-copy-2`,
      ]);
    });

    it("answers NOT_FOUND for an unknown id and writes nothing", async () => {
      const before = await snapshot();
      const error = await trpcError((await designer()).workflows.duplicate({ id: "no-such-id" }));
      expect(error.code).toBe("NOT_FOUND");
      expect(await snapshot()).toEqual(before);
    });
  });

  describe("delete", () => {
    it("deletes a workflow that was never published", async () => {
      const caller = await designer();
      const { id } = await caller.workflows.create({ name: "Throwaway" });
      expect(await caller.workflows.delete({ id })).toEqual({ id });
      expect(await app.db.workflowDefinition.count({ where: { id } })).toBe(0);
      expect((await trpcError(caller.workflows.get({ id }))).code).toBe("NOT_FOUND");
    });

    it("refuses a workflow with published versions and leaves it as it is", async () => {
      const caller = await designer();
      const { id } = await caller.workflows.create({ name: "Live process" });
      await publishVersion(id);
      const before = await snapshot();
      const error = await trpcError(caller.workflows.delete({ id }));
      expect(error.code).toBe("CONFLICT");
      expect(error.message).toBe(
        '"Live process" has published versions; retire them instead of deleting the workflow',
      );
      expect(await snapshot()).toEqual(before);
      expect(await app.db.workflowVersion.count({ where: { definitionId: id } })).toBe(1);
    });

    it("answers NOT_FOUND for an unknown id", async () => {
      expect((await trpcError((await designer()).workflows.delete({ id: "no-such-id" }))).code).toBe(
        "NOT_FOUND",
      );
    });
  });

  describe("get", () => {
    it("returns the draft with its revision, editor, owner and latest published version", async () => {
      const caller = await designer();
      const { id } = await caller.workflows.create({ name: "Supplier onboarding" });
      tick();
      await (await app.callerFor(SECOND_DESIGNER)).workflows.rename({ id, name: "Vendor onboarding" });
      const editedAt = app.clock.now;
      tick();
      await publishVersion(id, 1);
      await publishVersion(id, 2);

      const viewer = await app.callerFor("viewer@omniflow.demo");
      const workflow = await viewer.workflows.get({ id });
      expect(workflow).toEqual({
        id,
        key: "supplier-onboarding",
        name: "Vendor onboarding",
        draft: expect.objectContaining({ key: "supplier-onboarding", name: "Vendor onboarding" }) as unknown,
        draftRevision: 2,
        draftUpdatedAt: editedAt,
        draftUpdatedByName: "Sam Second",
        ownerName: "Dana Designer",
        publishedVersion: 2,
      });
    });

    it("answers NOT_FOUND for an unknown id", async () => {
      const error = await trpcError((await designer()).workflows.get({ id: "no-such-id" }));
      expect(error.code).toBe("NOT_FOUND");
      expect(error.message).toBe('No workflow with id "no-such-id"');
    });
  });

  describe("saveDraft", () => {
    async function createdDraft(name: string) {
      const caller = await designer();
      const { id } = await caller.workflows.create({ name });
      return { caller, ...(await caller.workflows.get({ id })) };
    }

    it("saves the draft as the next revision, forcing the key and following its name", async () => {
      const { caller, id, key, draft, draftRevision } = await createdDraft("Replenishment");
      tick();
      const edited: DefinitionInput = {
        ...draft,
        key: "someone-elses-key",
        name: "Store replenishment",
        description: "Weekly proposals",
        nodes: draft.nodes.map((node) => (node.id === "end" ? { ...node, name: "Ordered" } : node)),
      };
      const saved = await caller.workflows.saveDraft({ id, revision: draftRevision, draft: edited });
      expect(saved).toEqual({ revision: 2, savedAt: app.clock.now });

      const dana = await app.user(DESIGNER);
      const row = await app.db.workflowDefinition.findUniqueOrThrow({ where: { id } });
      expect(row).toMatchObject({
        key,
        name: "Store replenishment",
        description: "Weekly proposals",
        draftRevision: 2,
        draftUpdatedAt: app.clock.now,
        draftUpdatedById: dana.id,
      });
      expect(row.draft).toEqual({ ...edited, key });

      // The next save builds on the revision it got back.
      tick();
      expect(await caller.workflows.saveDraft({ id, revision: saved.revision, draft: edited })).toEqual({
        revision: 3,
        savedAt: app.clock.now,
      });
    });

    it("refuses a stale revision with CONFLICT naming who saved it and when, and changes nothing", async () => {
      const { caller, id, draft, draftRevision } = await createdDraft("Shrinkage review");
      app.clock.now = new Date("2026-06-02T14:35:00.000Z");
      await (
        await app.callerFor(SECOND_DESIGNER)
      ).workflows.saveDraft({
        id,
        revision: draftRevision,
        draft: { ...draft, description: "Sam's version" },
      });
      tick();
      const before = await snapshot();

      const error = await trpcError(
        caller.workflows.saveDraft({
          id,
          revision: draftRevision,
          draft: { ...draft, description: "Dana's version" },
        }),
      );
      expect(error.code).toBe("CONFLICT");
      expect(error.message).toBe(
        "Sam Second saved this draft at 2026-06-02 14:35 UTC since you loaded it; reload to see their changes",
      );
      expect(await snapshot()).toEqual(before);
      expect((await caller.workflows.get({ id })).draft.description).toBe("Sam's version");
    });

    it("refuses a malformed draft with BAD_REQUEST naming the path, and changes nothing", async () => {
      const { caller, id, draft, draftRevision } = await createdDraft("Malformed");
      const before = await snapshot();
      const malformed = {
        ...draft,
        nodes: [{ ...draft.nodes[0], kind: "teleport" }, ...draft.nodes.slice(1)],
      } as unknown as DefinitionInput;
      const error = await trpcError(
        caller.workflows.saveDraft({ id, revision: draftRevision, draft: malformed }),
      );
      expect(error.code).toBe("BAD_REQUEST");
      expect(zodPaths(error)).toEqual(["draft.nodes.0.kind"]);

      const noName = await trpcError(
        caller.workflows.saveDraft({ id, revision: draftRevision, draft: { ...draft, name: " " } }),
      );
      expect(zodPaths(noName)).toEqual(["draft.name"]);
      expect(await snapshot()).toEqual(before);
    });

    it("accepts a draft with semantic problems (it just cannot be published yet)", async () => {
      const { caller, id, draft, draftRevision } = await createdDraft("Work in progress");
      const unfinished: DefinitionInput = {
        ...draft,
        nodes: [...draft.nodes, { id: "approve", kind: "approval", name: "Approve" }],
      };
      const saved = await caller.workflows.saveDraft({ id, revision: draftRevision, draft: unfinished });
      expect(saved.revision).toBe(draftRevision + 1);
      const stored = (await caller.workflows.get({ id })).draft;
      expect(stored.nodes.map((node) => node.id)).toEqual(["start", "end", "approve"]);
      expect(validateDefinition(stored).map((problem) => problem.nodeId)).toContain("approve");
    });

    it("answers NOT_FOUND for an unknown id", async () => {
      const { caller, draft } = await createdDraft("Orphan check");
      const error = await trpcError(caller.workflows.saveDraft({ id: "no-such-id", revision: 1, draft }));
      expect(error.code).toBe("NOT_FOUND");
    });
  });

  describe("catalog", () => {
    it("lists the connectors and operations the editor can use", async () => {
      const catalog = await (await app.callerFor("viewer@omniflow.demo")).workflows.catalog();
      const fake = catalog.connectors.find((connector) => connector.id === "fake");
      expect(fake?.name).toBe("Fake system");
      expect(fake?.operations.map((operation) => operation.id)).toEqual(
        expect.arrayContaining(["record"]) as unknown,
      );
    });
  });

  describe("list", () => {
    it("tells draft, published and unpublished-changes apart, with owner and last editor", async () => {
      const caller = await designer();
      const prefix = `status-${kind}`;
      const never = await caller.workflows.create({ name: `${prefix} never` });
      const live = await caller.workflows.create({ name: `${prefix} live` });
      const changed = await caller.workflows.create({ name: `${prefix} changed` });
      tick();
      await publishVersion(live.id);
      await publishVersion(changed.id);
      tick();
      await (
        await app.callerFor(SECOND_DESIGNER)
      ).workflows.rename({ id: changed.id, name: `${prefix} edited` });

      const rows = await caller.workflows.list({ search: prefix });
      const byId = new Map(rows.map((row) => [row.id, row]));
      expect(byId.get(never.id)).toMatchObject({
        status: "draft",
        publishedVersion: null,
        ownerName: "Dana Designer",
        draftUpdatedByName: "Dana Designer",
      });
      expect(byId.get(live.id)).toMatchObject({
        status: "published",
        publishedVersion: 1,
        hasUnpublishedChanges: false,
      });
      expect(byId.get(changed.id)).toMatchObject({
        name: `${prefix} edited`,
        status: "unpublished-changes",
        publishedVersion: 1,
        hasUnpublishedChanges: true,
        draftUpdatedByName: "Sam Second",
      });
      // Newest edit first.
      expect(rows[0]?.id).toBe(changed.id);
    });

    it("filters by name or key", async () => {
      const caller = await designer();
      await caller.workflows.create({ name: "Carrier claim", key: "freight-claim" });
      expect((await caller.workflows.list({ search: "Carrier" })).map((row) => row.key)).toEqual([
        "freight-claim",
      ]);
      expect((await caller.workflows.list({ search: "freight-cl" })).map((row) => row.name)).toEqual([
        "Carrier claim",
      ]);
      expect(await caller.workflows.list({ search: "nothing-like-it" })).toEqual([]);
    });
  });

  describe("who may call what", () => {
    it("lets designers, admins and viewers read, and refuses approvers", async () => {
      const { id } = await (await designer()).workflows.create({ name: "Readable" });
      for (const email of [DESIGNER, "admin@omniflow.demo", "viewer@omniflow.demo"]) {
        const caller = await app.callerFor(email);
        expect((await caller.workflows.list({})).length).toBeGreaterThan(0);
        expect((await caller.workflows.get({ id })).id).toBe(id);
        expect((await caller.workflows.catalog()).connectors.length).toBeGreaterThan(0);
      }
      const approver = await app.callerFor("approver@omniflow.demo");
      for (const call of [
        () => approver.workflows.list({}),
        () => approver.workflows.get({ id }),
        () => approver.workflows.catalog(),
      ]) {
        expect((await trpcError(call())).code).toBe("FORBIDDEN");
      }
    });

    it.each(["approver@omniflow.demo", "viewer@omniflow.demo", "admin@omniflow.demo"])(
      "answers FORBIDDEN to %s for every change and writes nothing",
      async (email) => {
        const { id } = await (await designer()).workflows.create({ name: `Guarded ${email}` });
        const { draft } = await (await designer()).workflows.get({ id });
        const before = await snapshot();
        const caller = await app.callerFor(email);
        for (const call of [
          () => caller.workflows.create({ name: "Sneaky" }),
          () => caller.workflows.rename({ id, name: "Sneaky" }),
          () => caller.workflows.duplicate({ id }),
          () => caller.workflows.delete({ id }),
          () => caller.workflows.saveDraft({ id, revision: 1, draft: { ...draft, name: "Sneaky" } }),
        ]) {
          const error = await trpcError(call());
          expect(error.code).toBe("FORBIDDEN");
          expect(error.message).toBe("This needs the designer role.");
        }
        expect(await snapshot()).toEqual(before);
      },
    );

    it("answers UNAUTHORIZED without a session and writes nothing", async () => {
      const { id } = await (await designer()).workflows.create({ name: "Anonymous target" });
      const { draft } = await (await designer()).workflows.get({ id });
      const before = await snapshot();
      const anonymous = await app.callerFor(null);
      for (const call of [
        () => anonymous.workflows.list({}),
        () => anonymous.workflows.get({ id }),
        () => anonymous.workflows.catalog(),
        () => anonymous.workflows.create({ name: "Sneaky" }),
        () => anonymous.workflows.rename({ id, name: "Sneaky" }),
        () => anonymous.workflows.duplicate({ id }),
        () => anonymous.workflows.delete({ id }),
        () => anonymous.workflows.saveDraft({ id, revision: 1, draft }),
      ]) {
        expect((await trpcError(call())).code).toBe("UNAUTHORIZED");
      }
      expect(await snapshot()).toEqual(before);
    });
  });

  describe("over HTTP", () => {
    it("returns 409 with the key's field error for a key in use, as the dialog shows it", async () => {
      const designerUser = await app.user(DESIGNER);
      await (await designer()).workflows.create({ name: "Taken", key: "taken-key" });
      const response = await fetchRequestHandler({
        endpoint: "/api/trpc",
        req: new Request("http://127.0.0.1/api/trpc/workflows.create", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ json: { name: "Another", key: "taken-key" } }),
        }),
        router: appRouter,
        createContext: () => createContextInner({ db: app.db, user: designerUser }),
      });
      expect(response.status).toBe(409);
      const body = (await response.json()) as {
        error: { json: { data: { fieldErrors: Record<string, string[]> } } };
      };
      expect(body.error.json.data.fieldErrors).toEqual({
        key: ['A workflow with key "taken-key" already exists'],
      });
    });
  });
});
