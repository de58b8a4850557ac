// The approver's inbox: open tasks assigned to me, claimed by me, or offered to me or my roles; the
// detail of one task (instance data, history, definition, form, comments); claims and comments.
// Decisions and delegation go through the engine (server/runtime/tasks.ts).
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import type { Definition, Field, JsonObject, JsonValue } from "@/engine";
import type { Db } from "../db/client";
import { Prisma } from "../db/generated/sqlite/client";
import { BusinessError } from "./errors";

export interface InboxUser {
  id: string;
  roles: string[];
}

export const inboxFilters = ["all", "mine", "roles", "overdue"] as const;
export const inboxSorts = ["due", "newest", "oldest"] as const;

export const inboxListSchema = z.object({
  filter: z.enum(inboxFilters).default("all"),
  /** Only tasks of this workflow (definition id). */
  workflowId: z.string().min(1).optional(),
  /** Part of a business key (order, PO or return number). */
  search: z.string().trim().max(200).optional(),
  sort: z.enum(inboxSorts).default("due"),
  /** The id of the last task of the previous page. */
  cursor: z.string().min(1).optional(),
  limit: z.number().int().min(1).max(100).default(25),
});
export type InboxListInput = z.input<typeof inboxListSchema>;

const openStatuses = ["open", "claimed"];

type InboxQuery = z.output<typeof inboxListSchema>;

// One inbox page is the first tasks, after the cursor, of the union of four sources:
//  - assigned (or delegated) to me, and claimed by me: a few per person, found through the indexes on
//    assigneeId and claimedById;
//  - unclaimed and offered to me among other people: a few per person, read from task_candidate_users;
//  - unclaimed and offered to one of my roles: every open task of those queues, thousands. The offers
//    of busy queues (decided tasks keep theirs) are too many to read, so this source walks the open,
//    unassigned, unclaimed tasks in sort order (tasks_inbox_due_idx / tasks_inbox_created_idx), checks
//    each one's queues, and stops after a page. Queues with few offers in all (a person whose roles
//    get little work) are read through their offers instead: a walk would find nothing to stop at.
// Each source yields at most a page in sort order and the union is sorted once more. Prisma's findMany
// cannot express that union, and its "nulls last" ordering (CASE WHEN) cannot use an index, so the ids
// come from one raw query that runs unchanged on SQLite and PostgreSQL; the rows then come through
// Prisma. Due dates sort nulls last: each source reads tasks with a due date, then those without.

const sql = Prisma.sql;

/** Below this many offers in all, a person's role queues are read through their offers. */
const FEW_ROLE_OFFERS = 2_000;

interface Source {
  from: Prisma.Sql;
  where: Prisma.Sql[];
  /** The source can yield a task twice (offered to two of the person's roles). */
  repeats?: boolean;
}

/** Whether `roles` have fewer than FEW_ROLE_OFFERS offers, open or decided (reads at most that many). */
async function fewRoleOffers(db: Db, roles: string[]): Promise<boolean> {
  const [row] = await db.$queryRaw<{ offers: number | bigint }[]>(sql`SELECT count(*) AS "offers" FROM (
    SELECT 1 FROM "task_candidate_roles" WHERE "roleKey" IN (${Prisma.join(roles)}) LIMIT ${FEW_ROLE_OFFERS}) AS o`);
  return Number(row?.offers ?? 0) < FEW_ROLE_OFFERS;
}

/**
 * The sources of tasks the filter keeps, as tables and conditions on the task `t`. CROSS JOIN makes
 * SQLite read the offers first (PostgreSQL plans it as any inner join).
 */
