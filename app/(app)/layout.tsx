// Layout of every signed-in page: the shell with navigation for the person's roles.
import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { canRead, systemRolesOf } from "@/server/auth/roles";
import { requireUser } from "@/server/next/current-user";

export const dynamic = "force-dynamic";

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const roles = systemRolesOf(user.roles);
  const links = [
    {
      href: "/workflows",
      label: "Workflows",
      show: roles.some((role) => role === "designer" || role === "admin" || role === "viewer"),
    },
    {
      href: "/connectors",
      label: "Connectors",
      show: roles.some((role) => role === "designer" || role === "admin" || role === "viewer"),
    },
    { href: "/inbox", label: "Inbox", show: roles.includes("approver") },
    {
      href: "/requests",
      label: "Requests",
      show: roles.some((role) => role !== "viewer"),
    },
    { href: "/overview", label: "Overview", show: canRead(user.roles) },
    { href: "/admin", label: "Administration", show: roles.includes("admin") },
  ]
    .filter((link) => link.show)
    .map(({ href, label }) => ({ href, label }));
  return (
    <AppShell user={{ name: user.name, email: user.email, roles }} links={links}>
      {children}
    </AppShell>
  );
}
