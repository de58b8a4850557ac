// POST /api/messages: other systems send a message (name, correlation key, payload, message id) that
// resumes the instances waiting for it. Authorised by the system token or a designer/admin session.
import { timingSafeEqual } from "node:crypto";
import { hasAnyRole } from "@/server/auth/roles";
import { sessionUserFromHeaders } from "@/server/auth/session";
import { getServerDeps } from "@/server/deps";
import { checkMutationRequest } from "@/server/http/mutation-guard";
import { messageInputSchema, sendMessage } from "@/server/runtime/messages";
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
  if (!bearerMatches(request.headers.get("authorization"), deps.env.OMNIFLOW_SYSTEM_TOKEN)) {
    const user = await sessionUserFromHeaders(deps.auth, deps.db, request.headers);
    if (!user)
      return Response.json(
        { error: "Send a system token (Authorization: Bearer …) or sign in" },
        { status: 401 },
      );
    if (!hasAnyRole(user.roles, ["designer", "admin"]))
      return Response.json({ error: "This needs the designer or admin role" }, { status: 403 });
  }
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return Response.json({ error: "The body is not valid JSON" }, { status: 400 });
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