async function inboxSources(db: Db, user: InboxUser, filter: InboxQuery["filter"]): Promise<Source[]> {
  const anyOpen = sql`t."status" IN (${Prisma.join(openStatuses)})`;
  const unclaimedOffer = sql`t."assigneeId" IS NULL AND t."claimedById" IS NULL`;
  const sources: Source[] = [];
  if (filter !== "roles") {
    sources.push({ from: sql`"tasks" t`, where: [sql`t."assigneeId" = ${user.id}`, anyOpen] });
    sources.push({ from: sql`"tasks" t`, where: [sql`t."claimedById" = ${user.id}`, anyOpen] });
  }
  if (filter === "mine") return sources;
  sources.push({
    from: sql`"task_candidate_users" cu CROSS JOIN "tasks" t`,
    where: [sql`cu."userId" = ${user.id}`, sql`t."id" = cu."taskId"`, anyOpen, unclaimedOffer],
  });
  if (user.roles.length === 0) return sources;
  const roles = Prisma.join(user.roles);
  if (await fewRoleOffers(db, user.roles)) {
    sources.push({
      from: sql`"task_candidate_roles" cr CROSS JOIN "tasks" t`,
      where: [sql`cr."roleKey" IN (${roles})`, sql`t."id" = cr."taskId"`, anyOpen, unclaimedOffer],
      repeats: true,
    });
    return sources;
  }
  // One walk per status, so that each is one range of the index, in sort order.
  for (const status of openStatuses)
    sources.push({
      from: sql`"tasks" t`,
      where: [
        sql`t."status" = ${status}`,
        unclaimedOffer,
        sql`EXISTS (SELECT 1 FROM "task_candidate_roles" cr WHERE cr."taskId" = t."id" AND cr."roleKey" IN (${roles}))`,
      ],
    });
  return sources;
}

interface Segment {
  where: Prisma.Sql[];
  orderBy: Prisma.Sql;
}

/**
 * How each source is read in `sort` order: one segment, or for due dates two (tasks with a due date,
 * then those without). With a cursor `c` (the last task of the previous page), only tasks after it.
 */
function sortSegments(sort: InboxQuery["sort"], cursor: boolean, overdue: boolean): Segment[] {
  const after = (condition: Prisma.Sql): Prisma.Sql[] => (cursor ? [condition] : []);
  switch (sort) {
    case "due":
      return [
        {
          where: [
            sql`t."dueAt" IS NOT NULL`,
            ...after(sql`(t."dueAt", t."createdAt", t."id") > (c."dueAt", c."createdAt", c."id")`),
          ],
          orderBy: sql`t."dueAt", t."createdAt", t."id"`,
        },
        // Overdue tasks all have a due date.
        ...(overdue
          ? []
          : [
              {
                where: [
                  sql`t."dueAt" IS NULL`,
                  ...after(sql`(c."dueAt" IS NOT NULL OR (t."createdAt", t."id") > (c."createdAt", c."id"))`),
                ],
                orderBy: sql`t."createdAt", t."id"`,
              },
            ]),
      ];
    case "newest":
      return [
        {
          where: after(sql`(t."createdAt", t."id") < (c."createdAt", c."id")`),
          orderBy: sql`t."createdAt" DESC, t."id" DESC`,
        },
      ];
    case "oldest":
      return [
        {
          where: after(sql`(t."createdAt", t."id") > (c."createdAt", c."id")`),
          orderBy: sql`t."createdAt", t."id"`,
        },
      ];
  }
}

const pageOrder: Record<InboxQuery["sort"], Prisma.Sql> = {
  due: sql`CASE WHEN "dueAt" IS NULL THEN 1 ELSE 0 END, "dueAt", "createdAt", "id"`,
  newest: sql`"createdAt" DESC, "id" DESC`,
  oldest: sql`"createdAt", "id"`,
};

/**
 * The ids of one inbox page plus one (to tell whether there is a next page), in order. A cursor that
 * names no task gives an empty page.
 */
