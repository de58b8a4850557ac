// An index over a definition's graph: nodes by id, and the edges leaving and entering each node.
import type { Definition, WorkflowEdge, WorkflowNode } from "./definition/schema";

export interface Graph {
  nodes: Record<string, WorkflowNode>;
  outgoing: Record<string, WorkflowEdge[]>;
  incoming: Record<string, WorkflowEdge[]>;
  edges: Record<string, WorkflowEdge>;
}

/** Indexes nodes and edges; edges whose ends do not exist are left out of outgoing/incoming. */
export function indexGraph(definition: Definition): Graph {
  const nodes: Record<string, WorkflowNode> = {};
  const outgoing: Record<string, WorkflowEdge[]> = {};
  const incoming: Record<string, WorkflowEdge[]> = {};
  const edges: Record<string, WorkflowEdge> = {};
  for (const node of definition.nodes) {
    nodes[node.id] ??= node;
    outgoing[node.id] ??= [];
    incoming[node.id] ??= [];
  }
  for (const edge of definition.edges) {
    edges[edge.id] ??= edge;
    if (nodes[edge.source] && nodes[edge.target]) {
      outgoing[edge.source]!.push(edge);
      incoming[edge.target]!.push(edge);
    }
  }
  return { nodes, outgoing, incoming, edges };
}

/** Edges that carry the normal flow (everything but exception edges). */
export function flowEdges(edges: readonly WorkflowEdge[]): WorkflowEdge[] {
  return edges.filter((edge) => edge.type !== "exception");
}

/** A readable name for a node in messages: its name, or its kind and id. */
export function nodeLabel(node: WorkflowNode): string {
  return node.name ? `"${node.name}"` : `${node.kind} ${node.id}`;
}
