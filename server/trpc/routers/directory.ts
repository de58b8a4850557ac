// The directory of people and roles for the designer's pickers.
import { getDirectory } from "../../services/directory";
import { roleProcedure, router } from "../init";

export const directoryRouter = router({
  get: roleProcedure("designer", "admin", "viewer", "approver").query(({ ctx }) => getDirectory(ctx.db)),
});
