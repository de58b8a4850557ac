// Differences between two versions of a definition: which nodes and edges were added, removed or
// changed, and for changed ones every field that differs ("Manager approval: quorum 2 -> 3").
import type { Definition, WorkflowEdge, WorkflowNode } from "./definition/schema";

export interface FieldChange {
  path: string;
  before: unknown;
  after: unknown;
}

export interface ElementChange {
  id: string;
  label: string;
  changes: FieldChange[];
}

export interface DefinitionDiff {
  nodes: { added: string[]; removed: string[]; changed: ElementChange[] };
  edges: { added: string[]; removed: string[]; changed: ElementChange[] };
  /** One readable line per change, e.g. `Manager approval: quorum 2 -> 3`. */
  summary: string[];
}

const friendly: Record<string, string> = {
  "completion.count": "quorum",
  "completion.type": "completion",
  dueIn: "due after",
  outcome: "outcome",
  condition: "condition",
  name: "name",
  mode: "mode",
};

function flatten(value: unknown, prefix: string, into: Map<string, unknown>): void {
  if (value && typeof value === "object") {
    const entries = Array.isArray(value)
      ? value.map((item, index) => [String(index), item] as const)
      : Object.entries(value);
    if (entries.length === 0) into.set(prefix, value);
    for (const [key, item] of entries) flatten(item, prefix ? `${prefix}.${key}` : key, into);
    return;
  }
  into.set(prefix, value);
}

function fieldChanges(before: object, after: object): FieldChange[] {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  flatten(before, "", a);
  flatten(after, "", b);
  const paths = [...new Set([...a.keys(), ...b.keys()])]
    .filter((path) => !path.startsWith("position"))
    .sort();
  return paths
    .filter((path) => JSON.stringify(a.get(path)) !== JSON.stringify(b.get(path)))
    .map((path) => ({ path, before: a.get(path), after: b.get(path) }));
}

function show(value: unknown): string {
  if (value === undefined) return "(none)";
  return typeof value === "string" ? value : JSON.stringify(value);
}

function nodeLabel(node: WorkflowNode): string {
  return node.name || node.id;
}

function edgeLabel(edge: WorkflowEdge, nodes: Map<string, WorkflowNode>): string {
  const name = (id: string) => (nodes.get(id) ? nodeLabel(nodes.get(id)!) : id);
  return `${name(edge.source)} → ${name(edge.target)}`;
}

/** Compares two definitions by node and edge ids. Positions on the canvas are not changes. */
export function diffDefinitions(before: Definition, after: Definition): DefinitionDiff {
  const beforeNodes = new Map(before.nodes.map((node) => [node.id, node]));
  const afterNodes = new Map(after.nodes.map((node) => [node.id, node]));
  const beforeEdges = new Map(before.edges.map((edge) => [edge.id, edge]));
  const afterEdges = new Map(after.edges.map((edge) => [edge.id, edge]));
  const summary: string[] = [];

  const nodes: DefinitionDiff["nodes"] = { added: [], removed: [], changed: [] };
  for (const node of after.nodes) {
    const old = beforeNodes.get(node.id);
    if (!old) {
      nodes.added.push(node.id);
      summary.push(`Added ${node.kind} "${nodeLabel(node)}"`);
      continue;
    }
    const changes = fieldChanges(old, node);
    if (changes.length > 0) {
      nodes.changed.push({ id: node.id, label: nodeLabel(node), changes });
      for (const change of changes)
        summary.push(
          `${nodeLabel(old)}: ${friendly[change.path] ?? change.path} ${show(change.before)} -> ${show(change.after)}`,
        );
    }
  }
  for (const node of before.nodes) {
    if (!afterNodes.has(node.id)) {
      nodes.removed.push(node.id);
      summary.push(`Removed ${node.kind} "${nodeLabel(node)}"`);
    }
  }

  const edges: DefinitionDiff["edges"] = { added: [], removed: [], changed: [] };
  for (const edge of after.edges) {
    const old = beforeEdges.get(edge.id);
    if (!old) {
      edges.added.push(edge.id);
      summary.push(`Added connection ${edgeLabel(edge, afterNodes)}`);
      continue;
    }
    const changes = fieldChanges(old, edge);
    if (changes.length > 0) {
      const label = edgeLabel(edge, afterNodes);
      edges.changed.push({ id: edge.id, label, changes });
      for (const change of changes)
        summary.push(
          `Connection ${label}: ${friendly[change.path] ?? change.path} ${show(change.before)} -> ${show(change.after)}`,
        );
    }
  }
  for (const edge of before.edges) {
    if (!afterEdges.has(edge.id)) {
      edges.removed.push(edge.id);
      summary.push(`Removed connection ${edgeLabel(edge, beforeNodes)}`);
    }
  }
  return { nodes, edges, summary };
}
