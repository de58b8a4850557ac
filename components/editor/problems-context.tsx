// Live validation: the engine's validateDefinition over the current canvas, shared with every node.
"use client";
import { createContext, useContext, useDeferredValue, useMemo, type ReactNode } from "react";
import { validateDefinition, type ConnectorCatalog, type Problem } from "@/engine";
import { fromFlow } from "./convert";
import { useEditor } from "./editor-context";

interface ProblemsValue {
  problems: Problem[];
  byNode: Map<string, number>;
  byEdge: Map<string, number>;
}

const ProblemsContext = createContext<ProblemsValue>({ problems: [], byNode: new Map(), byEdge: new Map() });

/** Validates the canvas (deferred, so typing stays smooth) and provides the problems. */
export function ProblemsProvider({
  catalog,
  children,
}: {
  catalog: ConnectorCatalog | null;
  children: ReactNode;
}) {
  const base = useDeferredValue(useEditor((state) => state.base));
  const nodes = useDeferredValue(useEditor((state) => state.nodes));
  const edges = useDeferredValue(useEditor((state) => state.edges));
  const value = useMemo(() => {
    const problems = validateDefinition(fromFlow(base, nodes, edges), catalog);
    const byNode = new Map<string, number>();
    const byEdge = new Map<string, number>();
    for (const problem of problems) {
      if (problem.edgeId) byEdge.set(problem.edgeId, (byEdge.get(problem.edgeId) ?? 0) + 1);
      else if (problem.nodeId) byNode.set(problem.nodeId, (byNode.get(problem.nodeId) ?? 0) + 1);
    }
    return { problems, byNode, byEdge };
  }, [base, nodes, edges, catalog]);
  return <ProblemsContext.Provider value={value}>{children}</ProblemsContext.Provider>;
}

/** Every current problem. */
export function useProblems(): ProblemsValue {
  return useContext(ProblemsContext);
}

/** How many problems a node has. */
export function useProblemCount(nodeId: string): number {
  return useContext(ProblemsContext).byNode.get(nodeId) ?? 0;
}
