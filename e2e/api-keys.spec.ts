// An admin creates an API key with scopes; a system uses it to send messages; out-of-scope and
// revoked uses are refused.
import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

test("an admin creates a scoped API key, a system uses it, and a revoked key is refused", async ({
  page,
  request,
}) => {
  await signIn(page, "admin@omniflow.demo", /\/admin$/);
  const form = page.getByRole("form", { name: "Create a key" });
  await form.getByRole("button", { name: "Create key" }).click();
  await expect(form.getByRole("alert")).toContainText("Name the system");
  const name = `Payments ${Date.now()}`;
  await form.getByLabel("System name").fill(name);
  await form.getByLabel(/Messages it may send/).fill("payment.received");
  await form.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-api-key").textContent())!.trim();
  expect(key).toMatch(/^of_/);

  const send = (messageName: string) =>
    request.post("/api/messages", {
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      data: { name: messageName, correlationKey: "SO-1", payload: {} },
    });
  expect((await send("payment.received")).status()).toBe(202);
  expect((await send("order.cancelled")).status()).toBe(403);
  const start = await request.post("/api/instances", {
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    data: { definitionKey: "anything", input: {} },
  });
  expect(start.status()).toBe(403);

  await page.reload();
  const row = page.getByRole("list", { name: "API keys" }).getByRole("listitem").filter({ hasText: name });
  await expect(row).not.toContainText("last used: never");
  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  await expect(row).toContainText("revoked");
  expect((await send("payment.received")).status()).toBe(401);
});
