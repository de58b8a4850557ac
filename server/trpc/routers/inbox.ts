// The approver's task inbox.
import { inboxListSchema, listInbox } from "../../services/inbox";
import { approverProcedure, router } from "../init";

export const inboxRouter = router({
  list: approverProcedure
    .input(inboxListSchema)
    .query(({ ctx, input }) => listInbox(ctx.db, ctx.user, input)),
});
