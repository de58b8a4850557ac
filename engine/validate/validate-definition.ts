// validateDefinition: every problem in a definition, each with a code, the node or edge it is about,
// and a message a process owner understands. A definition with problems may be saved as a draft but
// cannot be compiled or published.
import { findOperation, type ConnectorCatalog } from "../catalog";
import type { Definition, Field, NodeOfKind, WorkflowEdge, WorkflowNode } from "../definition/schema";
import { cronProblem } from "../expr/cron";
import { durationProblem } from "../expr/duration";
import {
  checkFeel,
  checkTemplate,
  checkUnaryTests,
  feelVariables,
  templateVariables,
  unaryTestVariables,
} from "../expr/feel";
import { flowEdges, indexGraph, nodeLabel, type Graph } from "../graph";
import type { Problem } from "./problems";

type ConnectorOperation = NonNullable<ReturnType<typeof findOperation>>;

/** Variables every instance has besides its start input. */
export const systemVariables = ["requester"] as const;

const waitingKinds = new Set<WorkflowNode["kind"]>(["approval", "action", "wait", "timer", "subworkflow"]);

/** The variables a node writes when it completes. */
export function nodeOutputs(node: WorkflowNode): string[] {
  switch (node.kind) {
    case "start":
      return node.input.map((field) => field.name);
    case "approval":
      return [...node.form.map((field) => field.name), ...(node.resultVariable ? [node.resultVariable] : [])];
    case "decision":
      if (node.rule.type === "expression") return [node.rule.outputVariable];
      if (node.rule.type === "table") return node.rule.table.outputs.map((output) => output.name);
      return [];
    case "action":
    case "wait":
      return node.outputVariable ? [node.outputVariable] : [];
    case "set":
      return node.assignments.map((assignment) => assignment.variable);
    case "subworkflow":
      return Object.keys(node.outputs);
    case "split":
    case "join":
    case "timer":
    case "notify":
    case "end":
      return [];
  }
}

interface Context {
  graph: Graph;
  problems: Problem[];
  /** Without a catalog, connector operations are not checked (e.g. a draft opened offline). */
  catalog: ConnectorCatalog | null;
}

function add(context: Context, problem: Problem): void {
  context.problems.push(problem);
}

// --- Structure ----------------------------------------------------------------------------------

function checkIds(definition: Definition, context: Context): void {
  const seen = new Set<string>();
  for (const node of definition.nodes) {
    if (seen.has(node.id)) {
      add(context, { code: "DUPLICATE_ID", nodeId: node.id, message: `Two steps share the id "${node.id}"` });
    }
    seen.add(node.id);
  }
  for (const edge of definition.edges) {
    if (seen.has(edge.id)) {
      add(context, {
        code: "DUPLICATE_ID",
        edgeId: edge.id,
        message: `Two elements share the id "${edge.id}"`,
      });
    }
    seen.add(edge.id);
    for (const end of ["source", "target"] as const) {
      if (!context.graph.nodes[edge[end]]) {
        add(context, {
          code: "EDGE_UNKNOWN_NODE",
          edgeId: edge.id,
          field: end,
          message: `This connection's ${end} "${edge[end]}" is not a step of the workflow`,
        });
      }
    }
  }
}

function reachableFrom(starts: string[], next: (id: string) => string[]): Set<string> {
  const seen = new Set<string>(starts);
  const queue = [...starts];
  while (queue.length > 0) {
    const id = queue.pop()!;
    for (const neighbour of next(id)) {
      if (!seen.has(neighbour)) {
        seen.add(neighbour);
        queue.push(neighbour);
      }
    }
  }
  return seen;
}

function checkStartAndEnds(definition: Definition, context: Context): string | null {
  const starts = definition.nodes.filter((node) => node.kind === "start");
  if (starts.length === 0) add(context, { code: "NO_START", message: "The workflow needs a start step" });
  if (starts.length > 1) {
    for (const start of starts.slice(1)) {
      add(context, {
        code: "MULTIPLE_STARTS",
        nodeId: start.id,
        message: "A workflow has exactly one start step",
      });
    }
  }
  if (!definition.nodes.some((node) => node.kind === "end")) {
    add(context, { code: "NO_END", message: "The workflow needs at least one end step" });
  }
  for (const node of definition.nodes) {
    if (node.kind === "start" && (context.graph.incoming[node.id]?.length ?? 0) > 0) {
      add(context, {
        code: "START_HAS_INCOMING",
        nodeId: node.id,
        message: "Nothing may lead into the start step",
      });
    }
    if (node.kind === "end" && (context.graph.outgoing[node.id]?.length ?? 0) > 0) {
      add(context, { code: "END_HAS_OUTGOING", nodeId: node.id, message: "Nothing may leave an end step" });
    }
  }
  return starts[0]?.id ?? null;
}

