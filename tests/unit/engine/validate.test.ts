// validateDefinition over the golden fixtures (no problems) and over small broken definitions, one or
// more for every problem code, each asserting the exact problems found; parseDefinition and
// migrateDefinition refusing bad input; compile() refusing a definition with problems.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CURRENT_SCHEMA_VERSION,
  compile,
  definitionSchema,
  migrateDefinition,
  parseDefinition,
  problemCodes,
  validateDefinition,
  type Definition,
  type DefinitionInput,
  type JsonObject,
  type ProblemCode,
} from "@/engine";
import { catalog, fixture, fixtureNames, rawFixture } from "./fixtures";

type NodeInput = DefinitionInput["nodes"][number];
type EdgeInput = DefinitionInput["edges"][number];
type FieldInput = Extract<NodeInput, { kind: "start" }>["input"];
type ExceptionOn = Extract<EdgeInput, { type: "exception" }>["on"];
type ActionInput = Extract<NodeInput, { kind: "action" }>;

// --- Building small definitions -----------------------------------------------------------------

/** A definition with `nodes` and `edges`, parsed so that the schema's defaults apply. */
function definition(nodes: NodeInput[], edges: EdgeInput[]): Definition {
  return definitionSchema.parse({ schemaVersion: 1, key: "test-flow", name: "Test flow", nodes, edges });
}

/** Normal edges along a path of node ids, each with the id `from-to`. */
function line(...ids: string[]): EdgeInput[] {
  return ids.slice(1).map((target, index) => normal(ids[index]!, target));
}

function normal(source: string, target: string, id = `${source}-${target}`): EdgeInput {
  return { id, source, target, type: "normal" };
}

function when(source: string, target: string, condition: string, id = `${source}-${target}`): EdgeInput {
  return { id, source, target, type: "conditional", condition };
}

function otherwise(source: string, target: string, id = `${source}-${target}`): EdgeInput {
  return { id, source, target, type: "default" };
}

function exception(source: string, target: string, on: ExceptionOn, id = `${source}-${target}`): EdgeInput {
  return { id, source, target, type: "exception", on };
}

function start(
  input: FieldInput = [],
  extra: Partial<Extract<NodeInput, { kind: "start" }>> = {},
): NodeInput {
  return { id: "start", kind: "start", input, ...extra };
}

function end(id = "end", outcome: "completed" | "rejected" | "failed" = "completed"): NodeInput {
  return { id, kind: "end", outcome };
}

const managers = [{ id: "l1", assignees: [{ type: "role" as const, role: "manager" }] }];

function approval(id: string, extra: Partial<Extract<NodeInput, { kind: "approval" }>> = {}): NodeInput {
  return { id, kind: "approval", levels: managers, ...extra };
}

function assign(id: string, assignments: Record<string, string>, name = ""): NodeInput {
  const list = Object.entries(assignments).map(([variable, expression]) => ({ variable, expression }));
  return { id, kind: "set", name, assignments: list };
}

function gateway(id: string, name = ""): NodeInput {
  return { id, kind: "decision", name, rule: { type: "none" } };
}

function timer(id: string, name = ""): NodeInput {
  return { id, kind: "timer", name, timer: { type: "duration", duration: "PT1H" } };
}

function split(id: string): NodeInput {
  return { id, kind: "split" };
}

function join(id: string, name = ""): NodeInput {
  return { id, kind: "join", name };
}

function action(
  id: string,
  connector: string,
  operation: string,
  input: Record<string, string>,
): ActionInput {
  return { id, kind: "action", connector, operation, input };
}

const amountInput: FieldInput = [{ name: "amount", type: "number", required: true }];
const orderInput: FieldInput = [{ name: "orderId", type: "string", required: true }];

// --- Cases --------------------------------------------------------------------------------------

interface Expected {
  code: ProblemCode;
  nodeId?: string;
  edgeId?: string;
  /** The setting the canvas points at, when the validator names one. */
  field?: string;
  /** Text the message must contain: the name, id, value or setting it is about. */
  says: string;
}

interface Case {
  name: string;
  definition: Definition;
  problems: Expected[];
}

/** Valid definitions that look close to broken ones. */
const accepted: { name: string; definition: Definition }[] = [
  {
    name: "a condition reading a variable written by an earlier set step",
    definition: definition(
      [start(amountInput), assign("limits", { budget: "1000" }), gateway("route"), end("big"), end("small")],
      [
        ...line("start", "limits", "route"),
        when("route", "big", "amount > budget"),
        otherwise("route", "small"),
      ],
    ),
  },
  {
    name: "a condition reading a start input",
    definition: definition(
      [
        start([...amountInput, { name: "budget", type: "number" }]),
        gateway("route"),
        end("big"),
        end("small"),
      ],
      [normal("start", "route"), when("route", "big", "amount > budget"), otherwise("route", "small")],
    ),
  },
  {
    name: "a rework loop through an approval (rejection -> set -> back to the approval)",
    definition: definition(
      [start(), approval("review"), assign("rework", { note: '"please revise"' }), end()],
      [
        normal("start", "review"),
        normal("review", "end"),
        exception("review", "rework", { type: "rejection" }),
        normal("rework", "review"),
      ],
    ),
  },
  {
    name: "a branch of a split that ends the whole instance as rejected",
    definition: definition(
      [
        start(),
        split("fork"),
        timer("a"),
        gateway("check"),
        join("merge"),
        end(),
        end("refused", "rejected"),
      ],
      [
        ...line("start", "fork", "a", "merge", "end"),
        normal("fork", "check"),
        when("check", "merge", "true"),
        otherwise("check", "refused"),
      ],
    ),
  },
  {
    name: "a quorum above the named approvers when an expression adds more",
    definition: definition(
      [
        start([{ name: "board", type: "list" }]),
        approval("vote", {
          mode: "parallel",
          levels: [
            {
              id: "board",
              assignees: [
                { type: "user", userId: "ana" },
                { type: "expression", expression: "board" },
              ],
            },
          ],
          completion: { type: "quorum", count: 3 },
        }),
        end(),
      ],
      line("start", "vote", "end"),
    ),
  },
  {
    name: "a compensation reading the action's own output",
    definition: definition(
      [
        start([
          { name: "sku", type: "string" },
          { name: "quantity", type: "number" },
        ]),
        {
          ...action("reserve", "wms", "reserve", { sku: "sku", quantity: "quantity" }),
          outputVariable: "reservation",
          compensation: { operation: "release", input: { reservationId: "reservation.id" } },
        },
        end(),
      ],
      line("start", "reserve", "end"),
    ),
  },
];

