// Requests, as the person who starts them sees them: the workflows they can start (with the start
// step's form), and their own requests with status, where each stands and why it was rejected.
import { z } from "zod";
import { parseDefinition, type Field } from "@/engine";
import type { Db } from "../db/client";
import { startRequestSchema, startWorkflow, type StartRequest } from "../runtime/instances";
import type { RuntimeDeps } from "../runtime/runtime";

/** Published workflows started by hand, each with the start step's fields. */
export async function startableWorkflows(db: Db) {
  const versions = await db.workflowVersion.findMany({
    where: { status: "published" },
    orderBy: [{ definitionId: "asc" }, { version: "desc" }],
    select: {
      version: true,
      definition: true,
      workflow: { select: { id: true, key: true, name: true, description: true } },
    },
  });
  const latest = new Map<string, (typeof versions)[number]>();
  for (const version of versions)
    if (!latest.has(version.workflow.id)) latest.set(version.workflow.id, version);
  const result: {
    key: string;
    name: string;
    description: string;
    version: number;
    fields: Field[];
  }[] = [];
  for (const version of latest.values()) {
    const parsed = parseDefinition(version.definition);
    if (!parsed.ok) continue;
    const start = parsed.definition.nodes.find((node) => node.kind === "start");
    if (start?.kind !== "start" || start.trigger.type !== "manual") continue;
    result.push({
      key: version.workflow.key,
      name: version.workflow.name,
      description: version.workflow.description ?? "",
      version: version.version,
      fields: start.input,
    });
  }
  return result.sort((a, b) => a.name.localeCompare(b.name));
}

export const myRequestsSchema = z.object({
  cursor: z.string().min(1).optional(),
  limit: z.number().int().min(1).max(100).default(25),
});

/** The person's own requests, newest first, with who is deciding now and any rejection reason. */
export async function myRequests(db: Db, userId: string, raw: z.input<typeof myRequestsSchema>) {
  const input = myRequestsSchema.parse(raw);
  const rows = await db.instance.findMany({
    where: { startedById: userId },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
    select: {
      id: true,
      businessKey: true,
      status: true,
      state: true,
      startedAt: true,
      endedAt: true,
      workflow: { select: { name: true } },
      tasks: {
        where: { OR: [{ status: { in: ["open", "claimed"] } }, { decision: "rejected" }] },
        orderBy: { createdAt: "asc" },
        select: {
          title: true,
          status: true,
          decision: true,
          decisionReason: true,
          completedAt: true,
          completedBy: { select: { name: true } },
        },
      },
    },
  });
  const page = rows.slice(0, input.limit);
  return {
    items: page.map((row) => {
      const rejection = row.tasks.find((task) => task.decision === "rejected");
      const outcome = (row.state as { outcome?: string | null } | null)?.outcome ?? null;
      return {
        id: row.id,
        businessKey: row.businessKey,
        workflowName: row.workflow.name,
        status: row.status,
        outcome,
        startedAt: row.startedAt,
        endedAt: row.endedAt,
        waitingOn: row.tasks
          .filter((task) => task.status !== "completed" && task.decision === null)
          .map((task) => task.title),
        rejection: rejection
          ? {
              reason: rejection.decisionReason ?? "",
              by: rejection.completedBy?.name ?? null,
              at: rejection.completedAt,
              step: rejection.title,
            }
          : null,
      };
    }),
    nextCursor: rows.length > input.limit ? (page[page.length - 1]?.id ?? null) : null,
  };
}

/** "purchase-request" -> "PR": the initials of a workflow key, for made-up references. */
export function referencePrefix(key: string): string {
  const initials = key
    .split(/[^a-z0-9]+/i)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase())
    .join("");
  return initials.slice(0, 4) || "REQ";
}

/** Starts a request; without a reference, one is made up from the workflow ("PR-1007"). */
export async function startRequest(deps: RuntimeDeps, requesterId: string, raw: StartRequest) {
  const request = startRequestSchema.parse(raw);
  if (request.businessKey)
    return { ...(await startWorkflow(deps, requesterId, request)), businessKey: request.businessKey };
  const count = await deps.db.instance.count({ where: { workflow: { key: request.definitionKey } } });
  const businessKey = `${referencePrefix(request.definitionKey)}-${1001 + count}`;
  return { ...(await startWorkflow(deps, requesterId, { ...request, businessKey })), businessKey };
}
