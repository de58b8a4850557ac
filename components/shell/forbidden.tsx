// Shown when a signed-in person opens a page their roles do not cover.
import Link from "next/link";
import { Card, CardBody } from "@/components/ui/card";

/** "You don't have access" with a way back to the person's home. */
export function Forbidden({ needs, home }: { needs: string; home: string }) {
  return (
    <Card className="mx-auto max-w-lg">
      <CardBody>
        <h1 className="text-lg font-semibold">You don&apos;t have access to this page</h1>
        <p className="mt-2 text-sm text-slate-600">
          It needs the {needs} role. Ask an administrator if you should have it.
        </p>
        <Link href={home} className="mt-4 inline-block text-sm font-medium text-brand-700 underline">
          Go to your home page
        </Link>
      </CardBody>
    </Card>
  );
}
