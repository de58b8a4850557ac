// The front door: signed-in people go to their role's home, everyone else to sign in.
import { redirect } from "next/navigation";
import { homeFor } from "@/server/auth/roles";
import { currentUser } from "@/server/next/current-user";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const user = await currentUser();
  redirect(user ? homeFor(user.roles) : "/sign-in");
}
