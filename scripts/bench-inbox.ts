// `npm run bench:inbox [-- --instances 100000 --tasks-per-instance 10 --users 1000 --runs 50 --db <file>]`:
// fills a fresh SQLite database with an inbox history (by default 1,000,000 tasks on 100,000 purchase
// orders, 1,000 approvers, 20 business roles; most tasks decided or cancelled, about a quarter open),
// then measures a typical approver's first inbox page through the real tRPC procedure (`inbox.list`)
// and prints p50 and p95, plus a few variants (filters, sorts, a business-key search, the second page,
// the workflow filter's list, the same person without business roles), and the other lists of that
// history people page through: the person's own requests and the instance list (whole, by status and
// by workflow).
// The last line is one JSON object. Target: p95 <= 100 ms for the first page and for every variant.
//
// `--db <file>` keeps the database in that file and, when it already holds the history, reuses it
// (applying any new migrations) instead of filling it again.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { loadSessionUser } from "../server/auth/session";
import { createDb, type Db } from "../server/db/client";
import { migrate } from "../server/db/migrate";
import { ensureRoles } from "../server/db/seed";
import type { InboxListInput } from "../server/services/inbox";
import { createContextInner } from "../server/trpc/init";
import { createCaller } from "../server/trpc/root";
import { businessRoleKeys, fillInboxData } from "./lib/inbox-data";
import { publishDefinition } from "./lib/publish";
import { percentile, round } from "./lib/stats";
import { purchaseOrderApproval } from "./lib/workflows";

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1]! : fallback;
}

const instanceCount = Number(option("instances", "100000"));
const tasksPerInstance = Number(option("tasks-per-instance", "10"));
const userCount = Number(option("users", "1000"));
const runs = Number(option("runs", "50"));
const variantRuns = Number(option("variant-runs", "20"));
const warmups = 5;
const keptFile = option("db", "");
const TARGET_P95_MS = 100;

const dir = keptFile ? null : mkdtempSync(path.join(tmpdir(), "omniflow-bench-inbox-"));
const file = keptFile ? path.resolve(keptFile) : path.join(dir!, "inbox.db");
const url = `file:${file}`;

