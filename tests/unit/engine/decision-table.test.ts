// Decision tables under each hit policy: matching rules, outputs by variable name, no match, UNIQUE
// conflicts, COLLECT lists, and failures that name the rule and the input or output.
import { describe, expect, it } from "vitest";
import { evaluateDecisionTable } from "@/engine/decision-table";
import { type DecisionTable, decisionTableSchema } from "@/engine/definition/schema";
import { type JsonValue } from "@/engine/json";

const NOW = "2026-01-03T10:00:00.000Z";

type Policy = DecisionTable["hitPolicy"];

/** Discount by order amount and customer tier; rules overlap on purpose. */
function discountTable(hitPolicy: Policy): DecisionTable {
  return decisionTableSchema.parse({
    hitPolicy,
    inputs: [
      { id: "amount", label: "Order amount", expression: "order.amount" },
      { id: "tier", expression: "customer.tier" },
    ],
    outputs: [
      { id: "o1", name: "discount" },
      { id: "o2", name: "approver" },
    ],
    rules: [
      { id: "r1", inputEntries: ["> 1000", '"gold"'], outputEntries: ["0.15", '"manager"'] },
      { id: "r2", inputEntries: ["> 1000", "-"], outputEntries: ["0.1", '"manager"'] },
      { id: "r3", inputEntries: ["[100..1000]", '"gold","silver"'], outputEntries: ["0.05", '"clerk"'] },
      { id: "r4", inputEntries: ["-", '"gold"'], outputEntries: ["0.02", "null"] },
    ],
  });
}

function order(amount: number, tier: string): Record<string, JsonValue> {
  return { order: { amount }, customer: { tier } };
}

