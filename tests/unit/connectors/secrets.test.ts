// Connector secrets at rest: AES-256-GCM round trips, refuses changed data, a wrong key or another
// row's context with a clear error, and the key comes from the environment.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, resolveSecretKey, SecretError } from "@/server/connectors/secrets";
import { parseEnv } from "@/server/env";

const key = Buffer.alloc(32, 7);
const plaintext = JSON.stringify({ token: "s3cr3t-token-Grüße ✓" });

/** `value` with one base64url character of part `index` changed. */
function tamper(value: string, index: number): string {
  const parts = value.split(":");
  const part = parts[index]!;
  parts[index] = (part[0] === "A" ? "B" : "A") + part.slice(1);
  return parts.join(":");
}

describe("encryptSecret / decryptSecret", () => {
  it("round-trips with a version prefix, a fresh IV each time and no plaintext in the ciphertext", () => {
    const first = encryptSecret(key, plaintext, "connector-config:1");
    const second = encryptSecret(key, plaintext, "connector-config:1");
    expect(first).toMatch(/^v1:[\w-]{16}:[\w-]{22}:[\w-]+$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain("s3cr3t");
    expect(decryptSecret(key, first, "connector-config:1")).toBe(plaintext);
    expect(decryptSecret(key, second, "connector-config:1")).toBe(plaintext);
    expect(decryptSecret(key, encryptSecret(key, ""))).toBe("");
  });

  it.each([
    ["the IV", 1],
    ["the tag", 2],
    ["the ciphertext", 3],
  ])("detects a change to %s", (_part, index) => {
    const value = encryptSecret(key, plaintext);
    expect(() => decryptSecret(key, tamper(value, index))).toThrow(SecretError);
  });

  it("fails clearly with a wrong key or another row's context", () => {
    const value = encryptSecret(key, plaintext, "connector-config:1");
    expect(() => decryptSecret(randomBytes(32), value, "connector-config:1")).toThrow(
      /OMNIFLOW_SECRET_KEY differs from the key it was encrypted with/,
    );
    expect(() => decryptSecret(key, value, "connector-config:2")).toThrow(SecretError);
  });

  it("refuses other formats and keys that are not 32 bytes", () => {
    expect(() => decryptSecret(key, "v2:a:b:c")).toThrow(/version v1/);
    expect(() => decryptSecret(key, "plain text")).toThrow(SecretError);
    expect(() => decryptSecret(key, "v1:AAAA:AAAA:AAAA")).toThrow(/malformed/);
    expect(() => encryptSecret(Buffer.alloc(16), plaintext)).toThrow(/32 bytes/);
  });
});

describe("OMNIFLOW_SECRET_KEY", () => {
  const hex = "0f".repeat(32);
  const base64 = Buffer.alloc(32, 9).toString("base64");

  it("is read as hex or base64", () => {
    expect(resolveSecretKey(parseEnv({ OMNIFLOW_SECRET_KEY: hex }))).toEqual(Buffer.alloc(32, 0x0f));
    expect(resolveSecretKey(parseEnv({ OMNIFLOW_SECRET_KEY: base64 }))).toEqual(Buffer.alloc(32, 9));
  });

  it.each(["too-short", "0f".repeat(31), Buffer.alloc(16).toString("base64"), "not base64 !"])(
    "refuses %j naming the variable",
    (value) => {
      expect(() => parseEnv({ OMNIFLOW_SECRET_KEY: value })).toThrow(/OMNIFLOW_SECRET_KEY: must be 32/);
    },
  );

  it("is required in production mode", () => {
    expect(() => parseEnv({ OMNIFLOW_MODE: "production", AUTH_SECRET: "x".repeat(40) })).toThrow(
      /OMNIFLOW_SECRET_KEY: is required when OMNIFLOW_MODE=production/,
    );
    const env = parseEnv({
      OMNIFLOW_MODE: "production",
      AUTH_SECRET: "x".repeat(40),
      OMNIFLOW_SECRET_KEY: hex,
    });
    expect(resolveSecretKey(env)).toHaveLength(32);
    expect(() => resolveSecretKey({ ...env, OMNIFLOW_SECRET_KEY: undefined })).toThrow(SecretError);
  });

  it("is derived from AUTH_SECRET in demo mode when unset: fixed for one AUTH_SECRET, different for another", () => {
    const a = resolveSecretKey(parseEnv({ AUTH_SECRET: "a".repeat(40) }));
    expect(a).toHaveLength(32);
    expect(resolveSecretKey(parseEnv({ AUTH_SECRET: "a".repeat(40) }))).toEqual(a);
    expect(resolveSecretKey(parseEnv({ AUTH_SECRET: "b".repeat(40) }))).not.toEqual(a);
    expect(resolveSecretKey(parseEnv({}))).toEqual(resolveSecretKey(parseEnv({})));
    const sealed = encryptSecret(a, plaintext);
    expect(() => decryptSecret(resolveSecretKey(parseEnv({ AUTH_SECRET: "b".repeat(40) })), sealed)).toThrow(
      SecretError,
    );
  });
});
