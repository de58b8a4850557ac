// How a step looks on the canvas: its kind, name and essentials, with its problems marked.
"use client";
import { Handle, Position, type NodeProps } from "@xyflow/react";
import { memo } from "react";
import { cn } from "@/components/ui/cn";
import type { NodeKind } from "@/engine";
import type { FlowNode } from "./convert";
import { kindInfo, nodeSummary } from "./node-kinds";
import { useProblemCount } from "./problems-context";
import { useTestRunHighlight } from "./test-run";

/** The icon of a node kind. */
export function KindIcon({ kind }: { kind: NodeKind }) {
  const Icon = kindInfo[kind].icon;
  return <Icon aria-hidden className="h-4 w-4 shrink-0 text-slate-600" />;
}

function WorkflowNodeView({ id, data, selected }: NodeProps<FlowNode>) {
  const node = data.definitionNode;
  const info = kindInfo[node.kind];
  const problems = useProblemCount(id);
  const run = useTestRunHighlight();
  const runState = run?.active.has(id) ? "waiting" : run?.visited.has(id) ? "visited" : undefined;
  return (
    <div
      data-testid={`node-${id}`}
      data-kind={node.kind}
      data-run={runState}
      aria-label={`${info.label}: ${node.name || id}${problems > 0 ? `, ${problems} problem${problems === 1 ? "" : "s"}` : ""}`}
      className={cn(
        "w-52 rounded-lg border-2 bg-white px-3 py-2 text-left shadow-sm",
        info.accent,
        selected && "ring-2 ring-brand-600 ring-offset-2",
        problems > 0 && "border-red-500",
        runState === "visited" && "outline outline-4 outline-emerald-400",
        runState === "waiting" && "outline outline-4 outline-amber-400 animate-pulse",
      )}
    >
      {node.kind !== "start" ? (
        <Handle type="target" position={Position.Left} className="!h-3 !w-3 !bg-slate-500" />
      ) : null}
      <div className="flex items-center gap-2">
        <KindIcon kind={node.kind} />
        <span className="text-[10px] font-semibold uppercase tracking-wide text-slate-500">{info.label}</span>
        {problems > 0 ? (
          <span
            className="ml-auto rounded-full bg-red-600 px-1.5 text-[10px] font-bold text-white"
            title={`${problems} problem(s)`}
          >
            {problems}
          </span>
        ) : null}
      </div>
      <p className="mt-1 truncate text-sm font-medium text-slate-900">{node.name || id}</p>
      <p className="truncate text-xs text-slate-600">{nodeSummary(node)}</p>
      {node.kind !== "end" ? (
        <Handle type="source" position={Position.Right} className="!h-3 !w-3 !bg-slate-500" />
      ) : null}
    </div>
  );
}

export const WorkflowNodeComponent = memo(WorkflowNodeView);
