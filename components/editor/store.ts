// The editor's state: one zustand store per mounted editor, made of slices (graph with React Flow
// change handlers, selection, clipboard) with undo/redo from zundo. Server data (the saved draft,
// the catalog) lives in TanStack Query, not here.
import {
  addEdge,
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type EdgeChange,
  type NodeChange,
} from "@xyflow/react";
import { temporal } from "zundo";
import { createStore } from "zustand/vanilla";
import type { Definition, NodeKind, WorkflowEdge, WorkflowNode } from "@/engine";
import { fromFlow, toFlow, toFlowEdge, type FlowEdge, type FlowNode } from "./convert";
import { newNode } from "./node-kinds";

/** A short random id for new nodes and edges (stable once placed). */
export function newElementId(prefix: string): string {
  return `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
}

interface GraphSlice {
  /** key, name, description and schema version; nodes and edges live in `nodes`/`edges`. */
  base: Definition;
  nodes: FlowNode[];
  edges: FlowEdge[];
  onNodesChange: (changes: NodeChange<FlowNode>[]) => void;
  onEdgesChange: (changes: EdgeChange<FlowEdge>[]) => void;
  onConnect: (connection: Connection) => void;
  addNode: (kind: NodeKind, position: { x: number; y: number }) => string;
  updateNode: (node: WorkflowNode) => void;
  updateEdge: (edge: WorkflowEdge) => void;
  setMeta: (meta: { name?: string; description?: string }) => void;
  replaceDefinition: (definition: Definition) => void;
  /** The definition the canvas shows right now. */
  definition: () => Definition;
}

interface SelectionSlice {
  select: (target: { nodeId?: string; edgeId?: string }) => void;
  deleteSelection: () => void;
}

interface ClipboardSlice {
  clipboard: { nodes: FlowNode[]; edges: FlowEdge[] } | null;
  copySelection: () => number;
  paste: () => number;
}

export type EditorState = GraphSlice & SelectionSlice & ClipboardSlice;

/** What undo/redo remembers: the graph without selection or drag flags. */
function tracked(state: EditorState) {
  return {
    base: state.base,
    nodes: state.nodes.map((node) => ({
      id: node.id,
      type: node.type,
      position: node.position,
      data: node.data,
    })),
    edges: state.edges.map((edge) => ({
      ...toFlowEdge(edge.data!.definitionEdge),
      source: edge.source,
      target: edge.target,
    })),
  };
}

/** Records one history entry per burst of changes (a drag, a typed word), at its start. */
function leadingBurst<T extends unknown[]>(
  record: (...args: T) => void,
  quietMs = 400,
): (...args: T) => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  return (...args: T) => {
    if (timer === null) record(...args);
    else clearTimeout(timer);
    timer = setTimeout(() => (timer = null), quietMs);
  };
}

/** Creates the store for one editor, starting from `definition`. */
export function createEditorStore(definition: Definition) {
  const initial = toFlow(definition);
  return createStore<EditorState>()(
    temporal(
      (set, get) => ({
        base: definition,
        nodes: initial.nodes,
        edges: initial.edges,
        clipboard: null,

        onNodesChange: (changes) => set({ nodes: applyNodeChanges(changes, get().nodes) }),
        onEdgesChange: (changes) => set({ edges: applyEdgeChanges(changes, get().edges) }),
        onConnect: (connection) => {
          if (!connection.source || !connection.target || connection.source === connection.target) return;
          const sourceKind = get().nodes.find((node) => node.id === connection.source)?.data.definitionNode
            .kind;
          const hasFlow = get().edges.some(
            (edge) => edge.source === connection.source && edge.data!.definitionEdge.type !== "exception",
          );
          // A second path out of a decision becomes a condition to fill in; elsewhere paths are plain.
          const definitionEdge: WorkflowEdge =
            sourceKind === "decision" && hasFlow
              ? {
                  id: newElementId("edge"),
                  source: connection.source,
                  target: connection.target,
                  type: "conditional",
                  condition: "true",
                }
              : {
                  id: newElementId("edge"),
                  source: connection.source,
                  target: connection.target,
                  type: "normal",
                };
          set({ edges: addEdge(toFlowEdge(definitionEdge), get().edges) });
        },
        addNode: (kind, position) => {
          const id = newElementId(kind);
          const node: FlowNode = {
            id,
            type: "workflow",
            position,
            data: { definitionNode: newNode(kind, id, position) },
            selected: true,
          };
          set({
            nodes: [...get().nodes.map((entry) => ({ ...entry, selected: false })), node],
            edges: get().edges.map((edge) => ({ ...edge, selected: false })),
          });
          return id;
        },
        updateNode: (definitionNode) =>
          set({
            nodes: get().nodes.map((node) =>
              node.id === definitionNode.id ? { ...node, data: { definitionNode } } : node,
            ),
          }),
        updateEdge: (definitionEdge) =>
          set({
            edges: get().edges.map((edge) =>
              edge.id === definitionEdge.id
                ? { ...toFlowEdge(definitionEdge), selected: edge.selected }
                : edge,
            ),
          }),
        setMeta: (meta) => set({ base: { ...get().base, ...meta } }),
        replaceDefinition: (next) => {
          const flow = toFlow(next);
          set({ base: next, nodes: flow.nodes, edges: flow.edges });
        },
        definition: () => fromFlow(get().base, get().nodes, get().edges),

        select: ({ nodeId, edgeId }) =>
          set({
            nodes: get().nodes.map((node) => ({ ...node, selected: node.id === nodeId })),
            edges: get().edges.map((edge) => ({ ...edge, selected: edge.id === edgeId })),
          }),
        deleteSelection: () => {
          const removed = new Set(
            get()
              .nodes.filter((node) => node.selected)
              .map((node) => node.id),
          );
          set({
            nodes: get().nodes.filter((node) => !removed.has(node.id)),
            edges: get().edges.filter(
              (edge) => !edge.selected && !removed.has(edge.source) && !removed.has(edge.target),
            ),
          });
        },

        copySelection: () => {
          const nodes = get().nodes.filter((node) => node.selected);
          const ids = new Set(nodes.map((node) => node.id));
          const edges = get().edges.filter((edge) => ids.has(edge.source) && ids.has(edge.target));
          set({ clipboard: nodes.length > 0 ? { nodes, edges } : null });
          return nodes.length;
        },
        paste: () => {
          const clipboard = get().clipboard;
          if (!clipboard) return 0;
          const ids = new Map(
            clipboard.nodes.map((node) => [node.id, newElementId(node.data.definitionNode.kind)]),
          );
          const nodes = clipboard.nodes.map((node): FlowNode => {
            const id = ids.get(node.id)!;
            const position = { x: node.position.x + 40, y: node.position.y + 40 };
            return {
              ...node,
              id,
              position,
              selected: true,
              data: { definitionNode: { ...node.data.definitionNode, id, position } },
            };
          });
          const edges = clipboard.edges.map((edge) =>
            toFlowEdge({
              ...edge.data!.definitionEdge,
              id: newElementId("edge"),
              source: ids.get(edge.source)!,
              target: ids.get(edge.target)!,
            }),
          );
          set({
            nodes: [...get().nodes.map((node) => ({ ...node, selected: false })), ...nodes],
            edges: [...get().edges, ...edges],
            clipboard: { nodes: nodes.map((node) => ({ ...node, selected: false })), edges },
          });
          return nodes.length;
        },
      }),
      {
        limit: 100,
        partialize: (state) => tracked(state) as unknown as EditorState,
        equality: (past, current) => JSON.stringify(past) === JSON.stringify(current),
        handleSet: (handleSet) => leadingBurst(handleSet),
      },
    ),
  );
}

export type EditorStore = ReturnType<typeof createEditorStore>;
