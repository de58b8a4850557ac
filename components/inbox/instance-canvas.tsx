// A read-only canvas of the definition an instance runs on, with the step it waits at highlighted.
"use client";
import { Background, Controls, ReactFlow, ReactFlowProvider, type NodeTypes } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useMemo } from "react";
import type { Definition } from "@/engine";
import { toFlow, type FlowEdge, type FlowNode } from "@/components/editor/convert";
import { TestRunHighlightProvider } from "@/components/editor/test-run";
import { WorkflowNodeComponent } from "@/components/editor/workflow-node";

const nodeTypes: NodeTypes = { workflow: WorkflowNodeComponent };

/** The definition on a canvas; `current` steps pulse amber, `visited` ones are outlined green. */
export function InstanceCanvas({
  definition,
  current,
  visited,
}: {
  definition: Definition;
  current: string[];
  visited: string[];
}) {
  const flow = useMemo(() => toFlow(definition), [definition]);
  const view = useMemo(() => ({ active: new Set(current), visited: new Set(visited) }), [current, visited]);
  return (
    <div className="h-72 rounded-lg border border-slate-200 bg-white" data-testid="instance-canvas">
      <ReactFlowProvider>
        <TestRunHighlightProvider view={view}>
          <ReactFlow<FlowNode, FlowEdge>
            nodes={flow.nodes}
            edges={flow.edges}
            nodeTypes={nodeTypes}
            nodesDraggable={false}
            nodesConnectable={false}
            elementsSelectable={false}
            fitView
            proOptions={{ hideAttribution: true }}
            aria-label="Where this request stands"
          >
            <Background gap={20} />
            <Controls showInteractive={false} />
          </ReactFlow>
        </TestRunHighlightProvider>
      </ReactFlowProvider>
    </div>
  );
}
