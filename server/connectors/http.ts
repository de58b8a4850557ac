// The generic HTTP/REST connector: one `request` operation against a configured base URL, with the
// configured authentication, the engine's idempotency key in a header on every attempt, and HTTP
// statuses mapped to retryable or permanent failures. Credentials never appear in results or errors.
import { z } from "zod";
import { jsonValueSchema, type JsonObject, type JsonValue } from "@/engine";
import { defineConnector, defineOperation } from "./sdk";
import type { CallContext, Connector, ConnectorResult, ErrorCodeSpec } from "./types";

export const httpMethods = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export const httpAuthTypes = ["none", "bearer", "basic", "apiKey"] as const;
export type HttpAuthType = (typeof httpAuthTypes)[number];

/** The longest a single request may take, whatever a configuration or a step asks for. */
export const MAX_TIMEOUT_MS = 120_000;
/** Response bodies larger than this are refused rather than copied into an instance's variables. */
const MAX_BODY_CHARS = 1_000_000;
/** Response headers worth handing to a workflow (the rest stay out of instance state). */
const KEPT_HEADERS = ["content-type", "etag", "location", "last-modified", "x-request-id"];

/** A header name as RFC 9110 allows it. */
export const headerNameSchema = z
  .string()
  .trim()
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "Not a valid header name");

/** The non-secret settings of an HTTP connector configuration (stored as JSON). */
export const httpSettingsSchema = z.object({
  /** Sent with every request; a step's own headers override them. */
  headers: z.record(headerNameSchema, z.string()).default({}),
  /** The header that carries the API key when authType is apiKey. */
  apiKeyHeader: headerNameSchema.default("X-API-Key"),
  /** The header that carries the engine's idempotency key. */
  idempotencyHeader: headerNameSchema.default("Idempotency-Key"),
  /** The default time a request may take, in milliseconds. */
  timeoutMs: z.number().int().min(100).max(MAX_TIMEOUT_MS).default(10_000),
});
export type HttpSettings = z.output<typeof httpSettingsSchema>;

/** Credentials as they are decrypted from a configuration, by auth type. */
export type HttpAuth =
  | { type: "none" }
  | { type: "bearer"; token: string }
  | { type: "basic"; username: string; password: string }
  | { type: "apiKey"; apiKey: string };

/** Everything the connector needs: the configuration with its decrypted credentials. */
export interface HttpConnectorConfig {
  /** The connector id workflows name (ConnectorConfig.key). */
  key: string;
  name: string;
  baseUrl: string;
  auth: HttpAuth;
  settings: HttpSettings;
}

const scalarSchema = z.union([z.string(), z.number(), z.boolean()]);

/** The inputs of the `request` operation, as a step's input mapping produces them. */
export const httpRequestInputSchema = z.object({
  method: z.enum(httpMethods, { message: `Use one of ${httpMethods.join(", ")}` }),
  /** Relative to the base URL; `{name}` placeholders are filled (URL-encoded) from `params`. */
  path: z.string().max(2000).default(""),
  params: z.record(z.string(), scalarSchema).default({}),
  query: z.record(z.string(), z.union([scalarSchema, z.null(), z.array(scalarSchema)])).default({}),
  headers: z.record(headerNameSchema, z.string()).default({}),
  body: jsonValueSchema.optional(),
  /** Output name → JSON pointer (`/items/0/id`) or dot path (`items[0].id`) into the response body. */
  responseMapping: z.record(z.string(), z.string()).optional(),
  timeoutMs: z.number().int().min(1).max(MAX_TIMEOUT_MS).optional(),
});
export type HttpRequestInput = z.input<typeof httpRequestInputSchema>;

/** A successful exchange, reduced to what a workflow may see. */
export interface HttpResponseSummary {
  status: number;
  headers: Record<string, string>;
  body: JsonValue;
}

/** A failed exchange: a ConnectorResult failure, plus the status and Retry-After when there was an answer. */
export interface HttpFailure {
  ok: false;
  code: string;
  retryable: boolean;
  message: string;
  status?: number;
  retryAfterMs?: number;
}

export type HttpOutcome = { ok: true; response: HttpResponseSummary } | HttpFailure;

/** Whether an HTTP status is worth retrying: timeouts, too early, too many requests and 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

/** Retry-After as milliseconds from `now` (delta-seconds or an HTTP date), or undefined. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The credential strings of an auth, in every form they could appear in text. */
function secretStrings(auth: HttpAuth): string[] {
  switch (auth.type) {
    case "none":
      return [];
    case "bearer":
      return [auth.token];
    case "basic":
      return [
        auth.password,
        Buffer.from(`${auth.username}:${auth.password}`).toString("base64"),
        encodeURIComponent(auth.password),
      ];
    case "apiKey":
      return [auth.apiKey, encodeURIComponent(auth.apiKey)];
  }
}

/** `text` with every credential of `auth` replaced by [redacted]. */
export function redactSecrets(text: string, auth: HttpAuth): string {
  return secretStrings(auth)
    .filter((secret) => secret.length >= 4)
    .sort((a, b) => b.length - a.length)
    .reduce((result, secret) => result.split(secret).join("[redacted]"), text);
}