const cases: Case[] = [
  // Start and end
  {
    name: "no start step",
    definition: definition([assign("a", { x: "1" }), end()], line("a", "end")),
    problems: [{ code: "NO_START", says: "needs a start step" }],
  },
  {
    name: "a second start step",
    definition: definition(
      [start(), { id: "intake", kind: "start" }, end()],
      [normal("start", "end"), normal("intake", "end")],
    ),
    problems: [{ code: "MULTIPLE_STARTS", nodeId: "intake", says: "exactly one start step" }],
  },
  {
    name: "no end step",
    definition: definition(
      [start(), approval("review")],
      [normal("start", "review"), normal("review", "review")],
    ),
    problems: [{ code: "NO_END", says: "at least one end step" }],
  },
  {
    name: "something leading into the start",
    definition: definition(
      [start(), approval("review"), end()],
      [...line("start", "review", "end"), exception("review", "start", { type: "rejection" })],
    ),
    problems: [{ code: "START_HAS_INCOMING", nodeId: "start", says: "Nothing may lead into the start step" }],
  },
  {
    name: "something leaving an end step",
    definition: definition([start(), end("done"), end("archive")], line("start", "done", "archive")),
    problems: [{ code: "END_HAS_OUTGOING", nodeId: "done", says: "Nothing may leave an end step" }],
  },

  // Ids and references
  {
    name: "two steps with the same id",
    definition: definition(
      [start(), assign("a", { x: "1" }), assign("a", { y: "2" }), end()],
      line("start", "a", "end"),
    ),
    problems: [{ code: "DUPLICATE_ID", nodeId: "a", says: '"a"' }],
  },
  {
    name: "two connections with the same id",
    definition: definition(
      [start(), assign("a", { x: "1" }), end()],
      [normal("start", "a", "go"), normal("a", "end", "go")],
    ),
    problems: [{ code: "DUPLICATE_ID", edgeId: "go", says: '"go"' }],
  },
  {
    name: "a connection to a missing step",
    definition: definition([start(), end()], [normal("start", "end"), normal("start", "ghost")]),
    problems: [{ code: "EDGE_UNKNOWN_NODE", edgeId: "start-ghost", field: "target", says: '"ghost"' }],
  },

  // Reachability
  {
    name: "a step nothing leads to",
    definition: definition(
      [start(), { id: "orphan", kind: "set", name: "Archive", assignments: [] }, end()],
      [normal("start", "end"), normal("orphan", "end")],
    ),
    problems: [{ code: "UNREACHABLE", nodeId: "orphan", says: '"Archive" cannot be reached' }],
  },
  {
    name: "a step with no path to an end",
    definition: definition(
      [start(), gateway("route"), approval("review", { name: "Endless review" }), end()],
      [
        normal("start", "route"),
        when("route", "end", "true"),
        otherwise("route", "review"),
        normal("review", "review"),
      ],
    ),
    problems: [{ code: "NO_PATH_TO_END", nodeId: "review", says: '"Endless review"' }],
  },
  {
    name: "a step with only an exception path onward",
    definition: definition(
      [start(), assign("note", { x: "1" }, "Take note"), end()],
      [normal("start", "note"), exception("note", "end", { type: "error" })],
    ),
    problems: [{ code: "MISSING_OUTGOING", nodeId: "note", says: '"Take note" has no way onward' }],
  },

  // Outgoing paths
  {
    name: "two unconditional paths onward",
    definition: definition([start(), end("a"), end("b")], [normal("start", "a"), normal("start", "b")]),
    problems: [{ code: "AMBIGUOUS_OUTGOING", nodeId: "start", says: "2 paths onward" }],
  },
  {
    name: "an unconditional path next to conditional ones",
    definition: definition(
      [start(), gateway("route"), end("a"), end("b"), end("c")],
      [normal("start", "route"), when("route", "a", "true"), otherwise("route", "b"), normal("route", "c")],
    ),
    problems: [{ code: "AMBIGUOUS_OUTGOING", edgeId: "route-c", says: "must be the default" }],
  },
  {
    name: "conditions without a default path",
    definition: definition(
      [start(), gateway("route", "Which way?"), end()],
      [normal("start", "route"), when("route", "end", "true")],
    ),
    problems: [
      { code: "DEFAULT_EDGE_REQUIRED", nodeId: "route", says: '"Which way?" has conditions but no default' },
    ],
  },
  {
    name: "two default paths",
    definition: definition(
      [start(), gateway("route", "Which way?"), end("a"), end("b"), end("c")],
      [
        normal("start", "route"),
        when("route", "a", "true"),
        otherwise("route", "b"),
        otherwise("route", "c"),
      ],
    ),
    problems: [
      { code: "MULTIPLE_DEFAULT_EDGES", nodeId: "route", says: '"Which way?" has more than one default' },
    ],
  },

  // Parallel split and join
  {
    name: "a condition on a branch of a split",
    definition: definition(
      [start(), split("fork"), timer("a"), timer("b"), join("merge"), end()],
      [...line("start", "fork", "a", "merge", "end"), when("fork", "b", "true"), normal("b", "merge")],
    ),
    problems: [{ code: "SPLIT_EDGE_CONDITION", edgeId: "fork-b", says: "cannot have conditions" }],
  },
  {
    name: "a split with one branch",
    definition: definition([start(), split("fork"), timer("a"), end()], line("start", "fork", "a", "end")),
    problems: [{ code: "SPLIT_NEEDS_BRANCHES", nodeId: "fork", says: "at least two branches" }],
  },
  {
    name: "a join with one incoming path",
    definition: definition([start(), join("merge"), end()], line("start", "merge", "end")),
    problems: [{ code: "JOIN_NEEDS_BRANCHES", nodeId: "merge", says: "at least two incoming paths" }],
  },
  {
    name: "a join without a split",
    definition: definition(
      [start(), gateway("route"), timer("a"), timer("b"), join("merge", "Merge"), end()],
      [
        normal("start", "route"),
        when("route", "a", "true"),
        otherwise("route", "b"),
        ...line("a", "merge", "end"),
        normal("b", "merge"),
      ],
    ),
    problems: [
      { code: "JOIN_WITHOUT_SPLIT", nodeId: "merge", says: '"Merge" does not close a parallel split' },
    ],
  },
  {
    name: "the branches of a split meeting at two different joins",
    definition: definition(
      [
        start(),
        split("fork"),
        timer("a"),
        timer("b"),
        timer("c"),
        timer("d"),
        join("j1", "Merge A"),
        join("j2", "Merge B"),
        end(),
      ],
      [
        normal("start", "fork"),
        ...["a", "b", "c", "d"].map((branch) => normal("fork", branch)),
        normal("a", "j1"),
        normal("b", "j1"),
        normal("c", "j2"),
        normal("d", "j2"),
        normal("j1", "end"),
        normal("j2", "end"),
      ],
    ),
    problems: [{ code: "JOIN_MISMATCH", nodeId: "fork", says: 'different joins ("Merge A", "Merge B")' }],
  },
  {
    name: "a join with three incoming paths after a two-way split",
    definition: definition(
      [start(), split("fork"), timer("a"), gateway("check"), timer("wait"), join("merge", "Merge"), end()],
      [
        ...line("start", "fork", "a", "merge", "end"),
        normal("fork", "check"),
        when("check", "merge", "true"),
        otherwise("check", "wait"),
        normal("wait", "merge"),
      ],
    ),
    problems: [
      {
        code: "JOIN_MISMATCH",
        nodeId: "merge",
        says: '"Merge" waits for 3 incoming paths but split fork starts 2',
      },
    ],
  },
  {
    name: "a branch that reaches a completed end without the join",
    definition: definition(
      [start(), split("fork"), timer("a"), gateway("check"), join("merge"), end(), end("done")],
      [
        ...line("start", "fork", "a", "merge", "end"),
        normal("fork", "check"),
        when("check", "merge", "true"),
        otherwise("check", "done"),
      ],
    ),
    problems: [
      { code: "JOIN_MISMATCH", nodeId: "fork", says: "reaches a normal end without passing the join" },
    ],
  },
  {
    name: "a branch whose error path reaches a completed end without the join",
    definition: definition(
      [
        start(orderInput),
        split("fork"),
        action("pick", "wms", "notifyPick", { orderId: "orderId" }),
        timer("coolOff"),
        join("merge"),
        end(),
        end("done"),
      ],
      [
        ...line("start", "fork", "pick", "merge", "end"),
        ...line("fork", "coolOff", "merge"),
        exception("pick", "done", { type: "error" }),
      ],
    ),
    problems: [
      { code: "JOIN_MISMATCH", nodeId: "fork", says: "reaches a normal end without passing the join" },
    ],
  },
  {
    name: "a branch whose rejection path loops back into its split",
    definition: definition(
      [start(), split("fork"), approval("review"), timer("coolOff"), join("merge"), end()],
      [
        ...line("start", "fork", "review", "merge", "end"),
        ...line("fork", "coolOff", "merge"),
        exception("review", "fork", { type: "rejection" }),
      ],
    ),
    problems: [{ code: "JOIN_MISMATCH", nodeId: "fork", says: "loops back to it before reaching the join" }],
  },
  {
    name: "a branch whose default path loops back into its split",
    definition: definition(
      [start(), split("fork"), timer("a"), timer("b"), join("merge"), end()],
      [
        ...line("start", "fork", "a"),
        when("a", "merge", "true"),
        otherwise("a", "fork"),
        ...line("fork", "b", "merge", "end"),
      ],
    ),
    problems: [{ code: "JOIN_MISMATCH", nodeId: "fork", says: "loops back to it before reaching the join" }],
  },

  {
    name: "two branches entering the join along the same path",
    definition: definition(
      [start(), split("fork"), gateway("check"), timer("b"), timer("c", "Chase"), join("merge"), end()],
      [
        ...line("start", "fork", "check"),
        when("check", "merge", "true"),
        otherwise("check", "c"),
        ...line("fork", "b", "c", "merge", "end"),
      ],
    ),
    problems: [
      {
        code: "JOIN_MISMATCH",
        nodeId: "merge",
        says: 'Two branches of split fork reach join merge along the same path from "Chase"',
      },
    ],
  },
  {
    name: "a join reached from the start before its split",
    definition: definition(
      [start(), join("merge", "Merge"), split("fork"), timer("wait"), end("refused", "rejected")],
      [...line("start", "merge", "fork", "wait", "merge"), normal("fork", "refused")],
    ),
    problems: [
      {
        code: "JOIN_MISMATCH",
        nodeId: "merge",
        says: '"Merge" can be reached from the start without passing split fork',
      },
    ],
  },

  // Exception paths
  {
    name: "a timeout exception path on an approval",
    definition: definition(
      [start(), approval("review"), end(), end("late", "failed")],
      [...line("start", "review", "end"), exception("review", "late", { type: "timeout" })],
    ),
    problems: [
      {
        code: "EXCEPTION_EDGE_NOT_ALLOWED",
        edgeId: "review-late",
        says: 'An approval step cannot raise "timeout"; its exception paths can be for: error, rejection, escalation',
      },
    ],
  },
  {
    name: "an exception path into a join",
    definition: definition(
      [
        start(orderInput),
        split("fork"),
        action("pick", "wms", "notifyPick", { orderId: "orderId" }),
        timer("coolOff"),
        join("merge"),
        end(),
      ],
      [
        ...line("start", "fork", "pick", "merge", "end"),
        ...line("fork", "coolOff", "merge"),
        exception("pick", "merge", { type: "error" }, "pickFailed"),
      ],
    ),
    problems: [{ code: "EXCEPTION_EDGE_NOT_ALLOWED", edgeId: "pickFailed", says: "cannot lead into a join" }],
  },
  {
    name: "two rejection paths from one approval",
    definition: definition(
      [start(), approval("review", { name: "Review" }), end(), end("r1", "rejected"), end("r2", "rejected")],
      [
        ...line("start", "review", "end"),
        exception("review", "r1", { type: "rejection" }),
        exception("review", "r2", { type: "rejection" }),
      ],
    ),
    problems: [
      {
        code: "DUPLICATE_EXCEPTION_EDGE",
        edgeId: "review-r2",
        says: '"Review" already has an exception path for rejection',
      },
    ],
  },

  // Loops
  {
    name: "a loop through set and decision steps only",
    definition: definition(
      [
        start(),
        assign("init", { count: "0" }),
        assign("bump", { count: "count + 1" }, "Add one"),
        gateway("check", "Enough?"),
        end(),
      ],
      [
        ...line("start", "init", "bump", "check"),
        when("check", "bump", "count < 3"),
        otherwise("check", "end"),
      ],
    ),
    problems: [
      {
        code: "CYCLE_WITHOUT_WAIT",
        nodeId: "bump",
        says: 'The loop through "Add one", "Enough?" never waits',
      },
    ],
  },
  {
    name: "a decision looping to itself inside a loop that passes an action",
    definition: definition(
      [
        start([...amountInput, ...orderInput]),
        gateway("route", "Route"),
        action("pick", "wms", "notifyPick", { orderId: "orderId" }),
        end(),
      ],
      [
        normal("start", "route"),
        when("route", "route", "amount > 10"),
        otherwise("route", "pick"),
        normal("pick", "end"),
        exception("pick", "route", { type: "error" }),
      ],
    ),
    problems: [{ code: "CYCLE_WITHOUT_WAIT", nodeId: "route", says: 'The loop through "Route" never waits' }],
  },

  // Expressions and variables
  {
    name: "a condition that does not parse",
    definition: definition(
      [start(amountInput), gateway("route"), end("big"), end("small")],
      [normal("start", "route"), when("route", "big", "amount >"), otherwise("route", "small")],
    ),
    problems: [
      {
        code: "FEEL_SYNTAX",
        edgeId: "route-big",
        field: "condition",
        says: "Condition: Expression is incomplete",
      },
    ],
  },
  {
    name: "a decision-table input entry that does not parse",
    definition: definition(
      [
        start(amountInput),
        {
          id: "tier",
          kind: "decision",
          rule: {
            type: "table",
            table: {
              inputs: [{ id: "amountIn", label: "Amount", expression: "amount" }],
              outputs: [{ id: "tierOut", name: "tier" }],
              rules: [{ id: "r1", inputEntries: [">= )"], outputEntries: ['"small"'] }],
            },
          },
        },
        end(),
      ],
      line("start", "tier", "end"),
    ),
    problems: [
      {
        code: "FEEL_SYNTAX",
        nodeId: "tier",
        field: "rule.table.rules.0.inputEntries.0",
        says: 'Rule 1, input 1 (Amount): Syntax error near ")"',
      },
    ],
  },
  {
    name: "a condition reading a variable no earlier step writes",
    definition: definition(
      [start(amountInput), gateway("route"), end("big"), end("small")],
      [normal("start", "route"), when("route", "big", "amount > budget"), otherwise("route", "small")],
    ),
    problems: [
      {
        code: "UNKNOWN_VARIABLE",
        edgeId: "route-big",
        field: "condition",
        says: 'Condition: "budget" is not a start input',
      },
    ],
  },
  {
    name: "a condition reading a variable only a later step writes",
    definition: definition(
      [start(), gateway("route"), approval("review", { resultVariable: "approval" }), end()],
      [
        normal("start", "route"),
        when("route", "review", 'approval.decision = "approved"'),
        otherwise("route", "end"),
        normal("review", "end"),
      ],
    ),
    problems: [{ code: "UNKNOWN_VARIABLE", edgeId: "route-review", field: "condition", says: '"approval"' }],
  },
  {
    name: "a decision-table input entry comparing with an unknown variable",
    definition: definition(
      [
        start(amountInput),
        {
          id: "tier",
          kind: "decision",
          rule: {
            type: "table",
            table: {
              inputs: [{ id: "amountIn", label: "Amount", expression: "amount" }],
              outputs: [{ id: "tierOut", name: "tier" }],
              rules: [
                { id: "r1", inputEntries: ["< limit"], outputEntries: ['"small"'] },
                { id: "r2", inputEntries: ["-"], outputEntries: ['"large"'] },
              ],
            },
          },
        },
        end(),
      ],
      line("start", "tier", "end"),
    ),
    problems: [
      {
        code: "UNKNOWN_VARIABLE",
        nodeId: "tier",
        field: "rule.table.rules.0.inputEntries.0",
        says: 'Rule 1, input 1 (Amount): "limit" is not a start input',
      },
    ],
  },
  {
    name: "a notification template reading an unknown variable",
    definition: definition(
      [
        start(orderInput),
        {
          id: "tell",
          kind: "notify",
          recipients: [{ type: "role", role: "finance" }],
          subject: "Order {{ orderId }}",
          template: "Total {{ total }}",
        },
        end(),
      ],
      line("start", "tell", "end"),
    ),
    problems: [{ code: "UNKNOWN_VARIABLE", nodeId: "tell", field: "template", says: 'Message: "total"' }],
  },

  // Durations and cron
  {
    name: "a due time that is not an ISO duration",
    definition: definition(
      [start(), approval("review", { dueIn: "3 days" }), end()],
      line("start", "review", "end"),
    ),
    problems: [
      {
        code: "DURATION_INVALID",
        nodeId: "review",
        field: "dueIn",
        says: 'Due time: "3 days" is not a duration',
      },
    ],
  },
  {
    name: "a schedule with minute 61",
    definition: definition(
      [start([], { trigger: { type: "schedule", cron: "61 * * * *" } }), end()],
      line("start", "end"),
    ),
    problems: [
      { code: "CRON_INVALID", nodeId: "start", field: "trigger.cron", says: 'Cron field "minute" has 61' },
    ],
  },

  // Approvals
  {
    name: "an approval without levels",
    definition: definition(
      [start(), approval("review", { levels: [] }), end()],
      line("start", "review", "end"),
    ),
    problems: [
      { code: "APPROVAL_NO_LEVELS", nodeId: "review", field: "levels", says: "at least one approval level" },
    ],
  },
  {
    name: "a single approval with two levels",
    definition: definition(
      [
        start(),
        approval("review", {
          mode: "single",
          levels: [managers[0]!, { id: "l2", assignees: [{ type: "role", role: "director" }] }],
        }),
        end(),
      ],
      line("start", "review", "end"),
    ),
    problems: [
      {
        code: "APPROVAL_LEVEL_COUNT",
        nodeId: "review",
        field: "levels",
        says: "sequential chain for 2 levels",
      },
    ],
  },
  {
    name: "an approval level without approvers",
    definition: definition(
      [start(), approval("review", { levels: [{ id: "l1", name: "Finance", assignees: [] }] }), end()],
      line("start", "review", "end"),
    ),
    problems: [
      {
        code: "APPROVAL_NO_ASSIGNEES",
        nodeId: "review",
        field: "levels.0.assignees",
        says: "Level 1 (Finance) has no approvers",
      },
    ],
  },
  {
    name: "a quorum of 3 with 2 approvers",
    definition: definition(
      [
        start(),
        approval("vote", {
          mode: "parallel",
          levels: [
            {
              id: "board",
              assignees: [
                { type: "user", userId: "ana" },
                { type: "user", userId: "ben" },
              ],
            },
          ],
          completion: { type: "quorum", count: 3 },
        }),
        end(),
      ],
      line("start", "vote", "end"),
    ),
    problems: [
      {
        code: "QUORUM_INVALID",
        nodeId: "vote",
        field: "completion.count",
        says: "A quorum of 3 is impossible with 2 approvers",
      },
    ],
  },
  {
    name: "a quorum of 3 with one approver listed twice",
    definition: definition(
      [
        start(),
        approval("vote", {
          mode: "parallel",
          levels: [
            {
              id: "board",
              assignees: [
                { type: "user", userId: "ana" },
                { type: "user", userId: "ben" },
                { type: "user", userId: "ana" },
              ],
            },
          ],
          completion: { type: "quorum", count: 3 },
        }),
        end(),
      ],
      line("start", "vote", "end"),
    ),
    problems: [
      {
        code: "QUORUM_INVALID",
        nodeId: "vote",
        field: "completion.count",
        says: "A quorum of 3 is impossible with 2 approvers",
      },
    ],
  },
  {
    name: "a quorum of 0",
    definition: definition(
      [start(), approval("vote", { mode: "parallel", completion: { type: "quorum", count: 0 } }), end()],
      line("start", "vote", "end"),
    ),
    problems: [
      {
        code: "QUORUM_INVALID",
        nodeId: "vote",
        field: "completion.count",
        says: "at least 1 approval, not 0",
      },
    ],
  },
  {
    name: "escalation without a due time",
    definition: definition(
      [start(), approval("review", { escalation: [{ action: "remind", after: "PT1H" }] }), end()],
      line("start", "review", "end"),
    ),
    problems: [
      { code: "ESCALATION_WITHOUT_DUE", nodeId: "review", field: "dueIn", says: "set when tasks are due" },
    ],
  },
  {
    name: "an exception step in the escalation ladder without an escalation path",
    definition: definition(
      [
        start(),
        approval("review", {
          name: "Refund review",
          dueIn: "PT4H",
          escalation: [
            { action: "remind", after: "PT0S" },
            { action: "exception", after: "PT2H" },
          ],
        }),
        end(),
      ],
      line("start", "review", "end"),
    ),
    problems: [
      {
        code: "ESCALATION_EDGE_MISSING",
        nodeId: "review",
        says: '"Refund review" escalates to an exception path',
      },
    ],
  },
  {
    name: "an escalation step after an invalid duration",
    definition: definition(
      [
        start(),
        approval("review", { dueIn: "PT4H", escalation: [{ action: "remind", after: "4h" }] }),
        end(),
      ],
      line("start", "review", "end"),
    ),
    problems: [
      {
        code: "DURATION_INVALID",
        nodeId: "review",
        field: "escalation.0.after",
        says: 'Escalation step 1: "4h"',
      },
    ],
  },

  // Fields
  {
    name: "a start input field named twice",
    definition: definition(
      [
        start([
          { name: "amount", type: "number" },
          { name: "amount", type: "string" },
        ]),
        end(),
      ],
      line("start", "end"),
    ),
    problems: [
      { code: "DUPLICATE_FIELD", nodeId: "start", field: "input.1.name", says: '"amount" appears twice' },
    ],
  },
  {
    name: "a select field without options",
    definition: definition(
      [start(), approval("review", { form: [{ name: "reason", type: "select" }] }), end()],
      line("start", "review", "end"),
    ),
    problems: [
      {
        code: "SELECT_WITHOUT_OPTIONS",
        nodeId: "review",
        field: "form.0.options",
        says: '"reason" needs at least one option',
      },
    ],
  },

  // Decision tables
  {
    name: "a decision-table rule with the wrong number of entries",
    definition: definition(
      [
        start(amountInput),
        {
          id: "tier",
          kind: "decision",
          rule: {
            type: "table",
            table: {
              inputs: [{ id: "amountIn", expression: "amount" }],
              outputs: [{ id: "tierOut", name: "tier" }],
              rules: [{ id: "r1", inputEntries: ["< 1000", "-"], outputEntries: ['"small"'] }],
            },
          },
        },
        end(),
      ],
      line("start", "tier", "end"),
    ),
    problems: [
      {
        code: "DECISION_TABLE_SHAPE",
        nodeId: "tier",
        field: "rule.table.rules.0",
        says: "Rule 1 needs 1 input and 1 output",
      },
    ],
  },
  {
    name: "a decision table writing one variable twice",
    definition: definition(
      [
        start(amountInput),
        {
          id: "tier",
          kind: "decision",
          rule: {
            type: "table",
            table: {
              inputs: [{ id: "amountIn", expression: "amount" }],
              outputs: [
                { id: "o1", name: "tier" },
                { id: "o2", name: "tier" },
              ],
              rules: [{ id: "r1", inputEntries: ["-"], outputEntries: ['"a"', '"b"'] }],
            },
          },
        },
        end(),
      ],
      line("start", "tier", "end"),
    ),
    problems: [
      {
        code: "DECISION_TABLE_SHAPE",
        nodeId: "tier",
        field: "rule.table.outputs",
        says: '"tier" appears twice',
      },
    ],
  },

  // Connectors
  {
    name: "an action with a connector not in the catalog",
    definition: definition(
      [start(), action("post", "sap", "createOrder", {}), end()],
      line("start", "post", "end"),
    ),
    problems: [{ code: "CONNECTOR_UNKNOWN", nodeId: "post", field: "connector", says: 'no connector "sap"' }],
  },
  {
    name: "an action with an operation not in the catalog",
    definition: definition(
      [start(), action("post", "erp", "deletePurchaseOrder", {}), end()],
      line("start", "post", "end"),
    ),
    problems: [
      {
        code: "OPERATION_UNKNOWN",
        nodeId: "post",
        field: "operation",
        says: 'ERP has no operation "deletePurchaseOrder"',
      },
    ],
  },
  {
    name: "a compensation with an operation not in the catalog",
    definition: definition(
      [
        start(orderInput),
        {
          ...action("pick", "wms", "notifyPick", { orderId: "orderId" }),
          compensation: { operation: "unpick", input: {} },
        },
        end(),
      ],
      line("start", "pick", "end"),
    ),
    problems: [
      {
        code: "OPERATION_UNKNOWN",
        nodeId: "pick",
        field: "compensation.operation",
        says: 'Warehouse has no operation "unpick" to compensate with',
      },
    ],
  },
  {
    name: "an action missing a required input",
    definition: definition(
      [
        start([{ name: "supplier", type: "string" }]),
        action("po", "erp", "createPurchaseOrder", { supplier: "supplier" }),
        end(),
      ],
      line("start", "po", "end"),
    ),
    problems: [
      {
        code: "INPUT_MAPPING_MISSING",
        nodeId: "po",
        field: "input.amount",
        says: 'Create purchase order needs a value for "amount"',
      },
    ],
  },
  {
    name: "an action mapping an input the operation does not have",
    definition: definition(
      [
        start([
          { name: "supplier", type: "string" },
          { name: "amount", type: "number" },
        ]),
        action("po", "erp", "createPurchaseOrder", {
          supplier: "supplier",
          amount: "amount",
          currency: '"EUR"',
        }),
        end(),
      ],
      line("start", "po", "end"),
    ),
    problems: [
      {
        code: "INPUT_MAPPING_UNKNOWN",
        nodeId: "po",
        field: "input.currency",
        says: 'Create purchase order has no input "currency"',
      },
    ],
  },
  {
    name: "a compensation mapping an input its operation does not have",
    definition: definition(
      [
        start([
          { name: "sku", type: "string" },
          { name: "quantity", type: "number" },
        ]),
        {
          ...action("reserve", "wms", "reserve", { sku: "sku", quantity: "quantity" }),
          outputVariable: "reservation",
          compensation: {
            operation: "release",
            input: { reservationId: "reservation.id", reason: '"cancelled"' },
          },
        },
        end(),
      ],
      line("start", "reserve", "end"),
    ),
    problems: [
      {
        code: "INPUT_MAPPING_UNKNOWN",
        nodeId: "reserve",
        field: "compensation.input.reason",
        says: 'Release stock has no input "reason"',
      },
    ],
  },

  // Notifications
  {
    name: "a notification without recipients",
    definition: definition(
      [start(), { id: "tell", kind: "notify", template: "Hello" }, end()],
      line("start", "tell", "end"),
    ),
    problems: [
      {
        code: "NOTIFY_NO_RECIPIENTS",
        nodeId: "tell",
        field: "recipients",
        says: "who receives this notification",
      },
    ],
  },
];

