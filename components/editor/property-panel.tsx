// The settings of the selected step or connection, driven by the definition schema: every change
// goes back into the editor store (and so into undo/redo, validation and autosave).
"use client";
import {
  fieldTypes,
  type ConnectorCatalog,
  type Field,
  type NodeOfKind,
  type WorkflowEdge,
  type WorkflowNode,
} from "@/engine";
import { DecisionTableEditor, newDecisionTable } from "./decision-table-editor";
import { useEditor } from "./editor-context";
import { CheckField, DurationField, FeelField, MiniButton, Section, SelectField, TextField } from "./fields";
import { kindInfo } from "./node-kinds";

type Update<T> = (next: T) => void;

/** People and roles to suggest in pickers. */
export interface Directory {
  people: { id: string; name: string }[];
  roles: { key: string; name: string }[];
}

const roleSuggestions = (directory: Directory | null) =>
  (directory?.roles ?? []).map((role) => ({ value: role.key, label: role.name }));
const peopleSuggestions = (directory: Directory | null) =>
  (directory?.people ?? []).map((person) => ({ value: person.id, label: person.name }));

function FieldsEditor({
  title,
  fields,
  onChange,
}: {
  title: string;
  fields: Field[];
  onChange: Update<Field[]>;
}) {
  const set = (index: number, patch: Partial<Field>) =>
    onChange(fields.map((field, position) => (position === index ? { ...field, ...patch } : field)));
  return (
    <Section
      title={title}
      actions={
        <MiniButton
          label={`Add a field to ${title}`}
          onClick={() =>
            onChange([
              ...fields,
              { name: `field${fields.length + 1}`, label: "", type: "string", required: false },
            ])
          }
        >
          + Add field
        </MiniButton>
      }
    >
      {fields.length === 0 ? <p className="text-xs text-slate-500">No fields.</p> : null}
      {fields.map((field, index) => (
        <div key={index} className="space-y-2 rounded border border-slate-100 p-2">
          <TextField
            label={`Field ${index + 1} name`}
            value={field.name}
            mono
            onChange={(name) => set(index, { name })}
          />
          <SelectField
            label={`Field ${index + 1} type`}
            value={field.type}
            options={fieldTypes.map((type) => ({ value: type, label: type }))}
            onChange={(type) =>
              set(index, { type, options: type === "select" ? (field.options ?? ["option"]) : field.options })
            }
          />
          {field.type === "select" ? (
            <TextField
              label={`Field ${index + 1} options (comma-separated)`}
              value={(field.options ?? []).join(", ")}
              onChange={(value) =>
                set(index, {
                  options: value
                    .split(",")
                    .map((option) => option.trim())
                    .filter(Boolean),
                })
              }
            />
          ) : null}
          <div className="flex items-center justify-between">
            <CheckField
              label={`Field ${index + 1} required`}
              checked={field.required}
              onChange={(required) => set(index, { required })}
            />
            <MiniButton
              label={`Remove field ${index + 1}`}
              onClick={() => onChange(fields.filter((_, position) => position !== index))}
            >
              Remove
            </MiniButton>
          </div>
        </div>
      ))}
    </Section>
  );
}

function MappingEditor({
  title,
  mapping,
  keys,
  onChange,
}: {
  title: string;
  mapping: Record<string, string>;
  keys?: string[];
  onChange: Update<Record<string, string>>;
}) {
  const entries = keys ? keys.map((key) => [key, mapping[key] ?? ""] as const) : Object.entries(mapping);
  return (
    <Section
      title={title}
      actions={
        keys ? undefined : (
          <MiniButton
            label={`Add an entry to ${title}`}
            onClick={() => onChange({ ...mapping, [`name${entries.length + 1}`]: "null" })}
          >
            + Add
          </MiniButton>
        )
      }
    >
      {entries.length === 0 ? <p className="text-xs text-slate-500">Nothing to map.</p> : null}
      {entries.map(([key, expression]) => (
        <FeelField
          key={key}
          label={keys ? key : `${key} =`}
          value={expression}
          onChange={(value) => {
            const next = { ...mapping, [key]: value };
            if (keys && value.trim() === "") delete next[key];
            onChange(next);
          }}
        />
      ))}
    </Section>
  );
}

