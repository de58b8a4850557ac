// Reading people and updating one's own profile.
import { z } from "zod";
import type { Db } from "../db/client";
import { BusinessError } from "./errors";
import { createUser } from "./users";

/** Everyone with their roles, for the administration page. */
export async function listUsers(db: Db) {
  const users = await db.user.findMany({
    select: {
      id: true,
      name: true,
      email: true,
      active: true,
      createdAt: true,
      roles: { select: { role: { select: { key: true, name: true } } } },
    },
    orderBy: { name: "asc" },
  });
  return users.map(({ roles, ...user }) => ({ ...user, roles: roles.map((entry) => entry.role) }));
}

export const profileUpdateSchema = z.object({
  name: z.string().trim().min(1, "Name is required").max(120, "Name must be at most 120 characters"),
});

/** Changes the signed-in person's display name. */
export async function updateProfile(db: Db, userId: string, input: z.output<typeof profileUpdateSchema>) {
  return db.user.update({
    where: { id: userId },
    data: { name: input.name },
    select: { id: true, name: true },
  });
}

export const adminCreateUserSchema = z.object({
  name: z.string().trim().min(1, "Name is required").max(120, "Name must be at most 120 characters"),
  email: z.email("Enter a valid e-mail address").transform((value) => value.toLowerCase()),
  password: z.string().min(10, "Password must be at least 10 characters").max(128, "Password is too long"),
  roleKeys: z.array(z.string().min(1)).default([]),
});

export const setRolesSchema = z.object({ userId: z.string().min(1), roleKeys: z.array(z.string().min(1)) });
export const userIdSchema = z.object({ userId: z.string().min(1) });

async function checkRoleKeys(db: Db, roleKeys: string[]) {
  const roles = await db.role.findMany({ where: { key: { in: roleKeys } }, select: { id: true, key: true } });
  const missing = roleKeys.filter((key) => !roles.some((role) => role.key === key));
  if (missing.length > 0)
    throw new BusinessError("BAD_REQUEST", `Unknown role(s): ${missing.join(", ")}`, "roleKeys");
  return roles;
}

/** Creates a person who can sign in with the given password and roles. A used e-mail is a CONFLICT. */
export async function adminCreateUser(db: Db, raw: z.input<typeof adminCreateUserSchema>) {
  const input = adminCreateUserSchema.parse(raw);
  await checkRoleKeys(db, input.roleKeys);
  if (await db.user.findUnique({ where: { email: input.email }, select: { id: true } })) {
    throw new BusinessError("CONFLICT", `Someone already signs in as ${input.email}`, "email");
  }
  return createUser(db, input);
}

/** Replaces a person's roles. */
export async function setUserRoles(db: Db, actorId: string, raw: z.input<typeof setRolesSchema>) {
  const input = setRolesSchema.parse(raw);
  const roles = await checkRoleKeys(db, input.roleKeys);
  if (input.userId === actorId && !input.roleKeys.includes("admin")) {
    throw new BusinessError("BAD_REQUEST", "You cannot take the admin role away from yourself", "roleKeys");
  }
  const user = await db.user.findUnique({
    where: { id: input.userId },
    select: { id: true, roles: { select: { role: { select: { key: true } } } } },
  });
  if (!user) throw new BusinessError("NOT_FOUND", "This person does not exist");
  const previousRoleKeys = user.roles.map((entry) => entry.role.key).sort();
  await db.$transaction([
    db.userRole.deleteMany({ where: { userId: input.userId } }),
    db.userRole.createMany({
      data: roles.map((role) => ({ userId: input.userId, roleId: role.id, assignedById: actorId })),
    }),
  ]);
  return { userId: input.userId, roleKeys: input.roleKeys, previousRoleKeys };
}

/**
 * Deactivates a person: they can no longer sign in, their sessions end at once, and their open tasks
 * go back to the role queues they were offered to.
 */
export async function deactivateUser(db: Db, actorId: string, raw: z.input<typeof userIdSchema>, now: Date) {
  const { userId } = userIdSchema.parse(raw);
  if (userId === actorId) throw new BusinessError("BAD_REQUEST", "You cannot deactivate yourself", "userId");
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, active: true } });
  if (!user) throw new BusinessError("NOT_FOUND", "This person does not exist");
  if (!user.active) throw new BusinessError("CONFLICT", "This person is already deactivated");
  const [, sessions, tasks] = await db.$transaction([
    db.user.update({ where: { id: userId }, data: { active: false, deactivatedAt: now } }),
    db.session.deleteMany({ where: { userId } }),
    db.task.updateMany({
      where: { assigneeId: userId, status: { in: ["open", "claimed"] } },
      data: { assigneeId: null, status: "open", claimedAt: null },
    }),
    db.taskCandidateUser.deleteMany({ where: { userId, task: { status: { in: ["open", "claimed"] } } } }),
  ]);
  return { userId, endedSessions: sessions.count, returnedTasks: tasks.count };
}

/** Lets a deactivated person sign in again. */
export async function reactivateUser(db: Db, raw: z.input<typeof userIdSchema>) {
  const { userId } = userIdSchema.parse(raw);
  const updated = await db.user.updateMany({
    where: { id: userId, active: false },
    data: { active: true, deactivatedAt: null },
  });
  if (updated.count === 0)
    throw new BusinessError("CONFLICT", "This person is active already (or does not exist)");
  return { userId };
}