function checkReachability(definition: Definition, context: Context, startId: string | null): void {
  const { graph } = context;
  if (startId) {
    const reached = reachableFrom([startId], (id) => (graph.outgoing[id] ?? []).map((edge) => edge.target));
    for (const node of definition.nodes) {
      // A second start step is reported as MULTIPLE_STARTS; calling it unreachable too would only confuse.
      if (!reached.has(node.id) && node.kind !== "start") {
        add(context, {
          code: "UNREACHABLE",
          nodeId: node.id,
          message: `${nodeLabel(node)} cannot be reached from the start`,
        });
      }
    }
  }
  const ends = definition.nodes.filter((node) => node.kind === "end").map((node) => node.id);
  if (ends.length > 0) {
    const canEnd = reachableFrom(ends, (id) => (graph.incoming[id] ?? []).map((edge) => edge.source));
    for (const node of definition.nodes) {
      if (!canEnd.has(node.id)) {
        add(context, {
          code: "NO_PATH_TO_END",
          nodeId: node.id,
          message: `No path leads from ${nodeLabel(node)} to an end step`,
        });
      }
    }
  }
}

const exceptionsAllowed: Record<WorkflowNode["kind"], readonly string[]> = {
  start: [],
  end: [],
  split: [],
  join: [],
  approval: ["error", "rejection", "escalation"],
  decision: ["error"],
  action: ["error"],
  wait: ["error", "timeout"],
  timer: ["error"],
  set: ["error"],
  notify: ["error"],
  subworkflow: ["error", "rejection"],
};