async function inboxPageIds(db: Db, user: InboxUser, input: InboxQuery, now: Date): Promise<string[]> {
  const take = input.limit + 1;
  const shared: Prisma.Sql[] = [];
  if (input.filter === "overdue") shared.push(sql`t."dueAt" < ${now}`);
  if (input.workflowId)
    shared.push(
      sql`EXISTS (SELECT 1 FROM "instances" i WHERE i."id" = t."instanceId" AND i."definitionId" = ${input.workflowId})`,
    );
  if (input.search) shared.push(sql`t."businessKey" LIKE ${`%${input.search}%`}`);
  const cursor = input.cursor
    ? sql`(SELECT "id", "dueAt", "createdAt" FROM "tasks" WHERE "id" = ${input.cursor}) c CROSS JOIN `
    : Prisma.empty;
  const parts: Prisma.Sql[] = [];
  for (const source of await inboxSources(db, user, input.filter)) {
    const select = source.repeats ? sql`SELECT DISTINCT` : sql`SELECT`;
    for (const segment of sortSegments(input.sort, input.cursor !== undefined, input.filter === "overdue"))
      parts.push(sql`SELECT * FROM (
        ${select} t."id", t."dueAt", t."createdAt" FROM ${cursor}${source.from}
        WHERE ${Prisma.join([...source.where, ...shared, ...segment.where], " AND ")}
        ORDER BY ${segment.orderBy} LIMIT ${take}) AS part`);
  }
  if (parts.length === 0) return [];
  const page = sql`SELECT "id" FROM (${Prisma.join(parts, " UNION ")}) AS page
    ORDER BY ${pageOrder[input.sort]} LIMIT ${take}`;
  const rows = await db.$queryRaw<{ id: string }[]>(page);
  return rows.map((row) => row.id);
}

/** The few variables worth showing in a list: the amount, then up to three other plain values. */
export function keyVariables(variables: JsonObject): {
  amount: number | null;
  currency: string | null;
  others: { name: string; value: string }[];
} {
  const amount = typeof variables.amount === "number" ? variables.amount : null;
  const currency = typeof variables.currency === "string" ? variables.currency : null;
  const others: { name: string; value: string }[] = [];
  for (const [name, value] of Object.entries(variables)) {
    if (name === "amount" || name === "currency" || others.length >= 3) continue;
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
      others.push({ name, value: String(value) });
  }
  return { amount, currency, others };
}

function variablesOf(state: unknown): JsonObject {
  if (state && typeof state === "object" && "variables" in state) {
    const variables: unknown = state.variables;
    if (variables && typeof variables === "object" && !Array.isArray(variables))
      return variables as JsonObject;
  }
  return {};
}

/** Tasks of one kind (same workflow, step and level) can be approved together. */
export function taskKind(definitionId: string, nodeId: string, level: number): string {
  return `${definitionId}:${nodeId}:${level}`;
}

export function summaryOf(summary: unknown): { level: number; levelName: string; form: Field[] } {
  const value = (summary ?? {}) as { level?: number; levelName?: string; form?: Field[] };
  return { level: value.level ?? 0, levelName: value.levelName ?? "", form: value.form ?? [] };
}

