// Configured connectors: admins list, create, change, delete and try them. Credentials go in
// encrypted and never come back out; audit entries name the configuration, never its credentials.
import {
  connectorConfigIdSchema,
  createConnectorConfig,
  createConnectorConfigSchema,
  deleteConnectorConfig,
  listConnectorConfigs,
  testConnectorConfig,
  testConnectorConfigSchema,
  updateConnectorConfig,
  updateConnectorConfigSchema,
} from "../../services/connector-configs";
import { appSecretKey } from "../../connectors/secrets";
import { adminProcedure, audited, auditField, router } from "../init";

export const connectorConfigsRouter = router({
  list: adminProcedure.query(({ ctx }) => listConnectorConfigs(ctx.db)),
  create: adminProcedure
    .use(
      audited((_input, result) => ({
        action: "connector-config.created",
        objectType: "connector-config",
        objectId: auditField(result, "id"),
        summary: `Configured connector ${auditField(result, "key")} (${auditField(result, "baseUrl")}, ${auditField(result, "authType")} auth)`,
      })),
    )
    .input(createConnectorConfigSchema)
    .mutation(({ ctx, input }) => createConnectorConfig(ctx.db, appSecretKey(), ctx.user.id, input)),
  update: adminProcedure
    .use(
      audited((_input, result) => ({
        action: "connector-config.updated",
        objectType: "connector-config",
        objectId: auditField(result, "id"),
        summary: `Changed connector ${auditField(result, "key")} (${auditField(result, "baseUrl")}, ${auditField(result, "authType")} auth)`,
      })),
    )
    .input(updateConnectorConfigSchema)
    .mutation(({ ctx, input }) => updateConnectorConfig(ctx.db, appSecretKey(), input)),
  delete: adminProcedure
    .use(
      audited((input) => ({
        action: "connector-config.deleted",
        objectType: "connector-config",
        objectId: auditField(input, "id"),
        summary: "Deleted a connector configuration",
      })),
    )
    .input(connectorConfigIdSchema)
    .mutation(({ ctx, input }) => deleteConnectorConfig(ctx.db, input)),
  test: adminProcedure
    .input(testConnectorConfigSchema)
    .mutation(({ ctx, input }) => testConnectorConfig(ctx.db, appSecretKey(), input)),
});
