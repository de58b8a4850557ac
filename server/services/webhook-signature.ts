// The signature scheme of inbound webhooks: HMAC-SHA256 with the webhook's secret over
// "<timestamp>.<delivery id>.<raw body>", sent as `X-Omniflow-Signature: sha256=<hex>` next to
// `X-Omniflow-Timestamp` (unix seconds) and `X-Omniflow-Delivery`. Signing the delivery id too means a
// captured request cannot be replayed under a fresh id to get past the duplicate check.
import { createHmac, timingSafeEqual } from "node:crypto";

export const TIMESTAMP_HEADER = "x-omniflow-timestamp";
export const DELIVERY_HEADER = "x-omniflow-delivery";
export const SIGNATURE_HEADER = "x-omniflow-signature";

/** How far a delivery's timestamp may be from the receiver's clock, either way. */
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

/**
 * Delivery ids: 1-150 letters, digits, "-", "_" or ":". A UUID fits; no "." so the signed string
 * splits one way; short enough to namespace into a message id (at most 200 characters).
 */
export const DELIVERY_ID_PATTERN = /^[A-Za-z0-9_:-]{1,150}$/;

const TIMESTAMP_PATTERN = /^\d{1,12}$/;
const SIGNATURE_PATTERN = /^sha256=([0-9a-f]{64})$/;

/**
 * The hex HMAC-SHA256 of "<timestamp>.<deliveryId>.<body>" keyed with `secret` (its UTF-8 bytes).
 * `body` is the raw request body exactly as sent; a string is taken as UTF-8.
 */
export function webhookSignature(
  secret: string,
  timestamp: number | string,
  deliveryId: string,
  body: Uint8Array | string,
): string {
  return createHmac("sha256", secret)
    .update(`${timestamp}.${deliveryId}.`)
    .update(typeof body === "string" ? Buffer.from(body, "utf8") : body)
    .digest("hex");
}

/** The three headers a sender adds to a delivery signed with `secret` at `timestamp` (unix seconds). */
export function webhookHeaders(
  secret: string,
  timestamp: number,
  deliveryId: string,
  body: Uint8Array | string,
): Record<string, string> {
  return {
    [TIMESTAMP_HEADER]: String(timestamp),
    [DELIVERY_HEADER]: deliveryId,
    [SIGNATURE_HEADER]: `sha256=${webhookSignature(secret, timestamp, deliveryId, body)}`,
  };
}

export type SignatureFailure =
  | "signature_missing"
  | "signature_malformed"
  | "timestamp_missing"
  | "timestamp_malformed"
  | "delivery_id_missing"
  | "delivery_id_malformed"
  | "signature_mismatch"
  | "timestamp_too_old"
  | "timestamp_in_future";

export type SignatureCheck =
  | { ok: true; timestamp: number; deliveryId: string }
  | { ok: false; code: SignatureFailure; message: string; deliveryId: string | null };

interface SignedHeaders {
  get(name: string): string | null;
}

/**
 * Checks a delivery's headers and raw body against `secret` at `now`: every header present and well
 * formed, the signature equal (compared in constant time), and the timestamp within five minutes of
 * `now` either way. The signature is checked before the timestamp, so only someone holding the
 * secret learns that a request was merely late.
 */
export function verifyWebhookSignature(
  secret: string,
  headers: SignedHeaders,
  body: Uint8Array,
  now: Date,
): SignatureCheck {
  const signature = headers.get(SIGNATURE_HEADER)?.trim() ?? "";
  const timestamp = headers.get(TIMESTAMP_HEADER)?.trim() ?? "";
  const deliveryHeader = headers.get(DELIVERY_HEADER)?.trim() ?? "";
  const deliveryId = DELIVERY_ID_PATTERN.test(deliveryHeader) ? deliveryHeader : null;
  const fail = (code: SignatureFailure, message: string): SignatureCheck => ({
    ok: false,
    code,
    message,
    deliveryId,
  });
  if (!signature)
    return fail("signature_missing", `Unsigned delivery: send ${SIGNATURE_HEADER}: sha256=<hex>`);
  const given = SIGNATURE_PATTERN.exec(signature)?.[1];
  if (!given)
    return fail(
      "signature_malformed",
      `${SIGNATURE_HEADER} must be "sha256=" followed by 64 lowercase hex digits`,
    );
  if (!timestamp) return fail("timestamp_missing", `Send ${TIMESTAMP_HEADER} (unix seconds)`);
  if (!TIMESTAMP_PATTERN.test(timestamp))
    return fail("timestamp_malformed", `${TIMESTAMP_HEADER} must be unix seconds (digits only)`);
  if (!deliveryHeader)
    return fail("delivery_id_missing", `Send ${DELIVERY_HEADER} (a unique id per delivery)`);
  if (!deliveryId)
    return fail("delivery_id_malformed", `${DELIVERY_HEADER} must be 1-150 letters, digits, "-", "_" or ":"`);
  const expected = Buffer.from(webhookSignature(secret, timestamp, deliveryId, body), "hex");
  if (!timingSafeEqual(Buffer.from(given, "hex"), expected))
    return fail("signature_mismatch", "The signature does not match the body, timestamp and delivery id");
  const seconds = Number(timestamp);
  const skew = Math.floor(now.getTime() / 1000) - seconds;
  if (skew > SIGNATURE_TOLERANCE_SECONDS)
    return fail(
      "timestamp_too_old",
      `The delivery is ${skew} s old; at most ${SIGNATURE_TOLERANCE_SECONDS} s are accepted`,
    );
  if (skew < -SIGNATURE_TOLERANCE_SECONDS)
    return fail(
      "timestamp_in_future",
      `The timestamp is ${-skew} s ahead of the server's clock; at most ${SIGNATURE_TOLERANCE_SECONDS} s are accepted`,
    );
  return { ok: true, timestamp: seconds, deliveryId };
}
