// The list of workflow definitions with search, status and owner.
"use client";
import { useQuery } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";

/** Searchable table of workflows. */
export function WorkflowList() {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const deferred = useDeferredValue(search.trim());
  const query = useQuery(trpc.workflows.list.queryOptions({ search: deferred || undefined }));

  return (
    <div className="space-y-4">
      <div className="max-w-sm space-y-1.5">
        <Label htmlFor="workflow-search">Search workflows</Label>
        <Input
          id="workflow-search"
          type="search"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          placeholder="Name or key"
        />
      </div>
      {query.isPending ? (
        <LoadingRows label="Loading workflows" />
      ) : query.isError ? (
        <ErrorState message={query.error.message} />
      ) : query.data.length === 0 ? (
        <EmptyState title={deferred ? "No workflow matches your search" : "No workflows yet"}>
          {deferred
            ? "Try another name or key."
            : "Workflows that process owners design will be listed here."}
        </EmptyState>
      ) : (
        <Card>
          <table className="w-full text-left text-sm">
            <thead className="border-b border-slate-200 text-xs uppercase text-slate-500">
              <tr>
                <th scope="col" className="px-4 py-2">
                  Name
                </th>
                <th scope="col" className="px-4 py-2">
                  Status
                </th>
                <th scope="col" className="px-4 py-2">
                  Owner
                </th>
                <th scope="col" className="px-4 py-2">
                  Last edit
                </th>
              </tr>
            </thead>
            <tbody>
              {query.data.map((workflow) => (
                <tr key={workflow.id} className="border-b border-slate-100 last:border-0">
                  <td className="px-4 py-2">
                    <p className="font-medium">{workflow.name}</p>
                    <p className="font-mono text-xs text-slate-500">{workflow.key}</p>
                  </td>
                  <td className="px-4 py-2">
                    {workflow.publishedVersion === null ? (
                      <Badge>draft</Badge>
                    ) : (
                      <Badge className="bg-emerald-50 text-emerald-700">
                        published v{workflow.publishedVersion}
                      </Badge>
                    )}
                    {workflow.publishedVersion !== null && workflow.hasUnpublishedChanges ? (
                      <Badge className="ml-1 bg-amber-50 text-amber-700">unpublished changes</Badge>
                    ) : null}
                  </td>
                  <td className="px-4 py-2">{workflow.ownerName ?? "—"}</td>
                  <td className="px-4 py-2">{workflow.draftUpdatedAt.toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
    </div>
  );
}
