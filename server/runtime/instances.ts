// Instance use cases: start the latest published version (or a given one), cancel, list, inspect,
// and handle incidents.
import { z } from "zod";
import { jsonObjectSchema, jsonValueSchema } from "@/engine";
import { BusinessError } from "../services/errors";
import { applyEvent, startInstance, type RuntimeDeps } from "./runtime";

export const startRequestSchema = z.object({
  definitionKey: z.string().trim().min(1, "Choose a workflow"),
  /** A specific published version; the latest published one when omitted. */
  version: z.number().int().positive().optional(),
  input: jsonObjectSchema.default({}),
  businessKey: z.string().trim().max(200).optional(),
});
export type StartRequest = z.input<typeof startRequestSchema>;

/** Refused start input: field errors for the form. */
export class StartRefused extends BusinessError {
  constructor(
    message: string,
    readonly fieldErrors: Record<string, string>,
  ) {
    super("BAD_REQUEST", message);
  }
}

/** Starts an instance of a workflow by key; new instances run on the latest published version. */
export async function startWorkflow(deps: RuntimeDeps, requesterId: string | null, raw: StartRequest) {
  const request = startRequestSchema.parse(raw);
  const version = await deps.db.workflowVersion.findFirst({
    where: {
      workflow: { key: request.definitionKey },
      status: "published",
      ...(request.version ? { version: request.version } : {}),
    },
    orderBy: { version: "desc" },
    select: { id: true, version: true },
  });
  if (!version) {
    throw new BusinessError(
      "NOT_FOUND",
      request.version
        ? `Workflow "${request.definitionKey}" has no published version ${request.version}`
        : `Workflow "${request.definitionKey}" has no published version`,
      "definitionKey",
    );
  }
  const result = await startInstance(deps, {
    versionId: version.id,
    input: request.input,
    businessKey: request.businessKey ?? null,
    requesterId,
  });
  if (!result.ok) throw new StartRefused(result.rejection.message, result.rejection.fieldErrors ?? {});
  return { instanceId: result.instanceId, version: version.version, status: result.state.status };
}

export const cancelRequestSchema = z.object({
  instanceId: z.string().min(1),
  reason: z.string().trim().min(1, "Give a reason for cancelling").max(500),
});

/** Cancels a running instance (completed actions are compensated). */
export async function cancelInstance(
  deps: RuntimeDeps,
  actorId: string,
  raw: z.input<typeof cancelRequestSchema>,
) {
  const request = cancelRequestSchema.parse(raw);
  const result = await applyEvent(
    deps,
    request.instanceId,
    { type: "instance.cancel", actor: actorId, reason: request.reason },
    { actorId },
  );
  if (!result.ok) throw new BusinessError("PRECONDITION_FAILED", result.rejection.message);
  return { status: result.state.status };
}

export const listInstancesSchema = z.object({
  status: z.enum(["running", "waiting", "completed", "failed", "cancelled"]).optional(),
  definitionKey: z.string().optional(),
  businessKey: z.string().optional(),
  cursor: z.string().optional(),
  limit: z.number().int().min(1).max(100).default(25),
});

/** Instances, newest first, with cursor pagination. */
export async function listInstances(deps: RuntimeDeps, raw: z.input<typeof listInstancesSchema>) {
  const request = listInstancesSchema.parse(raw);
  const rows = await deps.db.instance.findMany({
    where: {
      ...(request.status ? { status: request.status } : {}),
      ...(request.definitionKey ? { workflow: { key: request.definitionKey } } : {}),
      ...(request.businessKey ? { businessKey: request.businessKey } : {}),
    },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: request.limit + 1,
    ...(request.cursor ? { cursor: { id: request.cursor }, skip: 1 } : {}),
    select: {
      id: true,
      businessKey: true,
      status: true,
      startedAt: true,
      endedAt: true,
      workflow: { select: { key: true, name: true } },
      version: { select: { version: true } },
      _count: { select: { incidents: { where: { status: "open" } } } },
    },
  });
  const page = rows.slice(0, request.limit);
  return {
    items: page.map(({ _count, workflow, version, ...row }) => ({
      ...row,
      workflowKey: workflow.key,
      workflowName: workflow.name,
      version: version.version,
      openIncidents: _count.incidents,
    })),
    nextCursor: rows.length > request.limit ? (page[page.length - 1]?.id ?? null) : null,
  };
}

