// Ends the session and returns to the sign-in page.
"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { authClient } from "@/components/auth-client";
import { Button } from "@/components/ui/button";

/** Signs out, drops cached data of the previous person, and goes to /sign-in. */
export function SignOutButton() {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState(false);
  async function signOut() {
    setPending(true);
    try {
      await authClient.signOut();
      queryClient.clear();
      router.replace("/sign-in");
      router.refresh();
    } finally {
      setPending(false);
    }
  }
  return (
    <Button variant="secondary" size="sm" onClick={() => void signOut()} disabled={pending}>
      {pending ? "Signing out…" : "Sign out"}
    </Button>
  );
}
