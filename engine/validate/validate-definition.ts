// validateDefinition: every problem in a definition, each with a code, the node or edge it is about,
// and a message a process owner understands. A definition with problems may be saved as a draft but
// cannot be compiled or published.
import { findOperation, type ConnectorCatalog } from "../catalog";
import type { Definition, Field, NodeOfKind, WorkflowEdge, WorkflowNode } from "../definition/schema";
import { cronProblem } from "../expr/cron";
import { durationProblem } from "../expr/duration";
import { checkFeel, checkTemplate, checkUnaryTests, feelVariables, templateVariables, unaryTestVariables } from "../expr/feel";
import { flowEdges, indexGraph, nodeLabel, type Graph } from "../graph";
import type { Problem } from "./problems";

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
      add(context, { code: "DUPLICATE_ID", edgeId: edge.id, message: `Two elements share the id "${edge.id}"` });
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
      add(context, { code: "MULTIPLE_STARTS", nodeId: start.id, message: "A workflow has exactly one start step" });
    }
  }
  if (!definition.nodes.some((node) => node.kind === "end")) {
    add(context, { code: "NO_END", message: "The workflow needs at least one end step" });
  }
  for (const node of definition.nodes) {
    if (node.kind === "start" && (context.graph.incoming[node.id]?.length ?? 0) > 0) {
      add(context, { code: "START_HAS_INCOMING", nodeId: node.id, message: "Nothing may lead into the start step" });
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
      if (!reached.has(node.id)) {
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

function describeTrigger(edge: Extract<WorkflowEdge, { type: "exception" }>): string {
  return edge.on.type === "error" ? (edge.on.code ? `error ${edge.on.code}` : "any error") : edge.on.type;
}

function checkOutgoing(node: WorkflowNode, context: Context): void {
  const edges = context.graph.outgoing[node.id] ?? [];
  const flow = flowEdges(edges);
  if (node.kind === "end") return;

  const exceptions = edges.filter((edge): edge is Extract<WorkflowEdge, { type: "exception" }> => edge.type === "exception");
  const seenTriggers = new Set<string>();
  for (const edge of exceptions) {
    if (!exceptionsAllowed[node.kind].includes(edge.on.type)) {
      add(context, {
        code: "EXCEPTION_EDGE_NOT_ALLOWED",
        edgeId: edge.id,
        message: `A ${node.kind} step cannot raise "${describeTrigger(edge)}"`,
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
    add(context, { code: "MISSING_OUTGOING", nodeId: node.id, message: `${nodeLabel(node)} has no way onward` });
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
      add(context, { code: "SPLIT_NEEDS_BRANCHES", nodeId: node.id, message: "A parallel split needs at least two branches" });
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
      add(context, { code: "MULTIPLE_DEFAULT_EDGES", nodeId: node.id, message: `${nodeLabel(node)} has more than one default path` });
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

function checkJoins(definition: Definition, context: Context): void {
  const { graph } = context;
  const matched = new Map<string, string>();
  for (const split of definition.nodes.filter((node) => node.kind === "split")) {
    const branches = flowEdges(graph.outgoing[split.id] ?? []);
    const joinsReached = new Set<string>();
    let leaks = false;
    for (const branch of branches) {
      const seen = new Set<string>();
      const stack: { id: string; depth: number }[] = [{ id: branch.target, depth: 0 }];
      while (stack.length > 0) {
        const { id, depth } = stack.pop()!;
        const key = `${id}@${depth}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const node = graph.nodes[id];
        if (!node) continue;
        if (node.kind === "join") {
          if (depth === 0) {
            joinsReached.add(id);
            continue;
          }
          for (const edge of flowEdges(graph.outgoing[id] ?? [])) stack.push({ id: edge.target, depth: depth - 1 });
          continue;
        }
        // A branch may end the whole instance early (rejected, failed, cancelled); a normal end would
        // leave the join waiting forever.
        if (node.kind === "end") {
          if (node.outcome === "completed") leaks = true;
          continue;
        }
        const nextDepth = node.kind === "split" ? depth + 1 : depth;
        for (const edge of flowEdges(graph.outgoing[id] ?? [])) stack.push({ id: edge.target, depth: nextDepth });
      }
    }
    if (leaks) {
      add(context, {
        code: "JOIN_MISMATCH",
        nodeId: split.id,
        message: `A branch of ${nodeLabel(split)} reaches a normal end without passing the join`,
      });
    }
    if (joinsReached.size > 1) {
      add(context, {
        code: "JOIN_MISMATCH",
        nodeId: split.id,
        message: `The branches of ${nodeLabel(split)} meet at different joins (${[...joinsReached].join(", ")})`,
      });
    } else if (joinsReached.size === 1) {
      const joinId = [...joinsReached][0]!;
      const arrivals = flowEdges(graph.incoming[joinId] ?? []).length;
      if (arrivals !== branches.length) {
        add(context, {
          code: "JOIN_MISMATCH",
          nodeId: joinId,
          message: `${nodeLabel(graph.nodes[joinId]!)} waits for ${arrivals} incoming paths but ${nodeLabel(split)} starts ${branches.length} branches`,
        });
      }
      if (matched.has(joinId)) {
        add(context, { code: "JOIN_MISMATCH", nodeId: joinId, message: `${nodeLabel(graph.nodes[joinId]!)} closes more than one split` });
      }
      matched.set(joinId, split.id);
    } else if (!leaks && branches.length > 0) {
      add(context, { code: "JOIN_MISMATCH", nodeId: split.id, message: `The branches of ${nodeLabel(split)} never meet at a join` });
    }
  }
  for (const join of definition.nodes.filter((node) => node.kind === "join")) {
    if (flowEdges(graph.incoming[join.id] ?? []).length < 2) {
      add(context, { code: "JOIN_NEEDS_BRANCHES", nodeId: join.id, message: "A join needs at least two incoming paths" });
    } else if (!matched.has(join.id)) {
      add(context, { code: "JOIN_WITHOUT_SPLIT", nodeId: join.id, message: `${nodeLabel(join)} does not close a parallel split` });
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
        else if (onStack.has(neighbour)) low.set(frame.id, Math.min(low.get(frame.id)!, indices.get(neighbour)!));
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
  const next = (id: string) => (graph.outgoing[id] ?? []).map((edge) => edge.target);
  for (const component of stronglyConnected(
    definition.nodes.map((node) => node.id),
    next,
  )) {
    const first = component[0]!;
    const isCycle = component.length > 1 || next(first).includes(first);
    if (!isCycle) continue;
    if (component.some((id) => waitingKinds.has(graph.nodes[id]!.kind))) continue;
    const ordered = definition.nodes.filter((node) => component.includes(node.id));
    add(context, {
      code: "CYCLE_WITHOUT_WAIT",
      nodeId: ordered[0]!.id,
      message: `The loop through ${ordered.map(nodeLabel).join(", ")} never waits for a person, a system or a timer, so it would run forever`,
    });
  }
}

// --- Expressions and variables ------------------------------------------------------------------

interface Where {
  nodeId?: string;
  edgeId?: string;
  field: string;
}

function checkExpression(context: Context, expression: string, where: Where, available: ReadonlySet<string> | null): void {
  const problem = checkFeel(expression);
  if (problem) {
    add(context, { code: "FEEL_SYNTAX", ...where, message: `${where.field}: ${problem.message}` });
    return;
  }
  if (!available) return;
  for (const name of feelVariables(expression)) {
    if (!available.has(name)) {
      add(context, {
        code: "UNKNOWN_VARIABLE",
        ...where,
        message: `${where.field}: "${name}" is not a start input or the output of an earlier step`,
      });
    }
  }
}

function checkUnary(context: Context, tests: string, where: Where, available: ReadonlySet<string>): void {
  const problem = checkUnaryTests(tests);
  if (problem) {
    add(context, { code: "FEEL_SYNTAX", ...where, message: `${where.field}: ${problem.message}` });
    return;
  }
  for (const name of unaryTestVariables(tests)) {
    if (name !== "?" && !available.has(name)) {
      add(context, {
        code: "UNKNOWN_VARIABLE",
        ...where,
        message: `${where.field}: "${name}" is not a start input or the output of an earlier step`,
      });
    }
  }
}

function checkDuration(context: Context, value: string | undefined, where: Where): void {
  if (value === undefined) return;
  const problem = durationProblem(value);
  if (problem) add(context, { code: "DURATION_INVALID", ...where, message: `${where.field}: ${problem}` });
}

function checkFields(context: Context, fields: readonly Field[], nodeId: string, field: string): void {
  const names = new Set<string>();
  fields.forEach((entry, index) => {
    if (names.has(entry.name)) {
      add(context, { code: "DUPLICATE_FIELD", nodeId, field: `${field}.${index}.name`, message: `The field "${entry.name}" appears twice` });
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
    add(context, { code: "APPROVAL_NO_LEVELS", nodeId: node.id, field: "levels", message: "Add at least one approval level" });
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
        checkExpression(context, assignee.expression, { nodeId: node.id, field: `levels.${index}.assignees.${position}` }, available);
      }
    });
  });
  if (node.mode === "parallel" && node.completion.type === "quorum") {
    const level = node.levels[0];
    const count = node.completion.count;
    const staticTasks = level?.assignees.filter((assignee) => assignee.type !== "expression").length ?? 0;
    const hasDynamic = level?.assignees.some((assignee) => assignee.type === "expression") ?? false;
    if (count < 1 || (!hasDynamic && count > staticTasks)) {
      add(context, {
        code: "QUORUM_INVALID",
        nodeId: node.id,
        field: "completion.count",
        message: `A quorum of ${count} is impossible with ${staticTasks} approver${staticTasks === 1 ? "" : "s"}`,
      });
    }
  }
  checkDuration(context, node.dueIn, { nodeId: node.id, field: "dueIn" });
  node.escalation.forEach((step, index) => {
    checkDuration(context, step.after, { nodeId: node.id, field: `escalation.${index}.after` });
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

function checkNodeSettings(node: WorkflowNode, context: Context, available: ReadonlySet<string>): void {
  const where = (field: string): Where => ({ nodeId: node.id, field });
  switch (node.kind) {
    case "start":
      checkFields(context, node.input, node.id, "input");
      if (node.trigger.type === "schedule") {
        const problem = cronProblem(node.trigger.cron);
        if (problem) add(context, { code: "CRON_INVALID", nodeId: node.id, field: "trigger.cron", message: problem });
      }
      return;
    case "approval":
      checkApproval(node, context, available);
      return;
    case "decision": {
      if (node.rule.type === "expression") {
        checkExpression(context, node.rule.expression, where("rule.expression"), available);
      } else if (node.rule.type === "table") {
        const table = node.rule.table;
        table.inputs.forEach((input, index) => checkExpression(context, input.expression, where(`rule.table.inputs.${index}`), available));
        const names = new Set<string>();
        for (const output of table.outputs) {
          if (names.has(output.name)) {
            add(context, { code: "DECISION_TABLE_SHAPE", ...where("rule.table.outputs"), message: `The output "${output.name}" appears twice` });
          }
          names.add(output.name);
        }
        table.rules.forEach((rule, index) => {
          if (rule.inputEntries.length !== table.inputs.length || rule.outputEntries.length !== table.outputs.length) {
            add(context, {
              code: "DECISION_TABLE_SHAPE",
              ...where(`rule.table.rules.${index}`),
              message: `Rule ${index + 1} needs ${table.inputs.length} input and ${table.outputs.length} output entries`,
            });
            return;
          }
          rule.inputEntries.forEach((entry, position) =>
            checkUnary(context, entry, where(`rule.table.rules.${index}.inputEntries.${position}`), available),
          );
          rule.outputEntries.forEach((entry, position) =>
            checkExpression(context, entry, where(`rule.table.rules.${index}.outputEntries.${position}`), available),
          );
        });
      }
      return;
    }
    case "action": {
      for (const [field, expression] of Object.entries(node.input)) {
        checkExpression(context, expression, where(`input.${field}`), available);
      }
      checkDuration(context, node.timeout, where("timeout"));
      checkDuration(context, node.retry.backoffInitial, where("retry.backoffInitial"));
      checkDuration(context, node.retry.backoffMax, where("retry.backoffMax"));
      if (!context.catalog) return;
      const connector = context.catalog.connectors.find((entry) => entry.id === node.connector);
      if (!connector) {
        add(context, { code: "CONNECTOR_UNKNOWN", ...where("connector"), message: `There is no connector "${node.connector}"` });
        return;
      }
      const operation = findOperation(context.catalog, node.connector, node.operation);
      if (!operation) {
        add(context, {
          code: "OPERATION_UNKNOWN",
          ...where("operation"),
          message: `${connector.name || connector.id} has no operation "${node.operation}"`,
        });
      } else {
        for (const input of operation.inputs.filter((entry) => entry.required)) {
          if (!(input.name in node.input)) {
            add(context, {
              code: "INPUT_MAPPING_MISSING",
              ...where(`input.${input.name}`),
              message: `${operation.name || operation.id} needs a value for "${input.name}"`,
            });
          }
        }
        for (const field of Object.keys(node.input)) {
          if (!operation.inputs.some((entry) => entry.name === field)) {
            add(context, {
              code: "INPUT_MAPPING_UNKNOWN",
              ...where(`input.${field}`),
              message: `${operation.name || operation.id} has no input "${field}"`,
            });
          }
        }
      }
      if (node.compensation) {
        const compensation = findOperation(context.catalog, node.connector, node.compensation.operation);
        if (!compensation) {
          add(context, {
            code: "OPERATION_UNKNOWN",
            ...where("compensation.operation"),
            message: `${connector.name || connector.id} has no operation "${node.compensation.operation}" to compensate with`,
          });
        } else {
          for (const input of compensation.inputs.filter((entry) => entry.required)) {
            if (!(input.name in node.compensation.input)) {
              add(context, {
                code: "INPUT_MAPPING_MISSING",
                ...where(`compensation.input.${input.name}`),
                message: `${compensation.name || compensation.id} needs a value for "${input.name}"`,
              });
            }
          }
        }
        const withOutput = new Set([...available, ...nodeOutputs(node)]);
        for (const [field, expression] of Object.entries(node.compensation.input)) {
          checkExpression(context, expression, where(`compensation.input.${field}`), withOutput);
        }
      }
      return;
    }
    case "wait":
      checkExpression(context, node.correlationKey, where("correlationKey"), available);
      checkDuration(context, node.timeout, where("timeout"));
      return;
    case "timer":
      if (node.timer.type === "duration") checkDuration(context, node.timer.duration, where("timer.duration"));
      else checkExpression(context, node.timer.expression, where("timer.expression"), available);
      return;
    case "set": {
      const running = new Set(available);
      node.assignments.forEach((assignment, index) => {
        checkExpression(context, assignment.expression, where(`assignments.${index}.expression`), running);
        running.add(assignment.variable);
      });
      return;
    }
    case "notify": {
      if (node.recipients.length === 0) {
        add(context, { code: "NOTIFY_NO_RECIPIENTS", ...where("recipients"), message: "Choose who receives this notification" });
      }
      node.recipients.forEach((recipient, index) => {
        if (recipient.type === "expression") checkExpression(context, recipient.expression, where(`recipients.${index}`), available);
      });
      for (const [field, text] of [
        ["subject", node.subject],
        ["template", node.template],
      ] as const) {
        const problem = checkTemplate(text);
        if (problem) {
          add(context, { code: "FEEL_SYNTAX", ...where(field), message: `${field}: ${problem.message}` });
          continue;
        }
        for (const name of templateVariables(text)) {
          if (!available.has(name)) {
            add(context, {
              code: "UNKNOWN_VARIABLE",
              ...where(field),
              message: `${field}: "${name}" is not a start input or the output of an earlier step`,
            });
          }
        }
      }
      return;
    }
    case "subworkflow":
      for (const [field, expression] of Object.entries(node.inputs)) {
        checkExpression(context, expression, where(`inputs.${field}`), available);
      }
      // Outputs read the child's variables, which this definition cannot know.
      for (const [field, expression] of Object.entries(node.outputs)) {
        checkExpression(context, expression, where(`outputs.${field}`), null);
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
export function validateDefinition(definition: Definition, catalog: ConnectorCatalog | null = null): Problem[] {
  const graph = indexGraph(definition);
  const context: Context = { graph, problems: [], catalog };
  checkIds(definition, context);
  const startId = checkStartAndEnds(definition, context);
  checkReachability(definition, context, startId);
  for (const node of definition.nodes) checkOutgoing(node, context);
  checkJoins(definition, context);
  checkCycles(definition, context);

  const available = availableVariables(definition, graph);
  for (const node of definition.nodes) checkNodeSettings(node, context, available.get(node.id)!);
  for (const edge of definition.edges) {
    if (edge.type !== "conditional") continue;
    const source = graph.nodes[edge.source];
    if (!source) continue;
    const names = new Set([...available.get(source.id)!, ...nodeOutputs(source)]);
    checkExpression(context, edge.condition, { edgeId: edge.id, field: "condition" }, names);
  }
  return context.problems;
}
