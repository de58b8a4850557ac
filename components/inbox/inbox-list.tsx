// The approver's inbox: filters, search and sorting, a page of tasks with what triage needs (business
// key, amount, requester, due countdown, escalation, claims), bulk approval of tasks of one kind, and
// live updates when tasks change anywhere.
"use client";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
import type { inboxFilters, inboxSorts } from "@/server/services/inbox";
import { useTRPC } from "@/components/trpc";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { useNow } from "@/components/ui/use-now";
import { DueCountdown, formatAmount } from "./due";

type Filter = (typeof inboxFilters)[number];
type Sort = (typeof inboxSorts)[number];

const filterLabels: Record<Filter, string> = {
  all: "All",
  mine: "Mine",
  roles: "My roles",
  overdue: "Overdue",
};

/** Refetches every inbox query whenever a task changes on the server (opened, claimed, decided). */
export function useLiveInbox(): "live" | "connecting" | "offline" {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const subscription = useSubscription(
    trpc.inbox.changes.subscriptionOptions(undefined, {
      onData: () => {
        void queryClient.invalidateQueries(trpc.inbox.pathFilter());
      },
    }),
  );
  if (subscription.status === "pending") return "live";
  if (subscription.status === "error") return "offline";
  return "connecting";
}

/** Table of open tasks for the signed-in approver. */
export function InboxList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState<Filter>("all");
  const [sort, setSort] = useState<Sort>("due");
  const [workflowId, setWorkflowId] = useState("");
  const [search, setSearch] = useState("");
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const live = useLiveInbox();
  const now = useNow(1000);
  const input = {
    filter,
    sort,
    workflowId: workflowId || undefined,
    search: search.trim() || undefined,
    limit: 25,
  };
  const query = useInfiniteQuery(
    trpc.inbox.list.infiniteQueryOptions(input, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
  );
  const workflows = useQuery(trpc.inbox.workflows.queryOptions());
  const tasks = useMemo(() => query.data?.pages.flatMap((page) => page.items) ?? [], [query.data]);
  const chosen = tasks.filter((task) => selected.has(task.id));
  const kinds = new Set(chosen.map((task) => task.kind));
  const bulk = useMutation(
    trpc.tasks.bulkApprove.mutationOptions({
      onSuccess: async () => {
        setSelected(new Set());
        await queryClient.invalidateQueries(trpc.inbox.pathFilter());
      },
    }),
  );

  function toggle(id: string) {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  }

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <div
          role="group"
          aria-label="Show"
          className="inline-flex rounded-md border border-slate-300 bg-white p-0.5"
        >
          {(Object.keys(filterLabels) as Filter[]).map((key) => (
            <button
              key={key}
              type="button"
              aria-pressed={filter === key}
              onClick={() => setFilter(key)}
              className={`rounded px-3 py-1 text-sm ${filter === key ? "bg-brand-600 text-white" : "text-slate-700 hover:bg-slate-100"}`}
            >
              {filterLabels[key]}
            </button>
          ))}
        </div>
        <div className="space-y-1">
          <Label htmlFor="inbox-search">Business key</Label>
          <Input
            id="inbox-search"
            type="search"
            placeholder="e.g. PR-1001"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            className="w-48"
          />
        </div>
        <div className="space-y-1">
          <Label htmlFor="inbox-workflow">Workflow</Label>
          <select
            id="inbox-workflow"
            className="h-9 rounded-md border border-slate-300 bg-white px-2 text-sm"
            value={workflowId}
            onChange={(event) => setWorkflowId(event.target.value)}
          >
            <option value="">All workflows</option>
            {(workflows.data ?? []).map((workflow) => (
              <option key={workflow.id} value={workflow.id}>
                {workflow.name}
              </option>
            ))}
          </select>
        </div>
        <div className="space-y-1">
          <Label htmlFor="inbox-sort">Sort by</Label>
          <select
            id="inbox-sort"
            className="h-9 rounded-md border border-slate-300 bg-white px-2 text-sm"
            value={sort}
            onChange={(event) => setSort(event.target.value as Sort)}
          >
            <option value="due">Due soonest</option>
            <option value="newest">Newest first</option>
            <option value="oldest">Oldest first</option>
          </select>
        </div>
        <div className="ml-auto flex items-center gap-2 text-xs text-slate-500" aria-live="polite">
          <span
            aria-hidden
            className={`inline-block size-2 rounded-full ${live === "live" ? "bg-emerald-500" : live === "offline" ? "bg-red-500" : "bg-amber-400"}`}
          />
          {live === "live" ? "Live" : live === "offline" ? "Live updates paused" : "Connecting…"}
        </div>
      </div>

      {selected.size > 0 ? (
        <div className="flex flex-wrap items-center gap-3 rounded-md border border-brand-200 bg-brand-50 px-3 py-2 text-sm">
          <span>{selected.size} selected</span>
          <Button
            size="sm"
            disabled={kinds.size !== 1 || bulk.isPending}
            onClick={() => bulk.mutate({ taskIds: [...selected] })}
          >
            {bulk.isPending ? "Approving…" : `Approve ${selected.size}`}
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setSelected(new Set())}>
            Clear selection
          </Button>
          {kinds.size > 1 ? (
            <span className="text-amber-800">Select tasks of one kind to approve them together.</span>
          ) : null}
        </div>
      ) : null}
      {bulk.isError ? <Alert tone="error">{bulk.error.message}</Alert> : null}
      {bulk.data ? (
        <Alert>
          Approved {bulk.data.approved} of {bulk.data.results.length}.
          {bulk.data.results
            .filter((result) => !result.ok)
            .map((result) => (
              <span key={result.taskId} className="block">
                {tasks.find((task) => task.id === result.taskId)?.businessKey ?? result.taskId}:{" "}
                {result.message}
              </span>
            ))}
        </Alert>
      ) : null}

      {query.isPending ? (
        <LoadingRows label="Loading tasks" />
      ) : query.isError ? (
        <ErrorState message={query.error.message} />
      ) : tasks.length === 0 ? (
        <EmptyState
          title={filter === "all" && !search && !workflowId ? "Nothing waiting for you" : "No tasks match"}
        >
          {filter === "all" && !search && !workflowId
            ? "New approval tasks for you or your roles appear here as they arrive."
            : "Try another filter or search."}
        </EmptyState>
      ) : (
        <Card>
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Tasks</caption>
            <thead className="border-b border-slate-200 text-xs uppercase text-slate-500">
              <tr>
                <th scope="col" className="w-8 px-3 py-2">
                  <span className="sr-only">Select</span>
                </th>
                <th scope="col" className="px-3 py-2">
                  Task
                </th>
                <th scope="col" className="px-3 py-2">
                  Business key
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  Amount
                </th>
                <th scope="col" className="px-3 py-2">
                  Requester
                </th>
                <th scope="col" className="px-3 py-2">
                  Due
                </th>
              </tr>
            </thead>
            <tbody>
              {tasks.map((task) => {
                const overdue = task.dueAt !== null && task.dueAt.getTime() < now;
                return (
                  <tr
                    key={task.id}
                    data-testid="inbox-row"
                    className={`border-b border-slate-100 last:border-0 ${overdue ? "bg-red-50/60" : ""}`}
                  >
                    <td className="px-3 py-2 align-top">
                      <input
                        type="checkbox"
                        className="size-4"
                        aria-label={`Select ${task.title} ${task.businessKey ?? ""}`.trim()}
                        checked={selected.has(task.id)}
                        onChange={() => toggle(task.id)}
                      />
                    </td>
                    <td className="px-3 py-2 align-top">
                      <Link href={`/inbox/${task.id}`} className="font-medium text-brand-700 hover:underline">
                        {task.title}
                      </Link>
                      <div className="mt-1 flex flex-wrap gap-1">
                        <span className="text-xs text-slate-500">{task.workflowName}</span>
                        {task.claimedBy ? (
                          <Badge className="bg-sky-50 text-sky-800">Claimed by {task.claimedBy.name}</Badge>
                        ) : null}
                        {task.onBehalfOf ? (
                          <Badge className="bg-violet-50 text-violet-800">For {task.onBehalfOf.name}</Badge>
                        ) : null}
                        {task.escalationLevel > 0 ? (
                          <Badge className="bg-amber-50 text-amber-800">
                            Escalated (level {task.escalationLevel})
                          </Badge>
                        ) : null}
                      </div>
                      {task.others.length > 0 ? (
                        <div className="mt-1 text-xs text-slate-600">
                          {task.others.map((variable) => `${variable.name}: ${variable.value}`).join(" · ")}
                        </div>
                      ) : null}
                    </td>
                    <td className="px-3 py-2 align-top font-mono text-xs">{task.businessKey ?? "—"}</td>
                    <td className="px-3 py-2 text-right align-top tabular-nums">
                      {task.amount === null ? "—" : formatAmount(task.amount, task.currency)}
                    </td>
                    <td className="px-3 py-2 align-top">{task.requester?.name ?? "—"}</td>
                    <td className="px-3 py-2 align-top">
                      <DueCountdown dueAt={task.dueAt} now={now} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {query.hasNextPage ? (
            <div className="border-t border-slate-100 p-3 text-center">
              <Button
                variant="secondary"
                size="sm"
                onClick={() => void query.fetchNextPage()}
                disabled={query.isFetchingNextPage}
              >
                {query.isFetchingNextPage ? "Loading…" : "Load more"}
              </Button>
            </div>
          ) : null}
        </Card>
      )}
    </div>
  );
}
