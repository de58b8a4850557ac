// Requests as their starter sees them: a form to start one (the chosen workflow's start fields), and
// the person's own requests with where each stands and why a rejected one was rejected.
"use client";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { DataFields, toPayload, type RawValues } from "@/components/forms/data-fields";
import { useTRPC } from "@/components/trpc";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { fieldErrorsOf } from "@/components/workflows/field-errors";
import { TextField } from "@/components/workflows/text-field";

/** The form that starts a request. */
function NewRequest() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const startable = useQuery(trpc.requests.startable.queryOptions());
  const [key, setKey] = useState("");
  const [values, setValues] = useState<RawValues>({});
  const [reference, setReference] = useState("");
  const [started, setStarted] = useState<string | null>(null);
  const start = useMutation(
    trpc.requests.start.mutationOptions({
      onSuccess: async (result) => {
        setStarted(result.businessKey ?? "Your request");
        setValues({});
        setReference("");
        await queryClient.invalidateQueries(trpc.requests.mine.pathFilter());
      },
    }),
  );
  const errors = start.isError ? fieldErrorsOf(start.error) : {};
  const workflow = startable.data?.find((candidate) => candidate.key === key) ?? null;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!workflow) return;
    setStarted(null);
    start.mutate({
      definitionKey: workflow.key,
      input: toPayload(workflow.fields, values),
      businessKey: reference.trim() || undefined,
    });
  }

  return (
    <Card>
      <CardHeader>
        <h2 className="font-semibold">New request</h2>
      </CardHeader>
      <CardBody>
        {startable.isPending ? (
          <LoadingRows rows={2} label="Loading workflows" />
        ) : startable.isError ? (
          <ErrorState message={startable.error.message} />
        ) : startable.data.length === 0 ? (
          <EmptyState title="Nothing to request yet">
            An administrator has not published a workflow people can start.
          </EmptyState>
        ) : (
          <form onSubmit={onSubmit} className="space-y-3" noValidate aria-label="New request">
            <div className="space-y-1.5">
              <Label htmlFor="request-workflow">Workflow</Label>
              <select
                id="request-workflow"
                className="h-9 w-full rounded-md border border-slate-300 bg-white px-2 text-sm"
                value={key}
                onChange={(event) => {
                  setKey(event.target.value);
                  setValues({});
                  start.reset();
                }}
              >
                <option value="">Choose what to request…</option>
                {startable.data.map((candidate) => (
                  <option key={candidate.key} value={candidate.key}>
                    {candidate.name}
                  </option>
                ))}
              </select>
              {workflow?.description ? (
                <p className="text-xs text-slate-500">{workflow.description}</p>
              ) : null}
            </div>
            {workflow ? (
              <>
                <TextField
                  id="request-reference"
                  label="Reference (optional)"
                  hint="An order, PO or return number; one is made up when left empty."
                  value={reference}
                  onChange={(event) => setReference(event.target.value)}
                  errors={errors.businessKey}
                />
                <DataFields
                  idPrefix="request"
                  fields={workflow.fields}
                  values={values}
                  onChange={(name, value) => setValues({ ...values, [name]: value })}
                  errors={errors}
                />
                {start.isError && Object.keys(errors).length === 0 ? (
                  <Alert tone="error">{start.error.message}</Alert>
                ) : null}
                <Button type="submit" disabled={start.isPending}>
                  {start.isPending ? "Submitting…" : "Submit request"}
                </Button>
              </>
            ) : null}
            {started ? <Alert>{started} was submitted.</Alert> : null}
          </form>
        )}
      </CardBody>
    </Card>
  );
}

const statusTone: Record<string, string> = {
  completed: "bg-emerald-50 text-emerald-800",
  rejected: "bg-red-50 text-red-800",
  failed: "bg-red-50 text-red-800",
  cancelled: "bg-slate-100 text-slate-700",
};

/** The person's requests, newest first. */
function MyRequests() {
  const trpc = useTRPC();
  const query = useInfiniteQuery({
    ...trpc.requests.mine.infiniteQueryOptions(
      { limit: 20 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
    refetchInterval: 5000,
  });
  if (query.isPending) return <LoadingRows label="Loading your requests" />;
  if (query.isError) return <ErrorState message={query.error.message} />;
  const items = query.data.pages.flatMap((page) => page.items);
  if (items.length === 0)
    return (
      <EmptyState title="No requests yet">Requests you submit appear here with their progress.</EmptyState>
    );
  return (
    <Card>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">My requests</caption>
        <thead className="border-b border-slate-200 text-xs uppercase text-slate-500">
          <tr>
            <th scope="col" className="px-3 py-2">
              Reference
            </th>
            <th scope="col" className="px-3 py-2">
              Workflow
            </th>
            <th scope="col" className="px-3 py-2">
              Status
            </th>
            <th scope="col" className="px-3 py-2">
              Details
            </th>
            <th scope="col" className="px-3 py-2">
              Submitted
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => {
            const label =
              item.status === "completed" && item.outcome && item.outcome !== "completed"
                ? item.outcome
                : item.status;
            return (
              <tr key={item.id} data-testid="request-row" className="border-b border-slate-100 last:border-0">
                <td className="px-3 py-2 font-mono text-xs">{item.businessKey ?? "—"}</td>
                <td className="px-3 py-2">{item.workflowName}</td>
                <td className="px-3 py-2">
                  <Badge className={`whitespace-nowrap ${statusTone[label] ?? "bg-amber-50 text-amber-800"}`}>
                    {label === "completed"
                      ? "approved"
                      : label === "waiting" || label === "running"
                        ? "in progress"
                        : label}
                  </Badge>
                </td>
                <td className="px-3 py-2">
                  {item.rejection ? (
                    <span>
                      Rejected by {item.rejection.by ?? "—"}: “{item.rejection.reason}”
                    </span>
                  ) : item.waitingOn.length > 0 ? (
                    <span className="text-slate-600">Waiting on {item.waitingOn.join(", ")}</span>
                  ) : (
                    <span className="text-slate-400">—</span>
                  )}
                </td>
                <td className="px-3 py-2 text-slate-600">{item.startedAt.toLocaleString()}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {query.hasNextPage ? (
        <div className="border-t border-slate-100 p-3 text-center">
          <Button variant="secondary" size="sm" onClick={() => void query.fetchNextPage()}>
            Load more
          </Button>
        </div>
      ) : null}
    </Card>
  );
}

/** The page body: the form beside the list. */
export function RequestsPage() {
  return (
    <div className="grid gap-6 lg:grid-cols-[26rem_1fr]">
      <NewRequest />
      <section aria-labelledby="my-requests" className="space-y-3">
        <h2 id="my-requests" className="font-semibold">
          My requests
        </h2>
        <MyRequests />
      </section>
    </div>
  );
}
