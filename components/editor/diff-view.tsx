// The visual diff between two published versions: added, removed and changed steps and connections
// highlighted on a read-only canvas, with the field-level list of changes beside it.
"use client";
import { useQuery } from "@tanstack/react-query";
import { Background, Controls, ReactFlow, ReactFlowProvider, type NodeTypes } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import Link from "next/link";
import { useMemo, useState } from "react";
import { diffDefinitions, type Definition } from "@/engine";
import { useTRPC } from "@/components/trpc";
import { Card, CardBody } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { ErrorState, LoadingRows } from "@/components/ui/states";
import { toFlow, toFlowEdge, type FlowEdge, type FlowNode } from "./convert";
import { WorkflowNodeComponent } from "./workflow-node";

const nodeTypes: NodeTypes = { workflow: WorkflowNodeComponent };
const ringFor = {
  added: "3px solid #16a34a",
  removed: "3px dashed #dc2626",
  changed: "3px solid #f59e0b",
} as const;

function mergedFlow(before: Definition, after: Definition) {
  const diff = diffDefinitions(before, after);
  const status = new Map<string, keyof typeof ringFor>();
  for (const id of diff.nodes.added) status.set(id, "added");
  for (const id of diff.nodes.removed) status.set(id, "removed");
  for (const change of diff.nodes.changed) status.set(change.id, "changed");
  const afterFlow = toFlow(after);
  const removedNodes = toFlow(before).nodes.filter((node) => diff.nodes.removed.includes(node.id));
  const nodes: FlowNode[] = [...afterFlow.nodes, ...removedNodes].map((node) => {
    const state = status.get(node.id);
    return state
      ? {
          ...node,
          style: {
            outline: ringFor[state],
            outlineOffset: 4,
            borderRadius: 10,
            opacity: state === "removed" ? 0.6 : 1,
          },
          ariaLabel: `${state}: ${node.data.definitionNode.name || node.id}`,
        }
      : node;
  });
  const edgeStatus = new Map<string, keyof typeof ringFor>();
  for (const id of diff.edges.added) edgeStatus.set(id, "added");
  for (const id of diff.edges.removed) edgeStatus.set(id, "removed");
  for (const change of diff.edges.changed) edgeStatus.set(change.id, "changed");
  const stroke = { added: "#16a34a", removed: "#dc2626", changed: "#f59e0b" } as const;
  const edges: FlowEdge[] = [
    ...after.edges,
    ...before.edges.filter((edge) => diff.edges.removed.includes(edge.id)),
  ].map((edge) => {
    const flow = toFlowEdge(edge);
    const state = edgeStatus.get(edge.id);
    return state
      ? {
          ...flow,
          style: {
            ...flow.style,
            stroke: stroke[state],
            strokeWidth: 3,
            strokeDasharray: state === "removed" ? "6 4" : flow.style?.strokeDasharray,
          },
        }
      : flow;
  });
  return { diff, nodes, edges };
}

/** Compares version `from` with version `to` of a workflow. */
export function DiffView({ workflowId, from, to }: { workflowId: string; from: number; to: number }) {
  const trpc = useTRPC();
  const versions = useQuery(trpc.versions.list.queryOptions({ workflowId }));
  const [range, setRange] = useState({ from, to });
  const before = useQuery(trpc.versions.definition.queryOptions({ workflowId, version: range.from }));
  const after = useQuery(trpc.versions.definition.queryOptions({ workflowId, version: range.to }));
  const merged = useMemo(
    () => (before.data && after.data ? mergedFlow(before.data.definition, after.data.definition) : null),
    [before.data, after.data],
  );
  const options = (versions.data ?? []).map((version) => version.version);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-4">
        <Link href={`/workflows/${workflowId}`} className="text-sm text-brand-700 underline">
          Back to the workflow
        </Link>
        {(["from", "to"] as const).map((end) => (
          <div key={end} className="space-y-1">
            <Label htmlFor={`diff-${end}`}>{end === "from" ? "Compare version" : "with version"}</Label>
            <select
              id={`diff-${end}`}
              className="h-9 rounded-md border border-slate-300 bg-white px-2 text-sm"
              value={range[end]}
              onChange={(event) => setRange({ ...range, [end]: Number(event.target.value) })}
            >
              {(options.length > 0 ? options : [range[end]]).map((version) => (
                <option key={version} value={version}>
                  v{version}
                </option>
              ))}
            </select>
          </div>
        ))}
      </div>
      {before.isError || after.isError ? (
        <ErrorState message={(before.error ?? after.error)!.message} />
      ) : !merged ? (
        <LoadingRows rows={3} label="Loading the versions" />
      ) : (
        <div className="grid gap-4 lg:grid-cols-[1fr_22rem]">
          <div className="h-[60vh] rounded-lg border border-slate-200 bg-white">
            <ReactFlowProvider>
              <ReactFlow<FlowNode, FlowEdge>
                nodes={merged.nodes}
                edges={merged.edges}
                nodeTypes={nodeTypes}
                nodesDraggable={false}
                nodesConnectable={false}
                fitView
                proOptions={{ hideAttribution: true }}
                aria-label="Differences on the canvas"
              >
                <Background gap={20} />
                <Controls showInteractive={false} />
              </ReactFlow>
            </ReactFlowProvider>
          </div>
          <Card>
            <CardBody className="space-y-2 text-sm">
              <h2 className="font-semibold">
                Changes from v{range.from} to v{range.to}
              </h2>
              <p className="text-xs text-slate-600">
                <span className="text-emerald-700">green: added</span> ·{" "}
                <span className="text-red-700">red dashed: removed</span> ·{" "}
                <span className="text-amber-700">amber: changed</span>
              </p>
              {merged.diff.summary.length === 0 ? (
                <p>No differences.</p>
              ) : (
                <ul aria-label="Changes" className="list-disc space-y-1 pl-4">
                  {merged.diff.summary.map((line, index) => (
                    <li key={index}>{line}</li>
                  ))}
                </ul>
              )}
            </CardBody>
          </Card>
        </div>
      )}
    </div>
  );
}
