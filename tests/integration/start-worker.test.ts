// The worker the app runs (`npm start`'s embedded one and `npm run worker`): notices the engine sends
// land in the recipients' inboxes as notifications.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorkflow } from "@/server/runtime/instances";
import { startWorker } from "@/server/runtime/start-worker";
import { createTestApp, type TestApp } from "../helpers/app";
import { publish } from "../helpers/runtime";

describe("the app's worker", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp("sqlite");
  });
  afterAll(async () => {
    await app.drop();
  });

  it("delivers inbox notifications to the named role's members", async () => {
    await publish(app.db, {
      schemaVersion: 1,
      key: "notice",
      name: "Notice",
      nodes: [
        { id: "start", kind: "start" },
        {
          id: "tell",
          kind: "notify",
          channel: "inbox",
          recipients: [{ type: "role", role: "finance" }],
          subject: "Stock count tomorrow",
        },
        { id: "done", kind: "end" },
      ],
      edges: [
        { id: "e1", source: "start", target: "tell", type: "normal" },
        { id: "e2", source: "tell", target: "done", type: "normal" },
      ],
    });
    const { stop } = startWorker(app.db, app.url, {
      id: "test",
      pollMs: 20,
      connectorSyncMs: 60_000,
    });
    try {
      await startWorkflow({ db: app.db, now: () => new Date() }, null, {
        definitionKey: "notice",
        input: {},
      });
      const blair = await app.user("approver2@omniflow.demo");
      const deadline = Date.now() + 10_000;
      while (
        (await app.db.notification.count({ where: { userId: blair.id } })) === 0 &&
        Date.now() < deadline
      )
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(
        await app.db.notification.findMany({ select: { userId: true, subject: true, kind: true } }),
      ).toEqual([{ userId: blair.id, subject: "Stock count tomorrow", kind: "notice" }]);
    } finally {
      await stop();
    }
  });
});
