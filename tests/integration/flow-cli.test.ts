// The headless runner (`npm run flow`): validate and run through runFlowCli with files in memory, and
// once through the real entry script to prove it wires the exit code and output.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Command, DefinitionInput, InstanceState, Rejection } from "@/engine";
import { runFlowCli } from "@/scripts/flow-cli";

const root = path.resolve(import.meta.dirname, "../..");

/** vitest's asymmetric matcher for a string, typed `unknown` rather than `any`. */
function matching(pattern: RegExp): unknown {
  return expect.stringMatching(pattern);
}

/** start(amount) -> decision -> large: finance approves (or rejects) -> end; small: ends at once. */
const purchaseApproval: DefinitionInput = {
  schemaVersion: 1,
  key: "purchase-approval",
  name: "Purchase approval",
  nodes: [
    { id: "start", kind: "start", input: [{ name: "amount", type: "number", required: true }] },
    {
      id: "check",
      kind: "decision",
      rule: { type: "expression", expression: "amount > 1000", outputVariable: "large" },
    },
    {
      id: "approve",
      kind: "approval",
      mode: "single",
      levels: [{ id: "finance", assignees: [{ type: "role", role: "finance" }] }],
    },
    { id: "done", kind: "end" },
    { id: "auto", kind: "end" },
    { id: "refused", kind: "end", outcome: "rejected" },
  ],
  edges: [
    { id: "e1", type: "normal", source: "start", target: "check" },
    { id: "e2", type: "conditional", source: "check", target: "approve", condition: "large" },
    { id: "e3", type: "default", source: "check", target: "auto" },
    { id: "e4", type: "normal", source: "approve", target: "done" },
    { id: "e5", type: "exception", source: "approve", target: "refused", on: { type: "rejection" } },
  ],
};

/** Four problems: an unreachable end, no default path, no approvers, an unknown variable. */
const broken: DefinitionInput = {
  schemaVersion: 1,
  key: "broken",
  name: "Broken",
  nodes: [
    { id: "start", kind: "start", input: [{ name: "amount", type: "number" }] },
    { id: "check", kind: "decision", rule: { type: "none" } },
    { id: "approve", kind: "approval", levels: [{ id: "l1", assignees: [] }] },
    { id: "orphan", kind: "end" },
    { id: "done", kind: "end" },
  ],
  edges: [
    { id: "e1", type: "normal", source: "start", target: "check" },
    { id: "e2", type: "conditional", source: "check", target: "approve", condition: "total > 10" },
    { id: "e3", type: "normal", source: "approve", target: "done" },
  ],
};

/**
 * What validate prints for `broken`: one line per problem as `<CODE>  <id>  <message>`, then the count.
 * The messages are the engine's wording, so only their presence is pinned here.
 */
const brokenReport = [
  ...[
    ["UNREACHABLE", "orphan"],
    ["DEFAULT_EDGE_REQUIRED", "check"],
    ["APPROVAL_NO_ASSIGNEES", "approve"],
    ["UNKNOWN_VARIABLE", "e2"],
  ].map(([code, id]) => matching(new RegExp(`^${code} {2}${id} {2}\\S`))),
  "4 problem(s)",
];

const pause: DefinitionInput = {
  schemaVersion: 1,
  key: "pause",
  name: "Pause for an hour",
  nodes: [
    { id: "start", kind: "start" },
    { id: "wait", kind: "timer", timer: { type: "duration", duration: "PT1H" } },
    { id: "done", kind: "end" },
  ],
  edges: [
    { id: "e1", type: "normal", source: "start", target: "wait" },
    { id: "e2", type: "normal", source: "wait", target: "done" },
  ],
};

interface StepLine {
  step: number;
  event: unknown;
  ok: boolean;
  status?: string;
  commands?: Command[];
  state?: InstanceState;
  rejection?: Rejection;
}

