// The service catalog: connectors, their operations, where they are used and how they behave.
import type { Metadata } from "next";
import { CatalogPage } from "@/components/catalog/catalog-page";
import { Forbidden } from "@/components/shell/forbidden";
import { PageHeader } from "@/components/shell/page-header";
import { hasAnyRole, homeFor } from "@/server/auth/roles";
import { requireUser } from "@/server/next/current-user";

export const metadata: Metadata = { title: "Connectors" };

export default async function ConnectorsPage() {
  const user = await requireUser();
  if (!hasAnyRole(user.roles, ["designer", "admin", "viewer"]))
    return <Forbidden needs="designer, admin or viewer" home={homeFor(user.roles)} />;
  return (
    <>
      <PageHeader
        title="Connectors"
        description="The systems workflows call: operations, schemas, error codes, usage and call statistics."
      />
      <CatalogPage />
    </>
  );
}
