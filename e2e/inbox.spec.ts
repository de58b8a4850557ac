// The approval story in the browser: a requester starts a purchase request; approver A claims and
// approves level 1; A is refused at level 2 (four-eyes); approver B approves and the request completes.
// A second request is rejected with a reason, which the requester then sees. Inboxes update live.
import { expect, test, type Page } from "@playwright/test";
import { signInAs } from "./helpers";

test.use({ viewport: { width: 1440, height: 900 } });

async function submitRequest(page: Page, reference: string, amount: string): Promise<void> {
  await page.getByLabel("Workflow", { exact: true }).selectOption({ label: "Purchase request" });
  await page.getByLabel("Reference (optional)").fill(reference);
  await page.getByLabel("What do you need?").fill("Label printer");
  await page.getByLabel("Supplier").fill("ACME");
  await page.getByLabel("Amount (EUR)").fill(amount);
  await page.getByRole("button", { name: "Submit request" }).click();
  await expect(page.getByText(`${reference} was submitted.`)).toBeVisible();
}

function requestRow(page: Page, reference: string) {
  return page.getByTestId("request-row").filter({ hasText: reference });
}

function inboxRow(page: Page, reference: string) {
  return page.getByTestId("inbox-row").filter({ hasText: reference });
}

test("purchase request: claim, approve, four-eyes refusal, second approver, rejection with a reason", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const requester = await signInAs(browser, "requester@omniflow.demo", /\/requests$/);
  const alex = await signInAs(browser, "approver@omniflow.demo", /\/inbox$/);
  await expect(alex.getByText("Live", { exact: true })).toBeVisible();

  // A bad amount is refused field by field, and nothing is started.
  await requester.getByLabel("Workflow", { exact: true }).selectOption({ label: "Purchase request" });
  await requester.getByRole("button", { name: "Submit request" }).click();
  await expect(requester.getByText("What do you need? is required")).toBeVisible();
  await expect(requester.getByTestId("request-row")).toHaveCount(0);

  await submitRequest(requester, "PR-E2E-1", "1500");
  await expect(requestRow(requester, "PR-E2E-1")).toContainText("in progress");
  await expect(requestRow(requester, "PR-E2E-1")).toContainText("Waiting on Purchase approval: Team lead");

  // The task appears in Alex's open inbox without a reload.
  const row = inboxRow(alex, "PR-E2E-1");
  await expect(row).toBeVisible({ timeout: 2_000 });
  await expect(row).toContainText("Purchase approval: Team lead");
  await expect(row).toContainText("Riley Requester");
  await expect(row).toContainText("€1,500.00");
  await expect(row).toContainText(/in \d+ h/);

  await row.getByRole("link", { name: "Purchase approval: Team lead" }).click();
  await expect(alex).toHaveURL(/\/inbox\/.+/);
  await expect(alex.getByTestId("instance-canvas")).toBeVisible();
  await expect(alex.locator('[data-testid="node-approve"][data-run="waiting"]')).toBeVisible();
  await alex.getByRole("button", { name: "Claim" }).click();
  await expect(alex.getByText("Claimed by Alex Approver")).toBeVisible();
  await alex.getByLabel("Add a comment").fill("Checked the quote, fine by me.");
  await alex.getByRole("button", { name: "Comment" }).click();
  await expect(alex.getByRole("list", { name: "Comments" })).toContainText("Checked the quote, fine by me.");
  await alex.getByLabel("Cost center (optional)").fill("CC-7");
  await alex.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(alex.getByText("Approved.", { exact: true })).toBeVisible();

  // Level 2 is offered to the same role, but four-eyes refuses Alex.
  await alex.getByRole("link", { name: "Back to the inbox" }).click();
  const level2 = inboxRow(alex, "PR-E2E-1");
  await expect(level2).toContainText("Purchase approval: Finance");
  await level2.getByRole("link", { name: "Purchase approval: Finance" }).click();
  await alex.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(alex.getByRole("alert").filter({ hasText: "already approved another level" })).toBeVisible();
  await expect(alex.getByText("open", { exact: true })).toBeVisible();

  // Blair approves level 2; the request completes and Riley sees it approved.
  const blair = await signInAs(browser, "approver2@omniflow.demo", /\/inbox$/);
  const blairRow = inboxRow(blair, "PR-E2E-1");
  await blairRow.getByRole("link", { name: "Purchase approval: Finance" }).click();
  await expect(blair.getByRole("list", { name: "Comments" })).toContainText("Checked the quote, fine by me.");
  await blair.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(blair.getByText("Approved.", { exact: true })).toBeVisible();
  await expect(requestRow(requester, "PR-E2E-1")).toContainText("approved");

  // Alex's open inbox drops the decided task by itself.
  await alex.goto("/inbox");
  await expect(inboxRow(alex, "PR-E2E-2")).toHaveCount(0);
  await submitRequest(requester, "PR-E2E-2", "80");
  await expect(inboxRow(alex, "PR-E2E-2")).toBeVisible({ timeout: 2_000 });

  // Blair rejects the second request: a reason is required, then Riley sees it.
  await blair.goto("/inbox");
  await inboxRow(blair, "PR-E2E-2").getByRole("link", { name: "Purchase approval: Team lead" }).click();
  await blair.getByRole("button", { name: "Reject" }).click();
  await expect(blair.locator("#reject-reason-error")).toHaveText("A reason is required");
  await expect(blair.getByLabel("Reason for rejecting")).toHaveAttribute("aria-invalid", "true");
  await blair.getByLabel("Reason for rejecting").fill("Use the framework contract with Labelco");
  await blair.getByRole("button", { name: "Reject" }).click();
  await expect(blair.getByText("Rejected.", { exact: true })).toBeVisible();
  await expect(inboxRow(alex, "PR-E2E-2")).toHaveCount(0, { timeout: 2_000 });

  const rejected = requestRow(requester, "PR-E2E-2");
  await expect(rejected).toContainText("rejected");
  await expect(rejected).toContainText(
    "Rejected by Blair Approver: “Use the framework contract with Labelco”",
  );
});

