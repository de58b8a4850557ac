// Headline counts for the read-only overview.
"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc";
import { Card, CardBody } from "@/components/ui/card";
import { ErrorState, LoadingRows } from "@/components/ui/states";

/** One card per headline figure. */
export function OverviewCards() {
  const trpc = useTRPC();
  const query = useQuery(trpc.overview.summary.queryOptions());
  if (query.isPending) return <LoadingRows rows={2} label="Loading overview" />;
  if (query.isError) return <ErrorState message={query.error.message} />;
  const figures = [
    { label: "Workflows", value: query.data.workflows },
    { label: "Published versions", value: query.data.publishedVersions },
    { label: "Running instances", value: query.data.runningInstances },
    { label: "Completed instances", value: query.data.completedInstances },
    { label: "Open tasks", value: query.data.openTasks },
    { label: "Active people", value: query.data.people },
  ];
  return (
    <dl className="grid grid-cols-2 gap-4 md:grid-cols-3">
      {figures.map((figure) => (
        <Card key={figure.label}>
          <CardBody>
            <dt className="text-sm text-slate-600">{figure.label}</dt>
            <dd className="mt-1 text-3xl font-semibold tabular-nums" data-testid={`figure-${figure.label}`}>
              {figure.value}
            </dd>
          </CardBody>
        </Card>
      ))}
    </dl>
  );
}