/** "an approval step", "a set step": node kinds as they read in a sentence. */
function kindPhrase(kind: WorkflowNode["kind"]): string {
  const words = kind === "subworkflow" ? "sub-workflow" : kind;
  return `${/^[aeiou]/.test(words) ? "an" : "a"} ${words} step`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function describeTrigger(edge: Extract<WorkflowEdge, { type: "exception" }>): string {
  return edge.on.type === "error" ? (edge.on.code ? `error ${edge.on.code}` : "any error") : edge.on.type;
}

function checkOutgoing(node: WorkflowNode, context: Context): void {
  const edges = context.graph.outgoing[node.id] ?? [];
  const flow = flowEdges(edges);
  if (node.kind === "end") return;

  const exceptions = edges.filter(
    (edge): edge is Extract<WorkflowEdge, { type: "exception" }> => edge.type === "exception",
  );
  const seenTriggers = new Set<string>();
  for (const edge of exceptions) {
    const allowed = exceptionsAllowed[node.kind];
    if (!allowed.includes(edge.on.type)) {
      const phrase = kindPhrase(node.kind);
      add(context, {
        code: "EXCEPTION_EDGE_NOT_ALLOWED",
        edgeId: edge.id,
        message:
          allowed.length === 0
            ? `${capitalize(phrase)} has no exception paths`
            : `${capitalize(phrase)} cannot raise "${describeTrigger(edge)}"; its exception paths can be for: ${allowed.join(", ")}`,
      });
    }
    if (context.graph.nodes[edge.target]?.kind === "join") {
      add(context, {
        code: "EXCEPTION_EDGE_NOT_ALLOWED",
        edgeId: edge.id,
        message: "An exception path cannot lead into a join: the join waits for the normal branches only",
      });
    }
    const key = describeTrigger(edge);
    if (seenTriggers.has(key)) {
      add(context, {
        code: "DUPLICATE_EXCEPTION_EDGE",
        edgeId: edge.id,
        message: `${nodeLabel(node)} already has an exception path for ${key}`,
      });
    }
    seenTriggers.add(key);
  }

  if (flow.length === 0) {
    add(context, {
      code: "MISSING_OUTGOING",
      nodeId: node.id,
      message: `${nodeLabel(node)} has no way onward`,
    });
    return;
  }
  if (node.kind === "split") {
    for (const edge of flow) {
      if (edge.type !== "normal") {
        add(context, {
          code: "SPLIT_EDGE_CONDITION",
          edgeId: edge.id,
          message: "Every branch of a parallel split runs; its connections cannot have conditions",
        });
      }
    }
    if (flow.length < 2) {
      add(context, {
        code: "SPLIT_NEEDS_BRANCHES",
        nodeId: node.id,
        message: "A parallel split needs at least two branches",
      });
    }
    return;
  }
  const conditional = flow.filter((edge) => edge.type === "conditional");
  const defaults = flow.filter((edge) => edge.type === "default");
  const normal = flow.filter((edge) => edge.type === "normal");
  if (conditional.length > 0 || defaults.length > 0) {
    if (defaults.length === 0) {
      add(context, {
        code: "DEFAULT_EDGE_REQUIRED",
        nodeId: node.id,
        message: `${nodeLabel(node)} has conditions but no default path for when none is true`,
      });
    }
    if (defaults.length > 1) {
      add(context, {
        code: "MULTIPLE_DEFAULT_EDGES",
        nodeId: node.id,
        message: `${nodeLabel(node)} has more than one default path`,
      });
    }
    for (const edge of normal) {
      add(context, {
        code: "AMBIGUOUS_OUTGOING",
        edgeId: edge.id,
        message: "Next to conditional paths, every other path must be the default",
      });
    }
  } else if (normal.length > 1) {
    add(context, {
      code: "AMBIGUOUS_OUTGOING",
      nodeId: node.id,
      message: `${nodeLabel(node)} has ${normal.length} paths onward without conditions; use a parallel split to run them all, or add conditions`,
    });
  }
}

interface BranchWalk {
  /** Joins the branch reaches at its own level (not the joins of splits nested inside it). */
  joins: Set<string>;
  /** The connections by which it enters those joins. */
  arrivals: Set<string>;
  /** It can reach a completed end without a join. */
  leaks: boolean;
  /** It can come back into its own split. */
  loopsBack: boolean;
}

/**
 * Follows one branch of `split` along every path a token can take, exception paths included, up to the
 * join at its own nesting level: a split inside the branch opens a level, a join closes one.
 */
function walkBranch(graph: Graph, split: WorkflowNode, branch: WorkflowEdge, splitCount: number): BranchWalk {
  const walk: BranchWalk = { joins: new Set(), arrivals: new Set(), leaks: false, loopsBack: false };
  const seen = new Set<string>();
  const stack: { id: string; depth: number }[] = [];
  const follow = (edge: WorkflowEdge, depth: number) => {
    if (depth === 0 && graph.nodes[edge.target]?.kind === "join") {
      walk.joins.add(edge.target);
      walk.arrivals.add(edge.id);
    } else stack.push({ id: edge.target, depth });
  };
  follow(branch, 0);
  while (stack.length > 0) {
    const { id, depth } = stack.pop()!;
    const key = `${id}@${depth}`;
    // Nesting deeper than there are splits means a loop passes a split again and again without its
    // join: that split reports it, and following the loop here would never end.
    if (seen.has(key) || depth > splitCount) continue;
    seen.add(key);
    const node = graph.nodes[id];
    if (!node) continue;
    if (id === split.id) {
      walk.loopsBack = true;
      continue;
    }
    // A branch may end the whole instance early (rejected, failed, cancelled); a normal end would
    // leave the join waiting forever.
    if (node.kind === "end") {
      if (node.outcome === "completed") walk.leaks = true;
      continue;
    }
    const nextDepth = node.kind === "split" ? depth + 1 : node.kind === "join" ? depth - 1 : depth;
    for (const edge of graph.outgoing[id] ?? []) follow(edge, nextDepth);
  }
  return walk;
}

/** Why the join that the branches of `split` reach cannot close it, or null when it can. */
function joinProblem(
  graph: Graph,
  startId: string | null,
  split: WorkflowNode,
  joinId: string,
  walks: readonly BranchWalk[],
): string | null {
  const join = nodeLabel(graph.nodes[joinId]!);
  if (startId !== null && startId !== split.id) {
    const bypass = reachableFrom([startId], (id) =>
      id === split.id ? [] : (graph.outgoing[id] ?? []).map((edge) => edge.target),
    );
    if (bypass.has(joinId)) {
      return `${join} can be reached from the start without passing ${nodeLabel(split)}, so it would wait for branches that never started`;
    }
  }
  const incoming = flowEdges(graph.incoming[joinId] ?? []);
  const outside = incoming.filter((edge) => !walks.some((walk) => walk.arrivals.has(edge.id)));
  if (outside.length > 0) {
    const sources = outside.map((edge) => nodeLabel(graph.nodes[edge.source]!)).join(", ");
    return `${join} also waits for the path from ${sources}, which is not a branch of ${nodeLabel(split)}, so it would wait forever`;
  }
  // The join waits for one token on each incoming path: two branches entering by the same one would
  // bring two tokens there and none to another.
  const shared = incoming.find((edge) => walks.filter((walk) => walk.arrivals.has(edge.id)).length > 1);
  if (shared) {
    return `Two branches of ${nodeLabel(split)} reach ${join} along the same path from ${nodeLabel(graph.nodes[shared.source]!)}; each branch needs its own path into the join`;
  }
  if (incoming.length !== walks.length) {
    return `${join} waits for ${incoming.length} incoming paths but ${nodeLabel(split)} starts ${walks.length} branches`;
  }
  return null;
}

function checkJoins(definition: Definition, context: Context, startId: string | null): void {
  const { graph } = context;
  const matched = new Map<string, string>();
  const splits = definition.nodes.filter((node) => node.kind === "split");
  for (const split of splits) {
    const branches = flowEdges(graph.outgoing[split.id] ?? []);
    // Fewer than two branches is already SPLIT_NEEDS_BRANCHES (or MISSING_OUTGOING); which join such a
    // split would close is not a question yet.
    if (branches.length < 2) continue;
    const walks = branches.map((branch) => walkBranch(graph, split, branch, splits.length));
    const joins = definition.nodes
      .filter((node) => walks.some((walk) => walk.joins.has(node.id)))
      .map((node) => node.id);
    const leaks = walks.some((walk) => walk.leaks);
    const loopsBack = walks.some((walk) => walk.loopsBack);
    if (loopsBack) {
      add(context, {
        code: "JOIN_MISMATCH",
        nodeId: split.id,
        message: `A branch of ${nodeLabel(split)} loops back to it before reaching the join, which would start every branch again`,
      });
    }
    if (leaks) {
      add(context, {
        code: "JOIN_MISMATCH",
        nodeId: split.id,
        message: `A branch of ${nodeLabel(split)} reaches a normal end without passing the join`,
      });
    }
    if (joins.length > 1) {
      add(context, {
        code: "JOIN_MISMATCH",
        nodeId: split.id,
        message: `The branches of ${nodeLabel(split)} meet at different joins (${joins.map((id) => nodeLabel(graph.nodes[id]!)).join(", ")})`,
      });
      // These joins do belong to a split; saying they close none would point at the wrong fix.
      for (const id of joins) if (!matched.has(id)) matched.set(id, split.id);
    } else if (joins.length === 1) {
      const joinId = joins[0]!;
      const problem = joinProblem(graph, startId, split, joinId, walks);
      if (problem) add(context, { code: "JOIN_MISMATCH", nodeId: joinId, message: problem });
      if (matched.has(joinId)) {
        add(context, {
          code: "JOIN_MISMATCH",
          nodeId: joinId,
          message: `${nodeLabel(graph.nodes[joinId]!)} closes more than one split`,
        });
      }
      matched.set(joinId, split.id);
    } else if (!leaks && !loopsBack) {
      add(context, {
        code: "JOIN_MISMATCH",
        nodeId: split.id,
        message: `The branches of ${nodeLabel(split)} never meet at a join`,
      });
    }
  }
  for (const join of definition.nodes.filter((node) => node.kind === "join")) {
    if (flowEdges(graph.incoming[join.id] ?? []).length < 2) {
      add(context, {
        code: "JOIN_NEEDS_BRANCHES",
        nodeId: join.id,
        message: "A join needs at least two incoming paths",
      });
    } else if (!matched.has(join.id)) {
      add(context, {
        code: "JOIN_WITHOUT_SPLIT",
        nodeId: join.id,
        message: `${nodeLabel(join)} does not close a parallel split`,
      });
    }
  }
}

/** Strongly connected components (Tarjan), iterative to survive large graphs. */
function stronglyConnected(ids: string[], next: (id: string) => string[]): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  for (const root of ids) {
    if (indices.has(root)) continue;
    const work: { id: string; neighbours: string[]; position: number }[] = [];
    const visit = (id: string) => {
      indices.set(id, index);
      low.set(id, index);
      index += 1;
      stack.push(id);
      onStack.add(id);
      work.push({ id, neighbours: next(id), position: 0 });
    };
    visit(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      if (frame.position < frame.neighbours.length) {
        const neighbour = frame.neighbours[frame.position]!;
        frame.position += 1;
        if (!indices.has(neighbour)) visit(neighbour);
        else if (onStack.has(neighbour))
          low.set(frame.id, Math.min(low.get(frame.id)!, indices.get(neighbour)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) === indices.get(frame.id)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.id);
        components.push(component);
      }
    }
  }
  return components;
}