function flow(argv: string[], files: Record<string, string>) {
  const contents = new Map(Object.entries(files));
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = runFlowCli(argv, {
    readFile(file) {
      const text = contents.get(file);
      if (text === undefined) {
        throw Object.assign(new Error(`ENOENT: no such file or directory, open '${file}'`), {
          code: "ENOENT",
        });
      }
      return text;
    },
    stdout: (line) => stdout.push(line),
    stderr: (line) => stderr.push(line),
  });
  return { code, stdout, stderr };
}

const json = (value: unknown) => JSON.stringify(value, null, 2);
const jsonl = (...events: object[]) => events.map((event) => JSON.stringify(event)).join("\n") + "\n";

/** Every line but the last ("final status: ..."), parsed. */
function steps(stdout: string[]): StepLine[] {
  return stdout.slice(0, -1).map((line) => JSON.parse(line) as StepLine);
}

function commandsOf<T extends Command["type"]>(
  line: StepLine | undefined,
  type: T,
): Extract<Command, { type: T }>[] {
  return (line?.commands ?? []).filter(
    (command): command is Extract<Command, { type: T }> => command.type === type,
  );
}

const runArgs = ["run", "def.json", "--input", "input.json", "--events", "events.jsonl"];

function approve(taskId: string, actorId: string) {
  return { type: "task.completed", taskId, actor: { id: actorId, roles: ["finance"] }, decision: "approved" };
}

/** The id of the task the purchase approval opens, read from the start's task.open command. */
function openedTaskId(): string {
  const started = flow([...runArgs, "--requester", "u1"], {
    "def.json": json(purchaseApproval),
    "input.json": json({ amount: 5000 }),
    "events.jsonl": "",
  });
  expect(started.code).toBe(0);
  const [open] = commandsOf(steps(started.stdout)[0], "task.open");
  expect(open?.candidateRoles).toEqual(["finance"]);
  return open!.taskId;
}

describe("flow validate", () => {
  it("reports a valid definition with its key and size", () => {
    const result = flow(["validate", "def.json"], { "def.json": json(purchaseApproval) });
    expect(result).toEqual({
      code: 0,
      stdout: ["valid: purchase-approval (6 steps, 5 connections)"],
      stderr: [],
    });
  });

  it("lists every problem with its code and node or edge id, then a count, and exits 1", () => {
    const result = flow(["validate", "def.json"], { "def.json": json(broken) });
    expect(result).toEqual({ code: 1, stdout: brokenReport, stderr: [] });
  });

  it("lists shape problems with their paths", () => {
    const shapeless = { schemaVersion: 1, key: "Bad Key", nodes: [{ id: "s", kind: "robot" }], edges: [] };
    const result = flow(["validate", "def.json"], { "def.json": json(shapeless) });
    expect(result.code).toBe(1);
    expect(result.stdout).toEqual([
      matching(/^shape {2}key: \S/),
      matching(/^shape {2}name: \S/),
      matching(/^shape {2}nodes\.0\.kind: \S/),
      "3 problem(s)",
    ]);
  });

  it("checks connectors against --catalog only when one is given", () => {
    const withAction = {
      ...purchaseApproval,
      nodes: [
        ...purchaseApproval.nodes,
        { id: "order", kind: "action", connector: "erp", operation: "createOrder" },
      ],
      edges: [
        ...purchaseApproval.edges.filter((edge) => edge.id !== "e4"),
        { id: "e4", type: "normal", source: "approve", target: "order" },
        { id: "e6", type: "normal", source: "order", target: "done" },
      ],
    };
    const files = {
      "def.json": json(withAction),
      "catalog.json": json({ connectors: [{ id: "wms", operations: [] }] }),
    };
    expect(flow(["validate", "def.json"], files).stdout).toEqual([
      "valid: purchase-approval (7 steps, 6 connections)",
    ]);
    const checked = flow(["validate", "def.json", "--catalog", "catalog.json"], files);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toEqual(['CONNECTOR_UNKNOWN  order  There is no connector "erp"', "1 problem(s)"]);
  });

  it('prints "-" for a problem about the whole definition', () => {
    const endless = {
      schemaVersion: 1,
      key: "endless",
      name: "Endless",
      nodes: [{ id: "start", kind: "start" }],
      edges: [],
    };
    const result = flow(["validate", "def.json"], { "def.json": json(endless) });
    expect(result.code).toBe(1);
    expect(result.stdout).toContainEqual(matching(/^NO_END {2}- {2}\S/));
  });

  it.each([
    ['{"schemaVersion": 1,\n  "key": }', 'line 2, column 10: expected a value, found "}"'],
    [
      '{"schemaVersion": 1, "key": "a",}',
      'line 1, column 33: expected a property name in double quotes, found "}"',
    ],
    ['{\n  "name": "a\n"}', "line 2, column 13: a control character (such as a line break) inside a string"],
    ["[1, 2", "line 1, column 6: expected ',' or ']', found the end of input"],
    ["{} {}", "line 1, column 4: unexpected text after the JSON value"],
    ["{'key': 1}", 'line 1, column 2: expected a property name in double quotes, found "\'"'],
    ['{"a": nul}', 'line 1, column 7: expected a value, found "nul"'],
    ['{"a": 01}', "line 1, column 7: invalid number"],
  ])("refuses invalid JSON %j, naming the file and the position, with exit 2", (text, message) => {
    const result = flow(["validate", "def.json"], { "def.json": text });
    expect(result).toEqual({ code: 2, stdout: [], stderr: [`def.json: invalid JSON at ${message}`] });
  });

  it("says which file it cannot read", () => {
    const result = flow(["validate", "missing.json"], {});
    expect(result).toEqual({ code: 2, stdout: [], stderr: ["cannot read missing.json: no such file"] });
  });
});

