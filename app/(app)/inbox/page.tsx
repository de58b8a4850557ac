// Approvers' home: the task inbox, reminders, and the out-of-office setting.
import type { Metadata } from "next";
import { InboxList } from "@/components/inbox/inbox-list";
import { OutOfOfficeButton } from "@/components/inbox/out-of-office";
import { Reminders } from "@/components/inbox/reminders";
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
      <PageHeader
        title="Inbox"
        description="Tasks assigned to you or offered to your roles."
        actions={
          <div className="flex items-center gap-2">
            <Reminders />
            <OutOfOfficeButton userId={user.id} />
          </div>
        }
      />
      <InboxList />
    </>
  );
}
