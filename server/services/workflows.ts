// Workflow definitions as process owners manage them: the list with publication state, and the
// editable draft (create, rename, duplicate, delete, load and save with optimistic concurrency).
import { randomUUID } from "node:crypto";
import { z } from "zod";
import {
  CURRENT_SCHEMA_VERSION,
  definitionSchema,
  parseDefinition,
  validateDefinition,
  type ConnectorCatalog,
  type Definition,
  type DefinitionInput,
} from "@/engine";
import type { Db } from "../db/client";
import { templates, type WorkflowTemplate } from "../templates";
import { BusinessError } from "./errors";

/** What the workflow use cases need besides their input: the database and the clock. */
export interface WorkflowDeps {
  db: Db;
  now: () => Date;
}

/** Who is acting: the signed-in person's id. */
export interface Actor {
  id: string;
}

/** A workflow's publication state: never published, the draft is what was published, or it moved on. */
export type WorkflowStatus = "draft" | "published" | "unpublished-changes";

const workflowIdSchema = z.string().min(1, "Workflow id is required").max(100);

/** A workflow key: the definition schema's key rule, after trimming. */
export const workflowKeySchema = z.string().trim().pipe(definitionSchema.shape.key);

/** A workflow name as people type it. */
export const workflowNameSchema = z
  .string()
  .trim()
  .min(1, "Name is required")
  .max(120, "Name must be at most 120 characters");

export const workflowListSchema = z.object({
  search: z.string().trim().max(100, "Search must be at most 100 characters").optional(),
});

export const workflowCreateSchema = z.object({
  name: workflowNameSchema,
  /** Derived from the name when omitted. */
  key: workflowKeySchema.optional(),
  /** A reference template's key: the draft starts as a copy of it instead of start → end. */
  template: z
    .string()
    .trim()
    .refine((key) => templates.some((template) => template.key === key), {
      message: `Unknown template; choose one of ${templates.map((template) => template.key).join(", ")}`,
    })
    .optional(),
});

export const workflowRenameSchema = z.object({ id: workflowIdSchema, name: workflowNameSchema });

export const workflowIdInputSchema = z.object({ id: workflowIdSchema });

export const saveDraftSchema = z.object({
  id: workflowIdSchema,
  /** The draftRevision the editor loaded; a different current revision means someone saved since. */
  revision: z.number().int().positive(),
  draft: definitionSchema,
});

const keyMaxLength = 64;
const nameMaxLength = 120;

function notFound(id: string): BusinessError {
  return new BusinessError("NOT_FOUND", `No workflow with id "${id}"`);
}

function keyInUse(key: string): BusinessError {
  return new BusinessError("CONFLICT", `A workflow with key "${key}" already exists`, "key");
}