describe("flow usage", () => {
  it("prints the usage to stdout when asked for help", () => {
    const result = flow(["--help"], {});
    expect(result.code).toBe(0);
    expect(result.stderr).toEqual([]);
    expect(result.stdout[0]).toBe("usage:");
    expect(result.stdout.join("\n")).toContain("npm run flow -- run <definition.json> --input <input.json>");
  });

  it.each([
    [[], "flow: missing command"],
    [["frob"], 'flow: unknown command "frob"'],
    [["validate"], "flow: validate needs a definition file"],
    [["validate", "def.json", "--input", "input.json"], "flow: validate does not take --input"],
    [["run", "def.json", "--events", "events.jsonl"], "flow: run needs --input <input.json>"],
    [["run", "def.json", "--input", "input.json"], "flow: run needs --events <events.jsonl>"],
    [[...runArgs, "--now", "2026-02-30T00:00:00Z"], matching(/^flow: --now must be an ISO date/)],
    [["validate", "def.json", "--colour"], matching(/^flow: Unknown option '--colour'/)],
  ])("%j prints the usage to stderr and exits 2", (argv, message) => {
    const result = flow(argv, { "def.json": json(purchaseApproval) });
    expect(result.code).toBe(2);
    expect(result.stdout).toEqual([]);
    expect(result.stderr[0]).toEqual(message);
    expect(result.stderr).toContain("usage:");
  });
});

