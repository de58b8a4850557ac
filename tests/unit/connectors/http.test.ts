// The HTTP connector's pure parts: response paths, status classes, Retry-After and redaction.
import { describe, expect, it } from "vitest";
import {
  isRetryableStatus,
  parseRetryAfter,
  readPath,
  redactSecrets,
  type HttpAuth,
} from "@/server/connectors/http";

const body = { order: { id: "PO-1", "a/b": 1, "m~n": 2, lines: [{ sku: "S-1" }, { sku: "S-2" }] }, ok: true };

describe("readPath", () => {
  it.each([
    ["/order/id", "PO-1"],
    ["/order/lines/1/sku", "S-2"],
    ["/order/a~1b", 1],
    ["/order/m~0n", 2],
    ["order.id", "PO-1"],
    ["order.lines[0].sku", "S-1"],
    ["$.order.lines[1].sku", "S-2"],
    ["ok", true],
    ["/order/missing", null],
    ["order.lines[5].sku", null],
    ["ok.deeper", null],
    ["order.lines.x", null],
  ])("reads %s", (path, expected) => {
    expect(readPath(body, path)).toEqual(expected);
  });

  it("gives the whole body for an empty path or $", () => {
    expect(readPath(body, "")).toEqual(body);
    expect(readPath(body, "$")).toEqual(body);
  });
});

describe("isRetryableStatus", () => {
  it.each([
    [408, true],
    [425, true],
    [429, true],
    [500, true],
    [503, true],
    [400, false],
    [401, false],
    [404, false],
    [409, false],
    [422, false],
  ])("%i → %s", (status, retryable) => {
    expect(isRetryableStatus(status)).toBe(retryable);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-06-01T10:00:00Z");
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("30", now)).toBe(30_000);
    expect(parseRetryAfter("Mon, 01 Jun 2026 10:00:05 GMT", now)).toBe(5_000);
    expect(parseRetryAfter("Mon, 01 Jun 2026 09:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe("redactSecrets", () => {
  it.each<[HttpAuth, string, string]>([
    [{ type: "bearer", token: "tok-123456" }, "echo: Bearer tok-123456!", "echo: Bearer [redacted]!"],
    [
      { type: "basic", username: "erp", password: "pa ss/word" },
      `Basic ${Buffer.from("erp:pa ss/word").toString("base64")} and pa%20ss%2Fword and pa ss/word`,
      "Basic [redacted] and [redacted] and [redacted]",
    ],
    [{ type: "apiKey", apiKey: "key-abcdef" }, "x-api-key=key-abcdef", "x-api-key=[redacted]"],
    [{ type: "none" }, "nothing to hide", "nothing to hide"],
  ])("removes the credentials of %j", (auth, text, expected) => {
    expect(redactSecrets(text, auth)).toBe(expected);
  });
});
