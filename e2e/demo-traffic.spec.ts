// `npm run demo:traffic` against the running app and its simulated estate: it starts orders, stock
// signals, returns and requisitions through the public API, and the work shows up where people look:
// a buyer's inbox gets the replenishment proposals, and the overview counts the instances.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { baseURL } from "../playwright.config";
import { signIn } from "./helpers";

const root = path.resolve(import.meta.dirname, "..");
const simUrl = `http://127.0.0.1:${Number(new URL(baseURL).port) + 1000}`;

function traffic(...args: string[]) {
  return spawnSync(path.join(root, "node_modules/.bin/tsx"), ["scripts/demo-traffic.ts", ...args], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production" },
    encoding: "utf8",
    timeout: 60_000,
  });
}

test("demo traffic starts orders, stock signals, returns and requisitions that people then see", async ({
  page,
}) => {
  test.setTimeout(90_000);
  const bad = traffic("--app", baseURL, "--count", "none");
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain("--count must be a whole number above 0");

  // Eight starts go round the whole mix once; the pause lets the first orders finish before the
  // returns look for sales to return goods against.
  const run = traffic("--app", baseURL, "--sim", simUrl, "--count", "8", "--every", "1.5", "--seed", "7");
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(
    /started 8 \(orders \d, returns \d, stock signals 1, requisitions 1\); refused 0/,
  );
  expect(run.stdout).toMatch(/returns [12]\b/);
  const stockSignals = [...run.stdout.matchAll(/^(LOW-\S+): inventory-replenishment started/gm)].map(
    (match) => match[1]!,
  );
  expect(stockSignals).toHaveLength(1);

  // Alex is a buyer: the replenishment proposal waits in Alex's inbox.
  await signIn(page, "approver@omniflow.demo", /\/inbox$/);
  for (const key of stockSignals) {
    await expect(page.getByTestId("inbox-row").filter({ hasText: key })).toContainText(
      "Approve replenishment",
      { timeout: 15_000 },
    );
  }
});
