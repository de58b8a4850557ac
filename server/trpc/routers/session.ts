// Who am I: the signed-in person, their roles and their home page.
import { homeFor } from "../../auth/roles";
import { signedInProcedure, router } from "../init";

export const sessionRouter = router({
  me: signedInProcedure.query(({ ctx }) => ({ ...ctx.user, home: homeFor(ctx.user.roles) })),
});
