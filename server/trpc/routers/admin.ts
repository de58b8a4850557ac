// Administration: people and roles.
import {
  adminCreateUser,
  adminCreateUserSchema,
  deactivateUser,
  listUsers,
  reactivateUser,
  setRolesSchema,
  setUserRoles,
  userIdSchema,
} from "../../services/people";
import { createRole, listRoles, newRoleSchema } from "../../services/roles";
import { adminProcedure, audited, auditField, router } from "../init";

export const adminRouter = router({
  users: router({
    list: adminProcedure.query(({ ctx }) => listUsers(ctx.db)),
    create: adminProcedure
      .use(
        audited((input, result) => ({
          action: "user.created",
          objectType: "user",
          objectId: auditField(result, "id"),
          summary: `Created ${auditField(input, "email")}`,
        })),
      )
      .input(adminCreateUserSchema)
      .mutation(({ ctx, input }) => adminCreateUser(ctx.db, input)),
    setRoles: adminProcedure
      .use(
        audited((input, result) => {
          const roles = (value: unknown, key: string) =>
            typeof value === "object" &&
            value !== null &&
            key in value &&
            Array.isArray((value as Record<string, unknown>)[key])
              ? ((value as Record<string, unknown>)[key] as string[])
              : [];
          return {
            action: "user.roles-changed",
            objectType: "user",
            objectId: auditField(input, "userId"),
            summary: `Roles ${roles(result, "previousRoleKeys").join(", ") || "none"} -> ${roles(input, "roleKeys").join(", ") || "none"}`,
            before: { roles: roles(result, "previousRoleKeys") },
            after: { roles: roles(input, "roleKeys") },
          };
        }),
      )
      .input(setRolesSchema)
      .mutation(({ ctx, input }) => setUserRoles(ctx.db, ctx.user.id, input)),
    deactivate: adminProcedure
      .use(
        audited((input, result) => ({
          action: "user.deactivated",
          objectType: "user",
          objectId: auditField(input, "userId"),
          before: { active: true },
          after: { active: false },
          summary: `Deactivated; ${auditField(result, "endedSessions")} session(s) ended, ${auditField(result, "returnedTasks")} task(s) returned to their queues`,
        })),
      )
      .input(userIdSchema)
      .mutation(({ ctx, input }) => deactivateUser(ctx.db, ctx.user.id, input, ctx.now())),
    reactivate: adminProcedure
      .use(
        audited((input) => ({
          action: "user.reactivated",
          objectType: "user",
          objectId: auditField(input, "userId"),
          summary: "Reactivated",
        })),
      )
      .input(userIdSchema)
      .mutation(({ ctx, input }) => reactivateUser(ctx.db, input)),
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
