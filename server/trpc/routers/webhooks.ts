// Inbound webhooks: admins list them (never with their secret), create one (the secret is shown once),
// rotate its secret (the new one is shown once), revoke it, and read its recent deliveries.
import { appSecretKey } from "../../connectors/secrets";
import {
  createWebhook,
  createWebhookSchema,
  listWebhookDeliveries,
  listWebhooks,
  revokeWebhook,
  rotateWebhookSecret,
  webhookDeliveriesSchema,
  webhookIdSchema,
} from "../../services/webhooks";
import { adminProcedure, audited, auditField, router } from "../init";

export const webhooksRouter = router({
  list: adminProcedure.query(({ ctx }) => listWebhooks(ctx.db)),
  create: adminProcedure
    .use(
      audited((input, result) => ({
        action: "webhook.created",
        objectType: "webhook",
        objectId: auditField(result, "id"),
        summary: `Created webhook ${auditField(result, "key")} for ${auditField(input, "name")}`,
      })),
    )
    .input(createWebhookSchema)
    .mutation(({ ctx, input }) => createWebhook(ctx.db, appSecretKey(), ctx.user.id, input)),
  rotateSecret: adminProcedure
    .use(
      audited((input) => ({
        action: "webhook.secret-rotated",
        objectType: "webhook",
        objectId: auditField(input, "id"),
        summary: "Rotated a webhook's signing secret",
      })),
    )
    .input(webhookIdSchema)
    .mutation(({ ctx, input }) => rotateWebhookSecret(ctx.db, appSecretKey(), input, ctx.now())),
  revoke: adminProcedure
    .use(
      audited((input) => ({
        action: "webhook.revoked",
        objectType: "webhook",
        objectId: auditField(input, "id"),
        summary: "Revoked a webhook",
      })),
    )
    .input(webhookIdSchema)
    .mutation(({ ctx, input }) => revokeWebhook(ctx.db, input, ctx.now())),
  deliveries: adminProcedure
    .input(webhookDeliveriesSchema)
    .query(({ ctx, input }) => listWebhookDeliveries(ctx.db, input)),
});
