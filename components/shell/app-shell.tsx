// The frame around signed-in pages: brand, navigation for the person's roles, who is signed in, sign out.
import Link from "next/link";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { NavLinks } from "./nav-links";
import { SignOutButton } from "./sign-out-button";

export interface ShellUser {
  name: string;
  email: string;
  roles: string[];
}

/** Header with navigation, and the page below it. */
export function AppShell({
  user,
  links,
  children,
}: {
  user: ShellUser;
  links: { href: string; label: string }[];
  children: ReactNode;
}) {
  return (
    <div className="min-h-full">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex h-14 max-w-6xl items-center gap-6 px-4">
          <Link href="/" className="font-semibold tracking-tight text-slate-900">
            Omniflow
          </Link>
          <NavLinks links={links} />
          <div className="ml-auto flex items-center gap-3">
            <div className="text-right leading-tight">
              <p className="text-sm font-medium" data-testid="signed-in-user">
                {user.name}
              </p>
              <p className="text-xs text-slate-500">{user.email}</p>
            </div>
            <div className="hidden gap-1 sm:flex" aria-label="Your roles">
              {user.roles.map((role) => (
                <Badge key={role}>{role}</Badge>
              ))}
            </div>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-8">{children}</main>
    </div>
  );
}
