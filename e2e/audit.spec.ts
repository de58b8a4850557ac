// Admins read the audit trail: sign-ins and changes are listed, the chain verifies, CSV exports.
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

test("an admin sees changes and sign-ins in the audit trail, verifies the chain and exports CSV", async ({
  page,
}) => {
  await signIn(page, "admin@omniflow.demo", /\/admin$/);
  const key = `audit-${Date.now()}`;
  await page.getByLabel("Key", { exact: true }).fill(key);
  await page.getByLabel("Name", { exact: true }).fill("Audit check");
  await page.getByRole("button", { name: "Add role" }).click();
  await expect(page.getByRole("list", { name: "Roles" }).getByText("Audit check")).toBeVisible();

  const entries = page.getByRole("table", { name: "Audit entries" });
  await page.getByLabel("Object type").fill("role");
  await expect(entries).toContainText(`Created role ${key} (Audit check)`);
  await expect(entries).toContainText("Ada Admin");
  await page.getByLabel("Object type").fill("session");
  await expect(entries).toContainText("admin@omniflow.demo signed in");

  // A time range that ends before anything happened finds nothing.
  await page.getByLabel("To", { exact: true }).fill("2000-01-01");
  await expect(page.getByText("No entries match")).toBeVisible();
  await page.getByLabel("To", { exact: true }).fill("");
  await expect(entries).toContainText("admin@omniflow.demo signed in");

  await page.getByRole("button", { name: "Verify chain" }).click();
  await expect(page.getByText(/Chain intact: \d+ entries verified\./)).toBeVisible();

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const csv = readFileSync(await (await download).path(), "utf8");
  expect(csv.split("\r\n")[0]).toBe("seq,occurredAt,actor,action,objectType,objectId,summary,hash");
  expect(csv).toContain('"auth.signed-in","session"');
});

test("the audit export refuses people who are not admins", async ({ page, request }) => {
  await signIn(page, "viewer@omniflow.demo", /\/overview$/);
  const response = await page.request.get("/api/audit/export");
  expect(response.status()).toBe(403);
  // The `request` fixture carries no session.
  expect((await request.get("/api/audit/export")).status()).toBe(401);
});