function checkCycles(definition: Definition, context: Context): void {
  const { graph } = context;
  // A loop that never waits is a cycle among the steps that do not wait, even when it sits inside a
  // larger loop that does (a condition leading a decision back to itself beside an action's retry path).
  const passes = (id: string) => {
    const kind = graph.nodes[id]?.kind;
    return kind !== undefined && !waitingKinds.has(kind);
  };
  const next = (id: string) => (graph.outgoing[id] ?? []).map((edge) => edge.target).filter(passes);
  const position = new Map(definition.nodes.map((node, index) => [node.id, index] as const));
  const loops = stronglyConnected(definition.nodes.map((node) => node.id).filter(passes), next)
    .filter((component) => component.length > 1 || next(component[0]!).includes(component[0]!))
    .map((component) => definition.nodes.filter((node) => component.includes(node.id)))
    .sort((a, b) => position.get(a[0]!.id)! - position.get(b[0]!.id)!);
  for (const loop of loops) {
    add(context, {
      code: "CYCLE_WITHOUT_WAIT",
      nodeId: loop[0]!.id,
      message: `The loop through ${loop.map(nodeLabel).join(", ")} never waits for a person, a system or a timer, so it would run forever`,
    });
  }
}

// --- Expressions and variables ------------------------------------------------------------------

