// The approver's open tasks, soonest due first; overdue ones stand out.
"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc";
import { useNow } from "@/components/ui/use-now";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";

/** Table of open tasks for the signed-in approver. */
export function InboxList() {
  const trpc = useTRPC();
  const query = useQuery(trpc.inbox.list.queryOptions({}));
  const now = useNow(30_000);
  if (query.isPending) return <LoadingRows label="Loading tasks" />;
  if (query.isError) return <ErrorState message={query.error.message} />;
  if (query.data.length === 0) {
    return (
      <EmptyState title="Nothing waiting for you">
        New approval tasks for you or your roles appear here.
      </EmptyState>
    );
  }
  return (
    <Card>
      <table className="w-full text-left text-sm">
        <thead className="border-b border-slate-200 text-xs uppercase text-slate-500">
          <tr>
            <th scope="col" className="px-4 py-2">
              Task
            </th>
            <th scope="col" className="px-4 py-2">
              Business key
            </th>
            <th scope="col" className="px-4 py-2">
              Status
            </th>
            <th scope="col" className="px-4 py-2">
              Due
            </th>
          </tr>
        </thead>
        <tbody>
          {query.data.map((task) => {
            const overdue = task.dueAt !== null && task.dueAt.getTime() < now;
            return (
              <tr key={task.id} className="border-b border-slate-100 last:border-0">
                <td className="px-4 py-2 font-medium">{task.title}</td>
                <td className="px-4 py-2 font-mono text-xs">{task.businessKey ?? "—"}</td>
                <td className="px-4 py-2">
                  <Badge>{task.status}</Badge>
                </td>
                <td className="px-4 py-2">
                  {task.dueAt ? task.dueAt.toLocaleString() : "—"}
                  {overdue ? <Badge className="ml-2 bg-red-50 text-red-700">overdue</Badge> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Card>
  );
}
