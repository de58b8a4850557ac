// Configured connectors: admins manage them (credentials encrypted at rest, never returned, never in
// the audit trail), and the HTTP connector built from them talks to a real local HTTP server: auth
// headers, a stable idempotency header, status classes, timeouts, response mapping, path encoding.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadRegistry } from "@/server/connectors/default-registry";
import type { ConnectorRegistry } from "@/server/connectors/registry";
import { appSecretKey, decryptSecret } from "@/server/connectors/secrets";
import { zodFieldErrors } from "@/server/trpc/init";
import { databaseKinds } from "../helpers/databases";
import { createTestApp, type TestApp } from "../helpers/app";

const TOKEN = "tok-Sup3rSecret-0123456789";
const PASSWORD = "pa55-w0rd-Secret";
const API_KEY = "ak-Secret-abcdef-987654";

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local stand-in for an ERP: records every request and answers by path. */
async function startErp(): Promise<{
  server: Server;
  baseUrl: string;
  received: Received[];
  counts: Map<string, number>;
}> {
  const received: Received[] = [];
  const counts = new Map<string, number>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const url = request.url ?? "/";
      received.push({
        method: request.method ?? "",
        url,
        headers: request.headers,
        body: Buffer.concat(chunks).toString(),
      });
      const path = url.split("?")[0]!;
      counts.set(path, (counts.get(path) ?? 0) + 1);
      const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
        response.writeHead(status, { "content-type": "application/json", ...headers });
        response.end(JSON.stringify(value));
      };
      if (path === "/api/v1/slow") {
        setTimeout(() => json(200, { late: true }), 2_000).unref();
        return;
      }
      if (path === "/api/v1/unavailable") return json(503, { error: "maintenance" }, { "retry-after": "7" });
      if (path === "/api/v1/throttled") return json(429, { error: "slow down" });
      // A careless system that echoes the credentials it was sent in its error.
      if (path === "/api/v1/missing")
        return json(404, {
          error: "not found",
          echo: [request.headers.authorization, request.headers["x-erp-key"]].filter(Boolean),
        });
      if (path === "/api/v1/invalid") return json(422, { error: "quantity must be positive" });
      if (path === "/api/v1/redirect") {
        response.writeHead(302, { location: "http://example.invalid/elsewhere" });
        return response.end();
      }
      if (path === "/api/v1/text") {
        response.writeHead(200, { "content-type": "text/plain" });
        return response.end("pong");
      }
      return json(
        200,
        { order: { id: "PO-77", lines: [{ sku: "SKU-1" }, { sku: "SKU-2" }] }, path },
        { etag: '"v1"', "x-internal": "not for workflows" },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, baseUrl: `http://127.0.0.1:${port}/api/v1`, received, counts };
}

/** The field errors a client would see for a refused call. */
function fieldErrorsOf(error: unknown): Record<string, string[]> {
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  const cause = error.cause;
  if (cause instanceof ZodError) return zodFieldErrors(cause);
  if (cause && "fieldErrors" in cause)
    return Object.fromEntries(
      Object.entries(cause.fieldErrors as Record<string, string>).map(([field, message]) => [
        field,
        [message],
      ]),
    );
  if (cause && "field" in cause && typeof cause.field === "string") return { [cause.field]: [cause.message] };
  return {};
}

const call = (
  registry: ConnectorRegistry,
  connector: string,
  input: Record<string, unknown>,
  key = "job-1",
  timeoutMs = 5_000,
) => registry.call(connector, "request", input as never, { idempotencyKey: key, attempt: 1, timeoutMs });

