// The per-connector circuit breaker: opens after repeated transient failures, probes once after the
// cool-down, closes on a good probe and backs off further on a bad one.
import { describe, expect, it } from "vitest";
import { CircuitBreakers } from "@/server/runtime/circuit-breaker";

function setup() {
  let now = 0;
  const breakers = new CircuitBreakers({ threshold: 3, cooldownMs: 1000, maxCooldownMs: 4000 }, () => now);
  return { breakers, advance: (ms: number) => (now += ms), now: () => now };
}

describe("CircuitBreakers", () => {
  it("stays closed below the threshold and resets on success", () => {
    const { breakers } = setup();
    breakers.record("erp", true);
    breakers.record("erp", true);
    breakers.record("erp", false);
    breakers.record("erp", true);
    breakers.record("erp", true);
    expect(breakers.stateOf("erp")).toBe("closed");
    expect(breakers.acquire("erp")).toEqual({ allowed: true });
  });

  it("opens after three transient failures in a row and refuses calls until the cool-down ends", () => {
    const { breakers, advance } = setup();
    for (let index = 0; index < 3; index += 1) breakers.record("erp", true);
    expect(breakers.stateOf("erp")).toBe("open");
    expect(breakers.acquire("erp")).toEqual({ allowed: false, retryAt: 1000 });
    expect(breakers.acquire("wms")).toEqual({ allowed: true });
    advance(1000);
    expect(breakers.acquire("erp")).toEqual({ allowed: true });
    expect(breakers.stateOf("erp")).toBe("half-open");
    // Only one probe at a time.
    expect(breakers.acquire("erp").allowed).toBe(false);
  });

  it("closes after a good probe, and doubles the cool-down after a bad one (capped)", () => {
    const { breakers, advance } = setup();
    for (let index = 0; index < 3; index += 1) breakers.record("erp", true);
    advance(1000);
    breakers.acquire("erp");
    breakers.record("erp", true);
    expect(breakers.acquire("erp")).toEqual({ allowed: false, retryAt: 3000 });
    advance(2000);
    breakers.acquire("erp");
    breakers.record("erp", true);
    expect(breakers.acquire("erp")).toEqual({ allowed: false, retryAt: 7000 });
    advance(4000);
    breakers.acquire("erp");
    breakers.record("erp", true);
    expect(breakers.acquire("erp")).toEqual({ allowed: false, retryAt: 11000 });
    advance(4000);
    breakers.acquire("erp");
    breakers.record("erp", false);
    expect(breakers.stateOf("erp")).toBe("closed");
  });
});
