// The governance story end to end: a designer edits and cannot publish; an admin publishes v1; an
// instance starts on v1; the admin publishes v2; the running instance finishes on v1 while a new one
// runs on v2; the diff v1 -> v2 shows the change; the audit trail lists it all and verifies intact.
import { expect, test, type Page } from "@playwright/test";
import { signInAs } from "./helpers";

test.use({ viewport: { width: 1440, height: 900 } });

async function call(
  page: Page,
  procedure: string,
  input: unknown,
  method: "query" | "mutation" = "mutation",
): Promise<Record<string, unknown>> {
  const url = `/api/trpc/${procedure}`;
  const response =
    method === "query"
      ? await page.request.get(`${url}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`)
      : await page.request.post(url, {
          headers: { "content-type": "application/json", origin: new URL(page.url()).origin },
          data: { json: input },
        });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { result: { data: { json: Record<string, unknown> } } }).result.data
    .json;
}

function draft(key: string, endName: string) {
  return {
    schemaVersion: 1,
    key,
    name: "Store transfer",
    nodes: [
      { id: "start", kind: "start", input: [{ name: "units", type: "number", required: true }] },
      {
        id: "approve",
        kind: "approval",
        name: "Transfer approval",
        levels: [{ id: "l1", assignees: [{ type: "role", role: "approver" }] }],
      },
      { id: "end", kind: "end", name: endName },
    ],
    edges: [
      { id: "e1", source: "start", target: "approve", type: "normal" },
      { id: "e2", source: "approve", target: "end", type: "normal" },
    ],
  };
}

test("publish v1, run on v1, publish v2, finish on v1 while new work runs on v2, diff and audit", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const designer = await signInAs(browser, "designer@omniflow.demo", /\/workflows$/);
  const created = await call(designer, "workflows.create", { name: `Store transfer ${Date.now()}` });
  const id = String(created.id);
  const key = String(created.key);
  await call(designer, "workflows.saveDraft", { id, revision: 1, draft: draft(key, "Transferred") });
  await designer.goto(`/workflows/${id}`);
  await expect(designer.getByTestId("node-approve")).toBeVisible();
  await expect(designer.getByRole("button", { name: "Publish" })).toHaveCount(0);

  const admin = await signInAs(browser, "admin@omniflow.demo", /\/admin$/);
  const publish = async (note: string, version: number) => {
    await admin.goto(`/workflows/${id}`);
    await admin.getByRole("button", { name: "Publish" }).click();
    await admin.getByRole("dialog").getByLabel("Change note").fill(note);
    await admin.getByRole("dialog").getByRole("button", { name: "Publish" }).click();
    await expect(admin.getByText(`Published version ${version}. New instances start on it.`)).toBeVisible();
  };
  await publish("First version", 1);

  const alex = await signInAs(browser, "approver@omniflow.demo", /\/inbox$/);
  const first = await call(alex, "instances.start", { definitionKey: key, input: { units: 12 } });
  expect(first).toMatchObject({ version: 1, status: "waiting" });

  const changed = (await call(designer, "workflows.get", { id }, "query")) as { draftRevision: number };
  await call(designer, "workflows.saveDraft", {
    id,
    revision: changed.draftRevision,
    draft: draft(key, "Transfer booked"),
  });
  await publish("Clearer end", 2);
  const second = await call(alex, "instances.start", { definitionKey: key, input: { units: 3 } });
  expect(second).toMatchObject({ version: 2, status: "waiting" });

  // Another approver finishes the first instance: it completes on v1.
  const blair = await signInAs(browser, "approver2@omniflow.demo", /\/inbox$/);
  const running = (await call(blair, "instances.get", { id: first.instanceId }, "query")) as {
    tasks: { id: string }[];
  };
  await call(blair, "tasks.decide", { taskId: running.tasks[0]!.id, decision: "approved" });
  expect(await call(blair, "instances.get", { id: first.instanceId }, "query")).toMatchObject({
    status: "completed",
    version: { version: 1 },
  });
  expect(await call(blair, "instances.get", { id: second.instanceId }, "query")).toMatchObject({
    status: "waiting",
    version: { version: 2 },
  });

  await admin.getByRole("tab", { name: "Versions" }).click();
  await admin.getByRole("link", { name: "Compare with v1" }).click();
  await expect(admin.getByRole("list", { name: "Changes" })).toContainText(
    "Transferred: name Transferred -> Transfer booked",
  );

  await admin.goto("/admin");
  const entries = admin.getByRole("table", { name: "Audit entries" });
  await admin.getByLabel("Object type").fill("workflow");
  await expect(entries).toContainText("Published version 1: First version");
  await expect(entries).toContainText("Published version 2: Clearer end");
  await expect(entries).toContainText("Saved draft revision");
  await admin.getByLabel("Object type").fill("task");
  await expect(entries).toContainText("Blair Approver");
  await admin.getByRole("button", { name: "Verify chain" }).click();
  await expect(admin.getByText(/Chain intact: \d+ entries verified\./)).toBeVisible();
});
