// Requests as their starters see them: what can be started, starting one, and my requests.
import { startRequestSchema } from "../../runtime/instances";
import { myRequests, myRequestsSchema, startableWorkflows, startRequest } from "../../services/requests";
import { roleProcedure, router } from "../init";

const requesterProcedure = roleProcedure("requester", "approver", "designer", "admin");

export const requestsRouter = router({
  startable: requesterProcedure.query(({ ctx }) => startableWorkflows(ctx.db)),
  start: requesterProcedure
    .input(startRequestSchema)
    .mutation(({ ctx, input }) => startRequest(ctx, ctx.user.id, input)),
  mine: requesterProcedure
    .input(myRequestsSchema)
    .query(({ ctx, input }) => myRequests(ctx.db, ctx.user.id, input)),
});
