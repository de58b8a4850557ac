// The service catalog page: connectors, operations, usage and call statistics (read-only).
import { defaultRegistry } from "../../connectors/default-registry";
import { catalogInputSchema, serviceCatalog } from "../../services/catalog";
import { roleProcedure, router } from "../init";

export const catalogRouter = router({
  list: roleProcedure("designer", "admin", "viewer")
    .input(catalogInputSchema)
    .query(({ ctx, input }) => serviceCatalog(ctx.db, defaultRegistry(), input, ctx.now())),
});
