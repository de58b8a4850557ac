// Everyone who can sign in, with their roles and whether they are active.
"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";

/** Table of people. */
export function UsersTable() {
  const trpc = useTRPC();
  const query = useQuery(trpc.admin.users.list.queryOptions());
  return (
    <Card aria-labelledby="people-heading" className="self-start">
      <CardHeader>
        <h2 id="people-heading" className="font-semibold">
          People
        </h2>
      </CardHeader>
      {query.isPending ? (
        <div className="p-4">
          <LoadingRows label="Loading people" />
        </div>
      ) : query.isError ? (
        <div className="p-4">
          <ErrorState message={query.error.message} />
        </div>
      ) : query.data.length === 0 ? (
        <div className="p-4">
          <EmptyState title="No people yet" />
        </div>
      ) : (
        <table className="w-full text-left text-sm">
          <thead className="border-b border-slate-200 text-xs uppercase text-slate-500">
            <tr>
              <th scope="col" className="px-4 py-2">
                Name
              </th>
              <th scope="col" className="px-4 py-2">
                Roles
              </th>
              <th scope="col" className="px-4 py-2">
                Status
              </th>
            </tr>
          </thead>
          <tbody>
            {query.data.map((user) => (
              <tr key={user.id} className="border-b border-slate-100 last:border-0">
                <td className="px-4 py-2">
                  <p className="font-medium">{user.name}</p>
                  <p className="text-xs text-slate-500">{user.email}</p>
                </td>
                <td className="px-4 py-2">
                  <div className="flex flex-wrap gap-1">
                    {user.roles.map((role) => (
                      <Badge key={role.key}>{role.key}</Badge>
                    ))}
                  </div>
                </td>
                <td className="px-4 py-2">
                  {user.active ? (
                    <Badge className="bg-emerald-50 text-emerald-700">active</Badge>
                  ) : (
                    <Badge>deactivated</Badge>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
