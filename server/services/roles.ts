// Roles: the system roles plus business roles (queues that approval tasks are offered to).
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db } from "../db/client";
import { BusinessError } from "./errors";

export const newRoleSchema = z.object({
  key: z
    .string()
    .trim()
    .min(2, "Key must be at least 2 characters")
    .max(40, "Key must be at most 40 characters")
    .regex(
      /^[a-z][a-z0-9-]*$/,
      "Key may contain lowercase letters, digits and dashes, starting with a letter",
    ),
  name: z.string().trim().min(1, "Name is required").max(80, "Name must be at most 80 characters"),
  description: z.string().trim().max(300, "Description must be at most 300 characters").default(""),
});
export type NewRole = z.input<typeof newRoleSchema>;

/** Every role with how many people hold it, system roles first. */
export async function listRoles(db: Db) {
  const roles = await db.role.findMany({
    select: {
      id: true,
      key: true,
      name: true,
      description: true,
      system: true,
      _count: { select: { users: true } },
    },
    orderBy: [{ system: "desc" }, { key: "asc" }],
  });
  return roles.map(({ _count, ...role }) => ({ ...role, memberCount: _count.users }));
}

/** Creates a business role. A key already in use is a CONFLICT on `key`; nothing is written then. */
export async function createRole(db: Db, input: z.output<typeof newRoleSchema>) {
  const existing = await db.role.findUnique({ where: { key: input.key }, select: { id: true } });
  if (existing) throw new BusinessError("CONFLICT", `A role with key "${input.key}" already exists`, "key");
  return db.role.create({
    data: {
      id: randomUUID(),
      key: input.key,
      name: input.name,
      description: input.description,
      system: false,
    },
    select: { id: true, key: true, name: true, description: true, system: true },
  });
}
