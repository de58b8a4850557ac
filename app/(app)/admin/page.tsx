// Admins' home: people and roles.
import type { Metadata } from "next";
import { ApiKeysPanel } from "@/components/admin/api-keys-panel";
import { AuditPanel } from "@/components/admin/audit-panel";
import { ConnectorConfigsPanel } from "@/components/admin/connector-configs-panel";
import { RolesPanel } from "@/components/admin/roles-panel";
import { UsersTable } from "@/components/admin/users-table";
import { WebhooksPanel } from "@/components/admin/webhooks-panel";
import { Forbidden } from "@/components/shell/forbidden";
import { PageHeader } from "@/components/shell/page-header";
import { hasAnyRole, homeFor } from "@/server/auth/roles";
import { requireUser } from "@/server/next/current-user";

export const metadata: Metadata = { title: "Administration" };

export default async function AdminPage() {
  const user = await requireUser();
  if (!hasAnyRole(user.roles, ["admin"])) return <Forbidden needs="admin" home={homeFor(user.roles)} />;
  return (
    <>
      <PageHeader
        title="Administration"
        description="People, their roles, and the role queues tasks are offered to."
      />
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <UsersTable />
        <RolesPanel />
      </div>
      <div className="mt-6 space-y-6">
        <ApiKeysPanel />
        <ConnectorConfigsPanel />
        <WebhooksPanel />
        <AuditPanel />
      </div>
    </>
  );
}