describe("evaluateDecisionTable", () => {
  it.each<[Policy, Record<string, JsonValue>, Record<string, JsonValue>, string[]]>([
    ["FIRST", order(1500, "gold"), { discount: 0.15, approver: "manager" }, ["r1"]],
    ["FIRST", order(1500, "bronze"), { discount: 0.1, approver: "manager" }, ["r2"]],
    ["FIRST", order(500, "silver"), { discount: 0.05, approver: "clerk" }, ["r3"]],
    ["FIRST", order(50, "gold"), { discount: 0.02, approver: null }, ["r4"]],
    ["FIRST", order(50, "bronze"), { discount: null, approver: null }, []],
    ["UNIQUE", order(1500, "bronze"), { discount: 0.1, approver: "manager" }, ["r2"]],
    ["UNIQUE", order(500, "silver"), { discount: 0.05, approver: "clerk" }, ["r3"]],
    ["UNIQUE", order(50, "bronze"), { discount: null, approver: null }, []],
    [
      "COLLECT",
      order(1500, "gold"),
      { discount: [0.15, 0.1, 0.02], approver: ["manager", "manager", null] },
      ["r1", "r2", "r4"],
    ],
    ["COLLECT", order(500, "silver"), { discount: [0.05], approver: ["clerk"] }, ["r3"]],
    ["COLLECT", order(50, "bronze"), { discount: [], approver: [] }, []],
  ])("%s with %j gives %j from %j", (policy, variables, outputs, matchedRules) => {
    expect(evaluateDecisionTable(discountTable(policy), variables, NOW)).toEqual({
      ok: true,
      outputs,
      matchedRules,
    });
  });

  it.each([
    [order(500, "gold"), "Rules r3 and r4 both match; the UNIQUE hit policy allows one"],
    [order(1500, "gold"), "Rules r1, r2 and r4 all match; the UNIQUE hit policy allows one"],
  ])("UNIQUE refuses more than one match for %j", (variables, message) => {
    expect(evaluateDecisionTable(discountTable("UNIQUE"), variables, NOW)).toEqual({
      ok: false,
      code: "DECISION_NOT_UNIQUE",
      message,
    });
  });

  it("tests entries against variables and outputs FEEL values, with now() from the caller", () => {
    const table = decisionTableSchema.parse({
      inputs: [{ id: "total", expression: "sum(for line in lines return line.price * line.qty)" }],
      outputs: [
        { id: "o1", name: "band" },
        { id: "o2", name: "reviewBy" },
      ],
      rules: [
        { id: "big", inputEntries: [">= threshold"], outputEntries: ['"big"', 'now() + duration("P2D")'] },
        {
          id: "small",
          inputEntries: ["< threshold"],
          outputEntries: ['"small"', 'now() + duration("PT4H")'],
        },
      ],
    });
    const lines = [
      { price: 40, qty: 2 },
      { price: 10, qty: 3 },
    ];
    const variables = { lines, threshold: 100 };
    const result = evaluateDecisionTable(table, variables, NOW);
    expect(result).toEqual({
      ok: true,
      outputs: { band: "big", reviewBy: "2026-01-05T10:00:00.000Z" },
      matchedRules: ["big"],
    });
    expect(evaluateDecisionTable(table, variables, NOW)).toEqual(result);
    expect(evaluateDecisionTable(table, { lines, threshold: 200 }, "2026-02-01T00:00:00.000Z")).toEqual({
      ok: true,
      outputs: { band: "small", reviewBy: "2026-02-01T04:00:00.000Z" },
      matchedRules: ["small"],
    });
  });

  it("FIRST stops at the first match, so a broken later rule is not evaluated", () => {
    const table = decisionTableSchema.parse({
      hitPolicy: "FIRST",
      inputs: [{ id: "x", expression: "x" }],
      outputs: [{ id: "o", name: "result" }],
      rules: [
        { id: "ok", inputEntries: ["> 0"], outputEntries: ['"positive"'] },
        { id: "broken", inputEntries: ["> "], outputEntries: ['"never"'] },
      ],
    });
    expect(evaluateDecisionTable(table, { x: 1 }, NOW)).toEqual({
      ok: true,
      outputs: { result: "positive" },
      matchedRules: ["ok"],
    });
    expect(evaluateDecisionTable(table, { x: -1 }, NOW)).toEqual({
      ok: false,
      code: "DECISION_FAILED",
      message: 'Rule broken, input "x": Expression is incomplete after ">" (position 2)',
    });
  });

  it.each<[string, Partial<Record<"input" | "entry" | "output", string>>, string]>([
    [
      "an input expression",
      { input: "order.amount +" },
      'Input "Order amount" (order.amount +) could not be evaluated: Expression is incomplete after "order.amount +" (position 15)',
    ],
    [
      "an input entry",
      { entry: "[1..2" },
      'Rule r1, input "Order amount" (order.amount): Expression is incomplete after "[1..2" (position 6)',
    ],
    [
      "an output entry",
      { output: "[1..2]" },
      'Rule r1, output "discount": Expression returned a value that cannot be stored',
    ],
  ])("fails with DECISION_FAILED on %s", (_what, broken, message) => {
    const table = decisionTableSchema.parse({
      hitPolicy: "COLLECT",
      inputs: [{ id: "amount", label: "Order amount", expression: broken.input ?? "order.amount" }],
      outputs: [{ id: "o1", name: "discount" }],
      rules: [{ id: "r1", inputEntries: [broken.entry ?? "> 0"], outputEntries: [broken.output ?? "0.1"] }],
    });
    expect(evaluateDecisionTable(table, { order: { amount: 10 } }, NOW)).toEqual({
      ok: false,
      code: "DECISION_FAILED",
      message,
    });
  });

  it.each([
    [["> 0", "-"], ["1"], "Rule r1 has 2 input entries but the table has 1 inputs"],
    [["> 0"], ["1", "2"], "Rule r1 has 2 output entries but the table has 1 outputs"],
  ])("fails with DECISION_FAILED when rule entries are %j -> %j", (inputEntries, outputEntries, message) => {
    const table = decisionTableSchema.parse({
      inputs: [{ id: "x", expression: "x" }],
      outputs: [{ id: "o", name: "result" }],
      rules: [{ id: "r1", inputEntries, outputEntries }],
    });
    expect(evaluateDecisionTable(table, { x: 1 }, NOW)).toEqual({
      ok: false,
      code: "DECISION_FAILED",
      message,
    });
  });
});
