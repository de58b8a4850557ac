// The connector registry never throws: unknown operations, timeouts and crashes become results.
import { describe, expect, it } from "vitest";
import { createFakeConnector, memoryEffectStore } from "@/server/connectors/fake";
import { z } from "zod";
import { ConnectorRegistry } from "@/server/connectors/registry";
import { defineConnector, defineOperation } from "@/server/connectors/sdk";

const options = { idempotencyKey: "i1:n1:1", attempt: 1, timeoutMs: 50 };

describe("ConnectorRegistry", () => {
  it("lists operations as the validator's catalog", () => {
    const registry = new ConnectorRegistry([createFakeConnector()]);
    expect(registry.catalog()).toEqual({
      connectors: [
        {
          id: "fake",
          name: "Fake system",
          operations: [
            { id: "record", name: "Record an effect", inputs: [{ name: "key", required: true }] },
            { id: "reverse", name: "Reverse an effect", inputs: [{ name: "ref", required: true }] },
          ],
        },
      ],
    });
  });

  it("refuses unknown operations permanently", async () => {
    const registry = new ConnectorRegistry([]);
    expect(await registry.call("erp", "x", {}, options)).toMatchObject({
      ok: false,
      code: "UNKNOWN_OPERATION",
      retryable: false,
    });
  });

  it("turns a slow call into a retryable TIMEOUT and a crash into a retryable CONNECTOR_ERROR", async () => {
    const registry = new ConnectorRegistry([
      defineConnector({
        id: "slow",
        name: "Slow",
        version: "1.0.0",
        operations: {
          wait: defineOperation({
            name: "Wait",
            input: z.object({}),
            output: z.json(),
            idempotent: true,
            call: () => new Promise((resolve) => setTimeout(() => resolve({ ok: true, output: 1 }), 500)),
          }),
          crash: defineOperation({
            name: "Crash",
            input: z.object({}),
            output: z.json(),
            idempotent: true,
            call: () => Promise.reject(new Error("socket hang up")),
          }),
        },
      }),
    ]);
    expect(await registry.call("slow", "wait", {}, options)).toEqual({
      ok: false,
      code: "TIMEOUT",
      retryable: true,
      message: "No answer within 50 ms",
    });
    expect(await registry.call("slow", "crash", {}, options)).toEqual({
      ok: false,
      code: "CONNECTOR_ERROR",
      retryable: true,
      message: "socket hang up",
    });
  });

  it("deduplicates effects at the fake system by idempotency key", async () => {
    const store = memoryEffectStore();
    const registry = new ConnectorRegistry([createFakeConnector({ store })]);
    const first = await registry.call("fake", "record", { key: "a" }, options);
    const again = await registry.call("fake", "record", { key: "a" }, { ...options, attempt: 2 });
    const other = await registry.call(
      "fake",
      "record",
      { key: "a" },
      { ...options, idempotencyKey: "i1:n1:2" },
    );
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    expect(store.stats()).toEqual({ effects: 2, duplicates: 1 });
  });

  it("checks input and answers against the operation's schemas, and reports every call to observers", async () => {
    let answer: unknown = { id: "PO-1", lines: 2 };
    const registry = new ConnectorRegistry([
      defineConnector({
        id: "erp",
        name: "ERP",
        version: "2.1.0",
        operations: {
          createPo: defineOperation({
            name: "Create a purchase order",
            input: z.object({
              supplier: z.string().min(1),
              amount: z.number().positive(),
              note: z.string().optional(),
            }),
            output: z.object({ id: z.string(), lines: z.number().int() }),
            errors: [{ code: "SUPPLIER_BLOCKED", retryable: false, description: "The supplier is blocked" }],
            idempotent: true,
            call: () => Promise.resolve({ ok: true, output: answer as never }),
          }),
        },
      }),
    ]);
    expect(registry.catalog().connectors[0]?.operations[0]?.inputs).toEqual([
      { name: "supplier", required: true },
      { name: "amount", required: true },
      { name: "note", required: false },
    ]);
    const seen: { operation: string; ok: boolean; code: string | null }[] = [];
    const stop = registry.observe((call) =>
      seen.push({ operation: call.operation, ok: call.ok, code: call.code }),
    );
    expect(await registry.call("erp", "createPo", { supplier: "ACME", amount: 10 }, options)).toEqual({
      ok: true,
      output: { id: "PO-1", lines: 2 },
    });
    const bad = await registry.call("erp", "createPo", { supplier: "", amount: -1 }, options);
    expect(bad).toMatchObject({ ok: false, code: "INPUT_INVALID", retryable: false });
    expect(bad.ok ? "" : bad.message).toMatch(/supplier: .*amount: /);
    answer = { id: 7 };
    expect(await registry.call("erp", "createPo", { supplier: "ACME", amount: 10 }, options)).toMatchObject({
      ok: false,
      code: "OUTPUT_INVALID",
      retryable: false,
    });
    stop();
    await registry.call("erp", "createPo", { supplier: "ACME", amount: 10 }, options);
    expect(seen).toEqual([
      { operation: "createPo", ok: true, code: null },
      { operation: "createPo", ok: false, code: "INPUT_INVALID" },
      { operation: "createPo", ok: false, code: "OUTPUT_INVALID" },
    ]);
  });

  it("refuses a version that is not MAJOR.MINOR.PATCH", () => {
    expect(() => defineConnector({ id: "x", name: "X", version: "v2", operations: {} })).toThrow(
      /MAJOR.MINOR.PATCH/,
    );
  });
});
