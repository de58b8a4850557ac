// `npm test`: typecheck, lint, unit/integration tests (vitest) and e2e tests (Playwright), in that
// order. Every step runs even if an earlier one failed; the run fails if any step failed. The last
// line is a summary such as `tests: 42 passed, 0 failed`, also written to .test-output/summary.txt.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const out = path.join(root, ".test-output");
const bin = (name: string) => path.join(root, "node_modules/.bin", name);

interface StepResult {
  name: string;
  ok: boolean;
  passed: number;
  failed: number;
}

function run(name: string, command: string, args: string[]): boolean {
  console.log(`\n=== ${name}: ${path.basename(command)} ${args.join(" ")}`);
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit" });
  return result.status === 0;
}

/** Failures to report: the runner's count, or one when it failed without counting a failed test. */
function failures(ok: boolean, counted: number | undefined): number {
  if (counted !== undefined && counted > 0) return counted;
  return ok && counted !== undefined ? 0 : 1;
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return null;
  }
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const results: StepResult[] = [];

// Static checks count as one check each.
for (const [name, command, args] of [
  ["typecheck", bin("tsc"), ["--noEmit"]],
  ["lint", "npm", ["run", "--silent", "lint"]],
] as const) {
  const ok = run(name, command, [...args]);
  results.push({ name, ok, passed: ok ? 1 : 0, failed: ok ? 0 : 1 });
}

{
  const file = path.join(out, "vitest.json");
  const ok = run("unit and integration", bin("vitest"), [
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${file}`,
  ]);
  const report = readJson<{ numPassedTests: number; numFailedTests: number }>(file);
  const failed = failures(ok, report?.numFailedTests);
  results.push({
    name: "unit and integration",
    ok: failed === 0,
    passed: report?.numPassedTests ?? 0,
    failed,
  });
}

// The crash test: SIGKILLed workers on SQLite, and on PostgreSQL with 3 workers when it is configured.
for (const [name, extra] of [
  ["crash (SQLite)", []],
  ...(process.env.TEST_DATABASE_URL_PG
    ? [["crash (PostgreSQL, 3 workers)", ["--pg", process.env.TEST_DATABASE_URL_PG, "--workers", "3"]]]
    : []),
] as [string, string[]][]) {
  console.log(`\n=== ${name}`);
  const result = spawnSync(bin("tsx"), ["scripts/test-crash.ts", ...extra], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  process.stdout.write(result.stdout);
  const match = /crash: (\d+) passed, (\d+) failed/.exec(result.stdout);
  const passed = match ? Number(match[1]) : 0;
  const failed = failures(result.status === 0, match ? Number(match[2]) : undefined);
  results.push({ name, ok: result.status === 0 && failed === 0, passed, failed });
}

{
  const file = path.join(out, "playwright.json");
  const ok = run("e2e", bin("playwright"), ["test"]);
  const report = existsSync(file)
    ? readJson<{ stats: { expected: number; unexpected: number; flaky: number } }>(file)
    : null;
  const failed = failures(ok, report ? report.stats.unexpected + report.stats.flaky : undefined);
  results.push({ name: "e2e", ok: failed === 0, passed: report?.stats.expected ?? 0, failed });
}

console.log("\n=== summary");
for (const result of results) {
  console.log(
    `${result.ok ? "ok  " : "FAIL"} ${result.name.padEnd(22)} ${result.passed} passed, ${result.failed} failed`,
  );
}
const passed = results.reduce((sum, result) => sum + result.passed, 0);
const failed = results.reduce((sum, result) => sum + result.failed, 0);
const summary = `tests: ${passed} passed, ${failed} failed`;
writeFileSync(path.join(out, "summary.txt"), `${summary}\n`);
console.log(summary);
process.exit(results.every((result) => result.ok) ? 0 : 1);
