// Reading people and updating one's own profile.
import { z } from "zod";
import type { Db } from "../db/client";

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
