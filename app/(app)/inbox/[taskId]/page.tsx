// One task: its request, where it stands, its history and comments, and the decision.
import type { Metadata } from "next";
import { TaskDetail } from "@/components/inbox/task-detail";
import { Forbidden } from "@/components/shell/forbidden";
import { PageHeader } from "@/components/shell/page-header";
import { canRead, homeFor } from "@/server/auth/roles";
import { requireUser } from "@/server/next/current-user";

export const metadata: Metadata = { title: "Task" };

export default async function TaskPage({ params }: { params: Promise<{ taskId: string }> }) {
  const user = await requireUser();
  if (!canRead(user.roles)) return <Forbidden needs="approver" home={homeFor(user.roles)} />;
  const { taskId } = await params;
  return (
    <>
      <PageHeader title="Task" description="Look at the request, then decide, delegate or comment." />
      <TaskDetail taskId={taskId} />
    </>
  );
}
