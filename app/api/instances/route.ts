// POST /api/instances: other systems start an instance of a published workflow
// ({ definitionKey, input, businessKey? }) with an API key whose scopes include the workflow.
import { ZodError } from "zod";
import { getServerDeps } from "@/server/deps";
import { checkMutationRequest } from "@/server/http/mutation-guard";
import { startRequestSchema, StartRefused, startWorkflow } from "@/server/runtime/instances";
import { checkApiKey } from "@/server/services/api-keys";
import { BusinessError } from "@/server/services/errors";
import { zodFieldErrors } from "@/server/trpc/init";

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
  const parsed = startRequestSchema.safeParse(body);
  if (!parsed.success)
    return Response.json(
      { error: "Invalid start request", fieldErrors: zodFieldErrors(parsed.error) },
      { status: 400 },
    );
  const check = await checkApiKey(
    deps.db,
    request.headers.get("authorization"),
    { kind: "workflow", key: parsed.data.definitionKey },
    deps.now(),
  );
  if (!check.ok) {
    return Response.json(
      { error: check.message },
      {
        status: check.status,
        headers: check.retryAfterSeconds ? { "retry-after": String(check.retryAfterSeconds) } : undefined,
      },
    );
  }
  try {
    const started = await startWorkflow({ db: deps.db, now: deps.now }, null, parsed.data);
    return Response.json(started, { status: 201 });
  } catch (error: unknown) {
    if (error instanceof StartRefused)
      return Response.json({ error: error.message, fieldErrors: error.fieldErrors }, { status: 400 });
    if (error instanceof BusinessError)
      return Response.json({ error: error.message }, { status: error.code === "NOT_FOUND" ? 404 : 409 });
    if (error instanceof ZodError)
      return Response.json(
        { error: "Invalid start request", fieldErrors: zodFieldErrors(error) },
        { status: 400 },
      );
    throw error;
  }
}
