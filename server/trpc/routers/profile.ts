// The signed-in person's own profile.
import { profileUpdateSchema, updateProfile } from "../../services/people";
import { router, signedInProcedure } from "../init";

export const profileRouter = router({
  update: signedInProcedure
    .input(profileUpdateSchema)
    .mutation(({ ctx, input }) => updateProfile(ctx.db, ctx.user.id, input)),
});