/** One instance with its state, history, tasks and incidents. */
export async function getInstance(deps: RuntimeDeps, id: string) {
  const instance = await deps.db.instance.findUnique({
    where: { id },
    select: {
      id: true,
      businessKey: true,
      status: true,
      state: true,
      revision: true,
      startedAt: true,
      endedAt: true,
      startedBy: { select: { id: true, name: true } },
      workflow: { select: { key: true, name: true } },
      version: { select: { version: true } },
      events: {
        orderBy: { seq: "asc" },
        select: { seq: true, type: true, nodeId: true, actorId: true, data: true, occurredAt: true },
      },
      tasks: {
        orderBy: { createdAt: "asc" },
        select: {
          id: true,
          nodeId: true,
          title: true,
          status: true,
          assigneeId: true,
          decision: true,
          decisionReason: true,
          dueAt: true,
        },
      },
      incidents: {
        orderBy: { createdAt: "asc" },
        select: {
          id: true,
          nodeId: true,
          code: true,
          message: true,
          status: true,
          resolution: true,
          createdAt: true,
        },
      },
    },
  });
  if (!instance) throw new BusinessError("NOT_FOUND", "This instance does not exist");
  return instance;
}

export const incidentActionSchema = z.object({ incidentId: z.string().min(1) });
export const resolveIncidentSchema = incidentActionSchema.extend({
  note: z.string().trim().min(1, "Say how the incident was resolved").max(1000),
  /** The result to use for the step that failed (e.g. the PO number created by hand). */
  output: jsonValueSchema.default(null),
});

/** Open (or all) incidents, newest first. */
export async function listIncidents(deps: RuntimeDeps, status: "open" | "resolved" | "all" = "open") {
  return deps.db.incident.findMany({
    where: status === "all" ? {} : { status },
    orderBy: { createdAt: "desc" },
    take: 200,
    select: {
      id: true,
      instanceId: true,
      nodeId: true,
      code: true,
      message: true,
      status: true,
      resolution: true,
      createdAt: true,
      instance: { select: { businessKey: true, workflow: { select: { key: true, name: true } } } },
    },
  });
}

async function openIncident(deps: RuntimeDeps, incidentId: string) {
  const incident = await deps.db.incident.findUnique({
    where: { id: incidentId },
    select: { id: true, instanceId: true, tokenId: true, status: true },
  });
  if (!incident) throw new BusinessError("NOT_FOUND", "This incident does not exist");
  if (incident.status !== "open") throw new BusinessError("CONFLICT", "This incident is already resolved");
  return incident;
}

/** Tries the failed step again from its first attempt. */
export async function retryIncident(
  deps: RuntimeDeps,
  actorId: string,
  raw: z.input<typeof incidentActionSchema>,
) {
  const incident = await openIncident(deps, incidentActionSchema.parse(raw).incidentId);
  const result = await applyEvent(
    deps,
    incident.instanceId,
    { type: "incident.retry", tokenId: incident.tokenId, actor: actorId },
    { actorId },
  );
  if (!result.ok) throw new BusinessError("PRECONDITION_FAILED", result.rejection.message);
  await deps.db.incident.updateMany({
    where: { id: incident.id, status: "open" },
    data: { status: "resolved", resolution: "retried", resolvedAt: deps.now(), resolvedById: actorId },
  });
  return { status: result.state.status };
}

/** Settles the failed step by hand: it counts as done with `output`, and the instance moves on. */
export async function resolveIncident(
  deps: RuntimeDeps,
  actorId: string,
  raw: z.input<typeof resolveIncidentSchema>,
) {
  const request = resolveIncidentSchema.parse(raw);
  const incident = await openIncident(deps, request.incidentId);
  const result = await applyEvent(
    deps,
    incident.instanceId,
    { type: "incident.resolved", tokenId: incident.tokenId, actor: actorId, output: request.output },
    { actorId },
  );
  if (!result.ok) throw new BusinessError("PRECONDITION_FAILED", result.rejection.message);
  await deps.db.incident.updateMany({
    where: { id: incident.id, status: "open" },
    data: {
      status: "resolved",
      resolution: "resolved",
      note: request.note,
      resolvedAt: deps.now(),
      resolvedById: actorId,
    },
  });
  return { status: result.state.status };
}
