// Workflow definitions as process owners see them.
import { listWorkflows, workflowListSchema } from "../../services/workflows";
import { roleProcedure, router } from "../init";

export const workflowsRouter = router({
  list: roleProcedure("designer", "admin", "viewer")
    .input(workflowListSchema)
    .query(({ ctx, input }) => listWorkflows(ctx.db, input)),
});
