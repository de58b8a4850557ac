// Who is calling: the signed-in person behind a request's cookies, with their current roles.
import type { Db } from "../db/client";
import type { Auth } from "./auth";

export interface SessionUser {
  id: string;
  name: string;
  email: string;
  /** Role keys: system roles (admin, designer, approver, viewer) and business roles. */
  roles: string[];
}

/** Loads an active user and their role keys by id; null when missing or deactivated. */
export async function loadSessionUser(db: Db, userId: string): Promise<SessionUser | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      name: true,
      email: true,
      active: true,
      roles: { select: { role: { select: { key: true } } } },
    },
  });
  if (!user?.active) return null;
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    roles: user.roles.map((entry) => entry.role.key),
  };
}

/** The person signed in with the session cookie in `headers`, or null. Roles are read fresh each call. */
export async function sessionUserFromHeaders(
  auth: Auth,
  db: Db,
  headers: Headers,
): Promise<SessionUser | null> {
  const session = await auth.api.getSession({ headers });
  if (!session) return null;
  return loadSessionUser(db, session.user.id);
}
