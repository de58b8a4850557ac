// Who and which roles exist, for pickers in the designer (ids and names only, no contact details).
import type { Db } from "../db/client";

/** Active people (id and name) and every role (key and name). */
export async function getDirectory(db: Db) {
  const [people, roles] = await Promise.all([
    db.user.findMany({ where: { active: true }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    db.role.findMany({ select: { key: true, name: true }, orderBy: { key: "asc" } }),
  ]);
  return { people, roles };
}