// --- Tests --------------------------------------------------------------------------------------

describe("validateDefinition", () => {
  it("finds golden fixtures at all", () => {
    expect(fixtureNames.length).toBeGreaterThanOrEqual(8);
  });

  it.each(fixtureNames)("accepts the golden fixture %s", (name) => {
    expect(validateDefinition(fixture(name), catalog)).toEqual([]);
  });

  it.each(accepted)("accepts $name", ({ definition: valid }) => {
    expect(validateDefinition(valid, catalog)).toEqual([]);
  });

  it.each(cases)("reports $name", ({ definition: broken, problems: expected }) => {
    const problems = validateDefinition(broken, catalog);
    expect(problems.map((p) => ({ code: p.code, nodeId: p.nodeId, edgeId: p.edgeId }))).toEqual(
      expected.map((p) => ({ code: p.code, nodeId: p.nodeId, edgeId: p.edgeId })),
    );
    expect(problems.map((p) => p.field)).toEqual(expected.map((p) => p.field));
    problems.forEach((problem, index) => {
      expect(problem.message.trim()).not.toBe("");
      expect(problem.message).toContain(expected[index]!.says);
    });
  });

  it("has a case that triggers only that problem for every problem code", () => {
    const covered = new Set(
      cases.flatMap(({ problems }) => {
        const codes = new Set(problems.map((problem) => problem.code));
        return codes.size === 1 ? [...codes] : [];
      }),
    );
    expect([...covered].sort()).toEqual([...problemCodes].sort());
  });

  it("skips the connector checks without a catalog but still checks every expression", () => {
    const offline = definition(
      [
        start(orderInput),
        {
          ...action("pick", "sap", "pick", { orderId: "orderId" }),
          compensation: { operation: "unpick", input: { orderId: "orderId +" } },
        },
        end(),
      ],
      line("start", "pick", "end"),
    );
    expect(validateDefinition(offline, null).map((p) => [p.code, p.field])).toEqual([
      ["FEEL_SYNTAX", "compensation.input.orderId"],
    ]);
    expect(validateDefinition(offline, catalog).map((p) => [p.code, p.field])).toEqual([
      ["FEEL_SYNTAX", "compensation.input.orderId"],
      ["CONNECTOR_UNKNOWN", "connector"],
    ]);
  });
});

