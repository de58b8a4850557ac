// The service catalog: each connector with its version and operations — input and output schemas,
// error codes (retryable or not), idempotency — which published workflows call each operation, and
// call statistics over a chosen window (count, error rate as a bar, p95 latency).
"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";

function percent(rate: number): string {
  return `${(rate * 100).toFixed(rate > 0 && rate < 0.01 ? 2 : 1)}%`;
}

/** A horizontal bar for an error rate, with the figure beside it. */
function ErrorRateBar({ rate }: { rate: number }) {
  return (
    <span className="inline-flex items-center gap-2">
      <span className="inline-block h-2 w-24 overflow-hidden rounded bg-slate-100" aria-hidden>
        <span
          className={`block h-full ${rate > 0.05 ? "bg-red-500" : rate > 0 ? "bg-amber-400" : "bg-emerald-500"}`}
          style={{ width: `${Math.max(rate > 0 ? 4 : 0, Math.min(100, rate * 100))}%` }}
        />
      </span>
      <span className="tabular-nums">{percent(rate)}</span>
    </span>
  );
}

/** The connectors page's content. */
export function CatalogPage() {
  const trpc = useTRPC();
  const [days, setDays] = useState(7);
  const catalog = useQuery(trpc.catalog.list.queryOptions({ days }));
  return (
    <div className="space-y-4">
      <div className="flex items-end gap-3">
        <div className="space-y-1">
          <Label htmlFor="catalog-window">Statistics over</Label>
          <select
            id="catalog-window"
            className="h-9 rounded-md border border-slate-300 bg-white px-2 text-sm"
            value={days}
            onChange={(event) => setDays(Number(event.target.value))}
          >
            <option value={1}>the last day</option>
            <option value={7}>the last 7 days</option>
            <option value={30}>the last 30 days</option>
          </select>
        </div>
      </div>
      {catalog.isPending ? (
        <LoadingRows rows={4} label="Loading the catalog" />
      ) : catalog.isError ? (
        <ErrorState message={catalog.error.message} />
      ) : catalog.data.connectors.length === 0 ? (
        <EmptyState title="No connectors">Configured connectors appear here.</EmptyState>
      ) : (
        catalog.data.connectors.map((connector) => (
          <Card key={connector.id} aria-label={`Connector ${connector.name}`}>
            <CardHeader className="flex flex-wrap items-baseline gap-2">
              <h2 className="font-semibold">{connector.name}</h2>
              <code className="text-xs text-slate-600">{connector.id}</code>
              <Badge>v{connector.version}</Badge>
              {connector.description ? (
                <p className="basis-full text-sm text-slate-600">{connector.description}</p>
              ) : null}
            </CardHeader>
            <CardBody className="space-y-4">
              {connector.operations.map((operation) => (
                <section
                  key={operation.id}
                  aria-label={`Operation ${operation.name}`}
                  className="rounded-md border border-slate-200 p-3"
                  data-testid={`operation-${connector.id}.${operation.id}`}
                >
                  <div className="flex flex-wrap items-baseline gap-2">
                    <h3 className="font-medium">{operation.name}</h3>
                    <code className="text-xs text-slate-600">
                      {connector.id}.{operation.id}
                    </code>
                    {operation.idempotent ? (
                      <Badge className="bg-emerald-50 text-emerald-800">idempotent</Badge>
                    ) : (
                      <Badge className="bg-amber-50 text-amber-800">not idempotent</Badge>
                    )}
                  </div>
                  {operation.description ? (
                    <p className="mt-1 text-sm text-slate-600">{operation.description}</p>
                  ) : null}
                  <dl className="mt-3 grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
                    <div>
                      <dt className="text-xs uppercase text-slate-500">Calls</dt>
                      <dd className="tabular-nums" data-testid="calls">
                        {operation.stats.calls.toLocaleString("en")}
                      </dd>
                    </div>
                    <div>
                      <dt className="text-xs uppercase text-slate-500">Error rate</dt>
                      <dd data-testid="error-rate">
                        <ErrorRateBar rate={operation.stats.errorRate} />
                      </dd>
                    </div>
                    <div>
                      <dt className="text-xs uppercase text-slate-500">p95 latency</dt>
                      <dd className="tabular-nums" data-testid="p95">
                        {operation.stats.p95Ms === null ? "—" : `${operation.stats.p95Ms} ms`}
                      </dd>
                    </div>
                    <div>
                      <dt className="text-xs uppercase text-slate-500">Used by</dt>
                      <dd>
                        {operation.usedBy.length === 0 ? (
                          <span className="text-slate-500">No published workflow</span>
                        ) : (
                          <ul>
                            {operation.usedBy.map((use) => (
                              <li key={use.workflowId}>
                                <Link
                                  href={`/workflows/${use.workflowId}`}
                                  className="text-brand-700 underline"
                                >
                                  {use.workflowName}
                                </Link>{" "}
                                <span className="text-xs text-slate-500">
                                  v{use.versions.join(", v")} · {use.steps.join(", ")}
                                </span>
                              </li>
                            ))}
                          </ul>
                        )}
                      </dd>
                    </div>
                  </dl>
                  <div className="mt-3 grid gap-3 lg:grid-cols-3">
                    <details className="text-sm">
                      <summary className="cursor-pointer font-medium">Input schema</summary>
                      <pre className="mt-1 max-h-64 overflow-auto rounded bg-slate-50 p-2 text-xs">
                        {operation.inputSchema}
                      </pre>
                    </details>
                    <details className="text-sm">
                      <summary className="cursor-pointer font-medium">Output schema</summary>
                      <pre className="mt-1 max-h-64 overflow-auto rounded bg-slate-50 p-2 text-xs">
                        {operation.outputSchema}
                      </pre>
                    </details>
                    <details className="text-sm">
                      <summary className="cursor-pointer font-medium">Error codes</summary>
                      <ul className="mt-1 space-y-1">
                        {[...operation.errors, ...catalog.data.builtInErrors].map((error) => (
                          <li key={error.code}>
                            <code className="text-xs">{error.code}</code>{" "}
                            <Badge className={error.retryable ? "bg-sky-50 text-sky-800" : "bg-slate-100"}>
                              {error.retryable ? "retried" : "not retried"}
                            </Badge>{" "}
                            <span className="text-slate-600">{error.description}</span>
                          </li>
                        ))}
                      </ul>
                    </details>
                  </div>
                </section>
              ))}
            </CardBody>
          </Card>
        ))
      )}
    </div>
  );
}
