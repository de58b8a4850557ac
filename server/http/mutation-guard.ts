// Refuses state-changing requests a browser could have been tricked into sending: a cross-origin
// Origin (or Sec-Fetch-Site: cross-site) and any body that is not JSON (HTML forms cannot send JSON).

export type GuardResult = { ok: true } | { ok: false; status: 403 | 415; message: string };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Checks a request against the origins the app is served from. `allowedOrigins` should hold the
 * configured APP_URL origin; the request's own origin (from its Host) is always allowed.
 */
export function checkMutationRequest(request: Request, allowedOrigins: readonly string[]): GuardResult {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return { ok: true };
  const own = new URL(request.url).origin;
  const origin = request.headers.get("origin");
  if (origin !== null && origin !== own && !allowedOrigins.includes(origin)) {
    return { ok: false, status: 403, message: `Cross-origin request refused (Origin ${origin}).` };
  }
  if (origin === null && request.headers.get("sec-fetch-site") === "cross-site") {
    return { ok: false, status: 403, message: "Cross-site request refused." };
  }
  const contentType = request.headers.get("content-type") ?? "";
  const mediaType = contentType.split(";")[0]?.trim().toLowerCase();
  if (mediaType !== "application/json") {
    return {
      ok: false,
      status: 415,
      message: `Request body must be JSON (Content-Type: application/json), got "${contentType || "none"}".`,
    };
  }
  return { ok: true };
}
