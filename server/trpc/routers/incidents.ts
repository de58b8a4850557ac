// Incidents: steps that ran out of retries; admins retry or resolve them.
import { z } from "zod";
import {
  incidentActionSchema,
  listIncidents,
  resolveIncident,
  resolveIncidentSchema,
  retryIncident,
} from "../../runtime/instances";
import { adminProcedure, audited, auditField, router } from "../init";

export const incidentsRouter = router({
  list: adminProcedure
    .input(z.object({ status: z.enum(["open", "resolved", "all"]).default("open") }))
    .query(({ ctx, input }) => listIncidents(ctx, input.status)),
  retry: adminProcedure
    .use(
      audited((input) => ({
        action: "incident.retried",
        objectType: "incident",
        objectId: auditField(input, "incidentId"),
        summary: "Retried the failed step",
      })),
    )
    .input(incidentActionSchema)
    .mutation(({ ctx, input }) => retryIncident(ctx, ctx.user.id, input)),
  resolve: adminProcedure
    .use(
      audited((input) => ({
        action: "incident.resolved",
        objectType: "incident",
        objectId: auditField(input, "incidentId"),
        summary: `Resolved by hand: ${auditField(input, "note")}`,
      })),
    )
    .input(resolveIncidentSchema)
    .mutation(({ ctx, input }) => resolveIncident(ctx, ctx.user.id, input)),
});
