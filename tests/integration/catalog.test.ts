// The service catalog on real databases: connectors with versions, operations, schemas and error
// codes; which published workflows call each operation; call statistics recorded by the worker's
// registry (count, error rate, nearest-rank p95) over a window; and who may read it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CallStatsRecorder } from "@/server/connectors/call-stats";
import { createFakeConnector } from "@/server/connectors/fake";
import { ConnectorRegistry } from "@/server/connectors/registry";
import { createTestApp, type TestApp } from "../helpers/app";
import { databaseKinds } from "../helpers/databases";
import { approvalWithCall, publish } from "../helpers/runtime";
import { trpcError } from "../helpers/trpc";

describe.each(databaseKinds)("service catalog on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp(kind);
  });
  afterAll(async () => {
    await app.drop();
  });

  it("lists connectors and operations with schemas, error codes and the workflows that use them", async () => {
    const { definitionId } = await publish(app.db, approvalWithCall);
    const designer = await app.callerFor("designer@omniflow.demo");
    const catalog = await designer.catalog.list({});
    const fake = catalog.connectors.find((connector) => connector.id === "fake");
    expect(fake).toMatchObject({ name: "Fake system", version: "1.0.0" });
    const record = fake!.operations.find((operation) => operation.id === "record")!;
    expect(record).toMatchObject({
      name: "Record an effect",
      idempotent: true,
      inputs: [{ name: "key", required: true }],
      errors: [{ code: "UNAVAILABLE", retryable: true, description: expect.any(String) as unknown }],
      usedBy: [
        { workflowId: definitionId, workflowName: "Approval with a call", versions: [1], steps: ["record"] },
      ],
      stats: { calls: 0, errors: 0, errorRate: 0, p95Ms: null },
    });
    expect(JSON.parse(record.inputSchema)).toMatchObject({ type: "object", required: ["key"] });
    expect(JSON.parse(record.outputSchema)).toMatchObject({ type: "object" });
    expect(catalog.builtInErrors.map((error) => error.code)).toEqual(
      expect.arrayContaining(["TIMEOUT", "INPUT_INVALID"]) as unknown,
    );
    expect(fake!.operations.find((operation) => operation.id === "reverse")!.usedBy).toEqual([]);
  });

  it("counts calls, errors and the p95 latency of each operation from what the registry observed", async () => {
    let attempt = 0;
    const registry = new ConnectorRegistry([
      createFakeConnector({ failureRate: 1, random: () => (attempt++ % 4 === 0 ? 0 : 1) }),
    ]);
    const recorder = new CallStatsRecorder(app.db, registry);
    for (let index = 0; index < 20; index += 1) {
      await registry.call(
        "fake",
        "record",
        { key: `k-${index}` },
        {
          idempotencyKey: `i:${index}`,
          attempt: 1,
          timeoutMs: 1000,
        },
      );
    }
    await registry.call("fake", "record", {}, { idempotencyKey: "bad", attempt: 1, timeoutMs: 1000 });
    await recorder.close();
    const rows = await app.db.connectorCall.findMany({ where: { operation: "record" } });
    expect(rows).toHaveLength(21);
    // Known latencies, so the p95 is checkable: 1..21 ms.
    for (const [index, row] of rows.sort((a, b) => a.id - b.id).entries())
      await app.db.connectorCall.update({
        where: { id: row.id },
        data: { durationMs: index + 1, at: app.clock.now },
      });

    const viewer = await app.callerFor("viewer@omniflow.demo");
    const record = (await viewer.catalog.list({ days: 1 })).connectors
      .find((connector) => connector.id === "fake")!
      .operations.find((operation) => operation.id === "record")!;
    // 5 of 20 calls hit the injected failure, plus one refused input.
    expect(record.stats).toEqual({ calls: 21, errors: 6, errorRate: 6 / 21, p95Ms: 20 });

    // Outside the window, nothing counts.
    app.clock.now = new Date(app.clock.now.getTime() + 3 * 86_400_000);
    const later = (await viewer.catalog.list({ days: 1 })).connectors[0]!.operations[0]!;
    expect(later.stats.calls).toBe(0);
  });

  it("is for designers, admins and viewers, and checks its input", async () => {
    for (const email of ["approver@omniflow.demo", "requester@omniflow.demo"]) {
      const caller = await app.callerFor(email);
      expect((await trpcError(caller.catalog.list({}))).code).toBe("FORBIDDEN");
    }
    const admin = await app.callerFor("admin@omniflow.demo");
    expect((await trpcError(admin.catalog.list({ days: 0 }))).code).toBe("BAD_REQUEST");
  });
});
