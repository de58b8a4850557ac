// Publishing through the tRPC procedures on real databases: only admins publish, invalid drafts are
// refused with their problems, versions are immutable and numbered, new instances start on the latest
// published version while running ones stay on theirs, retire and roll back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DefinitionInput } from "@/engine";
import { definitionChecksum } from "@/server/services/publishing";
import { definitionSchema } from "@/engine";
import { databaseKinds } from "../helpers/databases";
import { trpcError } from "../helpers/trpc";
import { createTestApp, type TestApp } from "../helpers/app";

function approvalDraft(key: string, role: string): DefinitionInput {
  return {
    schemaVersion: 1,
    key,
    name: "Refund approval",
    nodes: [
      { id: "start", kind: "start", input: [{ name: "amount", type: "number", required: true }] },
      { id: "approve", kind: "approval", levels: [{ id: "l1", assignees: [{ type: "role", role }] }] },
      { id: "end", kind: "end" },
    ],
    edges: [
      { id: "e1", source: "start", target: "approve", type: "normal" },
      { id: "e2", source: "approve", target: "end", type: "normal" },
    ],
  };
}

describe.each(databaseKinds)("publishing on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp(kind);
  });
  afterAll(async () => {
    await app.drop();
  });

  it("publishes v1 and v2 for admins only; running instances stay on their version", async () => {
    const designer = await app.callerFor("designer@omniflow.demo");
    const admin = await app.callerFor("admin@omniflow.demo");
    const created = await designer.workflows.create({ name: "Refund approval" });
    await designer.workflows.saveDraft({
      id: created.id,
      revision: 1,
      draft: approvalDraft(created.key, "approver"),
    });

    expect(
      (await trpcError(designer.versions.publish({ workflowId: created.id, changeNote: "First" }))).code,
    ).toBe("FORBIDDEN");
    const noNote = await trpcError(admin.versions.publish({ workflowId: created.id, changeNote: " " }));
    expect(noNote.code).toBe("BAD_REQUEST");
    expect(await app.db.workflowVersion.count({ where: { definitionId: created.id } })).toBe(0);

    const v1 = await admin.versions.publish({ workflowId: created.id, changeNote: "First version" });
    expect(v1.version).toBe(1);
    const stored = await app.db.workflowVersion.findUniqueOrThrow({ where: { id: v1.id } });
    expect(stored.checksum).toBe(definitionChecksum(definitionSchema.parse(stored.definition)));
    expect(stored).toMatchObject({ status: "published", changeNote: "First version" });

    const approver = await app.callerFor("approver@omniflow.demo");
    const onV1 = await approver.instances.start({ definitionKey: created.key, input: { amount: 10 } });
    expect(onV1.version).toBe(1);

    app.clock.now = new Date(app.clock.now.getTime() + 60_000);
    await designer.workflows.saveDraft({
      id: created.id,
      revision: 2,
      draft: approvalDraft(created.key, "finance"),
    });
    const list = await designer.workflows.list({});
    expect(list.find((row) => row.id === created.id)).toMatchObject({
      status: "unpublished-changes",
      publishedVersion: 1,
    });
    const v2 = await admin.versions.publish({ workflowId: created.id, changeNote: "Finance approves" });
    expect(v2.version).toBe(2);
    const onV2 = await approver.instances.start({ definitionKey: created.key, input: { amount: 10 } });
    expect(onV2.version).toBe(2);

    // The v1 instance still waits for an approver on v1; a finance person finishes the v2 one.
    const first = await approver.instances.get({ id: onV1.instanceId });
    expect(first.version.version).toBe(1);
    expect(first.tasks).toHaveLength(1);
    const blair = await app.callerFor("approver2@omniflow.demo");
    await blair.tasks.decide({ taskId: first.tasks[0]!.id, decision: "approved" });
    expect((await approver.instances.get({ id: onV1.instanceId })).status).toBe("completed");

    const history = await admin.versions.list({ workflowId: created.id });
    expect(
      history.map((version) => [
        version.version,
        version.status,
        version.instanceCount,
        version.publishedByName,
      ]),
    ).toEqual([
      [2, "published", 1, "Ada Admin"],
      [1, "published", 1, "Ada Admin"],
    ]);
  });

  it("refuses to publish a draft with problems, listing them, and writes nothing", async () => {
    const designer = await app.callerFor("designer@omniflow.demo");
    const admin = await app.callerFor("admin@omniflow.demo");
    const created = await designer.workflows.create({ name: "Broken flow" });
    const broken = approvalDraft(created.key, "approver");
    broken.nodes = broken.nodes.map((node) =>
      node.id === "approve" ? { ...node, levels: [{ id: "l1", assignees: [] }] } : node,
    );
    await designer.workflows.saveDraft({ id: created.id, revision: 1, draft: broken });
    const error = await trpcError(admin.versions.publish({ workflowId: created.id, changeNote: "Try" }));
    expect(error.code).toBe("PRECONDITION_FAILED");
    expect(error.message).toMatch(/1 problem to fix before it can be published: Level 1 has no approvers/);
    expect((error.cause as unknown as { problems: { code: string; nodeId: string }[] }).problems).toEqual([
      expect.objectContaining({ code: "APPROVAL_NO_ASSIGNEES", nodeId: "approve" }),
    ]);
    expect(await app.db.workflowVersion.count({ where: { definitionId: created.id } })).toBe(0);
  });

  it("retires a version so new starts use none of it, and rolls back by republishing old content", async () => {
    const designer = await app.callerFor("designer@omniflow.demo");
    const admin = await app.callerFor("admin@omniflow.demo");
    const created = await designer.workflows.create({ name: "Retire me" });
    await designer.workflows.saveDraft({
      id: created.id,
      revision: 1,
      draft: approvalDraft(created.key, "approver"),
    });
    const v1 = await admin.versions.publish({ workflowId: created.id, changeNote: "v1" });
    await designer.workflows.saveDraft({
      id: created.id,
      revision: 2,
      draft: approvalDraft(created.key, "finance"),
    });
    const v2 = await admin.versions.publish({ workflowId: created.id, changeNote: "v2" });

    await admin.versions.retire({ versionId: v2.id });
    expect((await trpcError(admin.versions.retire({ versionId: v2.id }))).code).toBe("CONFLICT");
    const approver = await app.callerFor("approver@omniflow.demo");
    expect(
      (await approver.instances.start({ definitionKey: created.key, input: { amount: 1 } })).version,
    ).toBe(1);

    const v3 = await admin.versions.rollback({ versionId: v1.id, changeNote: "finance was wrong" });
    expect(v3.version).toBe(3);
    const stored = await app.db.workflowVersion.findUniqueOrThrow({ where: { id: v3.id } });
    expect(stored.changeNote).toBe("Rollback to v1: finance was wrong");
    expect(stored.checksum).toBe(v1.checksum);
    expect(
      (await approver.instances.start({ definitionKey: created.key, input: { amount: 1 } })).version,
    ).toBe(3);
    expect((await trpcError(designer.versions.rollback({ versionId: v1.id, changeNote: "x" }))).code).toBe(
      "FORBIDDEN",
    );
  });
});
