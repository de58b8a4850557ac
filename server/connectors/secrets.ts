// Encryption at rest for configured connectors' credentials: AES-256-GCM with a key from the
// environment (OMNIFLOW_SECRET_KEY), a random IV per value and a version prefix, so a wrong key or a
// changed ciphertext fails loudly instead of yielding garbage.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { decodeSecretKey, env, type Env } from "../env";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Where the demo key comes from when neither OMNIFLOW_SECRET_KEY nor AUTH_SECRET is set. */
const DEMO_SEED = "omniflow-demo-secret-key-not-for-production";

/** A value that cannot be decrypted: wrong key, changed data, or not our format. */
export class SecretError extends Error {
  override name = "SecretError";
}

/**
 * The connector secret key for a validated environment: OMNIFLOW_SECRET_KEY when set. In demo mode
 * without it, a fixed development key derived (HKDF-SHA256) from `authSecret` (AUTH_SECRET by
 * default), so every process started with the same AUTH_SECRET agrees. Throws in production mode
 * without OMNIFLOW_SECRET_KEY (parseEnv already refuses that).
 */
export function resolveSecretKey(
  config: Pick<Env, "OMNIFLOW_MODE" | "OMNIFLOW_SECRET_KEY" | "AUTH_SECRET">,
  authSecret: string | undefined = config.AUTH_SECRET,
): Buffer {
  if (config.OMNIFLOW_SECRET_KEY) {
    const key = decodeSecretKey(config.OMNIFLOW_SECRET_KEY);
    if (!key) throw new SecretError("OMNIFLOW_SECRET_KEY: must be 32 bytes as hex or base64");
    return key;
  }
  if (config.OMNIFLOW_MODE === "production") {
    throw new SecretError("OMNIFLOW_SECRET_KEY: is required when OMNIFLOW_MODE=production");
  }
  const derived = hkdfSync("sha256", authSecret ?? DEMO_SEED, "omniflow", "connector-secrets/v1", 32);
  return Buffer.from(derived);
}

let appKey: Buffer | undefined;

/** The running app's connector secret key, from the process environment (resolved once). */
export function appSecretKey(): Buffer {
  appKey ??= resolveSecretKey(env());
  return appKey;
}

function assertKey(key: Buffer): void {
  if (key.length !== 32) throw new SecretError("The secret key must be 32 bytes long");
}

/**
 * Encrypts `plaintext` as `v1:<iv>:<tag>:<ciphertext>` (base64url parts). `context` is bound to the
 * ciphertext as associated data (e.g. the owning row's id), so a value copied to another row does
 * not decrypt there.
 */
export function encryptSecret(key: Buffer, plaintext: string, context = ""): string {
  assertKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext]
    .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
    .join(":");
}

/**
 * Decrypts a value from `encryptSecret` with the same key and context. Throws SecretError when the
 * format or version is unknown, or when the key is wrong or the value (or context) was changed.
 */
export function decryptSecret(key: Buffer, value: string, context = ""): string {
  assertKey(key);
  const parts = value.split(":");
  if (parts.length !== 4 || parts[0] !== VERSION) {
    throw new SecretError(`Not an encrypted secret of version ${VERSION}`);
  }
  const [, iv, tag, ciphertext] = parts.map((part) => Buffer.from(part, "base64url"));
  if (iv?.length !== IV_BYTES || tag?.length !== TAG_BYTES || !ciphertext) {
    throw new SecretError("The encrypted secret is malformed");
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
  } catch (error: unknown) {
    // GCM only says "unable to authenticate"; say what that means for an operator.
    throw new SecretError(
      "Could not decrypt a stored secret: OMNIFLOW_SECRET_KEY differs from the key it was encrypted with, or the data was changed",
      { cause: error },
    );
  }
}