function isUniqueViolation(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${"code" in error ? String(error.code) : ""}` : "";
  return /P2002|Unique constraint|UNIQUE constraint|23505/i.test(text);
}

/**
 * A key derived from a name: lowercase ASCII letters and digits joined by single dashes, starting
 * with a letter, at most 64 characters; "workflow" when the name has no usable characters.
 */
export function keyFromName(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  // Keys start with a letter and have at least two characters.
  const key = /^[a-z]./.test(slug) ? slug : slug ? `workflow-${slug}` : "workflow";
  return key.slice(0, keyMaxLength).replace(/-+$/, "");
}

/** The draft a new workflow starts with: a start node wired to an end node. */
export function initialDraft(key: string, name: string): Definition {
  const draft: DefinitionInput = {
    schemaVersion: CURRENT_SCHEMA_VERSION,
    key,
    name,
    description: "",
    nodes: [
      { id: "start", kind: "start", name: "Start", position: { x: 0, y: 0 } },
      { id: "end", kind: "end", name: "Done", outcome: "completed", position: { x: 320, y: 0 } },
    ],
    edges: [{ id: "start-end", source: "start", target: "end", type: "normal" }],
  };
  return definitionSchema.parse(draft);
}

function templateByKey(key: string): WorkflowTemplate {
  const template = templates.find((candidate) => candidate.key === key);
  if (!template) throw new BusinessError("NOT_FOUND", `No template with key "${key}"`, "template");
  return template;
}

/** The draft a workflow created from `template` starts with: the template under its own key and name. */
export function templateDraft(template: WorkflowTemplate, key: string, name: string): Definition {
  return definitionSchema.parse({ ...template.definition, key, name });
}

/**
 * The reference templates a workflow can start from, each with what it is made of and whether the
 * connectors it calls are available here (`missingConnectors` lists those the catalog lacks, e.g.
 * the simulated estate's when SIM_URL is not set) and how many problems publishing would report.
 */
export function listTemplates(catalog: ConnectorCatalog) {
  const available = new Set(catalog.connectors.map((connector) => connector.id));
  return templates.map((template) => {
    const definition = definitionSchema.parse(template.definition);
    const connectors = [
      ...new Set(definition.nodes.flatMap((node) => (node.kind === "action" ? [node.connector] : []))),
    ].sort();
    return {
      key: template.key,
      name: template.name,
      description: template.description,
      steps: definition.nodes.length,
      approvals: definition.nodes.filter((node) => node.kind === "approval").length,
      decisions: definition.nodes.filter((node) => node.kind === "decision").length,
      exceptionPaths: definition.edges.filter((edge) => edge.type === "exception").length,
      connectors,
      missingConnectors: connectors.filter((connector) => !available.has(connector)),
      problems: validateDefinition(definition, catalog).length,
    };
  });
}

/** A stored draft as the current-version Definition; a draft that no longer parses is refused. */
function storedDraft(row: { id: string; name: string; draft: unknown }): Definition {
  const parsed = parseDefinition(row.draft);
  if (parsed.ok) return parsed.definition;
  const problems = parsed.problems.map((problem) => `${problem.path || "(draft)"}: ${problem.message}`);
  throw new BusinessError(
    "PRECONDITION_FAILED",
    `The stored draft of "${row.name}" is not a valid definition (${problems.slice(0, 3).join("; ")})`,
  );
}

function statusOf(draftUpdatedAt: Date, latest: { publishedAt: Date } | undefined): WorkflowStatus {
  if (!latest) return "draft";
  return draftUpdatedAt > latest.publishedAt ? "unpublished-changes" : "published";
}

const latestPublished = {
  where: { status: "published" },
  orderBy: { version: "desc" },
  take: 1,
  select: { version: true, publishedAt: true },
} as const;

/**
 * Workflow definitions (not archived), newest edit first, at most 200, each with its owner, who
 * edited the draft last, and its publication state: `status` and the latest published version.
 * The draft counts as changed when it was edited after that version was published.
 */
export async function listWorkflows(db: Db, input: z.output<typeof workflowListSchema>) {
  const rows = await db.workflowDefinition.findMany({
    where: {
      archived: false,
      ...(input.search
        ? { OR: [{ name: { contains: input.search } }, { key: { contains: input.search } }] }
        : {}),
    },
    select: {
      id: true,
      key: true,
      name: true,
      draftUpdatedAt: true,
      owner: { select: { name: true } },
      draftUpdatedBy: { select: { name: true } },
      versions: latestPublished,
    },
    orderBy: { draftUpdatedAt: "desc" },
    take: 200,
  });
  return rows.map(({ versions, owner, draftUpdatedBy, ...row }) => {
    const latest = versions[0];
    const status = statusOf(row.draftUpdatedAt, latest);
    return {
      ...row,
      ownerName: owner?.name ?? null,
      draftUpdatedByName: draftUpdatedBy?.name ?? null,
      status,
      publishedVersion: latest?.version ?? null,
      hasUnpublishedChanges: status !== "published",
    };
  });
}

/**
 * Creates a workflow owned by `actor` whose draft is a minimal valid definition. The key defaults to
 * one derived from the name; a key in use is a CONFLICT on `key` and nothing is written.
 */
export async function createWorkflow(
  deps: WorkflowDeps,
  actor: Actor,
  input: z.output<typeof workflowCreateSchema>,
): Promise<{ id: string; key: string }> {
  const key = input.key ?? keyFromName(input.name);
  const existing = await deps.db.workflowDefinition.findUnique({ where: { key }, select: { id: true } });
  if (existing) throw keyInUse(key);
  const draft = input.template
    ? templateDraft(templateByKey(input.template), key, input.name)
    : initialDraft(key, input.name);
  return insertWorkflow(deps, actor, draft).catch((error: unknown) => {
    // Someone took the key between the check and the insert.
    if (isUniqueViolation(error)) throw keyInUse(key);
    throw error;
  });
}

async function insertWorkflow(deps: WorkflowDeps, actor: Actor, draft: Definition) {
  const now = deps.now();
  return deps.db.workflowDefinition.create({
    data: {
      id: randomUUID(),
      key: draft.key,
      name: draft.name,
      description: draft.description,
      ownerId: actor.id,
      draft,
      draftRevision: 1,
      draftUpdatedAt: now,
      draftUpdatedById: actor.id,
      createdAt: now,
    },
    select: { id: true, key: true },
  });
}

/**
 * Renames a workflow: the row's name and its draft's name, as a new draft revision by `actor`.
 * Unknown id: NOT_FOUND.
 */
export async function renameWorkflow(
  deps: WorkflowDeps,
  actor: Actor,
  input: z.output<typeof workflowRenameSchema>,
): Promise<{ id: string; name: string; revision: number }> {
  // The draft is rewritten from what was read, so the write is conditional on the revision read;
  // a save in between makes us read again rather than undo it.
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const row = await deps.db.workflowDefinition.findUnique({
      where: { id: input.id },
      select: { id: true, name: true, draft: true, draftRevision: true },
    });
    if (!row) throw notFound(input.id);
    const draft = { ...storedDraft(row), name: input.name };
    const updated = await deps.db.workflowDefinition.updateMany({
      where: { id: row.id, draftRevision: row.draftRevision },
      data: {
        name: input.name,
        draft,
        draftRevision: row.draftRevision + 1,
        draftUpdatedAt: deps.now(),
        draftUpdatedById: actor.id,
      },
    });
    if (updated.count === 1) return { id: row.id, name: input.name, revision: row.draftRevision + 1 };
  }
  throw new BusinessError("CONFLICT", "The draft keeps changing while renaming it; try again");
}

/** `base` followed by a suffix, shortened so the whole stays a valid key. */
function withSuffix(base: string, suffix: string): string {
  return `${base.slice(0, keyMaxLength - suffix.length).replace(/-+$/, "")}${suffix}`;
}

/**
 * Copies a workflow's draft into a new workflow "Copy of <name>" owned by `actor`, with the first
 * free key among `<key>-copy`, `<key>-copy-2`, … Unknown id: NOT_FOUND.
 */
export async function duplicateWorkflow(
  deps: WorkflowDeps,
  actor: Actor,
  input: z.output<typeof workflowIdInputSchema>,
): Promise<{ id: string; key: string }> {
  const source = await deps.db.workflowDefinition.findUnique({
    where: { id: input.id },
    select: { id: true, key: true, name: true, draft: true },
  });
  if (!source) throw notFound(input.id);
  const draft = storedDraft(source);
  const name = `Copy of ${source.name}`.slice(0, nameMaxLength).trim();
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const key = await freeCopyKey(deps.db, source.key);
    try {
      return await insertWorkflow(deps, actor, { ...draft, key, name });
    } catch (error: unknown) {
      // Another copy took this key first: look for the next free one.
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw new BusinessError("CONFLICT", `Could not find a free key for a copy of "${source.key}"; try again`);
}

async function freeCopyKey(db: Db, key: string): Promise<string> {
  const first = withSuffix(key, "-copy");
  const taken = new Set(
    (
      await db.workflowDefinition.findMany({
        where: { key: { startsWith: first.slice(0, -"-copy".length) } },
        select: { key: true },
      })
    ).map((row) => row.key),
  );
  if (!taken.has(first)) return first;
  for (let n = 2; ; n += 1) {
    const candidate = withSuffix(key, `-copy-${n}`);
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * Deletes a workflow that was never published. One with versions (published or retired) is a
 * CONFLICT and stays as it is; unknown id: NOT_FOUND.
 */
export async function deleteWorkflow(
  db: Db,
  input: z.output<typeof workflowIdInputSchema>,
): Promise<{ id: string }> {
  // One conditional statement, so a version published meanwhile cannot be orphaned.
  const deleted = await db.workflowDefinition.deleteMany({
    where: { id: input.id, versions: { none: {} } },
  });
  if (deleted.count === 1) return { id: input.id };
  const row = await db.workflowDefinition.findUnique({ where: { id: input.id }, select: { name: true } });
  if (!row) throw notFound(input.id);
  throw new BusinessError(
    "CONFLICT",
    `"${row.name}" has published versions; retire them instead of deleting the workflow`,
  );
}

/**
 * One workflow for the editor: its draft (migrated to the current schema version), the draft
 * revision to send back when saving, who saved it last and when, the owner, and the latest
 * published version. Unknown id: NOT_FOUND.
 */
export async function getWorkflow(db: Db, input: z.output<typeof workflowIdInputSchema>) {
  const row = await db.workflowDefinition.findUnique({
    where: { id: input.id },
    select: {
      id: true,
      key: true,
      name: true,
      draft: true,
      draftRevision: true,
      draftUpdatedAt: true,
      draftUpdatedBy: { select: { name: true } },
      owner: { select: { name: true } },
      versions: latestPublished,
    },
  });
  if (!row) throw notFound(input.id);
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    draft: { ...storedDraft(row), key: row.key },
    draftRevision: row.draftRevision,
    draftUpdatedAt: row.draftUpdatedAt,
    draftUpdatedByName: row.draftUpdatedBy?.name ?? null,
    ownerName: row.owner?.name ?? null,
    publishedVersion: row.versions[0]?.version ?? null,
  };
}

function formatSavedAt(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/**
 * Saves a draft (shape-checked by the input schema; semantic problems are allowed until publishing)
 * when `revision` is still the current draft revision. Its key is forced to the workflow's key and
 * the workflow's name and description follow the draft's. A different revision means someone saved
 * since it was loaded: CONFLICT naming who and when, and nothing is written.
 */
export async function saveDraft(
  deps: WorkflowDeps,
  actor: Actor,
  input: z.output<typeof saveDraftSchema>,
): Promise<{ revision: number; savedAt: Date }> {
  const row = await deps.db.workflowDefinition.findUnique({
    where: { id: input.id },
    select: { key: true },
  });
  if (!row) throw notFound(input.id);
  const draft: Definition = { ...input.draft, key: row.key };
  const savedAt = deps.now();
  const updated = await deps.db.workflowDefinition.updateMany({
    where: { id: input.id, draftRevision: input.revision },
    data: {
      name: draft.name,
      description: draft.description,
      draft,
      draftRevision: input.revision + 1,
      draftUpdatedAt: savedAt,
      draftUpdatedById: actor.id,
    },
  });
  if (updated.count === 1) return { revision: input.revision + 1, savedAt };
  const current = await deps.db.workflowDefinition.findUnique({
    where: { id: input.id },
    select: { draftUpdatedAt: true, draftUpdatedBy: { select: { name: true } } },
  });
  if (!current) throw notFound(input.id);
  throw new BusinessError(
    "CONFLICT",
    `${current.draftUpdatedBy?.name ?? "Someone"} saved this draft at ${formatSavedAt(current.draftUpdatedAt)} since you loaded it; reload to see their changes`,
  );
}
