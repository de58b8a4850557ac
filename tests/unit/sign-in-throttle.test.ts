// The delay policy for repeated failed sign-ins.
import { describe, expect, it } from "vitest";
import { THROTTLE_MAX_SECONDS, throttleDelaySeconds } from "@/server/services/sign-in-throttle";

describe("throttleDelaySeconds", () => {
  it("is free for the first four failures and waits from the fifth", () => {
    expect([1, 2, 3, 4].map((failures) => throttleDelaySeconds(failures, 5))).toEqual([0, 0, 0, 0]);
    expect(throttleDelaySeconds(5, 5)).toBe(15);
  });

  it("doubles with each further failure up to the cap", () => {
    expect([6, 7, 8].map((failures) => throttleDelaySeconds(failures, 5))).toEqual([30, 60, 120]);
    expect(throttleDelaySeconds(50, 5)).toBe(THROTTLE_MAX_SECONDS);
  });
});
