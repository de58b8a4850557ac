// Other systems send messages over HTTP: token-protected, validated, deduplicated, and recorded
// even when nothing waits for them.
import { expect, test } from "@playwright/test";

const token = "e2e-system-token-0123456789abcdef";
const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };

test("POST /api/messages checks the token, validates, records unmatched messages and ignores repeats", async ({
  request,
}) => {
  const anonymous = await request.post("/api/messages", {
    headers: { "content-type": "application/json" },
    data: { name: "x", correlationKey: "y" },
  });
  expect(anonymous.status()).toBe(401);
  const wrongToken = await request.post("/api/messages", {
    headers: { ...headers, authorization: "Bearer not-the-token-at-all-000000" },
    data: { name: "x", correlationKey: "y" },
  });
  expect(wrongToken.status()).toBe(401);

  const invalid = await request.post("/api/messages", { headers, data: { correlationKey: "SO-1" } });
  expect(invalid.status()).toBe(400);
  expect(((await invalid.json()) as { fieldErrors: Record<string, string[]> }).fieldErrors).toHaveProperty(
    "name",
  );

  const message = {
    name: "payment.received",
    correlationKey: "SO-404",
    payload: { amount: 12 },
    messageId: `e2e-${Date.now()}`,
  };
  const first = await request.post("/api/messages", { headers, data: message });
  expect(first.status()).toBe(202);
  expect(await first.json()).toMatchObject({ duplicate: false, status: "unmatched", instanceIds: [] });
  const repeat = await request.post("/api/messages", { headers, data: message });
  expect(repeat.status()).toBe(200);
  expect(await repeat.json()).toEqual({ duplicate: true, messageId: message.messageId });

  const crossOrigin = await request.post("/api/messages", {
    headers: { ...headers, origin: "http://evil.example" },
    data: message,
  });
  expect(crossOrigin.status()).toBe(403);
});
