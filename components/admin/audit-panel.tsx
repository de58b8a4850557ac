// The audit trail: whether the hash chain is intact, a search by actor and object, and CSV export.
"use client";
import { useQuery } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";

/** Audit trail card for the administration page. */
export function AuditPanel() {
  const trpc = useTRPC();
  const [actor, setActor] = useState("");
  const [objectType, setObjectType] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const search = useDeferredValue({
    actor: actor.trim() || undefined,
    objectType: objectType.trim() || undefined,
    from: from || undefined,
    // The whole "to" day counts.
    to: to ? `${to}T23:59:59.999Z` : undefined,
  });
  const entries = useQuery(trpc.audit.search.queryOptions({ ...search, limit: 50 }));
  const verify = useQuery({ ...trpc.audit.verify.queryOptions(), enabled: false });
  const exportHref = `/api/audit/export?${new URLSearchParams(Object.entries(search).filter((entry): entry is [string, string] => typeof entry[1] === "string")).toString()}`;
  return (
    <Card aria-labelledby="audit-heading">
      <CardHeader className="flex items-center justify-between gap-2">
        <h2 id="audit-heading" className="font-semibold">
          Audit trail
        </h2>
        <div className="flex gap-2">
          <Button
            size="sm"
            variant="secondary"
            onClick={() => void verify.refetch()}
            disabled={verify.isFetching}
          >
            {verify.isFetching ? "Verifying…" : "Verify chain"}
          </Button>
          <Button size="sm" variant="secondary" asChild>
            <a href={exportHref} download>
              Export CSV
            </a>
          </Button>
        </div>
      </CardHeader>
      <CardBody className="space-y-3">
        {verify.data ? (
          verify.data.intact ? (
            <Alert>Chain intact: {verify.data.entries} entries verified.</Alert>
          ) : (
            <Alert tone="error">
              Chain broken at entry {verify.data.firstBrokenSeq}: {verify.data.reason}.
            </Alert>
          )
        ) : null}
        <div className="grid gap-3 sm:grid-cols-4">
          <div className="space-y-1">
            <Label htmlFor="audit-actor">Actor</Label>
            <Input
              id="audit-actor"
              value={actor}
              onChange={(event) => setActor(event.target.value)}
              placeholder="Name or e-mail"
            />
          </div>
          <div className="space-y-1">
            <Label htmlFor="audit-object">Object type</Label>
            <Input
              id="audit-object"
              value={objectType}
              onChange={(event) => setObjectType(event.target.value)}
              placeholder="workflow, task, session…"
            />
          </div>
          <div className="space-y-1">
            <Label htmlFor="audit-from">From</Label>
            <Input
              id="audit-from"
              type="date"
              value={from}
              onChange={(event) => setFrom(event.target.value)}
            />
          </div>
          <div className="space-y-1">
            <Label htmlFor="audit-to">To</Label>
            <Input id="audit-to" type="date" value={to} onChange={(event) => setTo(event.target.value)} />
          </div>
        </div>
        {entries.isPending ? (
          <LoadingRows label="Loading the audit trail" />
        ) : entries.isError ? (
          <ErrorState message={entries.error.message} />
        ) : entries.data.length === 0 ? (
          <EmptyState title="No entries match" />
        ) : (
          <table className="w-full text-left text-sm" aria-label="Audit entries">
            <thead className="border-b border-slate-200 text-xs uppercase text-slate-500">
              <tr>
                <th scope="col" className="px-2 py-1">
                  When
                </th>
                <th scope="col" className="px-2 py-1">
                  Who
                </th>
                <th scope="col" className="px-2 py-1">
                  What
                </th>
                <th scope="col" className="px-2 py-1">
                  Summary
                </th>
              </tr>
            </thead>
            <tbody>
              {entries.data.map((entry) => (
                <tr key={entry.seq} className="border-b border-slate-100 last:border-0">
                  <td className="px-2 py-1 text-xs whitespace-nowrap">{entry.occurredAt.toLocaleString()}</td>
                  <td className="px-2 py-1">{entry.actorLabel}</td>
                  <td className="px-2 py-1 font-mono text-xs">{entry.action}</td>
                  <td className="px-2 py-1">{entry.summary}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </CardBody>
    </Card>
  );
}
