// The service catalog page: connectors, operations, usage and call statistics (read-only).
import { catalogRegistry } from "../../connectors/default-registry";
import { catalogInputSchema, serviceCatalog } from "../../services/catalog";
import { roleProcedure, router } from "../init";

export const catalogRouter = router({
  list: roleProcedure("designer", "admin", "viewer")
    .input(catalogInputSchema)
    .query(async ({ ctx, input }) => serviceCatalog(ctx.db, await catalogRegistry(ctx.db), input, ctx.now())),
});
