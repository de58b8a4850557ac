// Editing a decision table: hit policy, input columns (FEEL), output columns (variables) and rules
// (a unary test per input, an expression per output), with syntax errors shown in place.
"use client";
import type { DecisionTable } from "@/engine";
import { checkFeel, checkUnaryTests } from "@/engine/expr/feel";
import { FeelField, MiniButton, Section, SelectField, TextField } from "./fields";

let counter = 0;
function freshId(prefix: string): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter}`;
}

/** A new table with one input, one output and one catch-all rule. */
export function newDecisionTable(): DecisionTable {
  return {
    hitPolicy: "FIRST",
    inputs: [{ id: "input1", label: "Input", expression: "amount" }],
    outputs: [{ id: "output1", name: "result" }],
    rules: [{ id: "rule1", inputEntries: ["-"], outputEntries: ["null"] }],
  };
}

function CellInput({
  label,
  value,
  problem,
  onChange,
}: {
  label: string;
  value: string;
  problem: string | null;
  onChange: (value: string) => void;
}) {
  return (
    <div>
      <input
        aria-label={label}
        aria-invalid={problem ? true : undefined}
        title={problem ?? undefined}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        className="w-24 rounded border border-slate-300 px-1 py-0.5 font-mono text-xs aria-[invalid=true]:border-red-500"
      />
      {problem ? <p className="max-w-24 text-[10px] leading-tight text-red-700">{problem}</p> : null}
    </div>
  );
}

/** The decision table editor. */
export function DecisionTableEditor({
  table,
  onChange,
}: {
  table: DecisionTable;
  onChange: (table: DecisionTable) => void;
}) {
  const setRule = (index: number, patch: Partial<DecisionTable["rules"][number]>) =>
    onChange({
      ...table,
      rules: table.rules.map((rule, at) => (at === index ? { ...rule, ...patch } : rule)),
    });
  return (
    <Section title="Decision table">
      <SelectField
        label="Hit policy"
        value={table.hitPolicy}
        options={[
          { value: "FIRST", label: "FIRST: the first matching rule" },
          { value: "UNIQUE", label: "UNIQUE: exactly one rule may match" },
          { value: "COLLECT", label: "COLLECT: lists from all matching rules" },
        ]}
        onChange={(hitPolicy) => onChange({ ...table, hitPolicy })}
      />
      {table.inputs.map((input, index) => (
        <div key={input.id} className="space-y-2 rounded border border-slate-100 p-2">
          <TextField
            label={`Input ${index + 1} label`}
            value={input.label}
            onChange={(label) =>
              onChange({
                ...table,
                inputs: table.inputs.map((entry, at) => (at === index ? { ...entry, label } : entry)),
              })
            }
          />
          <FeelField
            label={`Input ${index + 1} expression`}
            value={input.expression}
            onChange={(expression) =>
              onChange({
                ...table,
                inputs: table.inputs.map((entry, at) => (at === index ? { ...entry, expression } : entry)),
              })
            }
          />
          {table.inputs.length > 1 ? (
            <MiniButton
              label={`Remove input ${index + 1}`}
              onClick={() =>
                onChange({
                  ...table,
                  inputs: table.inputs.filter((_, at) => at !== index),
                  rules: table.rules.map((rule) => ({
                    ...rule,
                    inputEntries: rule.inputEntries.filter((_, at) => at !== index),
                  })),
                })
              }
            >
              Remove input
            </MiniButton>
          ) : null}
        </div>
      ))}
      <MiniButton
        label="Add an input column"
        onClick={() =>
          onChange({
            ...table,
            inputs: [...table.inputs, { id: freshId("input"), label: "", expression: "null" }],
            rules: table.rules.map((rule) => ({ ...rule, inputEntries: [...rule.inputEntries, "-"] })),
          })
        }
      >
        + Add input
      </MiniButton>
      {table.outputs.map((output, index) => (
        <div key={output.id} className="flex items-end gap-2">
          <div className="flex-1">
            <TextField
              label={`Output ${index + 1} variable`}
              mono
              value={output.name}
              onChange={(name) =>
                onChange({
                  ...table,
                  outputs: table.outputs.map((entry, at) => (at === index ? { ...entry, name } : entry)),
                })
              }
            />
          </div>
          {table.outputs.length > 1 ? (
            <MiniButton
              label={`Remove output ${index + 1}`}
              onClick={() =>
                onChange({
                  ...table,
                  outputs: table.outputs.filter((_, at) => at !== index),
                  rules: table.rules.map((rule) => ({
                    ...rule,
                    outputEntries: rule.outputEntries.filter((_, at) => at !== index),
                  })),
                })
              }
            >
              Remove
            </MiniButton>
          ) : null}
        </div>
      ))}
      <MiniButton
        label="Add an output column"
        onClick={() =>
          onChange({
            ...table,
            outputs: [...table.outputs, { id: freshId("output"), name: `result${table.outputs.length + 1}` }],
            rules: table.rules.map((rule) => ({ ...rule, outputEntries: [...rule.outputEntries, "null"] })),
          })
        }
      >
        + Add output
      </MiniButton>
      <div className="overflow-x-auto">
        <table className="text-xs" aria-label="Rules">
          <thead>
            <tr>
              <th scope="col" className="px-1 text-left">
                #
              </th>
              {table.inputs.map((input, index) => (
                <th key={input.id} scope="col" className="px-1 text-left text-amber-700">
                  {input.label || `input ${index + 1}`}
                </th>
              ))}
              {table.outputs.map((output) => (
                <th key={output.id} scope="col" className="px-1 text-left text-sky-700">
                  {output.name}
                </th>
              ))}
              <th scope="col" className="sr-only">
                Actions
              </th>
            </tr>
          </thead>
          <tbody>
            {table.rules.map((rule, index) => (
              <tr key={rule.id} className="align-top">
                <td className="px-1 py-1">{index + 1}</td>
                {table.inputs.map((input, position) => {
                  const value = rule.inputEntries[position] ?? "-";
                  return (
                    <td key={input.id} className="px-1 py-1">
                      <CellInput
                        label={`Rule ${index + 1} ${input.label || `input ${position + 1}`}`}
                        value={value}
                        problem={checkUnaryTests(value)?.message ?? null}
                        onChange={(entry) =>
                          setRule(index, {
                            inputEntries: table.inputs.map((_, at) =>
                              at === position ? entry : (rule.inputEntries[at] ?? "-"),
                            ),
                          })
                        }
                      />
                    </td>
                  );
                })}
                {table.outputs.map((output, position) => {
                  const value = rule.outputEntries[position] ?? "null";
                  return (
                    <td key={output.id} className="px-1 py-1">
                      <CellInput
                        label={`Rule ${index + 1} ${output.name}`}
                        value={value}
                        problem={value.trim() === "" ? "Required" : (checkFeel(value)?.message ?? null)}
                        onChange={(entry) =>
                          setRule(index, {
                            outputEntries: table.outputs.map((_, at) =>
                              at === position ? entry : (rule.outputEntries[at] ?? "null"),
                            ),
                          })
                        }
                      />
                    </td>
                  );
                })}
                <td className="px-1 py-1">
                  <MiniButton
                    label={`Remove rule ${index + 1}`}
                    onClick={() => onChange({ ...table, rules: table.rules.filter((_, at) => at !== index) })}
                  >
                    ✕
                  </MiniButton>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <MiniButton
        label="Add a rule"
        onClick={() =>
          onChange({
            ...table,
            rules: [
              ...table.rules,
              {
                id: freshId("rule"),
                inputEntries: table.inputs.map(() => "-"),
                outputEntries: table.outputs.map(() => "null"),
              },
            ],
          })
        }
      >
        + Add rule
      </MiniButton>
    </Section>
  );
}
