// Shared steps for e2e specs: signing in through the form as a person would.
import { expect, type Browser, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "omniflow-demo";

/** Fills the sign-in form and submits it with the keyboard. */
export async function fillSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByLabel("Password").press("Enter");
}

/** Signs in with a demo account and waits for the landing page. */
export async function signIn(page: Page, email: string, landing: RegExp): Promise<void> {
  await fillSignIn(page, email, DEMO_PASSWORD);
  await expect(page).toHaveURL(landing);
}

/** Signs in with a demo account in a browser context of its own (1440×900), for specs with several people. */
export async function signInAs(browser: Browser, email: string, landing: RegExp): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await signIn(page, email, landing);
  return page;
}
