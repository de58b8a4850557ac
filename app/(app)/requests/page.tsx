// Requesters' home: start a request and follow your requests.
import type { Metadata } from "next";
import { RequestsPage } from "@/components/requests/requests-page";
import { Forbidden } from "@/components/shell/forbidden";
import { PageHeader } from "@/components/shell/page-header";
import { hasAnyRole, homeFor } from "@/server/auth/roles";
import { requireUser } from "@/server/next/current-user";

export const metadata: Metadata = { title: "Requests" };

export default async function Requests() {
  const user = await requireUser();
  if (!hasAnyRole(user.roles, ["requester", "approver", "designer", "admin"]))
    return <Forbidden needs="requester" home={homeFor(user.roles)} />;
  return (
    <>
      <PageHeader title="Requests" description="Ask for something, then follow it to a decision." />
      <RequestsPage />
    </>
  );
}
