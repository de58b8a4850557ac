// GET /api/audit/export: the audit entries matching the search (query string) as a CSV download,
// for admins.
import { hasAnyRole } from "@/server/auth/roles";
import { sessionUserFromHeaders } from "@/server/auth/session";
import { getServerDeps } from "@/server/deps";
import { auditCsv, auditSearchSchema, searchAudit } from "@/server/services/audit";

export async function GET(request: Request): Promise<Response> {
  const deps = getServerDeps();
  const user = await sessionUserFromHeaders(deps.auth, deps.db, request.headers);
  if (!user) return new Response("Sign in to continue.", { status: 401 });
  if (!hasAnyRole(user.roles, ["admin"])) return new Response("This needs the admin role.", { status: 403 });
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const search = auditSearchSchema.safeParse({ ...params, limit: 1000 });
  if (!search.success)
    return new Response(
      `Bad search: ${search.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`,
      { status: 400 },
    );
  const csv = auditCsv(await searchAudit(deps.db, search.data));
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": 'attachment; filename="omniflow-audit.csv"',
    },
  });
}
