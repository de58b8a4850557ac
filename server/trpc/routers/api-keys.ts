// API keys for other systems: admins list, create (the key is shown once) and revoke them.
import { z } from "zod";
import { createApiKey, createApiKeySchema, listApiKeys, revokeApiKey } from "../../services/api-keys";
import { adminProcedure, audited, auditField, router } from "../init";

export const apiKeysRouter = router({
  list: adminProcedure.query(({ ctx }) => listApiKeys(ctx.db)),
  create: adminProcedure
    .use(
      audited((input, result) => ({
        action: "api-key.created",
        objectType: "api-key",
        objectId: auditField(result, "id"),
        summary: `Created key ${auditField(result, "prefix")} for ${auditField(input, "name")}`,
      })),
    )
    .input(createApiKeySchema)
    .mutation(({ ctx, input }) => createApiKey(ctx.db, ctx.user.id, input)),
  revoke: adminProcedure
    .use(
      audited((input) => ({
        action: "api-key.revoked",
        objectType: "api-key",
        objectId: auditField(input, "id"),
        summary: "Revoked a key",
      })),
    )
    .input(z.object({ id: z.string().min(1) }))
    .mutation(({ ctx, input }) => revokeApiKey(ctx.db, input, ctx.now())),
});
