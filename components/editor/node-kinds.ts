// What the palette offers: every node kind of the definition schema, how it looks, and the settings a
// newly placed node starts with.
import {
  Bell,
  CircleCheck,
  Cog,
  Diamond,
  Equal,
  Mail,
  Merge,
  Play,
  Split,
  Square,
  Timer,
  Workflow,
  type LucideIcon,
} from "lucide-react";
import { nodeSchema, type NodeKind, type WorkflowNode } from "@/engine";

export interface KindInfo {
  kind: NodeKind;
  label: string;
  description: string;
  /** Tailwind classes for the node's accent (border and badge). */
  accent: string;
  icon: LucideIcon;
}

export const kindInfo: Record<NodeKind, KindInfo> = {
  start: {
    kind: "start",
    label: "Start",
    description: "How an instance begins and the data it starts with",
    accent: "border-emerald-500 bg-emerald-50",
    icon: Play,
  },
  approval: {
    kind: "approval",
    label: "Approval",
    description: "People approve or reject: single, chain or parallel",
    accent: "border-indigo-500 bg-indigo-50",
    icon: CircleCheck,
  },
  decision: {
    kind: "decision",
    label: "Decision",
    description: "A business rule or decision table picks the path",
    accent: "border-amber-500 bg-amber-50",
    icon: Diamond,
  },
  action: {
    kind: "action",
    label: "Action",
    description: "Call a system: ERP, warehouse, payments…",
    accent: "border-sky-500 bg-sky-50",
    icon: Cog,
  },
  split: {
    kind: "split",
    label: "Parallel split",
    description: "Run several branches at once",
    accent: "border-violet-500 bg-violet-50",
    icon: Split,
  },
  join: {
    kind: "join",
    label: "Join",
    description: "Wait until every branch has arrived",
    accent: "border-violet-500 bg-violet-50",
    icon: Merge,
  },
  wait: {
    kind: "wait",
    label: "Wait for event",
    description: "Pause until a message arrives",
    accent: "border-teal-500 bg-teal-50",
    icon: Mail,
  },
  timer: {
    kind: "timer",
    label: "Timer",
    description: "Pause for a while or until a date",
    accent: "border-teal-500 bg-teal-50",
    icon: Timer,
  },
  set: {
    kind: "set",
    label: "Set variables",
    description: "Compute values for later steps",
    accent: "border-slate-400 bg-slate-50",
    icon: Equal,
  },
  notify: {
    kind: "notify",
    label: "Notify",
    description: "Send a message to people or roles",
    accent: "border-pink-500 bg-pink-50",
    icon: Bell,
  },
  subworkflow: {
    kind: "subworkflow",
    label: "Sub-workflow",
    description: "Run another published workflow and wait",
    accent: "border-cyan-600 bg-cyan-50",
    icon: Workflow,
  },
  end: {
    kind: "end",
    label: "End",
    description: "Finish as completed, rejected, failed or cancelled",
    accent: "border-rose-500 bg-rose-50",
    icon: Square,
  },
};

export const paletteKinds: NodeKind[] = [
  "start",
  "approval",
  "decision",
  "action",
  "split",
  "join",
  "wait",
  "timer",
  "set",
  "notify",
  "subworkflow",
  "end",
];

/** A new node of `kind` with sensible starting settings (it may still have problems to fix). */
export function newNode(kind: NodeKind, id: string, position: { x: number; y: number }): WorkflowNode {
  const base = { id, position, name: kindInfo[kind].label };
  switch (kind) {
    case "start":
      return nodeSchema.parse({ ...base, kind, trigger: { type: "manual" }, input: [] });
    case "approval":
      return nodeSchema.parse({
        ...base,
        kind,
        mode: "single",
        levels: [{ id: "level1", name: "Approver", assignees: [] }],
      });
    case "decision":
      return nodeSchema.parse({ ...base, kind, rule: { type: "none" } });
    case "action":
      return nodeSchema.parse({ ...base, kind, connector: "fake", operation: "record", input: {} });
    case "wait":
      return nodeSchema.parse({ ...base, kind, message: "message.name", correlationKey: "businessKey" });
    case "timer":
      return nodeSchema.parse({ ...base, kind, timer: { type: "duration", duration: "PT1H" } });
    case "set":
      return nodeSchema.parse({ ...base, kind, assignments: [] });
    case "notify":
      return nodeSchema.parse({ ...base, kind, channel: "email", recipients: [], subject: "", template: "" });
    case "subworkflow":
      return nodeSchema.parse({ ...base, kind, definitionKey: "workflow-key" });
    case "end":
      return nodeSchema.parse({ ...base, kind, outcome: "completed" });
    case "split":
    case "join":
      return nodeSchema.parse({ ...base, kind });
  }
}

/** A one-line summary of a node's essentials, shown on the canvas. */
export function nodeSummary(node: WorkflowNode): string {
  switch (node.kind) {
    case "start":
      return node.trigger.type === "schedule"
        ? `schedule ${node.trigger.cron}`
        : `${node.trigger.type} start`;
    case "approval": {
      const who = node.levels
        .map(
          (level) =>
            level.assignees
              .map((assignee) =>
                assignee.type === "user"
                  ? assignee.userId
                  : assignee.type === "role"
                    ? `role ${assignee.role}`
                    : "by rule",
              )
              .join(", ") || "nobody yet",
        )
        .join(" → ");
      const mode =
        node.mode === "parallel"
          ? `parallel, ${node.completion.type === "quorum" ? `quorum ${node.completion.count}` : node.completion.type}`
          : node.mode;
      return `${mode}: ${who}`;
    }
    case "decision":
      return node.rule.type === "expression"
        ? `${node.rule.outputVariable} = ${node.rule.expression}`
        : node.rule.type === "table"
          ? `table (${node.rule.table.hitPolicy}, ${node.rule.table.rules.length} rules)`
          : "conditions on paths";
    case "action":
      return `${node.connector}.${node.operation}`;
    case "wait":
      return `${node.message} by ${node.correlationKey}`;
    case "timer":
      return node.timer.type === "duration"
        ? `wait ${node.timer.duration}`
        : `until ${node.timer.expression}`;
    case "set":
      return node.assignments.map((assignment) => assignment.variable).join(", ") || "nothing yet";
    case "notify":
      return `${node.channel}: ${node.subject || "no subject"}`;
    case "subworkflow":
      return `calls ${node.definitionKey}`;
    case "end":
      return node.outcome;
    case "split":
      return "all branches";
    case "join":
      return "waits for all";
  }
}
