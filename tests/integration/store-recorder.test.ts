// bench:engine's storage floor: the write requests a run made, replayed in order on the database as it
// was before the run, must rebuild the same rows; a replay that does not (here: replaying onto a
// database that already holds the run) is reported as diverging.
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDb } from "@/server/db/client";
import { sqliteFilePath } from "@/server/db/url";
import { startWorkflow } from "@/server/runtime/instances";
import type { RuntimeDeps } from "@/server/runtime/runtime";
import type { RuntimeStore } from "@/server/runtime/store";
import { openRuntimeStore } from "@/server/runtime/store-open";
import { decideTask } from "@/server/runtime/tasks";
import { Worker } from "@/server/runtime/worker";
import { recordWrites, replayWrites } from "../../scripts/lib/store-recorder";
import { createTestDatabase, type TestDatabase } from "../helpers/databases";
import { approvalWithCall, drainWorker, fakeRegistry, publish, TestClock } from "../helpers/runtime";

/** What the runtime wrote, in a form two databases can be compared by. */
function contents(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    return {
      instances: db
        .prepare(`SELECT "id", "status", "revision", "state" FROM "instances" ORDER BY "id"`)
        .all(),
      events: db
        .prepare(`SELECT "id", "instanceId", "seq", "type", "data" FROM "instance_events" ORDER BY "id"`)
        .all(),
      tasks: db.prepare(`SELECT "id", "status", "decision" FROM "tasks" ORDER BY "id"`).all(),
      jobs: db.prepare(`SELECT "id", "status", "attempts" FROM "outbox_jobs" ORDER BY "id"`).all(),
    };
  } finally {
    db.close();
  }
}

describe("storage-floor replay (SQLite)", () => {
  let database: TestDatabase;
  let store: RuntimeStore;
  const clock = new TestClock();

  beforeEach(async () => {
    database = await createTestDatabase("sqlite");
    store = openRuntimeStore(database.url);
    for (const id of ["requester", "a1"]) {
      await database.db.user.create({ data: { id, name: id, email: `${id}@example.test` } });
    }
  });
  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  it("rebuilds the run's rows from its recorded write requests, and reports a replay that diverges", async () => {
    await publish(database.db, approvalWithCall);
    const file = sqliteFilePath(database.url);
    const snapshot = path.join(path.dirname(file), `${path.basename(file)}-before.db`);
    const source = new Database(file);
    source.prepare("VACUUM INTO ?").run(snapshot);
    source.close();

    const recording = recordWrites(store);
    const deps: RuntimeDeps = { db: database.db, now: clock.now, store: recording.store };
    const worker = new Worker(
      {
        ...deps,
        kind: "sqlite",
        connectors: fakeRegistry().registry,
        notifier: { send: () => Promise.resolve() },
      },
      { renewEveryMs: 0, log: () => undefined },
    );
    for (let index = 0; index < 3; index += 1) {
      const started = await startWorkflow(deps, "requester", {
        definitionKey: "approval-with-call",
        input: { amount: 100 + index },
      });
      const task = await database.db.task.findFirstOrThrow({ where: { instanceId: started.instanceId } });
      await decideTask(deps, { id: "a1", roles: ["approver"] }, { taskId: task.id, decision: "approved" });
    }
    await drainWorker(worker);
    expect(await database.db.instance.count({ where: { status: "completed" } })).toBe(3);
    expect(recording.calls.map((call) => call.method)).toEqual(
      expect.arrayContaining(["commit", "claimJobs"]),
    );

    const copy = new Database(snapshot);
    copy.pragma("journal_mode = WAL");
    copy.close();
    const replayStore = openRuntimeStore(`file:${snapshot}`);
    try {
      const replay = await replayWrites(replayStore, recording.calls);
      expect(replay.mismatches).toBe(0);
      // Start, decision and the call's result: three transitions per instance.
      expect(replay.transitions).toBe(9);
      expect(contents(snapshot)).toEqual(contents(file));

      // The same requests again on a database that already holds them: the inserts are refused.
      const again = await replayWrites(replayStore, recording.calls);
      expect(again.mismatches).toBeGreaterThan(0);
    } finally {
      await replayStore.close();
    }
    const replayed = createDb(`file:${snapshot}`);
    try {
      expect(await replayed.instanceEvent.count()).toBe(9);
    } finally {
      await replayed.$disconnect();
    }
  });
});