/** Whether `file` already holds a filled history (a kept database from an earlier run). */
function alreadyFilled(): boolean {
  if (!existsSync(file)) return false;
  const sqlite = new Database(file, { readonly: true });
  try {
    const table = sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'tasks'`).get();
    return table !== undefined && sqlite.prepare(`SELECT 1 FROM "tasks" LIMIT 1`).get() !== undefined;
  } finally {
    sqlite.close();
  }
}

async function fill(db: Db, now: Date): Promise<void> {
  await ensureRoles(db, false);
  const versionId = await publishDefinition(db, purchaseOrderApproval);
  const version = await db.workflowVersion.findUniqueOrThrow({
    where: { id: versionId },
    select: { definitionId: true },
  });
  const approver = await db.role.findUniqueOrThrow({ where: { key: "approver" }, select: { id: true } });
  const started = performance.now();
  let lastReport = 0;
  const summary = fillInboxData({
    file,
    users: userCount,
    instances: instanceCount,
    tasksPerInstance,
    workflow: { definitionId: version.definitionId, versionId, key: purchaseOrderApproval.key },
    approverRoleId: approver.id,
    now,
    onProgress: (done) => {
      const elapsed = (performance.now() - started) / 1000;
      if (done < instanceCount && elapsed - lastReport < 5) return;
      lastReport = elapsed;
      console.log(
        `  filled ${done.toLocaleString("en")} / ${instanceCount.toLocaleString("en")} instances (${(done * tasksPerInstance).toLocaleString("en")} tasks) in ${round(elapsed)} s`,
      );
    },
  });
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `filled ${summary.tasks.toLocaleString("en")} tasks (${summary.openTasks.toLocaleString("en")} open, ` +
      `${summary.candidateRoles.toLocaleString("en")} role offers, ${summary.candidateUsers.toLocaleString("en")} person offers) ` +
      `on ${summary.instances.toLocaleString("en")} instances for ${summary.users} people and ${businessRoleKeys.length} roles ` +
      `in ${round(seconds)} s (indexes rebuilt in ${round(summary.indexSeconds)} s)`,
  );
}

/**
 * A typical approver: among people holding two business roles, the one with the median number of open
 * tasks in their inbox (by role queue, personal offers, assignments and claims).
 */
function typicalApprover(): { id: string; visible: number } {
  const sqlite = new Database(file, { readonly: true });
  try {
    const counts = new Map<string, number>();
    const add = (rows: { key: string; n: number }[], into: Map<string, number>) => {
      for (const row of rows) into.set(row.key, (into.get(row.key) ?? 0) + row.n);
    };
    const byRole = new Map<string, number>();
    add(
      sqlite
        .prepare<[], { key: string; n: number }>(
          `SELECT r."roleKey" AS key, count(*) AS n FROM "task_candidate_roles" r JOIN "tasks" t ON t."id" = r."taskId"
           WHERE t."status" = 'open' AND t."assigneeId" IS NULL AND t."claimedById" IS NULL GROUP BY r."roleKey"`,
        )
        .all(),
      byRole,
    );
    add(
      sqlite
        .prepare<[], { key: string; n: number }>(
          `SELECT c."userId" AS key, count(*) AS n FROM "task_candidate_users" c JOIN "tasks" t ON t."id" = c."taskId"
           WHERE t."status" = 'open' AND t."assigneeId" IS NULL AND t."claimedById" IS NULL GROUP BY c."userId"`,
        )
        .all(),
      counts,
    );
    for (const column of ["assigneeId", "claimedById"])
      add(
        sqlite
          .prepare<[], { key: string; n: number }>(
            `SELECT "${column}" AS key, count(*) AS n FROM "tasks"
             WHERE "status" IN ('open', 'claimed') AND "${column}" IS NOT NULL GROUP BY "${column}"`,
          )
          .all(),
        counts,
      );
    const people = sqlite
      .prepare<[], { id: string; roles: string }>(
        `SELECT ur."userId" AS id, group_concat(r."key") AS roles FROM "user_roles" ur
         JOIN "roles" r ON r."id" = ur."roleId" WHERE r."system" = 0 GROUP BY ur."userId"`,
      )
      .all()
      .map((person) => {
        const roles = person.roles.split(",");
        const visible =
          (counts.get(person.id) ?? 0) + roles.reduce((sum, role) => sum + (byRole.get(role) ?? 0), 0);
        return { id: person.id, roles, visible };
      })
      .filter((person) => person.roles.length === 2)
      .sort((a, b) => a.visible - b.visible);
    const chosen = people[Math.floor(people.length / 2)];
    if (!chosen) throw new Error("No approver holds two business roles");
    return chosen;
  } finally {
    sqlite.close();
  }
}

async function time(call: () => Promise<unknown>, count: number): Promise<number[]> {
  const timings: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const started = performance.now();
    await call();
    timings.push(performance.now() - started);
  }
  return timings;
}

function describe(timings: number[]): { p50Ms: number; p95Ms: number } {
  return { p50Ms: round(percentile(timings, 50), 2), p95Ms: round(percentile(timings, 95), 2) };
}

async function main(): Promise<void> {
  const now = new Date();
  const reuse = keptFile !== "" && alreadyFilled();
  await migrate(url);
  const db = createDb(url);
  try {
    if (reuse) console.log(`reusing the history in ${file}`);
    else await fill(db, now);

    const approver = typicalApprover();
    const user = await loadSessionUser(db, approver.id);
    if (!user) throw new Error(`${approver.id} is not an active user`);
    const caller = createCaller(createContextInner({ db, user, now: () => now }));
    const list = (input: InboxListInput) => caller.inbox.list(input);

    for (let index = 0; index < warmups; index += 1) await list({});
    const first = await list({});
    const timings = await time(() => list({}), runs);
    const figures = describe(timings);
    console.log(
      `approver ${user.name} (${user.id}; ${user.roles.join(", ")}): ${approver.visible.toLocaleString("en")} open tasks in the inbox; ` +
        `first page ${first.items.length} items`,
    );
    console.log(
      `inbox.list({}) first page: p50 ${figures.p50Ms} ms, p95 ${figures.p95Ms} ms (${runs} runs after ${warmups} warm-up)`,
    );

    // The same person without business roles: only the tasks given to them personally.
    const personal = createCaller(
      createContextInner({ db, user: { ...user, roles: ["approver"] }, now: () => now }),
    );
    const variants: [string, () => Promise<unknown>][] = [
      ['filter "mine"', () => list({ filter: "mine" })],
      ['filter "roles"', () => list({ filter: "roles" })],
      ['filter "overdue"', () => list({ filter: "overdue" })],
      ['sort "newest"', () => list({ sort: "newest" })],
      ['sort "oldest"', () => list({ sort: "oldest" })],
    ];
    const key = first.items[Math.min(3, first.items.length - 1)]?.businessKey;
    if (key) {
      variants.push([`search "${key}"`, () => list({ search: key })]);
      variants.push([`search "${key.slice(0, -2)}"`, () => list({ search: key.slice(0, -2) })]);
    }
    const cursor = first.nextCursor;
    if (cursor) variants.push(["second page (cursor)", () => list({ cursor })]);
    variants.push(["inbox.workflows()", () => caller.inbox.workflows()]);
    variants.push(["first page without business roles", () => personal.inbox.list({})]);
    variants.push(["requests.mine() (their own requests)", () => caller.requests.mine({})]);
    variants.push(["instances.list() (every instance, newest first)", () => caller.instances.list({})]);
    variants.push([
      'instances.list({ status: "completed" })',
      () => caller.instances.list({ status: "completed" }),
    ]);
    variants.push([
      `instances.list({ definitionKey: "${purchaseOrderApproval.key}" })`,
      () => caller.instances.list({ definitionKey: purchaseOrderApproval.key }),
    ]);
    const variantFigures: Record<string, { p50Ms: number; p95Ms: number }> = {};
    for (const [label, call] of variants) {
      await call();
      const result = describe(await time(call, variantRuns));
      variantFigures[label] = result;
      console.log(`  ${label}: p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms (${variantRuns} runs)`);
    }
    const slowest = Math.max(...Object.values(variantFigures).map((figure) => figure.p95Ms));
    console.log(
      `target p95 <= ${TARGET_P95_MS} ms: ${Math.max(figures.p95Ms, slowest) <= TARGET_P95_MS ? "met" : "MISSED"} (first page p95 ${figures.p95Ms} ms, slowest variant p95 ${slowest} ms)`,
    );
    console.log(
      JSON.stringify({
        ...figures,
        targetP95Ms: TARGET_P95_MS,
        visibleOpenTasks: approver.visible,
        variants: variantFigures,
      }),
    );
  } finally {
    await db.$disconnect();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
