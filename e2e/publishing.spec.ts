// Admins publish from the editor: a valid draft becomes v1 (shown in the versions panel and the
// list), a draft with problems is refused with the list of problems, and designers cannot publish.
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./helpers";

test.use({ viewport: { width: 1440, height: 900 } });

async function api(page: Page, procedure: string, input: unknown): Promise<Record<string, unknown>> {
  const response = await page.request.post(`/api/trpc/${procedure}`, {
    headers: { "content-type": "application/json", origin: new URL(page.url()).origin },
    data: { json: input },
  });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { result: { data: { json: Record<string, unknown> } } }).result.data
    .json;
}

test("an admin publishes a valid draft and is told why an invalid one cannot be published", async ({
  browser,
}) => {
  const designerContext = await browser.newContext();
  const designer = await designerContext.newPage();
  await signIn(designer, "designer@omniflow.demo", /\/workflows$/);
  const name = `Publish me ${Date.now()}`;
  const good = await api(designer, "workflows.create", { name });
  const bad = await api(designer, "workflows.create", { name: `Broken ${Date.now()}` });
  await api(designer, "workflows.saveDraft", {
    id: bad.id,
    revision: 1,
    draft: {
      schemaVersion: 1,
      key: bad.key,
      name: "Broken",
      nodes: [
        { id: "start", kind: "start" },
        { id: "approve", kind: "approval", name: "Nobody", levels: [{ id: "l1", assignees: [] }] },
        { id: "end", kind: "end" },
      ],
      edges: [
        { id: "e1", source: "start", target: "approve", type: "normal" },
        { id: "e2", source: "approve", target: "end", type: "normal" },
      ],
    },
  });
  // Designers see no Publish button.
  await designer.goto(`/workflows/${String(good.id)}`);
  await expect(designer.getByTestId("node-start")).toBeVisible();
  await expect(designer.getByRole("button", { name: "Publish" })).toHaveCount(0);
  await designerContext.close();

  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, "admin@omniflow.demo", /\/admin$/);
  await page.goto(`/workflows/${String(good.id)}`);
  await expect(page.getByText("read-only")).toBeVisible();
  await page.getByRole("button", { name: "Publish" }).click();
  const dialog = page.getByRole("dialog", { name: "Publish the saved draft" });
  await dialog.getByLabel("Change note").fill("First version");
  await dialog.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Published version 1. New instances start on it.")).toBeVisible();
  const versions = page.getByRole("list", { name: "Versions" });
  await expect(versions).toContainText("v1");
  await expect(versions).toContainText("First version");
  await expect(versions).toContainText("Ada Admin");

  // A second version, then the visual diff v1 -> v2.
  const designerAgain = await browser.newContext();
  const designerPage = await designerAgain.newPage();
  await signIn(designerPage, "designer@omniflow.demo", /\/workflows$/);
  const current = await designerPage.request.get(
    `/api/trpc/workflows.get?input=${encodeURIComponent(JSON.stringify({ json: { id: good.id } }))}`,
  );
  const loaded = (
    (await current.json()) as {
      result: { data: { json: { draft: { nodes: { id: string; name: string }[] }; draftRevision: number } } };
    }
  ).result.data.json;
  const changed = {
    ...loaded.draft,
    nodes: loaded.draft.nodes.map((node) => (node.id === "end" ? { ...node, name: "Finished" } : node)),
  };
  await api(designerPage, "workflows.saveDraft", {
    id: good.id,
    revision: loaded.draftRevision,
    draft: changed,
  });
  await designerAgain.close();
  await page.reload();
  await page.getByRole("button", { name: "Publish" }).click();
  await page.getByRole("dialog").getByLabel("Change note").fill("Clearer end");
  await page.getByRole("dialog").getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Published version 2. New instances start on it.")).toBeVisible();
  await page.getByRole("link", { name: "Compare with v1" }).click();
  await expect(page).toHaveURL(/\/diff\?from=1&to=2$/);
  await expect(page.getByRole("list", { name: "Changes" })).toContainText("Done: name Done -> Finished");

  await page.goto("/workflows");
  await page.getByLabel("Search workflows").fill(name);
  await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText("published v2");

  await page.goto(`/workflows/${String(bad.id)}`);
  await page.getByRole("button", { name: "Publish" }).click();
  await page.getByRole("dialog").getByLabel("Change note").fill("Try");
  await page.getByRole("dialog").getByRole("button", { name: "Publish" }).click();
  await expect(page.getByRole("dialog").getByRole("alert")).toContainText(
    "The draft cannot be published yet",
  );
  await expect(page.getByRole("dialog").getByRole("alert")).toContainText("has no approvers");
  await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
  await page.getByRole("tab", { name: "Versions" }).click();
  await expect(page.getByText("Not published yet.")).toBeVisible();
  await context.close();
});