interface Where {
  nodeId?: string;
  edgeId?: string;
  /** The dotted path of the setting, for the canvas to point at. */
  field: string;
  /** The same setting in words, for the message: "Condition", "Rule 2, input 1 (Amount)". */
  label: string;
}

function problemAt(code: Problem["code"], { label, ...at }: Where, message: string): Problem {
  return { code, ...at, message: `${label}: ${message}` };
}

function unknownVariable(where: Where, name: string): Problem {
  return problemAt(
    "UNKNOWN_VARIABLE",
    where,
    `"${name}" is not a start input or the output of an earlier step`,
  );
}

function checkExpression(
  context: Context,
  expression: string,
  where: Where,
  available: ReadonlySet<string> | null,
): void {
  const problem = checkFeel(expression);
  if (problem) {
    add(context, problemAt("FEEL_SYNTAX", where, problem.message));
    return;
  }
  if (!available) return;
  for (const name of feelVariables(expression)) {
    if (!available.has(name)) add(context, unknownVariable(where, name));
  }
}

function checkUnary(context: Context, tests: string, where: Where, available: ReadonlySet<string>): void {
  const problem = checkUnaryTests(tests);
  if (problem) {
    add(context, problemAt("FEEL_SYNTAX", where, problem.message));
    return;
  }
  for (const name of unaryTestVariables(tests)) {
    if (name !== "?" && !available.has(name)) add(context, unknownVariable(where, name));
  }
}

function checkDuration(context: Context, value: string | undefined, where: Where): void {
  if (value === undefined) return;
  const problem = durationProblem(value);
  if (problem) add(context, problemAt("DURATION_INVALID", where, problem));
}

function checkFields(context: Context, fields: readonly Field[], nodeId: string, field: string): void {
  const names = new Set<string>();
  fields.forEach((entry, index) => {
    if (names.has(entry.name)) {
      add(context, {
        code: "DUPLICATE_FIELD",
        nodeId,
        field: `${field}.${index}.name`,
        message: `The field "${entry.name}" appears twice`,
      });
    }
    names.add(entry.name);
    if (entry.type === "select" && (entry.options?.length ?? 0) === 0) {
      add(context, {
        code: "SELECT_WITHOUT_OPTIONS",
        nodeId,
        field: `${field}.${index}.options`,
        message: `The choice field "${entry.name}" needs at least one option`,
      });
    }
  });
}