function ApprovalSettings({
  node,
  directory,
  onChange,
}: {
  node: NodeOfKind<"approval">;
  directory: Directory | null;
  onChange: Update<WorkflowNode>;
}) {
  const setLevel = (index: number, level: NodeOfKind<"approval">["levels"][number]) =>
    onChange({ ...node, levels: node.levels.map((entry, position) => (position === index ? level : entry)) });
  return (
    <>
      <SelectField
        label="Mode"
        value={node.mode}
        options={[
          { value: "single", label: "Single approver" },
          { value: "sequential", label: "Sequential chain" },
          { value: "parallel", label: "Parallel" },
        ]}
        onChange={(mode) => onChange({ ...node, mode })}
      />
      {node.mode === "parallel" ? (
        <>
          <SelectField
            label="Completes when"
            value={node.completion.type}
            options={[
              { value: "any", label: "Any one approves" },
              { value: "all", label: "All approve" },
              { value: "quorum", label: "A quorum approves" },
            ]}
            onChange={(type) =>
              onChange({ ...node, completion: type === "quorum" ? { type, count: 2 } : { type } })
            }
          />
          {node.completion.type === "quorum" ? (
            <TextField
              label="Quorum"
              type="number"
              value={String(node.completion.count)}
              onChange={(value) =>
                onChange({ ...node, completion: { type: "quorum", count: Number(value) || 0 } })
              }
            />
          ) : null}
        </>
      ) : null}
      {node.levels.map((level, index) => (
        <Section
          key={level.id}
          title={`Level ${index + 1}`}
          actions={
            node.levels.length > 1 ? (
              <MiniButton
                label={`Remove level ${index + 1}`}
                onClick={() =>
                  onChange({ ...node, levels: node.levels.filter((_, position) => position !== index) })
                }
              >
                Remove
              </MiniButton>
            ) : undefined
          }
        >
          <TextField
            label={`Level ${index + 1} name`}
            value={level.name}
            onChange={(name) => setLevel(index, { ...level, name })}
          />
          {level.assignees.map((assignee, position) => (
            <div key={position} className="space-y-2 rounded border border-slate-100 p-2">
              <SelectField
                label={`Level ${index + 1} approver ${position + 1} by`}
                value={assignee.type}
                options={[
                  { value: "role", label: "Role" },
                  { value: "user", label: "Person (user id)" },
                  { value: "expression", label: "Rule (FEEL)" },
                ]}
                onChange={(type) =>
                  setLevel(index, {
                    ...level,
                    assignees: level.assignees.map((entry, at) =>
                      at !== position
                        ? entry
                        : type === "role"
                          ? { type, role: "" }
                          : type === "user"
                            ? { type, userId: "" }
                            : { type, expression: "requester" },
                    ),
                  })
                }
              />
              {assignee.type === "expression" ? (
                <FeelField
                  label={`Level ${index + 1} approver ${position + 1} rule`}
                  value={assignee.expression}
                  onChange={(expression) =>
                    setLevel(index, {
                      ...level,
                      assignees: level.assignees.map((entry, at) =>
                        at === position ? { type: "expression", expression } : entry,
                      ),
                    })
                  }
                />
              ) : (
                <TextField
                  label={`Level ${index + 1} approver ${position + 1} ${assignee.type === "role" ? "role" : "user id"}`}
                  suggestions={
                    assignee.type === "role" ? roleSuggestions(directory) : peopleSuggestions(directory)
                  }
                  value={assignee.type === "role" ? assignee.role : assignee.userId}
                  onChange={(value) =>
                    setLevel(index, {
                      ...level,
                      assignees: level.assignees.map((entry, at) =>
                        at !== position
                          ? entry
                          : assignee.type === "role"
                            ? { type: "role", role: value }
                            : { type: "user", userId: value },
                      ),
                    })
                  }
                />
              )}
              <MiniButton
                label={`Remove level ${index + 1} approver ${position + 1}`}
                onClick={() =>
                  setLevel(index, { ...level, assignees: level.assignees.filter((_, at) => at !== position) })
                }
              >
                Remove approver
              </MiniButton>
            </div>
          ))}
          <MiniButton
            label={`Add an approver to level ${index + 1}`}
            onClick={() =>
              setLevel(index, { ...level, assignees: [...level.assignees, { type: "role", role: "" }] })
            }
          >
            + Add approver
          </MiniButton>
        </Section>
      ))}
      {node.mode === "sequential" ? (
        <MiniButton
          label="Add a level"
          onClick={() =>
            onChange({
              ...node,
              levels: [
                ...node.levels,
                { id: `level${node.levels.length + 1}-${Date.now() % 10000}`, name: "", assignees: [] },
              ],
            })
          }
        >
          + Add level
        </MiniButton>
      ) : null}
      <DurationField
        label="Due after"
        optional
        value={node.dueIn ?? ""}
        onChange={(dueIn) => onChange({ ...node, dueIn: dueIn.trim() === "" ? undefined : dueIn })}
      />
      <Section
        title="Escalation ladder"
        actions={
          <MiniButton
            label="Add an escalation step"
            onClick={() =>
              onChange({ ...node, escalation: [...node.escalation, { action: "remind", after: "PT0S" }] })
            }
          >
            + Add step
          </MiniButton>
        }
      >
        {node.escalation.map((step, index) => (
          <div key={index} className="space-y-2 rounded border border-slate-100 p-2">
            <SelectField
              label={`Step ${index + 1}`}
              value={step.action}
              options={[
                { value: "remind", label: "Remind" },
                { value: "reassign", label: "Reassign" },
                { value: "exception", label: "Route to exception path" },
              ]}
              onChange={(action) =>
                onChange({
                  ...node,
                  escalation: node.escalation.map((entry, at) =>
                    at !== index
                      ? entry
                      : action === "reassign"
                        ? { action, after: entry.after, to: { type: "manager" } }
                        : { action, after: entry.after },
                  ),
                })
              }
            />
            {step.action === "reassign" ? (
              <>
                <SelectField
                  label={`Step ${index + 1} reassigns to`}
                  value={step.to.type}
                  options={[
                    { value: "manager", label: "The requester's manager" },
                    { value: "role", label: "A role" },
                  ]}
                  onChange={(type) =>
                    onChange({
                      ...node,
                      escalation: node.escalation.map((entry, at) =>
                        at === index
                          ? { ...step, to: type === "role" ? { type, role: "" } : { type } }
                          : entry,
                      ),
                    })
                  }
                />
                {step.to.type === "role" ? (
                  <TextField
                    label={`Step ${index + 1} role`}
                    suggestions={roleSuggestions(directory)}
                    value={step.to.role}
                    onChange={(role) =>
                      onChange({
                        ...node,
                        escalation: node.escalation.map((entry, at) =>
                          at === index ? { ...step, to: { type: "role", role } } : entry,
                        ),
                      })
                    }
                  />
                ) : null}
              </>
            ) : null}
            <DurationField
              label={`Step ${index + 1} after the due time`}
              value={step.after}
              onChange={(after) =>
                onChange({
                  ...node,
                  escalation: node.escalation.map((entry, at) =>
                    at === index ? { ...entry, after } : entry,
                  ),
                })
              }
            />
            <MiniButton
              label={`Remove escalation step ${index + 1}`}
              onClick={() =>
                onChange({ ...node, escalation: node.escalation.filter((_, at) => at !== index) })
              }
            >
              Remove step
            </MiniButton>
          </div>
        ))}
      </Section>
      <FieldsEditor title="Form" fields={node.form} onChange={(form) => onChange({ ...node, form })} />
      <CheckField
        label="The requester may not approve"
        checked={node.fourEyes.requesterMayNotApprove}
        onChange={(value) =>
          onChange({ ...node, fourEyes: { ...node.fourEyes, requesterMayNotApprove: value } })
        }
      />
      <CheckField
        label="Nobody approves two levels"
        checked={node.fourEyes.distinctApprovers}
        onChange={(value) => onChange({ ...node, fourEyes: { ...node.fourEyes, distinctApprovers: value } })}
      />
    </>
  );
}