describe("validateDefinition order and determinism", () => {
  // Structure first, then each step's settings, then edge conditions, whatever the order in the file.
  const messy = definition(
    [
      start(amountInput),
      approval("review", { dueIn: "3 days" }),
      gateway("route"),
      assign("orphan", {}),
      end(),
    ],
    [
      when("route", "review", "amount >"),
      otherwise("route", "end"),
      normal("review", "end"),
      normal("orphan", "end"),
      normal("start", "route"),
    ],
  );

  it("returns problems in a stable order", () => {
    expect(validateDefinition(messy, catalog).map((p) => [p.code, p.nodeId ?? p.edgeId])).toEqual([
      ["UNREACHABLE", "orphan"],
      ["DURATION_INVALID", "review"],
      ["FEEL_SYNTAX", "route-review"],
    ]);
  });

  it("gives deep-equal output for the same input", () => {
    const first = validateDefinition(messy, catalog);
    expect(validateDefinition(messy, catalog)).toEqual(first);
    expect(validateDefinition(structuredClone(messy), structuredClone(catalog))).toEqual(first);
  });

  const kinds: NodeInput[] = [
    assign("x", { n: "1" }),
    gateway("x"),
    split("x"),
    join("x"),
    timer("x"),
    approval("x"),
    end("x"),
    end("x", "rejected"),
  ];
  const graphs = fc.record({
    kinds: fc.array(fc.nat(kinds.length - 1), { minLength: 1, maxLength: 7 }),
    edges: fc.array(
      fc.record({
        source: fc.nat(7),
        target: fc.nat(7),
        type: fc.constantFrom("normal", "when", "default", "error"),
      }),
      { maxLength: 14 },
    ),
  });

  it("terminates, is deterministic and points only at existing steps and connections on random graphs", () => {
    fc.assert(
      fc.property(graphs, ({ kinds: picked, edges }) => {
        const nodes = [start(), ...picked.map((kind, index) => ({ ...kinds[kind]!, id: `n${index + 1}` }))];
        const id = (index: number) => nodes[index % nodes.length]!.id;
        const random = definition(
          nodes,
          edges.map(({ source, target, type }, index): EdgeInput => {
            const base = { id: `e${index}`, source: id(source), target: id(target) };
            if (type === "when") return { ...base, type: "conditional", condition: "true" };
            if (type === "error") return { ...base, type: "exception", on: { type: "error" } };
            return { ...base, type };
          }),
        );
        const problems = validateDefinition(random, catalog);
        expect(validateDefinition(random, catalog)).toEqual(problems);
        const ids = new Set([...random.nodes.map((node) => node.id), ...random.edges.map((edge) => edge.id)]);
        for (const problem of problems) {
          expect(problemCodes).toContain(problem.code);
          expect(problem.message.trim()).not.toBe("");
          if (problem.nodeId !== undefined) expect(ids).toContain(problem.nodeId);
          if (problem.edgeId !== undefined) expect(ids).toContain(problem.edgeId);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("parseDefinition", () => {
  it.each([["text"], [null], [[1, 2]], [42]])("refuses %j, which is not an object", (raw) => {
    expect(parseDefinition(raw)).toEqual({
      ok: false,
      problems: [{ path: "", message: "A definition must be a JSON object" }],
    });
  });

  it("refuses a definition without schemaVersion", () => {
    const { schemaVersion: _version, ...raw } = rawFixture("quorum") as JsonObject;
    expect(parseDefinition(raw)).toEqual({
      ok: false,
      problems: [
        { path: "schemaVersion", message: "schemaVersion is missing or not a positive whole number" },
      ],
    });
  });

  it("refuses a schemaVersion newer than this engine knows", () => {
    const raw = { ...(rawFixture("quorum") as JsonObject), schemaVersion: CURRENT_SCHEMA_VERSION + 1 };
    expect(parseDefinition(raw)).toEqual({
      ok: false,
      problems: [
        {
          path: "schemaVersion",
          message: `schemaVersion ${CURRENT_SCHEMA_VERSION + 1} is newer than this version of Omniflow understands (${CURRENT_SCHEMA_VERSION})`,
        },
      ],
    });
  });

  it("lists the path of a shape problem", () => {
    const raw = rawFixture("quorum") as { nodes: JsonObject[] };
    raw.nodes[1] = { ...raw.nodes[1], kind: "robot" };
    const result = parseDefinition(raw);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((problem) => problem.path)).toEqual(["nodes.1.kind"]);
    expect(result.problems[0]!.message).not.toBe("");
  });

  it("parses a fixture and applies the schema's defaults", () => {
    const result = parseDefinition(rawFixture("quorum"));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.definition.description).toBe("");
    expect(result.definition.nodes[0]).toMatchObject({ kind: "start", trigger: { type: "manual" } });
  });
});

describe("migrateDefinition", () => {
  const renameX = {
    from: 1,
    description: "rename x",
    up: ({ x, ...rest }: JsonObject): JsonObject => ({ ...rest, y: x ?? null }),
  };

  it("applies the missing steps and sets the new schemaVersion", () => {
    const raw: JsonObject = { schemaVersion: 1, x: 5, keep: "me" };
    expect(migrateDefinition(raw, [renameX], 2)).toEqual({
      ok: true,
      definition: { schemaVersion: 2, y: 5, keep: "me" },
      applied: ["rename x"],
    });
    expect(raw).toEqual({ schemaVersion: 1, x: 5, keep: "me" });
  });

  it("leaves a current definition as it is", () => {
    const raw = rawFixture("quorum") as JsonObject;
    expect(migrateDefinition(raw)).toEqual({ ok: true, definition: raw, applied: [] });
  });

  it("throws on a gap in the migration list", () => {
    expect(() => migrateDefinition({ schemaVersion: 1 }, [{ ...renameX, from: 2 }], 3)).toThrow(
      "No definition migration from schemaVersion 1",
    );
  });

  it.each([[{}], [{ schemaVersion: "1" }], [{ schemaVersion: 0 }], [{ schemaVersion: 1.5 }]])(
    "refuses %j",
    (raw: JsonObject) => {
      expect(migrateDefinition(raw, [renameX], 2)).toEqual({
        ok: false,
        message: "schemaVersion is missing or not a positive whole number",
      });
    },
  );

  it("refuses a version newer than the target", () => {
    expect(migrateDefinition({ schemaVersion: 3 }, [renameX], 2)).toEqual({
      ok: false,
      message: "schemaVersion 3 is newer than this version of Omniflow understands (2)",
    });
  });
});

describe("compile", () => {
  it("refuses a definition with problems and returns them", () => {
    const broken = cases.find((entry) => entry.name === "a quorum of 3 with 2 approvers")!.definition;
    const result = compile(broken, { catalog });
    expect(result).toEqual({ ok: false, problems: validateDefinition(broken, catalog) });
    expect(result.ok ? [] : result.problems.map((problem) => problem.code)).toEqual(["QUORUM_INVALID"]);
  });

  it("compiles a golden fixture", () => {
    const quorum = fixture("quorum");
    const result = compile(quorum, { catalog });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.compiled.startId).toBe("start");
    expect(result.compiled.definition).toBe(quorum);
    expect(Object.keys(result.compiled.graph.nodes)).toEqual(quorum.nodes.map((node) => node.id));
  });
});