describe("flow run", () => {
  it("runs an approval by a finance approver to completion", () => {
    const taskId = openedTaskId();
    const result = flow(runArgs, {
      "def.json": json(purchaseApproval),
      "input.json": json({ amount: 5000 }),
      "events.jsonl": jsonl(approve(taskId, "u2")),
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toEqual([]);
    const [started, approved] = steps(result.stdout);
    expect(started).toMatchObject({ step: 0, event: "start", ok: true, status: "waiting" });
    expect(started?.state?.variables).toEqual({ amount: 5000, large: true });
    expect(approved).toMatchObject({ step: 1, event: approve(taskId, "u2"), ok: true, status: "completed" });
    expect(commandsOf(approved, "instance.completed")).toEqual([
      { type: "instance.completed", outcome: "completed", variables: { amount: 5000, large: true } },
    ]);
    expect(result.stdout.at(-1)).toBe("final status: completed (outcome completed)");
  });

  it("prints a rejected event and carries on with the state unchanged", () => {
    const taskId = openedTaskId();
    const result = flow([...runArgs, "--requester", "u1"], {
      "def.json": json(purchaseApproval),
      "input.json": json({ amount: 5000 }),
      "events.jsonl": jsonl(approve(taskId, "u1"), approve(taskId, "u2")),
    });
    expect(result.code).toBe(0);
    const [started, refused, approved] = steps(result.stdout);
    expect(refused).toEqual({
      step: 1,
      event: approve(taskId, "u1"),
      ok: false,
      rejection: {
        code: "FOUR_EYES_REQUESTER",
        message: matching(/\S/),
        nodeId: "approve",
      },
    });
    expect(started?.state?.requester).toBe("u1");
    expect(approved).toMatchObject({ step: 2, ok: true, status: "completed" });
    expect(approved?.state?.approvals).toEqual([{ nodeId: "approve", activation: 1, level: 0, actor: "u2" }]);
    expect(result.stdout.at(-1)).toBe("final status: completed (outcome completed)");
  });

  it("shows the outcome when a rejection takes the exception path", () => {
    const taskId = openedTaskId();
    const rejection = { ...approve(taskId, "u2"), decision: "rejected", reason: "Over budget" };
    const result = flow(runArgs, {
      "def.json": json(purchaseApproval),
      "input.json": json({ amount: 5000 }),
      "events.jsonl": jsonl(rejection),
    });
    expect(result.code).toBe(0);
    expect(steps(result.stdout)[1]?.state?.path.at(-1)).toMatchObject({ nodeId: "refused", via: "e5" });
    expect(result.stdout.at(-1)).toBe("final status: completed (outcome rejected)");
  });

  it("moves the clock with an event's at, without passing it on, so a timer fires an hour later", () => {
    const result = flow(runArgs, {
      "def.json": json(pause),
      "input.json": "{}",
      "events.jsonl": "",
    });
    const [scheduled] = commandsOf(steps(result.stdout)[0], "timer.schedule");
    expect(scheduled?.dueAt).toBe("2026-01-01T01:00:00.000Z");

    const fired = { type: "timer.fired", timerId: scheduled!.timerId };
    const run = flow(runArgs, {
      "def.json": json(pause),
      "input.json": "{}",
      "events.jsonl": jsonl({ ...fired, at: "2026-01-01T01:00:00.000Z" }),
    });
    expect(run.code).toBe(0);
    const [started, firedStep] = steps(run.stdout);
    expect(started?.state?.startedAt).toBe("2026-01-01T00:00:00.000Z");
    expect(firedStep).toMatchObject({ step: 1, event: fired, ok: true, status: "completed" });
    expect(firedStep?.event).not.toHaveProperty("at");
    expect(firedStep?.state?.endedAt).toBe("2026-01-01T01:00:00.000Z");
    expect(run.stdout.at(-1)).toBe("final status: completed (outcome completed)");
  });

  it("starts with the given clock, instance id, requester and manager", () => {
    const result = flow(
      [
        ...runArgs,
        "--now",
        "2026-03-01T09:30:00+01:00",
        "--instance-id",
        "po-7",
        "--requester",
        "u1",
        "--manager",
        "m1",
      ],
      { "def.json": json(purchaseApproval), "input.json": json({ amount: 5000 }), "events.jsonl": "\n  \n" },
    );
    expect(result.code).toBe(0);
    const [started] = steps(result.stdout);
    expect(started?.state).toMatchObject({
      instanceId: "po-7",
      startedAt: "2026-03-01T08:30:00.000Z",
      requester: "u1",
      requesterManager: "m1",
    });
    expect(commandsOf(started, "task.open")[0]?.taskId).toMatch(/^po-7\.t\d+$/);
    expect(result.stdout.at(-1)).toBe("final status: waiting");
  });

  it("stops with exit 1 when the start is rejected", () => {
    const result = flow(runArgs, {
      "def.json": json(purchaseApproval),
      "input.json": json({ amount: "lots" }),
      "events.jsonl": "",
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toHaveLength(1);
    expect(JSON.parse(result.stdout[0]!)).toEqual({
      step: 0,
      event: "start",
      ok: false,
      rejection: {
        code: "INPUT_INVALID",
        message: matching(/amount/),
        nodeId: "start",
        fieldErrors: { amount: matching(/\S/) },
      },
    });
  });

  it("refuses an input that is not a JSON object", () => {
    const result = flow(runArgs, {
      "def.json": json(purchaseApproval),
      "input.json": "[5000]",
      "events.jsonl": "",
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toEqual([
      'input.json: the input must be a JSON object of start fields, such as {"amount": 1200}',
    ]);
  });

  it("prints the definition's problems to stderr and runs nothing", () => {
    const result = flow(runArgs, { "def.json": json(broken), "input.json": "{}", "events.jsonl": "" });
    expect(result).toEqual({ code: 1, stdout: [], stderr: brokenReport });
  });

  it("refuses an events file with a single bad line and runs nothing", () => {
    const result = flow(runArgs, {
      "def.json": json(pause),
      "input.json": "{}",
      "events.jsonl": jsonl({ type: "timer.fired", timerId: "i1.m2", at: "2025-12-31T23:59:59Z" }),
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toEqual([]);
    expect(result.stderr).toEqual([
      'events.jsonl line 1: "at" 2025-12-31T23:59:59.000Z is earlier than the clock (2026-01-01T00:00:00.000Z); time only moves forward',
    ]);
  });

  it("checks every events line first and lists each problem with its line number, exit 2", () => {
    const events = [
      JSON.stringify({ type: "timer.fired", timerId: "i1.m2", at: "2026-01-01T02:00:00Z" }),
      JSON.stringify({ type: "task.exploded", taskId: "i1.t2" }),
      '{"type": "timer.fired",',
      "",
      JSON.stringify({ type: "timer.fired", timerId: "i1.m2", at: "2026-01-01T01:00:00Z" }),
      JSON.stringify({ type: "timer.fired", timerId: "i1.m2", at: "tomorrow" }),
      JSON.stringify({ type: "task.completed", taskId: "i1.t2", decision: "maybe", actor: { id: "u2" } }),
      "[]",
    ].join("\n");
    const result = flow(runArgs, {
      "def.json": json(purchaseApproval),
      "input.json": json({ amount: 5000 }),
      "events.jsonl": events,
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toEqual([]);
    expect(result.stderr).toEqual([
      matching(
        /^events\.jsonl line 2: unknown event type "task\.exploded"; "type" must be one of task\.completed, .*timer\.fired/,
      ),
      "events.jsonl line 3: invalid JSON at column 24: expected a property name in double quotes, found the end of input",
      'events.jsonl line 5: "at" 2026-01-01T01:00:00.000Z is earlier than the clock (2026-01-01T02:00:00.000Z); time only moves forward',
      'events.jsonl line 6: "at" "tomorrow" is not an ISO date and time with a time zone, such as 2026-01-01T09:00:00Z',
      matching(/^events\.jsonl line 7: decision: \S/),
      "events.jsonl line 8: each line must be one JSON object (an event)",
    ]);
  });
});

describe("scripts/flow.ts", () => {
  it("runs as a command and exits non-zero for an invalid definition", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "omniflow-flow-"));
    try {
      const file = path.join(dir, "broken.json");
      writeFileSync(file, json(broken));
      const result = spawnSync(
        path.join(root, "node_modules/.bin/tsx"),
        [path.join(root, "scripts/flow.ts"), "validate", file],
        {
          cwd: root,
          encoding: "utf8",
          timeout: 60_000,
        },
      );
      expect(result.status).toBe(1);
      expect(result.stdout.trim().split("\n")).toEqual(brokenReport);
      expect(result.stderr).toBe("");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
