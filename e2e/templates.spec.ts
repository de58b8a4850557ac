// Reference templates in the browser, against the simulated estate `npm start` brings up: a designer
// creates a workflow from the order-to-cash template, an admin publishes it, a requester places a
// big-ticket order, and finance clears the fraud review while the payment provider is down; the order
// completes with the card authorized and captured exactly once.
import Database from "better-sqlite3";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { createSimClient } from "@/server/connectors/sim/client";
import { baseURL } from "../playwright.config";
import { signInAs } from "./helpers";

test.use({ viewport: { width: 1440, height: 900 } });

const simUrl = `http://127.0.0.1:${Number(new URL(baseURL).port) + 1000}`;
const simFile = path.resolve(import.meta.dirname, "../.test-output/e2e-sim.db");
const appFile = path.resolve(import.meta.dirname, "../.test-output/e2e.db");

/** Reads a SQLite file's records (the simulator's, or the app's history) without changing them. */
function rowsOf<T>(file: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

function simRows<T>(sql: string, ...params: unknown[]): T[] {
  return rowsOf<T>(simFile, sql, ...params);
}

test("create from the order-to-cash template, publish, and run an order through a payments outage", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const designer = await signInAs(browser, "designer@omniflow.demo", /\/workflows$/);
  // The demo data already has the four templates published under their own keys.
  await expect(designer.getByRole("row", { name: /Order to cash/ }).first()).toContainText("published");

  await designer.getByRole("button", { name: "New workflow" }).click();
  const dialog = designer.getByRole("dialog", { name: "New workflow" });
  const template = dialog.getByRole("radio", { name: /Template: Order to cash/ });
  await template.check();
  await expect(dialog.getByLabel("Name", { exact: true })).toHaveValue("Order to cash");
  await expect(dialog.getByText("exception path").first()).toBeVisible();
  // The template's key is taken by the demo workflow: the dialog says so on the key field.
  await dialog.getByRole("button", { name: "Create" }).click();
  await expect(dialog.getByText('A workflow with key "order-to-cash" already exists')).toBeVisible();
  await dialog.getByLabel("Name", { exact: true }).fill("Order to cash EU");
  await dialog.getByRole("button", { name: "Create" }).click();

  await expect(designer).toHaveURL(/\/workflows\/[^/]+$/);
  await expect(designer.getByTestId("node-risk")).toBeVisible();
  await expect(designer.getByTestId("node-fraudReview")).toBeVisible();
  await designer.getByRole("tab", { name: /Problems/ }).click();
  await expect(designer.getByText("No problems: this workflow can be published.")).toBeVisible();
  const workflowUrl = designer.url();

  const admin = await signInAs(browser, "admin@omniflow.demo", /\/admin$/);
  await admin.goto(workflowUrl);
  await admin.getByRole("button", { name: "Publish" }).click();
  const publish = admin.getByRole("dialog", { name: "Publish the saved draft" });
  await publish.getByLabel("Change note").fill("From the order-to-cash template");
  await publish.getByRole("button", { name: "Publish" }).click();
  await expect(admin.getByText("Published version 1. New instances start on it.")).toBeVisible();

  // A big-ticket order: 20 rain jackets from the warehouse go to fraud review first.
  const customer = `e2e-${Date.now()}@example.com`;
  const requester = await signInAs(browser, "requester@omniflow.demo", /\/requests$/);
  await requester.getByLabel("Workflow", { exact: true }).selectOption({ label: "Order to cash EU" });
  await requester.getByLabel("Reference (optional)").fill("O2C-E2E-1");
  await requester.getByLabel("Customer e-mail").fill(customer);
  await requester.getByLabel("Item").fill("SKU-JACKET");
  await requester.getByLabel("Quantity").fill("20");
  await requester.getByLabel("Delivery postcode").fill("10115");
  await requester.getByLabel("Card token").fill("tok_visa");
  await requester.getByLabel("Fulfil from").fill("WH-1");
  await requester.getByLabel("Alternate location").fill("STORE-1");
  await requester.getByRole("button", { name: "Submit request" }).click();
  await expect(requester.getByText("O2C-E2E-1 was submitted.")).toBeVisible();
  const request = requester.getByTestId("request-row").filter({ hasText: "O2C-E2E-1" });
  await expect(request).toContainText("Waiting on Fraud review", { timeout: 15_000 });
  const stockBefore = simRows<{ on_hand: number }>(
    "SELECT on_hand FROM stock WHERE sku = 'SKU-JACKET' AND location = 'WH-1'",
  )[0]!.on_hand;

  const blair = await signInAs(browser, "approver2@omniflow.demo", /\/inbox$/);
  const row = blair.getByTestId("inbox-row").filter({ hasText: "O2C-E2E-1" });
  await row.getByRole("link", { name: /Fraud review/ }).click();
  await expect(blair.getByTestId("node-fraudReview")).toBeVisible();
  // The payment provider goes down for two seconds just as finance clears the order.
  const sim = createSimClient(simUrl);
  const from = new Date();
  await sim.faults.set.mutate({
    system: "payments",
    outages: [{ from: from.toISOString(), to: new Date(from.getTime() + 2_000).toISOString() }],
  });
  await blair.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(blair.getByText("Approved.", { exact: true })).toBeVisible();

  await expect(request).toContainText("approved", { timeout: 30_000 });
  await sim.faults.clear.mutate({ system: "payments" });

  // Exactly one order, one payment authorized and captured in full, one shipment, stock down by 20.
  const orders = simRows<{ id: string; status: string; total: number }>(
    "SELECT id, status, total FROM orders WHERE customer_email = ?",
    customer,
  );
  expect(orders).toHaveLength(1);
  expect(orders[0]!.status).toBe("fulfilled");
  const payments = simRows<{ status: string; authorized: number; captured: number }>(
    "SELECT status, authorized, captured FROM payments WHERE order_ref = ?",
    orders[0]!.id,
  );
  expect(payments).toEqual([
    { status: "captured", authorized: orders[0]!.total, captured: orders[0]!.total },
  ]);
  expect(simRows("SELECT 1 FROM shipments WHERE order_ref = ?", orders[0]!.id)).toHaveLength(1);
  expect(
    simRows<{ on_hand: number }>(
      "SELECT on_hand FROM stock WHERE sku = 'SKU-JACKET' AND location = 'WH-1'",
    )[0]!.on_hand,
  ).toBe(stockBefore - 20);
  // The outage was real: the history shows the refused authorizations that were retried.
  const failures = rowsOf<{ data: string }>(
    appFile,
    `SELECT e.data FROM instance_events e JOIN instances i ON i.id = e.instanceId
     WHERE i.businessKey = 'O2C-E2E-1' AND e.type = 'connector.failed' ORDER BY e.seq`,
  );
  expect(failures.length).toBeGreaterThan(0);
  expect(failures.every((row) => row.data.includes("SIM_OUTAGE"))).toBe(true);
});
