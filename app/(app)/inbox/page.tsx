// Approvers' home: the task inbox.
import type { Metadata } from "next";
import { InboxList } from "@/components/inbox/inbox-list";
import { Forbidden } from "@/components/shell/forbidden";
import { PageHeader } from "@/components/shell/page-header";
import { hasAnyRole, homeFor } from "@/server/auth/roles";
import { requireUser } from "@/server/next/current-user";

export const metadata: Metadata = { title: "Inbox" };

export default async function InboxPage() {
  const user = await requireUser();
  if (!hasAnyRole(user.roles, ["approver"])) return <Forbidden needs="approver" home={homeFor(user.roles)} />;
  return (
    <>
      <PageHeader title="Inbox" description="Tasks assigned to you or offered to your roles." />
      <InboxList />
    </>
  );
}
