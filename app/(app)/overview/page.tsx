// Viewers' home: a read-only overview of what is designed, running and waiting.
import type { Metadata } from "next";
import { OverviewCards } from "@/components/overview/overview-cards";
import { Forbidden } from "@/components/shell/forbidden";
import { PageHeader } from "@/components/shell/page-header";
import { canRead, homeFor } from "@/server/auth/roles";
import { requireUser } from "@/server/next/current-user";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const user = await requireUser();
  if (!canRead(user.roles)) return <Forbidden needs="viewer" home={homeFor(user.roles)} />;
  return (
    <>
      <PageHeader title="Overview" description="Read-only: workflows, running instances and open tasks." />
      <OverviewCards />
    </>
  );
}
