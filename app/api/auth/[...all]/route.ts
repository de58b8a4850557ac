// better-auth's endpoints (sign-in, sign-out, session) under /api/auth. Like every mutation here,
// POSTs must be same-origin JSON.
import { toNextJsHandler } from "better-auth/next-js";
import { getServerDeps } from "@/server/deps";
import { checkMutationRequest } from "@/server/http/mutation-guard";

export async function GET(request: Request): Promise<Response> {
  return toNextJsHandler(getServerDeps().auth).GET(request);
}

export async function POST(request: Request): Promise<Response> {
  const deps = getServerDeps();
  const guard = checkMutationRequest(request, [new URL(deps.env.APP_URL).origin]);
  if (!guard.ok) return Response.json({ message: guard.message }, { status: guard.status });
  return toNextJsHandler(deps.auth).POST(request);
}