describe.each(databaseKinds)("configured connectors on %s", (kind) => {
  let app: TestApp;
  let erp: Awaited<ReturnType<typeof startErp>>;
  beforeAll(async () => {
    app = await createTestApp(kind);
    erp = await startErp();
  });
  afterAll(async () => {
    await new Promise((resolve) => erp.server.close(resolve));
    await app.drop();
  });

  const bearerInput = () => ({
    key: "erp-bearer",
    name: "ERP (bearer)",
    baseUrl: erp.baseUrl,
    authType: "bearer" as const,
    token: TOKEN,
    headers: { "X-Tenant": "retail-eu" },
  });

  it("creates, lists, changes and deletes configurations without ever returning the credentials", async () => {
    const admin = await app.callerFor("admin@omniflow.demo");
    const created = await admin.connectorConfigs.create(bearerInput());
    expect(created).toMatchObject({
      key: "erp-bearer",
      type: "http",
      authType: "bearer",
      hasSecret: true,
      baseUrl: erp.baseUrl,
      settings: {
        headers: { "X-Tenant": "retail-eu" },
        idempotencyHeader: "Idempotency-Key",
        timeoutMs: 10_000,
      },
    });
    expect(JSON.stringify(created)).not.toContain(TOKEN);
    expect(created).not.toHaveProperty("secretCiphertext");

    // Stored encrypted: the raw row has a versioned ciphertext without the token, bound to the row.
    const raw = await app.db.connectorConfig.findUniqueOrThrow({ where: { id: created.id } });
    expect(raw.secretCiphertext).toMatch(/^v1:/);
    expect(raw.secretCiphertext).not.toContain(TOKEN);
    expect(raw.secretCiphertext).not.toContain(Buffer.from(TOKEN).toString("base64"));
    expect(
      JSON.parse(decryptSecret(appSecretKey(), raw.secretCiphertext!, `connector-config:${created.id}`)),
    ).toEqual({ token: TOKEN });
    expect(raw.createdById).toBe((await app.user("admin@omniflow.demo")).id);

    const listed = await admin.connectorConfigs.list();
    expect(listed.map((config) => [config.key, config.hasSecret])).toEqual([["erp-bearer", true]]);
    expect(JSON.stringify(listed)).not.toContain(TOKEN);
    expect(JSON.stringify(listed)).not.toContain(raw.secretCiphertext);

    // Credentials left out keep the stored ones; other fields change.
    const renamed = await admin.connectorConfigs.update({
      ...bearerInput(),
      id: created.id,
      name: "ERP (renamed)",
      token: "",
      timeoutMs: 2_500,
    });
    expect(renamed).toMatchObject({ name: "ERP (renamed)", hasSecret: true, settings: { timeoutMs: 2_500 } });
    const afterRename = await app.db.connectorConfig.findUniqueOrThrow({ where: { id: created.id } });
    expect(
      JSON.parse(
        decryptSecret(appSecretKey(), afterRename.secretCiphertext!, `connector-config:${created.id}`),
      ),
    ).toEqual({ token: TOKEN });

    // Switching the auth type needs the new type's credentials; nothing is written otherwise.
    const switched = await admin.connectorConfigs
      .update({ ...bearerInput(), id: created.id, authType: "basic", token: undefined })
      .catch((caught: unknown) => caught);
    expect((switched as TRPCError).code).toBe("BAD_REQUEST");
    expect(Object.keys(fieldErrorsOf(switched)).sort()).toEqual(["password", "username"]);
    expect(await app.db.connectorConfig.findUniqueOrThrow({ where: { id: created.id } })).toEqual(
      afterRename,
    );

    // No auth: the stored credentials are dropped.
    const none = await admin.connectorConfigs.update({ ...bearerInput(), id: created.id, authType: "none" });
    expect(none.hasSecret).toBe(false);
    expect(
      (await app.db.connectorConfig.findUniqueOrThrow({ where: { id: created.id } })).secretCiphertext,
    ).toBeNull();

    // Audited, without credentials.
    const audit = await app.db.auditEntry.findMany({
      where: { objectType: "connector-config" },
      orderBy: { seq: "asc" },
    });
    expect(audit.map((entry) => entry.action)).toEqual([
      "connector-config.created",
      "connector-config.updated",
      "connector-config.updated",
    ]);
    expect(JSON.stringify(audit)).not.toContain(TOKEN);

    await admin.connectorConfigs.delete({ id: created.id });
    expect(await admin.connectorConfigs.list()).toEqual([]);
    const again = await admin.connectorConfigs.delete({ id: created.id }).catch((caught: unknown) => caught);
    expect((again as TRPCError).code).toBe("NOT_FOUND");
    expect(await app.db.auditEntry.count({ where: { action: "connector-config.deleted" } })).toBe(1);
  });

  it("refuses bad input with field errors, and a used key with CONFLICT on key, writing nothing", async () => {
    const admin = await app.callerFor("admin@omniflow.demo");
    const before = await app.db.connectorConfig.count();
    const auditBefore = await app.db.auditEntry.count();
    const bad = await admin.connectorConfigs
      .create({
        key: "Bad Key",
        name: "",
        baseUrl: "ftp://erp.example.test",
        authType: "bearer",
        token: TOKEN,
        headers: { Authorization: `Bearer ${TOKEN}` },
        timeoutMs: 5,
      })
      .catch((caught: unknown) => caught);
    expect((bad as TRPCError).code).toBe("BAD_REQUEST");
    expect(Object.keys(fieldErrorsOf(bad)).sort()).toEqual([
      "baseUrl",
      "headers",
      "key",
      "name",
      "timeoutMs",
    ]);
    expect(JSON.stringify(fieldErrorsOf(bad))).not.toContain(TOKEN);

    const missing = await admin.connectorConfigs
      .create({ ...bearerInput(), key: "erp-missing", token: "  " })
      .catch((caught: unknown) => caught);
    expect(fieldErrorsOf(missing)).toEqual({ token: ["Enter the bearer token"] });

    const withCredentialsInUrl = await admin.connectorConfigs
      .create({ ...bearerInput(), key: "erp-url", baseUrl: `https://erp:${PASSWORD}@erp.example.test/api` })
      .catch((caught: unknown) => caught);
    expect(Object.keys(fieldErrorsOf(withCredentialsInUrl))).toEqual(["baseUrl"]);

    const builtIn = await admin.connectorConfigs
      .create({ ...bearerInput(), key: "fake" })
      .catch((caught: unknown) => caught);
    expect(fieldErrorsOf(builtIn).key).toEqual(["This key belongs to a built-in connector"]);
    expect(await app.db.connectorConfig.count()).toBe(before);

    const first = await admin.connectorConfigs.create({ ...bearerInput(), key: "erp-dup" });
    const duplicate = await admin.connectorConfigs
      .create({ ...bearerInput(), key: "erp-dup", name: "Another" })
      .catch((caught: unknown) => caught);
    expect((duplicate as TRPCError).code).toBe("CONFLICT");
    expect(Object.keys(fieldErrorsOf(duplicate))).toEqual(["key"]);
    const other = await admin.connectorConfigs.create({ ...bearerInput(), key: "erp-other" });
    const renameClash = await admin.connectorConfigs
      .update({ ...bearerInput(), id: other.id, key: "erp-dup" })
      .catch((caught: unknown) => caught);
    expect((renameClash as TRPCError).code).toBe("CONFLICT");
    expect(await app.db.connectorConfig.count()).toBe(before + 2);
    expect(await app.db.auditEntry.count()).toBe(auditBefore + 2);
    await admin.connectorConfigs.delete({ id: first.id });
    await admin.connectorConfigs.delete({ id: other.id });
  });

  it("refuses everyone but admins", async () => {
    for (const email of ["designer@omniflow.demo", "approver@omniflow.demo", "requester@omniflow.demo"]) {
      const caller = await app.callerFor(email);
      for (const attempt of [
        () => caller.connectorConfigs.list(),
        () => caller.connectorConfigs.create(bearerInput()),
        () => caller.connectorConfigs.test({ id: "x", path: "/" }),
        () => caller.connectorConfigs.delete({ id: "x" }),
      ]) {
        const error = await attempt().catch((caught: unknown) => caught);
        expect((error as TRPCError).code, email).toBe("FORBIDDEN");
      }
    }
    const anonymous = await app.callerFor(null);
    expect(
      ((await anonymous.connectorConfigs.list().catch((caught: unknown) => caught)) as TRPCError).code,
    ).toBe("UNAUTHORIZED");
    expect(await app.db.connectorConfig.count({ where: { key: "erp-bearer" } })).toBe(0);
  });

  describe("the HTTP connector", () => {
    let registry: ConnectorRegistry;
    const ids: Record<string, string> = {};
    beforeAll(async () => {
      const admin = await app.callerFor("admin@omniflow.demo");
      ids.bearer = (await admin.connectorConfigs.create(bearerInput())).id;
      ids.basic = (
        await admin.connectorConfigs.create({
          key: "erp-basic",
          name: "ERP (basic)",
          baseUrl: erp.baseUrl,
          authType: "basic",
          username: "omniflow",
          password: PASSWORD,
        })
      ).id;
      ids.apiKey = (
        await admin.connectorConfigs.create({
          key: "erp-apikey",
          name: "ERP (API key)",
          baseUrl: `${erp.baseUrl}/`,
          authType: "apiKey",
          apiKey: API_KEY,
          apiKeyHeader: "X-ERP-Key",
          idempotencyHeader: "X-Request-Key",
        })
      ).id;
      ids.closed = (
        await admin.connectorConfigs.create({
          key: "erp-closed",
          name: "ERP (down)",
          baseUrl: "http://127.0.0.1:9/api",
          authType: "none",
        })
      ).id;
      registry = await loadRegistry(app.db, { secretKey: appSecretKey() });
    });

    it("appears in the catalog next to the built-in connectors", () => {
      const catalog = registry.catalog();
      expect(catalog.connectors.map((connector) => connector.id)).toEqual(
        expect.arrayContaining(["fake", "erp-bearer", "erp-basic", "erp-apikey", "erp-closed"]),
      );
      const request = catalog.connectors.find((connector) => connector.id === "erp-bearer")?.operations[0];
      expect(request?.id).toBe("request");
      expect(request?.inputs).toEqual(expect.arrayContaining([{ name: "method", required: true }]));
    });

    it("sends bearer, basic and API-key credentials, default headers and the idempotency key", async () => {
      erp.received.length = 0;
      expect(
        await call(registry, "erp-bearer", { method: "GET", path: "/orders" }, "job-bearer"),
      ).toMatchObject({
        ok: true,
        output: { status: 200, headers: { etag: '"v1"', "content-type": "application/json" } },
      });
      expect(await call(registry, "erp-basic", { method: "GET", path: "orders" }, "job-basic")).toMatchObject(
        { ok: true },
      );
      expect(await call(registry, "erp-apikey", { method: "GET", path: "/orders" }, "job-key")).toMatchObject(
        { ok: true },
      );
      const [bearer, basic, apiKey] = erp.received;
      expect(bearer?.url).toBe("/api/v1/orders");
      expect(bearer?.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(bearer?.headers["x-tenant"]).toBe("retail-eu");
      expect(bearer?.headers["idempotency-key"]).toBe("job-bearer");
      expect(basic?.url).toBe("/api/v1/orders");
      expect(basic?.headers.authorization).toBe(
        `Basic ${Buffer.from(`omniflow:${PASSWORD}`).toString("base64")}`,
      );
      expect(apiKey?.url).toBe("/api/v1/orders");
      expect(apiKey?.headers["x-erp-key"]).toBe(API_KEY);
      expect(apiKey?.headers.authorization).toBeUndefined();
      expect(apiKey?.headers["x-request-key"]).toBe("job-key");
      expect(apiKey?.headers["idempotency-key"]).toBeUndefined();
      // Headers outside the kept list do not reach the workflow.
      const result = await call(registry, "erp-bearer", { method: "GET", path: "/orders" });
      expect(JSON.stringify(result)).not.toContain("not for workflows");
    });

    it("sends the same idempotency key on every attempt and a JSON body, with the step's headers", async () => {
      erp.received.length = 0;
      const input = {
        method: "POST",
        path: "/orders",
        body: { sku: "SKU-1", qty: 2, note: "Grüße" },
        headers: { "X-Trace": "t-1", Authorization: "Bearer forged" },
      };
      for (const attempt of [1, 2, 3]) {
        expect(
          await registry.call("erp-bearer", "request", input, {
            idempotencyKey: "inst-1:createPo:1",
            attempt,
            timeoutMs: 5_000,
          }),
        ).toMatchObject({ ok: true });
      }
      expect(erp.received.map((request) => request.headers["idempotency-key"])).toEqual([
        "inst-1:createPo:1",
        "inst-1:createPo:1",
        "inst-1:createPo:1",
      ]);
      const first = erp.received[0]!;
      expect(first.method).toBe("POST");
      expect(first.headers["content-type"]).toBe("application/json");
      expect(first.headers["x-trace"]).toBe("t-1");
      // A step cannot replace the configured credentials.
      expect(first.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(JSON.parse(first.body)).toEqual({ sku: "SKU-1", qty: 2, note: "Grüße" });
    });

    it("maps 5xx, 408/425/429 and network errors to retryable failures and other 4xx to permanent ones", async () => {
      const unavailable = await call(registry, "erp-bearer", { method: "GET", path: "/unavailable" });
      expect(unavailable).toMatchObject({
        ok: false,
        code: "HTTP_503",
        retryable: true,
        retryAfterMs: 7_000,
      });
      expect(await call(registry, "erp-bearer", { method: "GET", path: "/throttled" })).toMatchObject({
        ok: false,
        code: "HTTP_429",
        retryable: true,
      });
      const invalid = await call(registry, "erp-bearer", {
        method: "POST",
        path: "/invalid",
        body: { qty: -1 },
      });
      expect(invalid).toMatchObject({ ok: false, code: "HTTP_422", retryable: false });
      expect(invalid.ok ? "" : invalid.message).toContain("quantity must be positive");
      expect(await call(registry, "erp-bearer", { method: "GET", path: "/redirect" })).toMatchObject({
        ok: false,
        code: "HTTP_302",
        retryable: false,
      });
      expect(await call(registry, "erp-closed", { method: "GET", path: "/ping" })).toMatchObject({
        ok: false,
        code: "NETWORK_ERROR",
        retryable: true,
      });
    });

    it("never puts the credentials into a failure, even when the system echoes them", async () => {
      for (const connector of ["erp-bearer", "erp-basic", "erp-apikey"]) {
        const missing = await call(registry, connector, { method: "GET", path: "/missing" });
        expect(missing, connector).toMatchObject({ ok: false, code: "HTTP_404", retryable: false });
        const text = JSON.stringify(missing);
        expect(text, connector).toContain("[redacted]");
        for (const secret of [
          TOKEN,
          PASSWORD,
          API_KEY,
          Buffer.from(`omniflow:${PASSWORD}`).toString("base64"),
        ])
          expect(text, connector).not.toContain(secret);
      }
    });

    it("times out as a retryable TIMEOUT, by the request's timeout or the step's", async () => {
      const own = await call(registry, "erp-bearer", { method: "GET", path: "/slow", timeoutMs: 150 });
      expect(own).toMatchObject({ ok: false, code: "TIMEOUT", retryable: true });
      const step = await call(registry, "erp-bearer", { method: "GET", path: "/slow" }, "job-slow", 150);
      expect(step).toMatchObject({ ok: false, code: "TIMEOUT", retryable: true });
    });

    it("maps response fields by JSON pointer or dot path, and parses text answers", async () => {
      expect(
        await call(registry, "erp-bearer", {
          method: "GET",
          path: "/orders/77",
          responseMapping: { orderId: "/order/id", lastSku: "order.lines[1].sku", absent: "/order/customer" },
        }),
      ).toEqual({ ok: true, output: { orderId: "PO-77", lastSku: "SKU-2", absent: null } });
      expect(await call(registry, "erp-bearer", { method: "GET", path: "/text" })).toMatchObject({
        ok: true,
        output: { status: 200, body: "pong" },
      });
    });

    it("fills the path template URL-encoded, adds the query, and stays under the base URL", async () => {
      erp.received.length = 0;
      expect(
        await call(registry, "erp-bearer", {
          method: "GET",
          path: "/orders/{id}/lines/{line}",
          params: { id: "PO 1/2?x=#", line: 3 },
          query: { q: "a b&c", tag: ["x", "y"], skip: null },
        }),
      ).toMatchObject({ ok: true });
      expect(erp.received[0]?.url).toBe("/api/v1/orders/PO%201%2F2%3Fx%3D%23/lines/3?q=a+b%26c&tag=x&tag=y");
      expect(await call(registry, "erp-bearer", { method: "GET", path: "/orders/{id}" })).toMatchObject({
        ok: false,
        code: "BAD_INPUT",
        retryable: false,
      });
      // Dot segments (also encoded, also from params) cannot leave the base URL...
      for (const [path, params] of [
        ["/../admin", {}],
        ["/%2e%2e/admin", {}],
        ["/{id}", { id: ".." }],
        ["/orders/{id}", { id: ".." }],
      ] as const) {
        const escaped = await call(registry, "erp-bearer", { method: "GET", path, params });
        expect(escaped, path).toMatchObject({ ok: false, code: "BAD_INPUT", retryable: false });
      }
      expect(erp.received).toHaveLength(1);
      // ...and neither can something that looks like another host: it is a path under the base URL.
      for (const path of ["//evil.example/x", "http://evil.example/x"]) {
        expect(await call(registry, "erp-bearer", { method: "GET", path }), path).toMatchObject({ ok: true });
      }
      expect(erp.received.slice(1).map((request) => request.url)).toEqual([
        "/api/v1/evil.example/x",
        "/api/v1/http://evil.example/x",
      ]);
      expect(await call(registry, "erp-bearer", { method: "TRACE", path: "/" })).toMatchObject({
        ok: false,
        retryable: false,
      });
    });

    it("fails permanently with CONFIG_ERROR when the credentials do not decrypt with the key", async () => {
      const wrong = await loadRegistry(app.db, { secretKey: Buffer.alloc(32, 1) });
      erp.received.length = 0;
      const result = await call(wrong, "erp-bearer", { method: "GET", path: "/orders" });
      expect(result).toMatchObject({ ok: false, code: "CONFIG_ERROR", retryable: false });
      expect(result.ok ? "" : result.message).toMatch(/OMNIFLOW_SECRET_KEY/);
      expect(erp.received).toHaveLength(0);
      // A configuration without credentials still works.
      expect(await call(wrong, "erp-closed", { method: "GET", path: "/" })).toMatchObject({
        code: "NETWORK_ERROR",
      });
    });

    it("tests a configuration: status and latency, with the credentials redacted", async () => {
      const admin = await app.callerFor("admin@omniflow.demo");
      const healthy = await admin.connectorConfigs.test({ id: ids.bearer!, path: "/health" });
      expect(healthy).toMatchObject({ ok: true, status: 200, code: null });
      expect(healthy.latencyMs).toBeGreaterThanOrEqual(0);
      expect(erp.received.at(-1)?.headers.authorization).toBe(`Bearer ${TOKEN}`);
      const missing = await admin.connectorConfigs.test({ id: ids.basic!, path: "/missing" });
      expect(missing).toMatchObject({ ok: false, status: 404, code: "HTTP_404" });
      expect(JSON.stringify(missing)).not.toContain(PASSWORD);
      expect(JSON.stringify(missing)).not.toContain(Buffer.from(`omniflow:${PASSWORD}`).toString("base64"));
      expect(await admin.connectorConfigs.test({ id: ids.closed!, path: "" })).toMatchObject({
        ok: false,
        status: null,
        code: "NETWORK_ERROR",
      });
      const unknown = await admin.connectorConfigs
        .test({ id: "nope", path: "/" })
        .catch((caught: unknown) => caught);
      expect((unknown as TRPCError).code).toBe("NOT_FOUND");
    });
  });
});