/** Variables available at each node: start input, system variables and every ancestor's outputs. */
function availableVariables(definition: Definition, graph: Graph): Map<string, Set<string>> {
  const result = new Map<string, Set<string>>();
  for (const node of definition.nodes) {
    const ancestors = reachableFrom(
      (graph.incoming[node.id] ?? []).map((edge) => edge.source),
      (id) => (graph.incoming[id] ?? []).map((edge) => edge.source),
    );
    const names = new Set<string>(systemVariables);
    for (const id of ancestors) for (const name of nodeOutputs(graph.nodes[id]!)) names.add(name);
    result.set(node.id, names);
  }
  return result;
}

function checkApproval(node: NodeOfKind<"approval">, context: Context, available: ReadonlySet<string>): void {
  if (node.levels.length === 0) {
    add(context, {
      code: "APPROVAL_NO_LEVELS",
      nodeId: node.id,
      field: "levels",
      message: "Add at least one approval level",
    });
  }
  if ((node.mode === "single" || node.mode === "parallel") && node.levels.length > 1) {
    add(context, {
      code: "APPROVAL_LEVEL_COUNT",
      nodeId: node.id,
      field: "levels",
      message: `A ${node.mode} approval has one level; use a sequential chain for ${node.levels.length} levels`,
    });
  }
  node.levels.forEach((level, index) => {
    if (level.assignees.length === 0) {
      add(context, {
        code: "APPROVAL_NO_ASSIGNEES",
        nodeId: node.id,
        field: `levels.${index}.assignees`,
        message: `Level ${index + 1}${level.name ? ` (${level.name})` : ""} has no approvers`,
      });
    }
    level.assignees.forEach((assignee, position) => {
      if (assignee.type === "expression") {
        checkExpression(
          context,
          assignee.expression,
          {
            nodeId: node.id,
            field: `levels.${index}.assignees.${position}`,
            label: `Level ${index + 1}, approver ${position + 1}`,
          },
          available,
        );
      }
    });
  });
  if (node.mode === "parallel" && node.completion.type === "quorum") {
    const level = node.levels[0];
    const count = node.completion.count;
    // One task per distinct person or role, as the engine opens them: a person listed twice counts once.
    const staticTasks = new Set(
      (level?.assignees ?? []).flatMap((assignee) =>
        assignee.type === "user"
          ? [`user:${assignee.userId}`]
          : assignee.type === "role"
            ? [`role:${assignee.role}`]
            : [],
      ),
    ).size;
    const hasDynamic = level?.assignees.some((assignee) => assignee.type === "expression") ?? false;
    if (count < 1 || (!hasDynamic && count > staticTasks)) {
      add(context, {
        code: "QUORUM_INVALID",
        nodeId: node.id,
        field: "completion.count",
        message:
          count < 1
            ? `A quorum needs at least 1 approval, not ${count}`
            : `A quorum of ${count} is impossible with ${staticTasks} approver${staticTasks === 1 ? "" : "s"}`,
      });
    }
  }
  checkDuration(context, node.dueIn, { nodeId: node.id, field: "dueIn", label: "Due time" });
  node.escalation.forEach((step, index) => {
    checkDuration(context, step.after, {
      nodeId: node.id,
      field: `escalation.${index}.after`,
      label: `Escalation step ${index + 1}`,
    });
  });
  if (node.escalation.length > 0 && !node.dueIn) {
    add(context, {
      code: "ESCALATION_WITHOUT_DUE",
      nodeId: node.id,
      field: "dueIn",
      message: "Escalation steps count from the due time: set when tasks are due",
    });
  }
  const hasEscalationEdge = (context.graph.outgoing[node.id] ?? []).some(
    (edge) => edge.type === "exception" && edge.on.type === "escalation",
  );
  if (node.escalation.some((step) => step.action === "exception") && !hasEscalationEdge) {
    add(context, {
      code: "ESCALATION_EDGE_MISSING",
      nodeId: node.id,
      message: `${nodeLabel(node)} escalates to an exception path, but no escalation path is drawn`,
    });
  }
  checkFields(context, node.form, node.id, "form");
}

