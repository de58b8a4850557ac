// The webhook signature: a known vector (computed independently with `openssl dgst -sha256 -hmac`),
// and verification refusing every missing, malformed, wrong or out-of-window part.
import { describe, expect, it } from "vitest";
import {
  verifyWebhookSignature,
  webhookHeaders,
  webhookSignature,
} from "@/server/services/webhook-signature";

const secret = "whsec_test_0123456789abcdefghijklmnopqrstuv";
const timestamp = 1767225600; // 2026-01-01T00:00:00Z
const deliveryId = "3f1c2a9e-0b7d-4c55-9a61-2e8f5b6d7c10";
const body = '{"orderId":"SO-1001","amount":42.5}';
// printf '%s' '1767225600.3f1c2a9e-0b7d-4c55-9a61-2e8f5b6d7c10.{"orderId":"SO-1001","amount":42.5}' \
//   | openssl dgst -sha256 -hmac 'whsec_test_0123456789abcdefghijklmnopqrstuv'
const expected = "9b9636878d18065bb717ebe0c97b1b8797ebb2f3793e7562b9123262cbcc8e3f";
const at = (seconds: number) => new Date(seconds * 1000);
const bytes = (text: string) => new TextEncoder().encode(text);

describe("webhookSignature", () => {
  it("matches the known vector for a string and for the same bytes", () => {
    expect(webhookSignature(secret, timestamp, deliveryId, body)).toBe(expected);
    expect(webhookSignature(secret, String(timestamp), deliveryId, bytes(body))).toBe(expected);
  });

  it("changes with the secret, the timestamp, the delivery id and the body", () => {
    expect(webhookSignature(`${secret}x`, timestamp, deliveryId, body)).not.toBe(expected);
    expect(webhookSignature(secret, timestamp + 1, deliveryId, body)).not.toBe(expected);
    expect(webhookSignature(secret, timestamp, `${deliveryId}x`, body)).not.toBe(expected);
    expect(webhookSignature(secret, timestamp, deliveryId, `${body} `)).not.toBe(expected);
  });
});

describe("verifyWebhookSignature", () => {
  const headers = (overrides: Record<string, string | null> = {}) => {
    const all: Record<string, string | null> = {
      ...webhookHeaders(secret, timestamp, deliveryId, body),
      ...overrides,
    };
    return new Headers(Object.entries(all).filter((entry): entry is [string, string] => entry[1] !== null));
  };
  const verify = (h: Headers, text = body, now = at(timestamp)) =>
    verifyWebhookSignature(secret, h, bytes(text), now);

  it("accepts a correctly signed delivery within five minutes either way", () => {
    expect(verify(headers())).toEqual({ ok: true, timestamp, deliveryId });
    expect(verify(headers(), body, at(timestamp + 300))).toMatchObject({ ok: true });
    expect(verify(headers(), body, at(timestamp - 300))).toMatchObject({ ok: true });
  });

  it.each([
    [{ "x-omniflow-signature": null }, "signature_missing"],
    [{ "x-omniflow-signature": expected }, "signature_malformed"],
    [{ "x-omniflow-signature": `sha1=${expected}` }, "signature_malformed"],
    [{ "x-omniflow-signature": `sha256=${expected.slice(1)}` }, "signature_malformed"],
    [{ "x-omniflow-timestamp": null }, "timestamp_missing"],
    [{ "x-omniflow-timestamp": "2026-01-01T00:00:00Z" }, "timestamp_malformed"],
    [{ "x-omniflow-delivery": null }, "delivery_id_missing"],
    [{ "x-omniflow-delivery": "a.b" }, "delivery_id_malformed"],
    [{ "x-omniflow-delivery": "a".repeat(151) }, "delivery_id_malformed"],
    [{ "x-omniflow-signature": `sha256=${"0".repeat(64)}` }, "signature_mismatch"],
    [{ "x-omniflow-timestamp": String(timestamp + 1) }, "signature_mismatch"],
    [{ "x-omniflow-delivery": "another-delivery" }, "signature_mismatch"],
  ] as const)("refuses %j as %s", (overrides, code) => {
    expect(verify(headers(overrides))).toMatchObject({ ok: false, code });
  });

  it("refuses a tampered body, and a timestamp more than five minutes old or ahead", () => {
    expect(verify(headers(), body.replace("42.5", "4250"))).toMatchObject({
      ok: false,
      code: "signature_mismatch",
    });
    expect(verify(headers(), body, at(timestamp + 301))).toMatchObject({
      ok: false,
      code: "timestamp_too_old",
    });
    expect(verify(headers(), body, at(timestamp - 301))).toMatchObject({
      ok: false,
      code: "timestamp_in_future",
    });
  });
});
