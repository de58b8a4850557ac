// The signed-in person for server components and pages, read from the request cookies.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { sessionUserFromHeaders, type SessionUser } from "../auth/session";
import { getServerDeps } from "../deps";

/** The signed-in person, or null. */
export async function currentUser(): Promise<SessionUser | null> {
  const deps = getServerDeps();
  return sessionUserFromHeaders(deps.auth, deps.db, await headers());
}

/** The signed-in person; redirects to the sign-in page when there is none. */
export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  return user;
}
