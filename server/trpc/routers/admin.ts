// Administration: people and roles.
import { listUsers } from "../../services/people";
import { createRole, listRoles, newRoleSchema } from "../../services/roles";
import { adminProcedure, audited, auditField, router } from "../init";

export const adminRouter = router({
  users: router({
    list: adminProcedure.query(({ ctx }) => listUsers(ctx.db)),
  }),
  roles: router({
    list: adminProcedure.query(({ ctx }) => listRoles(ctx.db)),
    create: adminProcedure
      .use(
        audited((input) => ({
          action: "role.created",
          objectType: "role",
          objectId: auditField(input, "key"),
          summary: `Created role ${auditField(input, "key")} (${auditField(input, "name")})`,
        })),
      )
      .input(newRoleSchema)
      .mutation(({ ctx, input }) => createRole(ctx.db, input)),
  }),
});
