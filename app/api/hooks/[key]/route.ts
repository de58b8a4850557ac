// POST /api/hooks/<key>: an inbound webhook. Other systems send JSON signed with the webhook's secret
// (X-Omniflow-Timestamp, X-Omniflow-Delivery, X-Omniflow-Signature); server/services/webhooks.ts checks
// it and starts a workflow or sends a message. No session or cookie is involved (the signature is the
// authentication), so the browser mutation guard does not apply here.
import { resolveSecretKey } from "@/server/connectors/secrets";
import { getServerDeps } from "@/server/deps";
import { receiveWebhookDelivery } from "@/server/services/webhooks";

export async function POST(
  request: Request,
  context: { params: Promise<{ key: string }> },
): Promise<Response> {
  const deps = getServerDeps();
  const { key } = await context.params;
  const reply = await receiveWebhookDelivery(
    { db: deps.db, now: deps.now, secretKey: resolveSecretKey(deps.env) },
    key,
    request,
  );
  return Response.json(reply.body, { status: reply.status });
}
