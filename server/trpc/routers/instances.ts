// Instances: start, inspect, cancel, and send messages to waiting ones.
import { z } from "zod";
import {
  cancelInstance,
  cancelRequestSchema,
  getInstance,
  listInstances,
  listInstancesSchema,
  startRequestSchema,
  startWorkflow,
} from "../../runtime/instances";
import { messageInputSchema, sendMessage } from "../../runtime/messages";
import { adminProcedure, audited, auditField, roleProcedure, router, viewerProcedure } from "../init";

export const instancesRouter = router({
  start: roleProcedure("requester", "approver", "designer", "admin")
    .input(startRequestSchema)
    .mutation(({ ctx, input }) => startWorkflow(ctx, ctx.user.id, input)),
  list: viewerProcedure.input(listInstancesSchema).query(({ ctx, input }) => listInstances(ctx, input)),
  get: viewerProcedure
    .input(z.object({ id: z.string().min(1) }))
    .query(({ ctx, input }) => getInstance(ctx, input.id)),
  cancel: adminProcedure
    .use(
      audited((input) => ({
        action: "instance.cancelled",
        objectType: "instance",
        objectId: auditField(input, "instanceId"),
        summary: `Cancelled: ${auditField(input, "reason")}`,
      })),
    )
    .input(cancelRequestSchema)
    .mutation(({ ctx, input }) => cancelInstance(ctx, ctx.user.id, input)),
  sendMessage: roleProcedure("designer", "admin")
    .input(messageInputSchema)
    .mutation(({ ctx, input }) => sendMessage(ctx, input, "api")),
});
