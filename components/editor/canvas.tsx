// The React Flow canvas: nodes and edges from the editor store, drag-and-drop from the palette,
// snap to grid, minimap, zoom and fit, multi-select and delete.
"use client";
import { Background, Controls, MiniMap, ReactFlow, useReactFlow, type NodeTypes } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useCallback, useMemo, type DragEvent } from "react";
import type { NodeKind } from "@/engine";
import type { FlowEdge, FlowNode } from "./convert";
import { useEditor } from "./editor-context";
import { kindInfo } from "./node-kinds";
import { useProblems } from "./problems-context";
import { WorkflowNodeComponent } from "./workflow-node";

export const PALETTE_MIME = "application/x-omniflow-kind";

const nodeTypes: NodeTypes = { workflow: WorkflowNodeComponent };

const minimapColor = (node: FlowNode) => {
  const accent = kindInfo[node.data.definitionNode.kind].accent;
  return accent.includes("emerald")
    ? "#10b981"
    : accent.includes("rose")
      ? "#f43f5e"
      : accent.includes("indigo")
        ? "#6366f1"
        : "#94a3b8";
};

/** The editing canvas. `readOnly` shows the graph without letting anyone change it. */
export function Canvas({ readOnly }: { readOnly: boolean }) {
  const nodes = useEditor((state) => state.nodes);
  const storeEdges = useEditor((state) => state.edges);
  const { byEdge } = useProblems();
  // Connections with problems are drawn in orange and say so in their label.
  const edges = useMemo(
    () =>
      storeEdges.map((edge) =>
        byEdge.has(edge.id)
          ? {
              ...edge,
              label: `⚠ ${typeof edge.label === "string" ? edge.label : "problem"}`,
              style: { ...edge.style, stroke: "#ea580c", strokeWidth: 2 },
            }
          : edge,
      ),
    [storeEdges, byEdge],
  );
  const onNodesChange = useEditor((state) => state.onNodesChange);
  const onEdgesChange = useEditor((state) => state.onEdgesChange);
  const onConnect = useEditor((state) => state.onConnect);
  const addNode = useEditor((state) => state.addNode);
  const { screenToFlowPosition } = useReactFlow();

  const onDragOver = useCallback((event: DragEvent) => {
    if (event.dataTransfer.types.includes(PALETTE_MIME)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = "copy";
    }
  }, []);
  const onDrop = useCallback(
    (event: DragEvent) => {
      const kind = event.dataTransfer.getData(PALETTE_MIME) as NodeKind;
      if (!kind || !(kind in kindInfo)) return;
      event.preventDefault();
      const position = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      addNode(kind, { x: Math.round(position.x / 20) * 20, y: Math.round(position.y / 20) * 20 });
    },
    [addNode, screenToFlowPosition],
  );

  return (
    <div
      className="h-full w-full"
      onDragOver={readOnly ? undefined : onDragOver}
      onDrop={readOnly ? undefined : onDrop}
      data-testid="canvas"
    >
      <ReactFlow<FlowNode, FlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={readOnly ? undefined : onEdgesChange}
        onConnect={readOnly ? undefined : onConnect}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        elementsSelectable
        deleteKeyCode={readOnly ? null : ["Delete", "Backspace"]}
        multiSelectionKeyCode={["Shift", "Meta", "Control"]}
        snapToGrid
        snapGrid={[20, 20]}
        fitView
        fitViewOptions={{ padding: 0.2, maxZoom: 1.2 }}
        minZoom={0.1}
        onlyRenderVisibleElements={nodes.length > 150}
        proOptions={{ hideAttribution: true }}
        aria-label="Workflow canvas"
      >
        <Background gap={20} />
        <MiniMap pannable zoomable nodeColor={minimapColor} ariaLabel="Minimap" />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
