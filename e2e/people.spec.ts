// Admins add people, change their roles and deactivate them; a deactivated person cannot sign in.
import { expect, test } from "@playwright/test";
import { fillSignIn, signIn } from "./helpers";

test("an admin adds a person, changes their roles and deactivates them", async ({ page, browser }) => {
  await signIn(page, "admin@omniflow.demo", /\/admin$/);
  const email = `pat-${Date.now()}@example.test`;
  const form = page.getByRole("form", { name: "Add a person" });
  await form.getByLabel("Full name").fill("Pat Picker");
  await form.getByLabel("E-mail address").fill(email);
  await form.getByLabel("First password").fill("short");
  await form.getByRole("button", { name: "Add person" }).click();
  await expect(form.getByRole("alert")).toContainText("Password must be at least 10 characters");
  await form.getByLabel("First password").fill("a-long-password");
  await form.getByLabel(/^Approver/).check();
  await form.getByRole("button", { name: "Add person" }).click();
  await expect(form.getByText("Added. They can sign in now.")).toBeVisible();
  const row = page.getByRole("row", { name: /Pat Picker/ });
  await expect(row).toContainText("approver");

  await row.getByRole("button", { name: "Change roles of Pat Picker" }).click();
  const dialog = page.getByRole("dialog", { name: "Roles of Pat Picker" });
  await dialog.getByLabel(/^Buyer/).check();
  await dialog.getByRole("button", { name: "Save roles" }).click();
  await expect(row).toContainText("buyer");

  // Pat can sign in and lands on the inbox.
  const other = await browser.newContext();
  const patPage = await other.newPage();
  await fillSignIn(patPage, email, "a-long-password");
  await expect(patPage).toHaveURL(/\/inbox$/);

  await row.getByRole("button", { name: "Deactivate Pat Picker" }).click();
  await page
    .getByRole("dialog", { name: "Deactivate Pat Picker?" })
    .getByRole("button", { name: "Deactivate" })
    .click();
  await expect(row).toContainText("deactivated");

  // The open session ended at once.
  await patPage.goto("/inbox");
  await expect(patPage).toHaveURL(/\/sign-in$/);
  await fillSignIn(patPage, email, "a-long-password");
  await expect(patPage.getByRole("form", { name: "Sign in" }).getByRole("alert")).toContainText(
    "deactivated",
  );
  await other.close();
});
