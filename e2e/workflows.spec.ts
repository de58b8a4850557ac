// The workflow list as a process owner uses it: create a draft from the dialog, rename, duplicate and
// delete it from the row's menu, search; and a viewer who may only look.
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./helpers";

/** The table row whose name link is exactly `name`. */
function row(page: Page, name: string) {
  return page.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });
}

/** Creates a workflow through the "New workflow" dialog and returns to the list; returns its id. */
async function createWorkflow(page: Page, name: string): Promise<string> {
  await page.getByRole("button", { name: "New workflow" }).click();
  const dialog = page.getByRole("dialog", { name: "New workflow" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Create" }).click();
  await expect(page).toHaveURL(/\/workflows\/[0-9a-f-]{36}$/);
  const id = new URL(page.url()).pathname.split("/").pop()!;
  await page.goto("/workflows");
  return id;
}

test("a designer creates, renames, duplicates, searches and deletes workflows", async ({ page }) => {
  const stamp = Date.now();
  const name = `Markdown approval ${stamp}`;
  const renamed = `Price markdown ${stamp}`;
  const copy = `Copy of ${renamed}`;
  await signIn(page, "designer@omniflow.demo", /\/workflows$/);

  // The dialog takes focus, and Escape closes it and gives focus back.
  const newButton = page.getByRole("button", { name: "New workflow" });
  await newButton.click();
  const dialog = page.getByRole("dialog", { name: "New workflow" });
  await expect(dialog.getByLabel("Name")).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(newButton).toBeFocused();

  // A malformed key is explained on the field, and nothing is created.
  await newButton.click();
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Key").fill("Bad Key!");
  await dialog.getByRole("button", { name: "Create" }).click();
  await expect(
    dialog.getByText("Key may contain lowercase letters, digits and dashes, starting with a letter"),
  ).toBeVisible();
  await expect(dialog.getByLabel("Key")).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(/\/workflows$/);

  // Without a key, one is made from the name; the new draft opens in the editor.
  await dialog.getByLabel("Key").fill("");
  await dialog.getByRole("button", { name: "Create" }).click();
  await expect(page).toHaveURL(/\/workflows\/[0-9a-f-]{36}$/);
  const id = new URL(page.url()).pathname.split("/").pop()!;

  await page.goto("/workflows");
  const created = row(page, name);
  await expect(created).toHaveCount(1);
  await expect(created.getByRole("link", { name })).toHaveAttribute("href", `/workflows/${id}`);
  await expect(created.getByRole("cell").nth(0)).toContainText(`markdown-approval-${stamp}`);
  await expect(created.getByRole("cell").nth(1)).toHaveText("draft");
  await expect(created.getByRole("cell").nth(2)).toHaveText("Dana Designer");

  // Rename from the row's menu; focus comes back to the row's menu button.
  await created.getByRole("button", { name: `Actions for ${name}` }).click();
  await page.getByRole("menuitem", { name: "Rename…" }).click();
  const renameDialog = page.getByRole("dialog", { name: "Rename workflow" });
  await expect(renameDialog.getByLabel("Name")).toHaveValue(name);
  await expect(renameDialog.getByLabel("Name")).toBeFocused();
  await renameDialog.getByLabel("Name").fill(renamed);
  await renameDialog.getByRole("button", { name: "Save" }).click();
  await expect(renameDialog).toBeHidden();
  await expect(row(page, renamed)).toHaveCount(1);
  await expect(row(page, name)).toHaveCount(0);
  await expect(page.getByRole("button", { name: `Actions for ${renamed}` })).toBeFocused();

  // Duplicate: the copy appears with its own key.
  await page.getByRole("button", { name: `Actions for ${renamed}` }).click();
  await page.getByRole("menuitem", { name: "Duplicate" }).click();
  await expect(row(page, copy)).toHaveCount(1);
  await expect(row(page, copy).getByRole("cell").nth(0)).toContainText(`markdown-approval-${stamp}-copy`);

  // Search narrows the list by name or key.
  const search = page.getByLabel("Search workflows");
  await search.fill(`${stamp}`);
  await expect(page.getByTestId("workflow-row")).toHaveCount(2);
  await search.fill(copy);
  await expect(page.getByTestId("workflow-row")).toHaveCount(1);
  await expect(row(page, copy)).toHaveCount(1);
  await search.fill(`no-such-workflow-${stamp}`);
  await expect(page.getByText("No workflow matches your search")).toBeVisible();
  await search.fill(`${stamp}`);

  // Delete the copy after a confirmation that names it; cancelling first keeps it.
  await page.getByRole("button", { name: `Actions for ${copy}` }).click();
  await page.getByRole("menuitem", { name: "Delete…" }).click();
  const confirm = page.getByRole("alertdialog", { name: `Delete “${copy}”?` });
  await expect(confirm).toBeVisible();
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toBeHidden();
  await expect(row(page, copy)).toHaveCount(1);

  await page.getByRole("button", { name: `Actions for ${copy}` }).click();
  await page.getByRole("menuitem", { name: "Delete…" }).click();
  await confirm.getByRole("button", { name: "Delete" }).click();
  await expect(confirm).toBeHidden();
  await expect(row(page, copy)).toHaveCount(0);
  await expect(row(page, renamed)).toHaveCount(1);
  await expect(page.getByTestId("workflow-row")).toHaveCount(1);

  // The changes were saved, not just shown.
  await page.reload();
  await page.getByLabel("Search workflows").fill(`${stamp}`);
  await expect(page.getByTestId("workflow-row")).toHaveCount(1);
  await expect(row(page, renamed)).toHaveCount(1);
});

test("a viewer sees the list without the New workflow button or row actions", async ({ browser }) => {
  const name = `Viewer check ${Date.now()}`;
  const designerContext = await browser.newContext();
  const designer = await designerContext.newPage();
  await signIn(designer, "designer@omniflow.demo", /\/workflows$/);
  await createWorkflow(designer, name);
  await expect(designer.getByRole("button", { name: `Actions for ${name}` })).toBeVisible();
  await designerContext.close();

  const viewerContext = await browser.newContext();
  const page = await viewerContext.newPage();
  await signIn(page, "viewer@omniflow.demo", /\/overview$/);
  await page.goto("/workflows");
  await expect(page.getByRole("heading", { level: 1, name: "Workflows" })).toBeVisible();
  await expect(row(page, name)).toHaveCount(1);
  await expect(row(page, name).getByRole("cell").nth(1)).toHaveText("draft");
  await expect(page.getByRole("button", { name: "New workflow" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Actions for / })).toHaveCount(0);
  await viewerContext.close();
});