function ActionSettings({
  node,
  catalog,
  onChange,
}: {
  node: NodeOfKind<"action">;
  catalog: ConnectorCatalog | null;
  onChange: Update<WorkflowNode>;
}) {
  const connectors = catalog?.connectors ?? [];
  const connector = connectors.find((entry) => entry.id === node.connector);
  const operation = connector?.operations.find((entry) => entry.id === node.operation);
  return (
    <>
      <SelectField
        label="System"
        value={node.connector}
        options={[
          ...connectors.map((entry) => ({ value: entry.id, label: entry.name || entry.id })),
          ...(connector ? [] : [{ value: node.connector, label: `${node.connector} (unknown)` }]),
        ]}
        onChange={(value) =>
          onChange({
            ...node,
            connector: value,
            operation: connectors.find((entry) => entry.id === value)?.operations[0]?.id ?? "",
            input: {},
          })
        }
      />
      <SelectField
        label="Operation"
        value={node.operation}
        options={[
          ...(connector?.operations ?? []).map((entry) => ({
            value: entry.id,
            label: entry.name || entry.id,
          })),
          ...(operation ? [] : [{ value: node.operation, label: `${node.operation} (unknown)` }]),
        ]}
        onChange={(value) => onChange({ ...node, operation: value, input: {} })}
      />
      <MappingEditor
        title="Input mapping (FEEL)"
        mapping={node.input}
        keys={operation?.inputs.map((input) => input.name)}
        onChange={(input) => onChange({ ...node, input })}
      />
      <TextField
        label="Output variable"
        mono
        value={node.outputVariable ?? ""}
        onChange={(value) => onChange({ ...node, outputVariable: value.trim() === "" ? undefined : value })}
      />
      <DurationField
        label="Timeout"
        value={node.timeout}
        onChange={(timeout) => onChange({ ...node, timeout })}
      />
      <TextField
        label="Attempts"
        type="number"
        value={String(node.retry.maxAttempts)}
        onChange={(value) =>
          onChange({ ...node, retry: { ...node.retry, maxAttempts: Math.max(1, Number(value) || 1) } })
        }
      />
    </>
  );
}

