// Decision tables (DMN-style, FEEL entries): which rules match the current variables and what they
// output, under the FIRST, UNIQUE and COLLECT hit policies.
import { type DecisionTable } from "./definition/schema";
import { evaluateFeel, evaluateUnaryTest } from "./expr/feel";
import { type JsonValue } from "./json";

export type TableResult =
  | { ok: true; outputs: Record<string, JsonValue>; matchedRules: string[] }
  | { ok: false; code: "DECISION_NOT_UNIQUE" | "DECISION_FAILED"; message: string };

type Failure = Extract<TableResult, { ok: false }>;
type Rule = DecisionTable["rules"][number];

/**
 * Evaluates a decision table against the variables, at the time `now` (ISO 8601, for FEEL's now()/today()).
 *
 * Each input expression is evaluated once; a rule matches when every input entry's unary tests pass for
 * its input (`-` matches anything). Outputs are keyed by each output's variable `name`:
 * - FIRST: the outputs of the first matching rule in order; later rules are not looked at.
 * - UNIQUE: the outputs of the one matching rule; two or more matches fail with DECISION_NOT_UNIQUE.
 * - COLLECT: each output is the list of its values from every matching rule, in rule order.
 * With no match, FIRST and UNIQUE give null for every output and COLLECT gives empty lists.
 * `matchedRules` lists the ids of the rules whose outputs were used.
 *
 * @returns DECISION_FAILED, with a message naming the rule and input or output, when a FEEL entry cannot be
 *   evaluated or a rule's number of entries differs from the table's inputs or outputs.
 */
export function evaluateDecisionTable(
  table: DecisionTable,
  variables: Record<string, JsonValue>,
  now: string,
): TableResult {
  const shape = shapeProblem(table);
  if (shape) return shape;

  const inputValues: JsonValue[] = [];
  for (const input of table.inputs) {
    const result = evaluateFeel(input.expression, variables, now);
    if (!result.ok) return failed(`Input ${describe(input)} could not be evaluated: ${result.message}`);
    inputValues.push(result.value);
  }

  const matched: Rule[] = [];
  for (const rule of table.rules) {
    const matches = ruleMatches(table, rule, inputValues, variables, now);
    if (typeof matches !== "boolean") return matches;
    if (!matches) continue;
    matched.push(rule);
    if (table.hitPolicy === "FIRST") break;
  }

  switch (table.hitPolicy) {
    case "FIRST":
    case "UNIQUE": {
      if (matched.length > 1) {
        return {
          ok: false,
          code: "DECISION_NOT_UNIQUE",
          message: `Rules ${listIds(matched)} ${matched.length === 2 ? "both" : "all"} match; the UNIQUE hit policy allows one`,
        };
      }
      const [rule] = matched;
      if (!rule) {
        return {
          ok: true,
          outputs: Object.fromEntries(table.outputs.map((o) => [o.name, null])),
          matchedRules: [],
        };
      }
      const result = ruleOutputs(table, rule, variables, now);
      return result.ok ? { ok: true, outputs: result.outputs, matchedRules: [rule.id] } : result;
    }
    case "COLLECT": {
      const collected: Record<string, JsonValue[]> = Object.fromEntries(
        table.outputs.map((o) => [o.name, []]),
      );
      for (const rule of matched) {
        const result = ruleOutputs(table, rule, variables, now);
        if (!result.ok) return result;
        for (const output of table.outputs) collected[output.name]?.push(result.outputs[output.name] ?? null);
      }
      return { ok: true, outputs: collected, matchedRules: matched.map((rule) => rule.id) };
    }
  }
}

function shapeProblem(table: DecisionTable): Failure | null {
  for (const rule of table.rules) {
    if (rule.inputEntries.length !== table.inputs.length) {
      return failed(
        `Rule ${rule.id} has ${rule.inputEntries.length} input entries but the table has ${table.inputs.length} inputs`,
      );
    }
    if (rule.outputEntries.length !== table.outputs.length) {
      return failed(
        `Rule ${rule.id} has ${rule.outputEntries.length} output entries but the table has ${table.outputs.length} outputs`,
      );
    }
  }
  return null;
}

function ruleMatches(
  table: DecisionTable,
  rule: Rule,
  inputValues: readonly JsonValue[],
  variables: Record<string, JsonValue>,
  now: string,
): boolean | Failure {
  for (const [index, entry] of rule.inputEntries.entries()) {
    if (entry.trim() === "-") continue;
    const result = evaluateUnaryTest(entry, inputValues[index] ?? null, variables, now);
    if (!result.ok) {
      const input = table.inputs[index];
      return failed(`Rule ${rule.id}, input ${input ? describe(input) : index + 1}: ${result.message}`);
    }
    if (!result.value) return false;
  }
  return true;
}

function ruleOutputs(
  table: DecisionTable,
  rule: Rule,
  variables: Record<string, JsonValue>,
  now: string,
): { ok: true; outputs: Record<string, JsonValue> } | Failure {
  const outputs: Record<string, JsonValue> = {};
  for (const [index, output] of table.outputs.entries()) {
    const result = evaluateFeel(rule.outputEntries[index] ?? "", variables, now);
    if (!result.ok) return failed(`Rule ${rule.id}, output "${output.name}": ${result.message}`);
    outputs[output.name] = result.value;
  }
  return { ok: true, outputs };
}

function describe(input: DecisionTable["inputs"][number]): string {
  return input.label.trim() === "" ? `"${input.expression}"` : `"${input.label}" (${input.expression})`;
}

function listIds(rules: readonly Rule[]): string {
  const ids = rules.map((rule) => rule.id);
  return ids.length <= 2 ? ids.join(" and ") : `${ids.slice(0, -1).join(", ")} and ${ids.at(-1) ?? ""}`;
}

function failed(message: string): Failure {
  return { ok: false, code: "DECISION_FAILED", message };
}
