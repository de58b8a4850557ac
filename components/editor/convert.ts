// The pure pair of functions between a workflow definition and React Flow's nodes and edges.
// Definition nodes and edges travel inside `data`, so nothing is lost on the way there and back.
import type { Edge, Node } from "@xyflow/react";
import type { Definition, WorkflowEdge, WorkflowNode } from "@/engine";

export type FlowNodeData = { definitionNode: WorkflowNode };
export type FlowEdgeData = { definitionEdge: WorkflowEdge };
export type FlowNode = Node<FlowNodeData, "workflow">;
export type FlowEdge = Edge<FlowEdgeData>;

const GRID_X = 260;
const GRID_Y = 140;

/** A readable label for an exception edge: what it catches. */
export function exceptionLabel(edge: Extract<WorkflowEdge, { type: "exception" }>): string {
  switch (edge.on.type) {
    case "error":
      return edge.on.code ? `on error ${edge.on.code}` : "on any error";
    case "timeout":
      return "on timeout";
    case "rejection":
      return "on rejection";
    case "escalation":
      return "on escalation";
  }
}

/** The label shown on an edge: its own label, else its condition, "default" or what it catches. */
export function edgeLabel(edge: WorkflowEdge): string | undefined {
  if (edge.label) return edge.label;
  if (edge.type === "conditional") return edge.condition;
  if (edge.type === "default") return "default";
  if (edge.type === "exception") return exceptionLabel(edge);
  return undefined;
}

/** React Flow edge props for a definition edge (exception edges dashed and red). */
export function toFlowEdge(edge: WorkflowEdge): FlowEdge {
  return {
    id: edge.id,
    source: edge.source,
    target: edge.target,
    type: "smoothstep",
    label: edgeLabel(edge),
    className: `edge-${edge.type}`,
    animated: false,
    style: edge.type === "exception" ? { stroke: "#dc2626", strokeDasharray: "6 4" } : undefined,
    data: { definitionEdge: edge },
  };
}

/** Definition -> React Flow nodes and edges. Nodes without a position are laid out on a grid. */
export function toFlow(definition: Definition): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const nodes = definition.nodes.map((node, index): FlowNode => ({
    id: node.id,
    type: "workflow",
    position: node.position ?? { x: (index % 5) * GRID_X, y: Math.floor(index / 5) * GRID_Y },
    data: { definitionNode: node },
  }));
  return { nodes, edges: definition.edges.map(toFlowEdge) };
}

/** React Flow nodes and edges -> definition, keeping `base`'s key, name and other settings. */
export function fromFlow(
  base: Definition,
  nodes: readonly FlowNode[],
  edges: readonly FlowEdge[],
): Definition {
  return {
    ...base,
    nodes: nodes.map((node) => ({
      ...node.data.definitionNode,
      id: node.id,
      position: { x: Math.round(node.position.x), y: Math.round(node.position.y) },
    })),
    edges: edges.map((edge) => ({
      ...edge.data!.definitionEdge,
      id: edge.id,
      source: edge.source,
      target: edge.target,
    })),
  };
}