function NodeSettings({
  node,
  catalog,
  directory,
  onChange,
}: {
  node: WorkflowNode;
  catalog: ConnectorCatalog | null;
  directory: Directory | null;
  onChange: Update<WorkflowNode>;
}) {
  switch (node.kind) {
    case "start":
      return (
        <>
          <SelectField
            label="Trigger"
            value={node.trigger.type}
            options={[
              { value: "manual", label: "Manual" },
              { value: "api", label: "API" },
              { value: "webhook", label: "Webhook" },
              { value: "schedule", label: "Schedule (cron)" },
              { value: "event", label: "Event (message)" },
            ]}
            onChange={(type) =>
              onChange({
                ...node,
                trigger:
                  type === "schedule"
                    ? { type, cron: "0 8 * * 1-5" }
                    : type === "event"
                      ? { type, message: "message.name" }
                      : { type },
              })
            }
          />
          {node.trigger.type === "schedule" ? (
            <TextField
              label="Cron"
              mono
              value={node.trigger.cron}
              onChange={(cron) => onChange({ ...node, trigger: { type: "schedule", cron } })}
            />
          ) : null}
          {node.trigger.type === "event" ? (
            <TextField
              label="Message name"
              value={node.trigger.message}
              onChange={(message) => onChange({ ...node, trigger: { type: "event", message } })}
            />
          ) : null}
          <FieldsEditor
            title="Input"
            fields={node.input}
            onChange={(input) => onChange({ ...node, input })}
          />
        </>
      );
    case "approval":
      return <ApprovalSettings node={node} directory={directory} onChange={onChange} />;
    case "decision":
      return (
        <>
          <SelectField
            label="Rule"
            value={node.rule.type === "table" ? "table" : node.rule.type}
            options={[
              { value: "none", label: "Conditions on the paths only" },
              { value: "expression", label: "FEEL expression" },
              { value: "table", label: "Decision table" },
            ]}
            onChange={(type) =>
              onChange({
                ...node,
                rule:
                  type === "expression"
                    ? { type, expression: "true", outputVariable: "result" }
                    : type === "none"
                      ? { type }
                      : {
                          type: "table",
                          table: node.rule.type === "table" ? node.rule.table : newDecisionTable(),
                        },
              })
            }
          />
          {node.rule.type === "table" ? (
            <DecisionTableEditor
              table={node.rule.table}
              onChange={(table) => onChange({ ...node, rule: { type: "table", table } })}
            />
          ) : null}
          {node.rule.type === "expression" ? (
            <>
              <FeelField
                label="Expression"
                value={node.rule.expression}
                onChange={(expression) =>
                  onChange({
                    ...node,
                    rule: {
                      ...(node.rule as { type: "expression"; outputVariable: string }),
                      type: "expression",
                      expression,
                    },
                  })
                }
              />
              <TextField
                label="Writes variable"
                mono
                value={node.rule.outputVariable}
                onChange={(outputVariable) =>
                  onChange({
                    ...node,
                    rule: {
                      ...(node.rule as { type: "expression"; expression: string }),
                      type: "expression",
                      outputVariable,
                    },
                  })
                }
              />
            </>
          ) : null}
        </>
      );
    case "action":
      return <ActionSettings node={node} catalog={catalog} onChange={onChange} />;
    case "wait":
      return (
        <>
          <TextField
            label="Message name"
            value={node.message}
            onChange={(message) => onChange({ ...node, message })}
          />
          <FeelField
            label="Correlation key"
            value={node.correlationKey}
            onChange={(correlationKey) => onChange({ ...node, correlationKey })}
          />
          <DurationField
            label="Timeout"
            optional
            value={node.timeout ?? ""}
            onChange={(timeout) =>
              onChange({ ...node, timeout: timeout.trim() === "" ? undefined : timeout })
            }
          />
          <TextField
            label="Payload variable"
            mono
            value={node.outputVariable ?? ""}
            onChange={(value) =>
              onChange({ ...node, outputVariable: value.trim() === "" ? undefined : value })
            }
          />
        </>
      );
    case "timer":
      return node.timer.type === "duration" ? (
        <DurationField
          label="Wait for"
          value={node.timer.duration}
          onChange={(duration) => onChange({ ...node, timer: { type: "duration", duration } })}
        />
      ) : (
        <FeelField
          label="Wait until"
          value={node.timer.expression}
          onChange={(expression) => onChange({ ...node, timer: { type: "date", expression } })}
        />
      );
    case "set":
      return (
        <Section
          title="Assignments"
          actions={
            <MiniButton
              label="Add an assignment"
              onClick={() =>
                onChange({
                  ...node,
                  assignments: [
                    ...node.assignments,
                    { variable: `value${node.assignments.length + 1}`, expression: "null" },
                  ],
                })
              }
            >
              + Add
            </MiniButton>
          }
        >
          {node.assignments.map((assignment, index) => (
            <div key={index} className="space-y-2">
              <TextField
                label={`Variable ${index + 1}`}
                mono
                value={assignment.variable}
                onChange={(variable) =>
                  onChange({
                    ...node,
                    assignments: node.assignments.map((entry, at) =>
                      at === index ? { ...entry, variable } : entry,
                    ),
                  })
                }
              />
              <FeelField
                label={`Value ${index + 1}`}
                value={assignment.expression}
                onChange={(expression) =>
                  onChange({
                    ...node,
                    assignments: node.assignments.map((entry, at) =>
                      at === index ? { ...entry, expression } : entry,
                    ),
                  })
                }
              />
            </div>
          ))}
        </Section>
      );
    case "notify":
      return (
        <>
          <SelectField
            label="Channel"
            value={node.channel}
            options={(["email", "chat", "sms", "inbox"] as const).map((value) => ({ value, label: value }))}
            onChange={(channel) => onChange({ ...node, channel })}
          />
          <TextField
            label="Recipient roles (comma-separated)"
            value={node.recipients
              .flatMap((recipient) => (recipient.type === "role" ? [recipient.role] : []))
              .join(", ")}
            onChange={(value) =>
              onChange({
                ...node,
                recipients: value
                  .split(",")
                  .map((role) => role.trim())
                  .filter(Boolean)
                  .map((role) => ({ type: "role" as const, role })),
              })
            }
          />
          <TextField
            label="Subject"
            value={node.subject}
            onChange={(subject) => onChange({ ...node, subject })}
          />
          <TextField
            label="Text ({{ FEEL }} placeholders)"
            value={node.template}
            onChange={(template) => onChange({ ...node, template })}
          />
        </>
      );
    case "subworkflow":
      return (
        <>
          <TextField
            label="Workflow key"
            mono
            value={node.definitionKey}
            onChange={(definitionKey) => onChange({ ...node, definitionKey })}
          />
          <MappingEditor
            title="Inputs (child variable = FEEL)"
            mapping={node.inputs}
            onChange={(inputs) => onChange({ ...node, inputs })}
          />
          <MappingEditor
            title="Outputs (variable = FEEL over the child)"
            mapping={node.outputs}
            onChange={(outputs) => onChange({ ...node, outputs })}
          />
        </>
      );
    case "end":
      return (
        <SelectField
          label="Outcome"
          value={node.outcome}
          options={[
            { value: "completed", label: "Completed" },
            { value: "rejected", label: "Rejected" },
            { value: "failed", label: "Failed" },
            { value: "cancelled", label: "Cancelled" },
          ]}
          onChange={(outcome) => onChange({ ...node, outcome })}
        />
      );
    case "split":
    case "join":
      return <p className="text-sm text-slate-600">{kindInfo[node.kind].description}.</p>;
  }
}

