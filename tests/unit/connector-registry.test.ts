// The connector registry never throws: unknown operations, timeouts and crashes become results.
import { describe, expect, it } from "vitest";
import { createFakeConnector, memoryEffectStore } from "@/server/connectors/fake";
import { ConnectorRegistry } from "@/server/connectors/registry";

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
      {
        id: "slow",
        name: "Slow",
        operations: {
          wait: {
            name: "Wait",
            inputs: [],
            call: () => new Promise((resolve) => setTimeout(() => resolve({ ok: true, output: 1 }), 500)),
          },
          crash: { name: "Crash", inputs: [], call: () => Promise.reject(new Error("socket hang up")) },
        },
      },
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
});
