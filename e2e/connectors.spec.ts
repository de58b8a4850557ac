// Connectors end to end: an admin configures an HTTP connector (its token is stored encrypted and never
// shown again) and it joins the service catalog; the catalog shows operations, schemas and usage; an
// admin creates a webhook, and a signed delivery to its address starts a request while an unsigned one
// is refused.
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { webhookHeaders } from "../server/services/webhook-signature";
import { signIn } from "./helpers";

test.use({ viewport: { width: 1440, height: 900 } });

test("an admin configures an HTTP connector; it appears in the service catalog without its token", async ({
  page,
}) => {
  await signIn(page, "admin@omniflow.demo", /\/admin$/);
  const panel = page.getByRole("region", { name: "Connectors" });
  await panel.getByRole("button", { name: "Add connector" }).click();
  const dialog = page.getByRole("dialog", { name: "Add a connector" });
  await dialog.getByLabel("Name", { exact: true }).fill("Store ERP");
  await dialog.getByLabel("Key (what steps call)").fill("erp-http");
  await dialog.getByLabel("Base URL").fill("http://127.0.0.1:9/erp");
  await dialog.getByLabel("Authentication").selectOption({ label: "Bearer token" });
  await dialog.getByRole("button", { name: "Add connector" }).click();
  await expect(dialog.getByLabel("Bearer token")).toHaveAttribute("aria-invalid", "true");
  await dialog.getByLabel("Bearer token").fill("s3cr3t-token-value");
  await dialog.getByRole("button", { name: "Add connector" }).click();
  await expect(dialog).toHaveCount(0);
  const row = panel.getByRole("listitem").filter({ hasText: "Store ERP" });
  await expect(row).toContainText("credentials stored");
  await expect(page.getByText("s3cr3t-token-value")).toHaveCount(0);

  await page.goto("/connectors");
  await expect(page.getByRole("heading", { name: "Connectors", level: 1 })).toBeVisible();
  const erp = page.getByRole("region", { name: "Connector Store ERP" });
  await expect(erp).toContainText("erp-http");
  await expect(erp.getByRole("region", { name: "Operation HTTP request" })).toBeVisible();
  const record = page.getByTestId("operation-fake.record");
  await expect(record).toContainText("idempotent");
  await record.getByText("Input schema").click();
  await expect(record.locator("pre").first()).toContainText('"key"');
  await record.getByText("Error codes").click();
  await expect(record).toContainText("UNAVAILABLE");
  await expect(page.getByText("s3cr3t-token-value")).toHaveCount(0);
});

test("a signed webhook delivery starts a request; an unsigned or repeated one does not", async ({
  page,
  browser,
}) => {
  await signIn(page, "admin@omniflow.demo", /\/admin$/);
  await page.getByRole("button", { name: "New webhook" }).click();
  const dialog = page.getByRole("dialog", { name: "New webhook" });
  await dialog.getByLabel("System name").fill("Web shop");
  await dialog
    .getByLabel("Workflow", { exact: true })
    .selectOption({ label: "Purchase request (purchase-request)" });
  await dialog.getByLabel("Business key path (optional)").fill("reference");
  await dialog.getByRole("button", { name: "Create", exact: true }).click();
  const secret = (await dialog.getByTestId("new-webhook-secret").textContent())!.trim();
  expect(secret.length).toBeGreaterThan(20);
  await dialog.getByRole("button", { name: "Done" }).click();
  const address = (await page.getByLabel("Address of Web shop", { exact: true }).textContent())!.trim();
  expect(address).toMatch(/\/api\/hooks\/[\w-]+$/);
  const path = new URL(address).pathname;

  const body = JSON.stringify({ reference: "WEB-7001", item: "Shelf", supplier: "Shelfco", amount: 240 });
  const unsigned = await page.request.post(path, {
    data: body,
    headers: { "content-type": "application/json" },
  });
  expect(unsigned.status()).toBe(401);

  const deliveryId = randomUUID();
  const headers = {
    "content-type": "application/json",
    ...webhookHeaders(secret, Math.floor(Date.now() / 1000), deliveryId, body),
  };
  const accepted = await page.request.post(path, { data: body, headers });
  expect(accepted.status(), await accepted.text()).toBe(201);
  const again = await page.request.post(path, { data: body, headers });
  expect(again.status()).toBe(200);
  expect(await again.json()).toMatchObject({ duplicate: true });

  await page.reload();
  await page
    .getByRole("listitem")
    .filter({ hasText: "Web shop" })
    .getByRole("button", { name: "Deliveries" })
    .click();
  const deliveries = page.getByRole("table", { name: "Recent deliveries of Web shop" });
  await expect(deliveries).toContainText("accepted");
  await expect(deliveries).toContainText("duplicate");
  await expect(deliveries).toContainText("rejected");

  // The request it started waits in the approvers' inbox.
  const approver = await (await browser.newContext()).newPage();
  await signIn(approver, "approver@omniflow.demo", /\/inbox$/);
  await expect(approver.getByTestId("inbox-row").filter({ hasText: "WEB-7001" })).toBeVisible();
});