function EdgeSettings({ edge, onChange }: { edge: WorkflowEdge; onChange: Update<WorkflowEdge> }) {
  const base = { id: edge.id, source: edge.source, target: edge.target, label: edge.label };
  return (
    <>
      <SelectField
        label="Connection type"
        value={edge.type}
        options={[
          { value: "normal", label: "Normal" },
          { value: "conditional", label: "Conditional" },
          { value: "default", label: "Default (when no condition holds)" },
          { value: "exception", label: "Exception path" },
        ]}
        onChange={(type) =>
          onChange(
            type === "conditional"
              ? { ...base, type, condition: "true" }
              : type === "exception"
                ? { ...base, type, on: { type: "error" } }
                : { ...base, type },
          )
        }
      />
      {edge.type === "conditional" ? (
        <FeelField
          label="Condition"
          value={edge.condition}
          onChange={(condition) => onChange({ ...edge, condition })}
        />
      ) : null}
      {edge.type === "exception" ? (
        <>
          <SelectField
            label="Catches"
            value={edge.on.type}
            options={[
              { value: "error", label: "An error" },
              { value: "rejection", label: "A rejection" },
              { value: "timeout", label: "A timeout" },
              { value: "escalation", label: "An escalation" },
            ]}
            onChange={(type) => onChange({ ...edge, on: type === "error" ? { type } : { type } })}
          />
          {edge.on.type === "error" ? (
            <TextField
              label="Error code (empty = any)"
              mono
              value={edge.on.code ?? ""}
              onChange={(code) =>
                onChange({ ...edge, on: { type: "error", code: code.trim() === "" ? undefined : code } })
              }
            />
          ) : null}
        </>
      ) : null}
      <TextField
        label="Label"
        value={edge.label ?? ""}
        onChange={(label) => onChange({ ...edge, label: label === "" ? undefined : label })}
      />
    </>
  );
}

