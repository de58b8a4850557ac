// tRPC over HTTP at /api/trpc: mutations must be same-origin JSON; the caller comes from the cookie.
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { sessionUserFromHeaders } from "@/server/auth/session";
import { getServerDeps } from "@/server/deps";
import { checkMutationRequest } from "@/server/http/mutation-guard";
import { createContextInner } from "@/server/trpc/init";
import { appRouter } from "@/server/trpc/root";

async function handler(request: Request): Promise<Response> {
  const deps = getServerDeps();
  const guard = checkMutationRequest(request, [new URL(deps.env.APP_URL).origin]);
  if (!guard.ok) {
    return Response.json(
      {
        error: {
          message: guard.message,
          code: guard.status === 403 ? "FORBIDDEN" : "UNSUPPORTED_MEDIA_TYPE",
        },
      },
      { status: guard.status },
    );
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    createContext: async () =>
      createContextInner({
        db: deps.db,
        user: await sessionUserFromHeaders(deps.auth, deps.db, request.headers),
        now: deps.now,
      }),
    onError({ error, path }) {
      // Only unexpected errors are logged: 4xx are the caller's to fix.
      if (error.code === "INTERNAL_SERVER_ERROR")
        console.error(`tRPC ${path ?? "?"} failed:`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
