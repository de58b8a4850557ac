// The signed-in person's own profile and out-of-office setting.
import { profileUpdateSchema, updateProfile } from "../../services/people";
import {
  clearOutOfOffice,
  getOutOfOffice,
  outOfOfficeSchema,
  setOutOfOffice,
} from "../../services/out-of-office";
import { audited, router, signedInProcedure } from "../init";

export const profileRouter = router({
  update: signedInProcedure
    .input(profileUpdateSchema)
    .mutation(({ ctx, input }) => updateProfile(ctx.db, ctx.user.id, input)),
  outOfOffice: signedInProcedure.query(({ ctx }) => getOutOfOffice(ctx.db, ctx.user.id)),
  setOutOfOffice: signedInProcedure
    .use(
      audited((_input, result) => {
        const saved = result as { delegate: { name: string }; startsAt: Date; endsAt: Date };
        return {
          action: "profile.out-of-office.set",
          objectType: "user",
          summary: `Out of office ${saved.startsAt.toISOString()} – ${saved.endsAt.toISOString()}; tasks go to ${saved.delegate.name}`,
        };
      }),
    )
    .input(outOfOfficeSchema)
    .mutation(({ ctx, input }) => setOutOfOffice(ctx.db, ctx.user.id, input, ctx.now())),
  clearOutOfOffice: signedInProcedure
    .use(
      audited(() => ({
        action: "profile.out-of-office.cleared",
        objectType: "user",
        summary: "Back in office",
      })),
    )
    .mutation(({ ctx }) => clearOutOfOffice(ctx.db, ctx.user.id)),
});