/** The panel for whatever is selected; the workflow's own settings when nothing is. */
export function PropertyPanel({
  catalog,
  directory,
  readOnly,
}: {
  catalog: ConnectorCatalog | null;
  directory: Directory | null;
  readOnly: boolean;
}) {
  const selectedNode = useEditor((state) => state.nodes.find((node) => node.selected)?.data.definitionNode);
  const selectedEdge = useEditor((state) =>
    selectedNode ? undefined : state.edges.find((edge) => edge.selected)?.data?.definitionEdge,
  );
  const base = useEditor((state) => state.base);
  const updateNode = useEditor((state) => state.updateNode);
  const updateEdge = useEditor((state) => state.updateEdge);
  const setMeta = useEditor((state) => state.setMeta);
  return (
    <fieldset disabled={readOnly} className="space-y-3" aria-label="Properties">
      {selectedNode ? (
        <>
          <h2 className="text-sm font-semibold">
            {kindInfo[selectedNode.kind].label}{" "}
            <span className="font-mono text-xs text-slate-500">{selectedNode.id}</span>
          </h2>
          <TextField
            label="Name"
            value={selectedNode.name}
            onChange={(name) => updateNode({ ...selectedNode, name })}
          />
          <NodeSettings node={selectedNode} catalog={catalog} directory={directory} onChange={updateNode} />
        </>
      ) : selectedEdge ? (
        <>
          <h2 className="text-sm font-semibold">
            Connection <span className="font-mono text-xs text-slate-500">{selectedEdge.id}</span>
          </h2>
          <EdgeSettings edge={selectedEdge} onChange={updateEdge} />
        </>
      ) : (
        <>
          <h2 className="text-sm font-semibold">Workflow</h2>
          <TextField label="Workflow name" value={base.name} onChange={(name) => setMeta({ name })} />
          <TextField
            label="Description"
            value={base.description}
            onChange={(description) => setMeta({ description })}
          />
          <p className="text-xs text-slate-500">Select a step or a connection to change its settings.</p>
        </>
      )}
    </fieldset>
  );
}
