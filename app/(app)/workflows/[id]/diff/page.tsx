// Visual diff between two versions of a workflow (?from=1&to=2).
import type { Metadata } from "next";
import { DiffView } from "@/components/editor/diff-view";
import { Forbidden } from "@/components/shell/forbidden";
import { PageHeader } from "@/components/shell/page-header";
import { canRead, homeFor } from "@/server/auth/roles";
import { requireUser } from "@/server/next/current-user";

export const metadata: Metadata = { title: "Compare versions" };

export default async function DiffPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ from?: string; to?: string }>;
}) {
  const user = await requireUser();
  if (!canRead(user.roles)) return <Forbidden needs="viewer" home={homeFor(user.roles)} />;
  const { id } = await params;
  const query = await searchParams;
  const to = Math.max(1, Number(query.to) || 2);
  const from = Math.max(1, Number(query.from) || to - 1);
  return (
    <>
      <PageHeader title="Compare versions" description="What changed between two published versions." />
      <DiffView workflowId={id} from={from} to={to} />
    </>
  );
}
