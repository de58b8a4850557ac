// compile(): checks a definition and indexes it for execution. Only a definition without problems
// compiles; the result is what start() and step() run.
import type { ConnectorCatalog } from "../catalog";
import type { Definition } from "../definition/schema";
import { indexGraph, type Graph } from "../graph";
import type { Problem } from "../validate/problems";
import { validateDefinition } from "../validate/validate-definition";

export interface CompiledWorkflow {
  definition: Definition;
  graph: Graph;
  startId: string;
}

export type CompileResult = { ok: true; compiled: CompiledWorkflow } | { ok: false; problems: Problem[] };

/**
 * Validates `definition` (against `catalog` when given) and, when it has no problems, returns the
 * executable form. The same definition always compiles to an equal result.
 */
export function compile(definition: Definition, options: { catalog?: ConnectorCatalog } = {}): CompileResult {
  const problems = validateDefinition(definition, options.catalog ?? null);
  if (problems.length > 0) return { ok: false, problems };
  const start = definition.nodes.find((node) => node.kind === "start");
  if (!start) throw new Error("validateDefinition accepted a definition without a start step");
  return { ok: true, compiled: { definition, graph: indexGraph(definition), startId: start.id } };
}