/** One page of the inbox, with what a person needs to triage each task. */
export async function listInbox(db: Db, user: InboxUser, raw: InboxListInput, now: Date = new Date()) {
  const input = inboxListSchema.parse(raw);
  const ids = await inboxPageIds(db, user, input, now);
  const rows = await db.task.findMany({
    where: { id: { in: ids.slice(0, input.limit) } },
    select: {
      id: true,
      nodeId: true,
      title: true,
      businessKey: true,
      status: true,
      dueAt: true,
      createdAt: true,
      escalationLevel: true,
      summary: true,
      assigneeId: true,
      claimedBy: { select: { id: true, name: true } },
      onBehalfOf: { select: { id: true, name: true } },
      instance: {
        select: {
          id: true,
          definitionId: true,
          state: true,
          workflow: { select: { name: true } },
          startedBy: { select: { id: true, name: true } },
        },
      },
    },
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  const page = ids.slice(0, input.limit).flatMap((id) => byId.get(id) ?? []);
  return {
    items: page.map((row) => {
      const summary = summaryOf(row.summary);
      return {
        id: row.id,
        title: row.title,
        businessKey: row.businessKey,
        status: row.status,
        dueAt: row.dueAt,
        createdAt: row.createdAt,
        escalationLevel: row.escalationLevel,
        levelName: summary.levelName,
        kind: taskKind(row.instance.definitionId, row.nodeId, summary.level),
        hasRequiredFields: summary.form.some((field) => field.required),
        assignedToMe: row.assigneeId === user.id,
        claimedBy: row.claimedBy,
        onBehalfOf: row.onBehalfOf,
        instanceId: row.instance.id,
        workflowId: row.instance.definitionId,
        workflowName: row.instance.workflow.name,
        requester: row.instance.startedBy,
        ...keyVariables(variablesOf(row.instance.state)),
      };
    }),
    nextCursor: ids.length > input.limit ? (ids[input.limit - 1] ?? null) : null,
  };
}

/** Workflows that have open tasks for this person (the inbox's workflow filter). */
export async function inboxWorkflows(db: Db, user: InboxUser) {
  // The sources are read one after the other, the small ones first, and the read stops as soon as
  // every workflow that has instances has been seen: usually long before a busy queue's end.
  const instanceIds = (await inboxSources(db, user, "all")).map(
    (source) => sql`SELECT t."instanceId" FROM ${source.from} WHERE ${Prisma.join(source.where, " AND ")}`,
  );
  const rows = await db.$queryRaw<{ definitionId: string }[]>(sql`SELECT DISTINCT i."definitionId"
    FROM (${Prisma.join(instanceIds, " UNION ALL ")}) AS v CROSS JOIN "instances" i WHERE i."id" = v."instanceId"
    LIMIT (SELECT count(*) FROM "workflow_definitions" w
           WHERE EXISTS (SELECT 1 FROM "instances" s WHERE s."definitionId" = w."id"))`);
  return db.workflowDefinition.findMany({
    where: { id: { in: rows.map((row) => row.definitionId) } },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
  });
}

/** Whether `user` may act on the task as it stands (ignoring four-eyes, which the engine checks). */
function eligibility(
  task: {
    assigneeId: string | null;
    claimedById: string | null;
    candidateRoles: { roleKey: string }[];
    candidateUsers: { userId: string }[];
  },
  user: InboxUser,
): { offered: boolean; blockedByClaim: boolean } {
  const offered =
    task.assigneeId === user.id ||
    (task.assigneeId === null &&
      (task.candidateUsers.some((candidate) => candidate.userId === user.id) ||
        task.candidateRoles.some((candidate) => user.roles.includes(candidate.roleKey))));
  return { offered, blockedByClaim: task.claimedById !== null && task.claimedById !== user.id };
}

const taskDetailSelect = {
  id: true,
  nodeId: true,
  title: true,
  businessKey: true,
  status: true,
  dueAt: true,
  createdAt: true,
  escalationLevel: true,
  summary: true,
  decision: true,
  decisionReason: true,
  completedAt: true,
  assigneeId: true,
  claimedById: true,
  assignee: { select: { id: true, name: true } },
  claimedBy: { select: { id: true, name: true } },
  onBehalfOf: { select: { id: true, name: true } },
  completedBy: { select: { id: true, name: true } },
  candidateRoles: { select: { roleKey: true } },
  candidateUsers: { select: { userId: true } },
  instance: {
    select: {
      id: true,
      status: true,
      state: true,
      startedAt: true,
      endedAt: true,
      workflow: { select: { id: true, name: true } },
      version: { select: { version: true, definition: true } },
      startedBy: { select: { id: true, name: true } },
      events: {
        orderBy: { seq: "asc" as const },
        select: {
          seq: true,
          type: true,
          nodeId: true,
          occurredAt: true,
          data: true,
          actor: { select: { id: true, name: true } },
        },
      },
    },
  },
} satisfies Prisma.TaskSelect;

/** Throws unless `user` may see the task: it is (or was) theirs or offered to them, or they read everything. */
function assertMayView(
  task: {
    assigneeId: string | null;
    claimedById: string | null;
    candidateRoles: { roleKey: string }[];
    candidateUsers: { userId: string }[];
    completedBy: { id: string } | null;
    onBehalfOf: { id: string } | null;
    instance: { startedBy: { id: string } | null };
  },
  user: InboxUser,
): void {
  const readsAll = user.roles.includes("admin") || user.roles.includes("viewer");
  const involved =
    task.claimedById === user.id ||
    task.completedBy?.id === user.id ||
    task.onBehalfOf?.id === user.id ||
    task.instance.startedBy?.id === user.id;
  if (!readsAll && !involved && !eligibility(task, user).offered)
    throw new BusinessError("FORBIDDEN", "This task is not assigned to you or to one of your roles");
}

/** The current steps: where the instance's tokens are. */
function currentNodes(state: unknown): string[] {
  const tokens = (state as { tokens?: { nodeId: string }[] } | null)?.tokens ?? [];
  return [...new Set(tokens.map((token) => token.nodeId))];
}

/** A task with its instance's data and history, the definition it runs on, its form and comments. */
export async function getTask(db: Db, user: InboxUser, taskId: string) {
  const task = await db.task.findUnique({ where: { id: taskId }, select: taskDetailSelect });
  if (!task) throw new BusinessError("NOT_FOUND", "This task does not exist");
  assertMayView(task, user);
  const comments = await listComments(db, task.instance.id);
  const summary = summaryOf(task.summary);
  const { offered, blockedByClaim } = eligibility(task, user);
  const open = openStatuses.includes(task.status);
  return {
    id: task.id,
    nodeId: task.nodeId,
    title: task.title,
    businessKey: task.businessKey,
    status: task.status,
    dueAt: task.dueAt,
    createdAt: task.createdAt,
    escalationLevel: task.escalationLevel,
    levelName: summary.levelName,
    form: summary.form,
    decision: task.decision,
    decisionReason: task.decisionReason,
    completedAt: task.completedAt,
    completedBy: task.completedBy,
    assignee: task.assignee,
    claimedBy: task.claimedBy,
    onBehalfOf: task.onBehalfOf,
    candidateRoles: task.candidateRoles.map((role) => role.roleKey),
    can: {
      act: open && offered && !blockedByClaim,
      claim: open && offered && task.assigneeId === null && task.claimedById === null,
      unclaim: open && task.claimedById === user.id,
      comment: offered || task.claimedById === user.id || task.completedBy?.id === user.id,
    },
    instance: {
      id: task.instance.id,
      status: task.instance.status,
      startedAt: task.instance.startedAt,
      endedAt: task.instance.endedAt,
      workflowId: task.instance.workflow.id,
      workflowName: task.instance.workflow.name,
      version: task.instance.version.version,
      definition: task.instance.version.definition as unknown as Definition,
      currentNodeIds: currentNodes(task.instance.state),
      requester: task.instance.startedBy,
      variables: variablesOf(task.instance.state),
      history: task.instance.events.map((event) => ({
        seq: event.seq,
        type: event.type,
        nodeId: event.nodeId,
        occurredAt: event.occurredAt,
        actor: event.actor,
        detail: historyDetail(event.data),
      })),
    },
    comments,
  };
}

/** The part of a history entry a person reads: a decision, a reason, a delegation. */
function historyDetail(data: unknown): string | null {
  const event = (data as { event?: Record<string, JsonValue> } | null)?.event;
  if (!event) return null;
  const reason = typeof event.reason === "string" ? event.reason : "";
  if (event.type === "task.completed")
    return event.decision === "rejected" ? `Rejected: ${reason}` : "Approved";
  if (event.type === "task.delegated") return `Delegated${reason ? ` (${reason})` : ""}`;
  if (event.type === "instance.cancel") return `Cancelled: ${reason}`;
  return null;
}

export const taskIdSchema = z.object({ taskId: z.string().min(1) });

/** Claims a task offered to several people or roles, so others see it is being handled. */
export async function claimTask(db: Db, user: InboxUser, taskId: string, now: Date) {
  const task = await db.task.findUnique({
    where: { id: taskId },
    select: {
      status: true,
      assigneeId: true,
      claimedById: true,
      claimedBy: { select: { name: true } },
      candidateRoles: { select: { roleKey: true } },
      candidateUsers: { select: { userId: true } },
    },
  });
  if (!task) throw new BusinessError("NOT_FOUND", "This task does not exist");
  if (!openStatuses.includes(task.status)) throw new BusinessError("CONFLICT", "This task is no longer open");
  if (task.claimedById === user.id) return { claimed: true };
  if (task.claimedById !== null)
    throw new BusinessError("CONFLICT", `${task.claimedBy?.name ?? "Someone"} has already claimed this task`);
  if (task.assigneeId === user.id)
    throw new BusinessError("CONFLICT", "This task is already assigned to you");
  if (!eligibility(task, user).offered)
    throw new BusinessError("FORBIDDEN", "This task is not offered to you or to one of your roles");
  // Only one of several people claiming at once wins: the update is conditional on no claim.
  const claimed = await db.task.updateMany({
    where: { id: taskId, status: "open", claimedById: null, assigneeId: null },
    data: { status: "claimed", claimedById: user.id, claimedAt: now },
  });
  if (claimed.count !== 1) throw new BusinessError("CONFLICT", "Someone else claimed this task a moment ago");
  return { claimed: true };
}

/** Gives a claimed task back to everyone it is offered to. */
export async function unclaimTask(db: Db, user: InboxUser, taskId: string) {
  const released = await db.task.updateMany({
    where: { id: taskId, status: "claimed", claimedById: user.id },
    data: { status: "open", claimedById: null, claimedAt: null },
  });
  if (released.count !== 1) {
    const task = await db.task.findUnique({ where: { id: taskId }, select: { id: true } });
    if (!task) throw new BusinessError("NOT_FOUND", "This task does not exist");
    throw new BusinessError("CONFLICT", "You have not claimed this task");
  }
  return { claimed: false };
}

export const commentInputSchema = z.object({
  taskId: z.string().min(1),
  body: z.string().trim().min(1, "Write a comment first").max(2000, "Keep comments under 2,000 characters"),
});

/** Every comment on an instance, oldest first, with the step each was written on. */
export async function listComments(db: Db, instanceId: string) {
  const rows = await db.taskComment.findMany({
    where: { instanceId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      body: true,
      createdAt: true,
      taskId: true,
      task: { select: { title: true } },
      author: { select: { id: true, name: true } },
    },
  });
  return rows.map(({ task, ...row }) => ({ ...row, taskTitle: task.title }));
}

/** Adds a comment to a task's thread. */
export async function addComment(
  db: Db,
  user: InboxUser,
  raw: z.input<typeof commentInputSchema>,
  now: Date,
) {
  const input = commentInputSchema.parse(raw);
  const task = await db.task.findUnique({
    where: { id: input.taskId },
    select: {
      instanceId: true,
      assigneeId: true,
      claimedById: true,
      completedById: true,
      candidateRoles: { select: { roleKey: true } },
      candidateUsers: { select: { userId: true } },
    },
  });
  if (!task) throw new BusinessError("NOT_FOUND", "This task does not exist");
  const mayComment =
    eligibility(task, user).offered || task.claimedById === user.id || task.completedById === user.id;
  if (!mayComment)
    throw new BusinessError("FORBIDDEN", "Only people this task is offered to can comment on it");
  const comment = await db.taskComment.create({
    data: {
      id: randomUUID(),
      taskId: input.taskId,
      instanceId: task.instanceId,
      authorId: user.id,
      body: input.body,
      createdAt: now,
    },
    select: { id: true },
  });
  return comment;
}

/**
 * A value that changes whenever any task changes (opened, claimed, decided, reassigned): the inbox's
 * live-update signal. Cheap: it reads the newest `updatedAt` through its index.
 */
export async function taskWatermark(db: Db): Promise<string> {
  const newest = await db.task.findFirst({
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    select: { updatedAt: true, id: true },
  });
  return newest ? `${newest.updatedAt.toISOString()}:${newest.id}` : "-";
}

/** How often an open inbox's live signal checks for task changes. */
const LIVE_POLL_MS = 1000;

/** Yields the watermark now, then each time it changes, until `signal` aborts. */
export async function* watchTasks(db: Db, signal: AbortSignal | undefined) {
  let last = await taskWatermark(db);
  yield { watermark: last };
  while (!signal?.aborted) {
    try {
      await sleep(LIVE_POLL_MS, undefined, { signal });
    } catch {
      return;
    }
    const next = await taskWatermark(db);
    if (next !== last) {
      last = next;
      yield { watermark: next };
    }
  }
}
