// Creating people with a password and roles, shared by the demo seed and (later) the admin pages.
import { retryOnWriteConflict } from "./write-retry";
import { randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { z } from "zod";
import type { Db } from "../db/client";

export const newUserSchema = z.object({
  name: z.string().trim().min(1, "Name is required").max(120, "Name is too long"),
  email: z.email("Enter a valid e-mail address").transform((value) => value.toLowerCase()),
  password: z.string().min(10, "Password must be at least 10 characters").max(128, "Password is too long"),
  roleKeys: z.array(z.string().min(1)).default([]),
  managerId: z.string().optional(),
});
export type NewUser = z.input<typeof newUserSchema>;

/**
 * Creates a user with an e-mail/password credential (better-auth's `credential` account, hashed
 * with its password hasher) and the given roles, all in one transaction. Unknown role keys throw.
 */
export async function createUser(db: Db, input: NewUser): Promise<{ id: string }> {
  const user = newUserSchema.parse(input);
  const passwordHash = await hashPassword(user.password);
  return retryOnWriteConflict(() =>
    db.$transaction(async (tx) => {
      const roles = await tx.role.findMany({
        where: { key: { in: user.roleKeys } },
        select: { id: true, key: true },
      });
      const missing = user.roleKeys.filter((roleKey) => !roles.some((role) => role.key === roleKey));
      if (missing.length > 0) throw new Error(`Unknown role(s): ${missing.join(", ")}`);
      const id = randomUUID();
      await tx.user.create({
        data: {
          id,
          name: user.name,
          email: user.email,
          emailVerified: true,
          managerId: user.managerId ?? null,
          accounts: {
            create: { id: randomUUID(), accountId: id, providerId: "credential", password: passwordHash },
          },
          roles: { create: roles.map((role) => ({ roleId: role.id })) },
        },
      });
      return { id };
    }),
  );
}
