// POST /api/messages: other systems send a message (name, correlation key, payload, message id) that
// resumes the instances waiting for it. Authorised by an API key with the message in its scopes, the
// system token, or a designer/admin session.
import { timingSafeEqual } from "node:crypto";
import { hasAnyRole } from "@/server/auth/roles";
import { sessionUserFromHeaders } from "@/server/auth/session";
import { getServerDeps } from "@/server/deps";
import { checkMutationRequest } from "@/server/http/mutation-guard";
import { messageInputSchema, sendMessage } from "@/server/runtime/messages";
import { checkApiKey } from "@/server/services/api-keys";
import { zodFieldErrors } from "@/server/trpc/init";

function bearerMatches(header: string | null, token: string | undefined): boolean {
  if (!token || !header?.startsWith("Bearer ")) return false;
  const given = Buffer.from(header.slice("Bearer ".length));
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function POST(request: Request): Promise<Response> {
  const deps = getServerDeps();
  const guard = checkMutationRequest(request, [new URL(deps.env.APP_URL).origin]);
  if (!guard.ok) return Response.json({ error: guard.message }, { status: guard.status });
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return Response.json({ error: "The body is not valid JSON" }, { status: 400 });
  }
  const authorization = request.headers.get("authorization");
  const name =
    typeof body === "object" && body !== null && "name" in body && typeof body.name === "string"
      ? body.name
      : "";
  if (authorization?.startsWith("Bearer of_")) {
    const check = await checkApiKey(deps.db, authorization, { kind: "message", name }, deps.now());
    if (!check.ok) {
      return Response.json(
        { error: check.message },
        {
          status: check.status,
          headers: check.retryAfterSeconds ? { "retry-after": String(check.retryAfterSeconds) } : undefined,
        },
      );
    }
  } else if (!bearerMatches(authorization, deps.env.OMNIFLOW_SYSTEM_TOKEN)) {
    const user = await sessionUserFromHeaders(deps.auth, deps.db, request.headers);
    if (!user)
      return Response.json(
        { error: "Send an API key (Authorization: Bearer of_…) or sign in" },
        { status: 401 },
      );
    if (!hasAnyRole(user.roles, ["designer", "admin"]))
      return Response.json({ error: "This needs the designer or admin role" }, { status: 403 });
  }
  const message = messageInputSchema.safeParse(body);
  if (!message.success) {
    return Response.json(
      { error: "Invalid message", fieldErrors: zodFieldErrors(message.error) },
      { status: 400 },
    );
  }
  const outcome = await sendMessage({ db: deps.db, now: deps.now }, message.data, "http");
  if (outcome.duplicate)
    return Response.json({ duplicate: true, messageId: outcome.messageId }, { status: 200 });
  return Response.json(outcome, { status: 202 });
}
