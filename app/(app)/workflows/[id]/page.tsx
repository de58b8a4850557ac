// The workflow editor page: designers edit the draft; admins and viewers look at it read-only.
import type { Metadata } from "next";
import { WorkflowEditor } from "@/components/editor/workflow-editor";
import { Forbidden } from "@/components/shell/forbidden";
import { hasAnyRole, homeFor } from "@/server/auth/roles";
import { requireUser } from "@/server/next/current-user";

export const metadata: Metadata = { title: "Edit workflow" };

export default async function WorkflowEditorPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  if (!hasAnyRole(user.roles, ["designer", "admin", "viewer"])) {
    return <Forbidden needs="designer, admin or viewer" home={homeFor(user.roles)} />;
  }
  const { id } = await params;
  return (
    <WorkflowEditor
      workflowId={id}
      readOnly={!hasAnyRole(user.roles, ["designer"])}
      canPublish={hasAnyRole(user.roles, ["admin"])}
    />
  );
}
