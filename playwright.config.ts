// End-to-end tests in Debian's Chromium against the production build, served on 127.0.0.1:3100 with
// its own fresh SQLite database. Playwright never downloads a browser here.
import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
export const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 30_000,
  expect: { timeout: 10_000 },
  outputDir: ".test-output/playwright-artifacts",
  reporter: [["list"], ["json", { outputFile: ".test-output/playwright.json" }]],
  use: {
    baseURL,
    browserName: "chromium",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  webServer: {
    command: "node_modules/.bin/tsx scripts/e2e-server.ts",
    url: `${baseURL}/sign-in`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      DATABASE_URL: "file:./.test-output/e2e.db",
      HOST: "127.0.0.1",
      PORT: String(port),
      APP_URL: baseURL,
      AUTH_SECRET: "e2e-secret-that-is-long-enough-0123456789abcdef",
      OMNIFLOW_MODE: "demo",
      OMNIFLOW_SYSTEM_TOKEN: "e2e-system-token-0123456789abcdef",
      // The simulated estate the reference templates call, fresh for each run like the database.
      SIM_PORT: String(port + 1000),
      SIM_DATABASE: "./.test-output/e2e-sim.db",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
