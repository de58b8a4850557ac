// Signing in and out as each role, wrong passwords, throttling, role-gated pages and unknown pages.
import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, fillSignIn, signIn } from "./helpers";

const roles = [
  {
    role: "process owner (designer)",
    email: "designer@omniflow.demo",
    home: /\/workflows$/,
    heading: "Workflows",
    name: "Dana Designer",
  },
  {
    role: "approver",
    email: "approver@omniflow.demo",
    home: /\/inbox$/,
    heading: "Inbox",
    name: "Alex Approver",
  },
  {
    role: "admin",
    email: "admin@omniflow.demo",
    home: /\/admin$/,
    heading: "Administration",
    name: "Ada Admin",
  },
  {
    role: "viewer",
    email: "viewer@omniflow.demo",
    home: /\/overview$/,
    heading: "Overview",
    name: "Val Viewer",
  },
];

for (const account of roles) {
  test(`the ${account.role} signs in, lands on their home, and signs out`, async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in$/);
    await signIn(page, account.email, account.home);
    await expect(page.getByRole("heading", { level: 1, name: account.heading })).toBeVisible();
    await expect(page.getByTestId("signed-in-user")).toHaveText(account.name);
    await expect(page.getByRole("link", { name: account.heading })).toHaveAttribute("aria-current", "page");

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    // The session is gone: the home page sends the person back to sign in.
    await page.goto(account.home.source.replace(/\\|\$/g, ""));
    await expect(page).toHaveURL(/\/sign-in$/);
  });
}

test("a wrong password gives a clear message and no session", async ({ page, context }) => {
  await fillSignIn(page, "viewer@omniflow.demo", "not-the-password");
  await expect(page.getByRole("form", { name: "Sign in" }).getByRole("alert")).toHaveText(
    "Wrong e-mail or password.",
  );
  await expect(page).toHaveURL(/\/sign-in$/);
  const cookies = await context.cookies();
  expect(cookies.filter((cookie) => cookie.name.includes("session_token"))).toEqual([]);
  await page.goto("/overview");
  await expect(page).toHaveURL(/\/sign-in$/);
});

test("five wrong tries in a row slow further tries, even with the right password", async ({ page }) => {
  const email = "approver2@omniflow.demo";
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    await fillSignIn(page, email, `wrong-password-${attempt}`);
    await expect(page.getByRole("form", { name: "Sign in" }).getByRole("alert")).toHaveText(
      "Wrong e-mail or password.",
    );
  }
  await fillSignIn(page, email, DEMO_PASSWORD);
  await expect(page.getByRole("form", { name: "Sign in" }).getByRole("alert")).toContainText(
    "Too many failed sign-in attempts. Try again in",
  );
  await expect(page).toHaveURL(/\/sign-in$/);
});

test("a page outside a person's roles says so instead of showing it", async ({ page }) => {
  await signIn(page, "designer@omniflow.demo", /\/workflows$/);
  await expect(page.getByRole("link", { name: "Administration" })).toHaveCount(0);
  await page.goto("/admin");
  await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
  await expect(page.getByText("It needs the admin role.")).toBeVisible();
});

test("an unknown page shows the 404 page", async ({ page }) => {
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await page.getByRole("link", { name: "Back to Omniflow" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
});

test("an admin adds a business role, and a malformed key is explained on the field", async ({ page }) => {
  await signIn(page, "admin@omniflow.demo", /\/admin$/);
  await expect(page.getByRole("cell", { name: /^Blair Approver/ })).toBeVisible();

  await page.getByLabel("Key", { exact: true }).fill("Bad Key!");
  await page.getByLabel("Name", { exact: true }).fill("Bad");
  await page.getByRole("button", { name: "Add role" }).click();
  await expect(
    page.getByText("Key may contain lowercase letters, digits and dashes, starting with a letter"),
  ).toBeVisible();
  await expect(page.getByLabel("Key", { exact: true })).toHaveAttribute("aria-invalid", "true");
  const roleList = page.getByRole("list", { name: "Roles" });
  await expect(roleList.getByText("Bad", { exact: true })).toHaveCount(0);

  await page.getByLabel("Key", { exact: true }).fill("returns-desk");
  await page.getByLabel("Name", { exact: true }).fill("Returns desk");
  await page.getByRole("button", { name: "Add role" }).click();
  await expect(roleList.getByText("Returns desk")).toBeVisible();
  await expect(page.getByLabel("Key", { exact: true })).toHaveValue("");

  await page.reload();
  await expect(page.getByRole("list", { name: "Roles" }).getByText("Returns desk")).toBeVisible();
});

test("the API refuses cross-origin and non-JSON mutations and anonymous calls", async ({
  request,
  baseURL,
}) => {
  const crossOrigin = await request.post("/api/trpc/profile.update", {
    headers: { origin: "http://evil.example", "content-type": "application/json" },
    data: { json: { name: "x" } },
  });
  expect(crossOrigin.status()).toBe(403);
  const form = await request.post("/api/trpc/profile.update", {
    headers: { origin: baseURL!, "content-type": "application/x-www-form-urlencoded" },
    data: "name=x",
  });
  expect(form.status()).toBe(415);
  const anonymous = await request.post("/api/trpc/profile.update", {
    headers: { origin: baseURL!, "content-type": "application/json" },
    data: { json: { name: "x" } },
  });
  expect(anonymous.status()).toBe(401);
  const signInForm = await request.post("/api/auth/sign-in/email", {
    headers: { origin: baseURL!, "content-type": "application/x-www-form-urlencoded" },
    data: `email=admin%40omniflow.demo&password=${DEMO_PASSWORD}`,
  });
  expect(signInForm.status()).toBe(415);
});