test("out of office is set and ended; delegating hands a task to a person who acts for me", async ({
  browser,
}) => {
  const alex = await signInAs(browser, "approver@omniflow.demo", /\/inbox$/);
  await alex.getByRole("button", { name: "Out of office…" }).click();
  const dialog = alex.getByRole("dialog", { name: "Out of office" });
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog.getByText("Choose who takes your tasks")).toBeVisible();
  await dialog.getByLabel("Who takes your tasks").selectOption({ label: "Ada Admin" });
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(alex.getByTestId("out-of-office-status")).toContainText("tasks go to Ada Admin");
  await alex.getByRole("button", { name: "I’m back" }).click();
  await expect(alex.getByTestId("out-of-office-status")).toHaveCount(0);

  // Delegating a role task to a person: it leaves the queue and the delegate acts for Alex.
  const requester = await signInAs(browser, "requester@omniflow.demo", /\/requests$/);
  await submitRequest(requester, "PR-E2E-3", "300");
  await alex.goto("/inbox");
  await inboxRow(alex, "PR-E2E-3").getByRole("link", { name: "Purchase approval: Team lead" }).click();
  await alex.getByLabel("Delegate to").selectOption({ label: "Riley Requester" });
  await alex.getByRole("button", { name: "Delegate" }).click();
  await expect(alex.getByText("That person started this request, so they may not approve it")).toBeVisible();
  await alex.getByLabel("Delegate to").selectOption({ label: "Blair Approver" });
  await alex.getByRole("button", { name: "Delegate" }).click();
  await expect(alex.getByText("Delegated.", { exact: true })).toBeVisible();
  await expect(alex.getByText("Blair Approver acts for Alex Approver")).toBeVisible();
  const blair = await signInAs(browser, "approver2@omniflow.demo", /\/inbox$/);
  await blair.getByRole("button", { name: "Mine", exact: true }).click();
  await expect(inboxRow(blair, "PR-E2E-3")).toContainText("For Alex Approver");
});