function checkMapping(
  context: Context,
  operation: ConnectorOperation,
  mapping: Readonly<Record<string, string>>,
  nodeId: string,
  prefix: string,
): void {
  const name = operation.name || operation.id;
  for (const input of operation.inputs.filter((entry) => entry.required)) {
    if (!Object.hasOwn(mapping, input.name)) {
      add(context, {
        code: "INPUT_MAPPING_MISSING",
        nodeId,
        field: `${prefix}.${input.name}`,
        message: `${name} needs a value for "${input.name}"`,
      });
    }
  }
  for (const field of Object.keys(mapping)) {
    if (!operation.inputs.some((entry) => entry.name === field)) {
      add(context, {
        code: "INPUT_MAPPING_UNKNOWN",
        nodeId,
        field: `${prefix}.${field}`,
        message: `${name} has no input "${field}"`,
      });
    }
  }
}

/** The action's connector, operation and input mappings against the catalog. */
function checkConnector(node: NodeOfKind<"action">, context: Context, catalog: ConnectorCatalog): void {
  const connector = catalog.connectors.find((entry) => entry.id === node.connector);
  if (!connector) {
    add(context, {
      code: "CONNECTOR_UNKNOWN",
      nodeId: node.id,
      field: "connector",
      message: `There is no connector "${node.connector}"`,
    });
    return;
  }
  const connectorName = connector.name || connector.id;
  const operation = findOperation(catalog, node.connector, node.operation);
  if (operation) {
    checkMapping(context, operation, node.input, node.id, "input");
  } else {
    add(context, {
      code: "OPERATION_UNKNOWN",
      nodeId: node.id,
      field: "operation",
      message: `${connectorName} has no operation "${node.operation}"`,
    });
  }
  if (!node.compensation) return;
  const compensation = findOperation(catalog, node.connector, node.compensation.operation);
  if (compensation) {
    checkMapping(context, compensation, node.compensation.input, node.id, "compensation.input");
  } else {
    add(context, {
      code: "OPERATION_UNKNOWN",
      nodeId: node.id,
      field: "compensation.operation",
      message: `${connectorName} has no operation "${node.compensation.operation}" to compensate with`,
    });
  }
}

