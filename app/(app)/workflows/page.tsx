// Process owners' home: the workflow list; designers also create, rename, duplicate and delete drafts.
import type { Metadata } from "next";
import { Forbidden } from "@/components/shell/forbidden";
import { PageHeader } from "@/components/shell/page-header";
import { NewWorkflowDialog } from "@/components/workflows/new-workflow-dialog";
import { WorkflowList } from "@/components/workflows/workflow-list";
import { hasAnyRole, homeFor } from "@/server/auth/roles";
import { requireUser } from "@/server/next/current-user";

export const metadata: Metadata = { title: "Workflows" };

export default async function WorkflowsPage() {
  const user = await requireUser();
  if (!hasAnyRole(user.roles, ["designer", "admin", "viewer"])) {
    return <Forbidden needs="designer, admin or viewer" home={homeFor(user.roles)} />;
  }
  // The server checks the role on every change too; this only decides what to offer.
  const canEdit = hasAnyRole(user.roles, ["designer"]);
  return (
    <>
      <PageHeader
        title="Workflows"
        description="Approval chains, business rules and exception paths."
        actions={canEdit ? <NewWorkflowDialog /> : undefined}
      />
      <WorkflowList canEdit={canEdit} />
    </>
  );
}
