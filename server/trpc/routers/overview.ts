// Read-only overview counts for every role.
import { getOverview } from "../../services/overview";
import { router, viewerProcedure } from "../init";

export const overviewRouter = router({
  summary: viewerProcedure.query(({ ctx }) => getOverview(ctx.db)),
});
