// Start-up refuses a bad environment with a message naming the variable, before touching anything.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

function serve(env: Record<string, string>) {
  return spawnSync(path.join(root, "node_modules/.bin/tsx"), [path.join(root, "scripts/serve.ts")], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "test", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
}

describe("start-up configuration", () => {
  it.each([
    [{ PORT: "eighty" }, /PORT: must be a number/],
    [{ DATABASE_URL: "mysql://127.0.0.1/x" }, /DATABASE_URL: must start with file:/],
    [{ OMNIFLOW_MODE: "production" }, /AUTH_SECRET: is required when OMNIFLOW_MODE=production/],
  ])("stops on %j, naming the variable, and creates no database", (env, message) => {
    const dir = mkdtempSync(path.join(tmpdir(), "omniflow-startup-"));
    try {
      const dbFile = path.join(dir, "never.db");
      const result = serve({ DATABASE_URL: `file:${dbFile}`, ...env });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/Invalid environment configuration/);
      expect(result.stderr).toMatch(message);
      expect(existsSync(dbFile)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