/**
 * The value at `path` in `value`: a JSON pointer (`/a/0/b`, RFC 6901) or a dot path (`a[0].b`,
 * optionally starting with `$.`); "" and "$" mean the whole value. Missing values are null.
 */
export function readPath(value: JsonValue, path: string): JsonValue {
  const segments = path.startsWith("/")
    ? path
        .slice(1)
        .split("/")
        .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"))
    : path
        .replace(/^\$\.?/, "")
        .replace(/\[(\d+)\]/g, ".$1")
        .split(".")
        .filter((segment) => segment !== "");
  let current: JsonValue | undefined = value;
  for (const segment of segments) {
    if (Array.isArray(current)) current = /^\d+$/.test(segment) ? current[Number(segment)] : undefined;
    else if (current !== null && typeof current === "object") current = current[segment];
    else current = undefined;
    if (current === undefined) return null;
  }
  return current ?? null;
}

function failure(code: string, retryable: boolean, message: string): HttpFailure {
  return { ok: false, code, retryable, message };
}

/** The request URL: the path template filled and joined to the base URL, never leaving it. */
function buildUrl(baseUrl: string, input: z.output<typeof httpRequestInputSchema>): URL | HttpFailure {
  let problem: string | undefined;
  const path = input.path.replace(/\{([^{}]+)\}/g, (_match, name: string) => {
    const value = input.params[name];
    if (value === undefined) problem ??= `The path needs {${name}}, which params does not give`;
    // URLs treat these as "this" and "parent" segments however they are encoded.
    else if (value === "." || value === "..") problem ??= `{${name}} may not be "${value}"`;
    return value === undefined ? "" : encodeURIComponent(String(value));
  });
  if (problem !== undefined) return failure("BAD_INPUT", false, problem);
  const base = new URL(baseUrl);
  const joined = path ? `${baseUrl.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}` : baseUrl;
  let url: URL;
  try {
    url = new URL(joined);
  } catch {
    return failure("BAD_INPUT", false, `"${input.path}" does not give a valid URL`);
  }
  const basePath = base.pathname.endsWith("/") ? base.pathname : `${base.pathname}/`;
  if (url.origin !== base.origin || !`${url.pathname}/`.startsWith(basePath)) {
    return failure("BAD_INPUT", false, `"${input.path}" leads outside the configured base URL`);
  }
  for (const [name, value] of Object.entries(input.query)) {
    if (value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(name, String(item));
  }
  return url;
}

function buildHeaders(
  config: HttpConnectorConfig,
  input: z.output<typeof httpRequestInputSchema>,
  idempotencyKey: string,
): Headers {
  const headers = new Headers({ accept: "application/json" });
  for (const [name, value] of Object.entries({ ...config.settings.headers, ...input.headers })) {
    headers.set(name, value);
  }
  if (input.body !== undefined && !headers.has("content-type"))
    headers.set("content-type", "application/json");
  // Credentials and the idempotency key come last: a step's headers cannot replace them.
  const auth = config.auth;
  switch (auth.type) {
    case "none":
      break;
    case "bearer":
      headers.set("authorization", `Bearer ${auth.token}`);
      break;
    case "basic":
      headers.set(
        "authorization",
        `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString("base64")}`,
      );
      break;
    case "apiKey":
      headers.set(config.settings.apiKeyHeader, auth.apiKey);
      break;
  }
  headers.set(config.settings.idempotencyHeader, idempotencyKey);
  return headers;
}

function parseBody(text: string, contentType: string): JsonValue {
  if (text === "") return null;
  if (/\bjson\b/i.test(contentType) || /^\s*[[{]/.test(text)) {
    try {
      return JSON.parse(text) as JsonValue;
    } catch {
      // Not JSON after all: hand the text to the workflow as it is.
    }
  }
  return text;
}

function networkReason(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) return "code" in cause ? String(cause.code) : cause.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Sends one request for `config` and reports the answer. Never throws: bad inputs are BAD_INPUT
 * (permanent), statuses other than 2xx are HTTP_<status> (retryable for 408, 425, 429 and 5xx),
 * unreachable hosts NETWORK_ERROR and timeouts or aborts TIMEOUT (both retryable). Every message
 * has the configuration's credentials redacted.
 */
export async function sendHttpRequest(
  config: HttpConnectorConfig,
  rawInput: unknown,
  context: { idempotencyKey: string; timeoutMs?: number; signal?: AbortSignal },
): Promise<HttpOutcome> {
  const outcome = await send(config, rawInput, context);
  return outcome.ok ? outcome : { ...outcome, message: redactSecrets(outcome.message, config.auth) };
}

async function send(
  config: HttpConnectorConfig,
  rawInput: unknown,
  context: { idempotencyKey: string; timeoutMs?: number; signal?: AbortSignal },
): Promise<HttpOutcome> {
  const parsed = httpRequestInputSchema.safeParse(rawInput);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join(".") || "input"}: ${issue.message}`,
    );
    return failure("BAD_INPUT", false, `Invalid request: ${problems.join("; ")}`);
  }
  const input = parsed.data;
  const url = buildUrl(config.baseUrl, input);
  if (!(url instanceof URL)) return url;
  const timeoutMs = Math.min(
    input.timeoutMs ?? config.settings.timeoutMs,
    context.timeoutMs ?? MAX_TIMEOUT_MS,
  );
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = context.signal ? AbortSignal.any([context.signal, timeout]) : timeout;
  const where = `${input.method} ${url.pathname}`;
  try {
    const response = await fetch(url, {
      method: input.method,
      headers: buildHeaders(config, input, context.idempotencyKey),
      body: input.body === undefined ? undefined : JSON.stringify(input.body),
      // Redirects are not followed: they could carry the credentials to another host.
      redirect: "manual",
      signal,
    });
    const text = await response.text();
    if (text.length > MAX_BODY_CHARS) {
      return failure(
        "RESPONSE_TOO_LARGE",
        false,
        `${where} answered with more than ${MAX_BODY_CHARS} characters`,
      );
    }
    const contentType = response.headers.get("content-type") ?? "";
    if (response.status < 200 || response.status > 299) {
      const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), Date.now());
      const excerpt = text.trim().slice(0, 200);
      return {
        ok: false,
        code: `HTTP_${response.status}`,
        retryable: isRetryableStatus(response.status),
        message: `${where} answered ${response.status}${response.statusText ? ` ${response.statusText}` : ""}${excerpt ? `: ${excerpt}` : ""}`,
        status: response.status,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      };
    }
    const headers: Record<string, string> = {};
    for (const name of KEPT_HEADERS) {
      const value = response.headers.get(name);
      if (value !== null) headers[name] = value;
    }
    return { ok: true, response: { status: response.status, headers, body: parseBody(text, contentType) } };
  } catch (error: unknown) {
    if (signal.aborted) {
      return failure("TIMEOUT", true, `${where} did not answer within ${timeoutMs} ms`);
    }
    return failure("NETWORK_ERROR", true, `${where} could not reach ${url.host}: ${networkReason(error)}`);
  }
}

/** The output of a successful request: the mapped fields, or status, headers and body. */
function outputOf(response: HttpResponseSummary, mapping: Record<string, string> | undefined): JsonValue {
  if (!mapping) return { status: response.status, headers: response.headers, body: response.body };
  return Object.fromEntries(
    Object.entries(mapping).map(([name, path]) => [name, readPath(response.body, path)]),
  );
}

/**
 * The `request` input schema as an operation declares it. The parsed input is plain JSON (the schema
 * only adds defaults), but zod cannot express that optional fields satisfy JsonObject's index signature.
 */
export const requestOperationInput = httpRequestInputSchema as unknown as z.ZodType<JsonObject>;

/** What the `request` operation may answer with besides the registry's own errors. */
const requestErrors: ErrorCodeSpec[] = [
  {
    code: "BAD_INPUT",
    retryable: false,
    description: "A path parameter is missing or the path leaves the base URL",
  },
  {
    code: "HTTP_4XX",
    retryable: false,
    description: "The system refused the request; the code names the status, e.g. HTTP_404",
  },
  { code: "HTTP_408", retryable: true, description: "The system timed out waiting for the request" },
  { code: "HTTP_425", retryable: true, description: "The system asks to try again later (too early)" },
  { code: "HTTP_429", retryable: true, description: "Too many requests (Retry-After is reported)" },
  {
    code: "HTTP_5XX",
    retryable: true,
    description: "The system failed; the code names the status, e.g. HTTP_503",
  },
  { code: "NETWORK_ERROR", retryable: true, description: "The system could not be reached" },
  { code: "TIMEOUT", retryable: true, description: "No answer within the request's timeout" },
  {
    code: "RESPONSE_TOO_LARGE",
    retryable: false,
    description: "The answer is larger than 1,000,000 characters",
  },
];

/**
 * A connector with id `config.key` and one operation, `request`. Its result is a ConnectorResult;
 * a failure may also carry `status` and `retryAfterMs` (from the answer's Retry-After header).
 */
export function createHttpConnector(config: HttpConnectorConfig): Connector {
  return defineConnector({
    id: config.key,
    name: config.name,
    version: "1.0.0",
    description: `HTTP/REST calls to ${config.baseUrl}`,
    operations: {
      request: defineOperation({
        name: "HTTP request",
        description:
          "Sends one request relative to the base URL and returns the answer or its mapped fields.",
        input: requestOperationInput,
        output: z.json(),
        errors: requestErrors,
        // Every attempt carries the same idempotency key header, so a system that deduplicates on
        // it applies a repeated call once.
        idempotent: true,
        call: async (input: JsonObject, context: CallContext): Promise<ConnectorResult> => {
          const outcome = await sendHttpRequest(config, input, context);
          if (!outcome.ok) return outcome;
          const mapping = httpRequestInputSchema.shape.responseMapping.parse(input.responseMapping);
          return { ok: true, output: outputOf(outcome.response, mapping) };
        },
      }),
    },
  });
}
