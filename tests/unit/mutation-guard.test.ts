// Cross-origin and non-JSON mutations are refused; same-origin JSON and safe methods pass.
import { describe, expect, it } from "vitest";
import { checkMutationRequest } from "@/server/http/mutation-guard";

const app = "http://127.0.0.1:3000";

function request(method: string, headers: Record<string, string>): Request {
  return new Request(`${app}/api/trpc/x`, { method, headers, body: method === "GET" ? undefined : "{}" });
}

describe("checkMutationRequest", () => {
  it("lets same-origin JSON through", () => {
    expect(
      checkMutationRequest(request("POST", { origin: app, "content-type": "application/json" }), []),
    ).toEqual({ ok: true });
    expect(
      checkMutationRequest(
        request("POST", { origin: app, "content-type": "application/json; charset=utf-8" }),
        [],
      ),
    ).toEqual({ ok: true });
  });

  it("allows the configured APP_URL origin when the app sits behind a proxy", () => {
    const proxied = request("POST", {
      origin: "https://omniflow.example",
      "content-type": "application/json",
    });
    expect(checkMutationRequest(proxied, ["https://omniflow.example"])).toEqual({ ok: true });
  });

  it("refuses a cross-origin request with 403", () => {
    const result = checkMutationRequest(
      request("POST", { origin: "http://evil.test", "content-type": "application/json" }),
      [app],
    );
    expect(result).toMatchObject({ ok: false, status: 403 });
  });

  it("refuses a cross-site request without Origin", () => {
    const result = checkMutationRequest(
      request("POST", { "sec-fetch-site": "cross-site", "content-type": "application/json" }),
      [],
    );
    expect(result).toMatchObject({ ok: false, status: 403 });
  });

  it.each(["application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain"])(
    "refuses a %s body with 415",
    (contentType) => {
      const result = checkMutationRequest(request("POST", { origin: app, "content-type": contentType }), []);
      expect(result).toMatchObject({ ok: false, status: 415 });
    },
  );

  it("refuses a body without Content-Type", () => {
    const req = new Request(`${app}/api/trpc/x`, { method: "POST", body: new Uint8Array([123, 125]) });
    expect(checkMutationRequest(req, [])).toMatchObject({ ok: false, status: 415 });
  });

  it("does not check safe methods", () => {
    expect(checkMutationRequest(request("GET", { origin: "http://evil.test" }), [])).toEqual({ ok: true });
  });
});
