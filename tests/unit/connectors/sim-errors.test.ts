// How the simulator connectors read a failed call: transient simulator codes and unreachable
// simulators are retryable; business codes, refused input and other refusals are not.
import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { simFailure } from "@/server/connectors/sim";

function answered(data: Record<string, unknown>) {
  return new TRPCClientError("refused", { result: { error: { message: "refused", code: -32022, data } } });
}

describe("simFailure", () => {
  it.each([
    [{ simCode: "SIM_UNAVAILABLE", code: "SERVICE_UNAVAILABLE", httpStatus: 503 }, "SIM_UNAVAILABLE", true],
    [{ simCode: "SIM_OUTAGE", code: "SERVICE_UNAVAILABLE", httpStatus: 503 }, "SIM_OUTAGE", true],
    [
      { simCode: "INSUFFICIENT_STOCK", code: "UNPROCESSABLE_CONTENT", httpStatus: 422 },
      "INSUFFICIENT_STOCK",
      false,
    ],
    [{ simCode: "UNKNOWN_ITEM", code: "NOT_FOUND", httpStatus: 404 }, "UNKNOWN_ITEM", false],
    [{ simCode: null, code: "BAD_REQUEST", httpStatus: 400 }, "INPUT_INVALID", false],
    [{ simCode: null, code: "INTERNAL_SERVER_ERROR", httpStatus: 500 }, "SIM_UNREACHABLE", true],
    [{ simCode: null, code: "FORBIDDEN", httpStatus: 403 }, "SIM_REJECTED", false],
    [{ simCode: "SOMETHING_NEW", code: "CONFLICT", httpStatus: 409 }, "SIM_REJECTED", false],
  ])("maps %o to %s (retryable %s)", (data, code, retryable) => {
    expect(simFailure(answered(data))).toEqual({ ok: false, code, retryable, message: "refused" });
  });

  it("treats a call that got no answer as retryable SIM_UNREACHABLE", () => {
    const network = TRPCClientError.from(new TypeError("fetch failed"));
    expect(simFailure(network)).toMatchObject({
      code: "SIM_UNREACHABLE",
      retryable: true,
      message: "fetch failed",
    });
    expect(simFailure(new Error("socket hang up"))).toMatchObject({
      code: "SIM_UNREACHABLE",
      retryable: true,
    });
  });
});
