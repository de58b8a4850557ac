// Workflows published into a fresh demo database, so a newcomer can start a request and approve it
// straight away.
import { randomUUID } from "node:crypto";
import { definitionSchema, type DefinitionInput } from "@/engine";
import { publishDraft } from "../services/publishing";
import { templates } from "../templates";
import type { Db } from "./client";

/** A purchase request: a team-lead level, then a finance level; four-eyes on both. */
export const purchaseRequest: DefinitionInput = {
  schemaVersion: 1,
  key: "purchase-request",
  name: "Purchase request",
  description: "Ask to buy something: a team lead and then finance approve it.",
  nodes: [
    {
      id: "start",
      kind: "start",
      name: "Request",
      position: { x: 0, y: 120 },
      input: [
        { name: "item", label: "What do you need?", type: "string", required: true },
        { name: "supplier", label: "Supplier", type: "string", required: true },
        { name: "amount", label: "Amount (EUR)", type: "number", required: true, min: 0 },
        { name: "justification", label: "Why", type: "text" },
      ],
    },
    {
      id: "approve",
      kind: "approval",
      name: "Purchase approval",
      position: { x: 260, y: 120 },
      mode: "sequential",
      levels: [
        { id: "lead", name: "Team lead", assignees: [{ type: "role", role: "approver" }] },
        { id: "finance", name: "Finance", assignees: [{ type: "role", role: "approver" }] },
      ],
      dueIn: "P1D",
      escalation: [
        { action: "remind", after: "PT4H" },
        { action: "reassign", after: "P1D", to: { type: "role", role: "finance" } },
      ],
      form: [{ name: "costCenter", label: "Cost center", type: "string" }],
      resultVariable: "approval",
    },
    { id: "approved", kind: "end", name: "Approved", position: { x: 520, y: 60 } },
    { id: "rejected", kind: "end", name: "Rejected", outcome: "rejected", position: { x: 520, y: 200 } },
  ],
  edges: [
    { id: "e1", source: "start", target: "approve", type: "normal" },
    { id: "e2", source: "approve", target: "approved", type: "normal" },
    { id: "e3", source: "approve", target: "rejected", type: "exception", on: { type: "rejection" } },
  ],
};

export const demoWorkflows: DefinitionInput[] = [purchaseRequest];

/**
 * Creates and publishes each demo workflow that does not exist yet, as `publisherId`; with
 * `templates`, also the four reference templates (they need the simulated estate's connectors).
 */
export async function seedDemoWorkflows(
  db: Db,
  publisherId: string,
  now: Date = new Date(),
  options: { templates?: boolean } = {},
): Promise<string[]> {
  const published: string[] = [];
  const inputs = [
    ...demoWorkflows,
    ...(options.templates ? templates.map((template) => template.definition) : []),
  ];
  for (const input of inputs) {
    const definition = definitionSchema.parse(input);
    if (await db.workflowDefinition.findUnique({ where: { key: definition.key }, select: { id: true } }))
      continue;
    const workflow = await db.workflowDefinition.create({
      data: {
        id: randomUUID(),
        key: definition.key,
        name: definition.name,
        description: definition.description,
        ownerId: publisherId,
        draft: definition,
        draftRevision: 1,
        draftUpdatedAt: now,
        draftUpdatedById: publisherId,
        createdAt: now,
      },
      select: { id: true },
    });
    await publishDraft({ db, now: () => now }, publisherId, {
      workflowId: workflow.id,
      changeNote: "Demo workflow",
    });
    published.push(definition.key);
  }
  return published;
}
