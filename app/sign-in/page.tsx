// Sign-in page.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { Card, CardBody } from "@/components/ui/card";
import { homeFor } from "@/server/auth/roles";
import { DEMO_PASSWORD, demoUsers } from "@/server/db/seed";
import { env } from "@/server/env";
import { currentUser } from "@/server/next/current-user";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage() {
  const user = await currentUser();
  if (user) redirect(homeFor(user.roles));
  return (
    <main className="flex min-h-full items-center justify-center px-4 py-16">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <p className="text-2xl font-semibold tracking-tight text-slate-900">Omniflow</p>
          <p className="mt-1 text-sm text-slate-600">Workflows for retail operations</p>
        </div>
        <SignInForm />
        {env().OMNIFLOW_MODE === "demo" ? (
          <Card className="mt-6" aria-labelledby="demo-accounts-heading">
            <CardBody className="text-sm">
              <h2 id="demo-accounts-heading" className="font-medium">
                Demo accounts
              </h2>
              <p className="mt-1 text-slate-600">
                Password for all: <code className="font-mono">{DEMO_PASSWORD}</code>
              </p>
              <ul className="mt-2 space-y-1">
                {demoUsers.map((user) => (
                  <li key={user.email} className="flex justify-between gap-2">
                    <code className="font-mono text-xs">{user.email}</code>
                    <span className="text-xs text-slate-500">{user.roleKeys.join(", ")}</span>
                  </li>
                ))}
              </ul>
            </CardBody>
          </Card>
        ) : null}
      </div>
    </main>
  );
}
