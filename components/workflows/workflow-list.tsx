// The list of workflow definitions with search, status, owner and last edit; designers also get
// each row's actions (rename, duplicate, delete).
"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useDeferredValue, useRef, useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { WorkflowActions, type Notice } from "./workflow-actions";
import { WorkflowStatusBadges } from "./workflow-status";

/** Searchable table of workflows; `canEdit` (designers) adds each row's actions menu. */
export function WorkflowList({ canEdit = false }: { canEdit?: boolean }) {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const [notice, setNotice] = useState<Notice | null>(null);
  const searchInput = useRef<HTMLInputElement>(null);
  const deferred = useDeferredValue(search.trim());
  const query = useQuery(trpc.workflows.list.queryOptions({ search: deferred || undefined }));

  return (
    <div className="space-y-4">
      <div className="max-w-sm space-y-1.5">
        <Label htmlFor="workflow-search">Search workflows</Label>
        <Input
          ref={searchInput}
          id="workflow-search"
          type="search"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          placeholder="Name or key"
        />
      </div>
      {notice ? <Alert tone={notice.tone}>{notice.text}</Alert> : null}
      {query.isPending ? (
        <LoadingRows label="Loading workflows" />
      ) : query.isError ? (
        <ErrorState message={query.error.message} />
      ) : query.data.length === 0 ? (
        <EmptyState title={deferred ? "No workflow matches your search" : "No workflows yet"}>
          {deferred
            ? "Try another name or key."
            : canEdit
              ? "Create one with New workflow."
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
                {canEdit ? (
                  <th scope="col" className="w-12 px-4 py-2">
                    <span className="sr-only">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {query.data.map((workflow) => (
                <tr
                  key={workflow.id}
                  className="border-b border-slate-100 last:border-0"
                  data-testid="workflow-row"
                >
                  <td className="px-4 py-2">
                    <Link
                      href={`/workflows/${workflow.id}`}
                      className="font-medium text-brand-700 hover:underline"
                    >
                      {workflow.name}
                    </Link>
                    <p className="font-mono text-xs text-slate-500">{workflow.key}</p>
                  </td>
                  <td className="px-4 py-2">
                    <WorkflowStatusBadges
                      status={workflow.status}
                      publishedVersion={workflow.publishedVersion}
                    />
                  </td>
                  <td className="px-4 py-2">{workflow.ownerName ?? "—"}</td>
                  <td className="px-4 py-2">
                    <time dateTime={workflow.draftUpdatedAt.toISOString()}>
                      {workflow.draftUpdatedAt.toLocaleString()}
                    </time>
                    {workflow.draftUpdatedByName ? (
                      <p className="text-xs text-slate-500">by {workflow.draftUpdatedByName}</p>
                    ) : null}
                  </td>
                  {canEdit ? (
                    <td className="px-4 py-2 text-right">
                      <WorkflowActions workflow={workflow} onNotice={setNotice} fallbackFocus={searchInput} />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
    </div>
  );
}