function checkNodeSettings(node: WorkflowNode, context: Context, available: ReadonlySet<string>): void {
  const at = (field: string) => ({ nodeId: node.id, field });
  const where = (field: string, label: string): Where => ({ nodeId: node.id, field, label });
  switch (node.kind) {
    case "start":
      checkFields(context, node.input, node.id, "input");
      if (node.trigger.type === "schedule") {
        const problem = cronProblem(node.trigger.cron);
        if (problem) {
          add(context, { code: "CRON_INVALID", nodeId: node.id, field: "trigger.cron", message: problem });
        }
      }
      return;
    case "approval":
      checkApproval(node, context, available);
      return;
    case "decision": {
      if (node.rule.type === "expression") {
        checkExpression(
          context,
          node.rule.expression,
          where("rule.expression", "Decision expression"),
          available,
        );
      } else if (node.rule.type === "table") {
        const table = node.rule.table;
        const inputLabel = (index: number) => {
          const label = table.inputs[index]?.label;
          return `input ${index + 1}${label ? ` (${label})` : ""}`;
        };
        table.inputs.forEach((input, index) =>
          checkExpression(
            context,
            input.expression,
            where(`rule.table.inputs.${index}`, `Table ${inputLabel(index)}`),
            available,
          ),
        );
        const names = new Set<string>();
        for (const output of table.outputs) {
          if (names.has(output.name)) {
            add(context, {
              code: "DECISION_TABLE_SHAPE",
              ...at("rule.table.outputs"),
              message: `The output "${output.name}" appears twice`,
            });
          }
          names.add(output.name);
        }
        table.rules.forEach((rule, index) => {
          if (
            rule.inputEntries.length !== table.inputs.length ||
            rule.outputEntries.length !== table.outputs.length
          ) {
            add(context, {
              code: "DECISION_TABLE_SHAPE",
              ...at(`rule.table.rules.${index}`),
              message: `Rule ${index + 1} needs ${table.inputs.length} input and ${table.outputs.length} output entries`,
            });
            return;
          }
          rule.inputEntries.forEach((entry, position) =>
            checkUnary(
              context,
              entry,
              where(
                `rule.table.rules.${index}.inputEntries.${position}`,
                `Rule ${index + 1}, ${inputLabel(position)}`,
              ),
              available,
            ),
          );
          rule.outputEntries.forEach((entry, position) =>
            checkExpression(
              context,
              entry,
              where(
                `rule.table.rules.${index}.outputEntries.${position}`,
                `Rule ${index + 1}, output "${table.outputs[position]?.name ?? position + 1}"`,
              ),
              available,
            ),
          );
        });
      }
      return;
    }
    case "action": {
      for (const [field, expression] of Object.entries(node.input)) {
        checkExpression(context, expression, where(`input.${field}`, `Input "${field}"`), available);
      }
      if (node.compensation) {
        // Compensation runs after the action succeeded, so it may read the action's output.
        const withOutput = new Set([...available, ...nodeOutputs(node)]);
        for (const [field, expression] of Object.entries(node.compensation.input)) {
          checkExpression(
            context,
            expression,
            where(`compensation.input.${field}`, `Compensation input "${field}"`),
            withOutput,
          );
        }
      }
      checkDuration(context, node.timeout, where("timeout", "Timeout"));
      checkDuration(context, node.retry.backoffInitial, where("retry.backoffInitial", "First retry delay"));
      checkDuration(context, node.retry.backoffMax, where("retry.backoffMax", "Longest retry delay"));
      if (context.catalog) checkConnector(node, context, context.catalog);
      return;
    }
    case "wait":
      checkExpression(context, node.correlationKey, where("correlationKey", "Correlation key"), available);
      checkDuration(context, node.timeout, where("timeout", "Timeout"));
      return;
    case "timer":
      if (node.timer.type === "duration")
        checkDuration(context, node.timer.duration, where("timer.duration", "Timer duration"));
      else
        checkExpression(context, node.timer.expression, where("timer.expression", "Timer date"), available);
      return;
    case "set": {
      const running = new Set(available);
      node.assignments.forEach((assignment, index) => {
        checkExpression(
          context,
          assignment.expression,
          where(`assignments.${index}.expression`, `Value of "${assignment.variable}"`),
          running,
        );
        running.add(assignment.variable);
      });
      return;
    }
    case "notify": {
      if (node.recipients.length === 0) {
        add(context, {
          code: "NOTIFY_NO_RECIPIENTS",
          ...at("recipients"),
          message: "Choose who receives this notification",
        });
      }
      node.recipients.forEach((recipient, index) => {
        if (recipient.type === "expression")
          checkExpression(
            context,
            recipient.expression,
            where(`recipients.${index}`, `Recipient ${index + 1}`),
            available,
          );
      });
      const texts: [Where, string][] = [
        [where("subject", "Subject"), node.subject],
        [where("template", "Message"), node.template],
      ];
      for (const [place, text] of texts) {
        const problem = checkTemplate(text);
        if (problem) {
          add(context, problemAt("FEEL_SYNTAX", place, problem.message));
          continue;
        }
        for (const name of templateVariables(text)) {
          if (!available.has(name)) add(context, unknownVariable(place, name));
        }
      }
      return;
    }
    case "subworkflow":
      for (const [field, expression] of Object.entries(node.inputs)) {
        checkExpression(
          context,
          expression,
          where(`inputs.${field}`, `Sub-workflow input "${field}"`),
          available,
        );
      }
      // Outputs read the child's variables, which this definition cannot know.
      for (const [field, expression] of Object.entries(node.outputs)) {
        checkExpression(context, expression, where(`outputs.${field}`, `Output "${field}"`), null);
      }
      return;
    case "split":
    case "join":
    case "end":
      return;
  }
}

/**
 * Every problem in `definition`, in a stable order (structure first, then each node's settings,
 * then edge conditions). An empty list means the definition can be compiled and published.
 */
export function validateDefinition(
  definition: Definition,
  catalog: ConnectorCatalog | null = null,
): Problem[] {
  const graph = indexGraph(definition);
  const context: Context = { graph, problems: [], catalog };
  checkIds(definition, context);
  const startId = checkStartAndEnds(definition, context);
  checkReachability(definition, context, startId);
  for (const node of definition.nodes) checkOutgoing(node, context);
  checkJoins(definition, context, startId);
  checkCycles(definition, context);

  const available = availableVariables(definition, graph);
  for (const node of definition.nodes) checkNodeSettings(node, context, available.get(node.id)!);
  for (const edge of definition.edges) {
    if (edge.type !== "conditional") continue;
    const source = graph.nodes[edge.source];
    if (!source) continue;
    const names = new Set([...available.get(source.id)!, ...nodeOutputs(source)]);
    checkExpression(
      context,
      edge.condition,
      { edgeId: edge.id, field: "condition", label: "Condition" },
      names,
    );
  }
  return context.problems;
}
