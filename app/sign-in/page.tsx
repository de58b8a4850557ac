// Sign-in page.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { homeFor } from "@/server/auth/roles";
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
      </div>
    </main>
  );
}
