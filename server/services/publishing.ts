// Publishing: a valid draft becomes version N, immutable (definition, checksum, publisher, time and a
// change note). New instances start on the latest published version; retired versions take no new
// starts; rolling back publishes an older version's content as a new version.
import { createHash, randomUUID } from "node:crypto";
import { z } from "zod";
import { parseDefinition, validateDefinition, type Definition, type Problem } from "@/engine";
import { catalogRegistry } from "../connectors/default-registry";
import type { Db } from "../db/client";
import { BusinessError } from "./errors";

export interface PublishDeps {
  db: Db;
  now: () => Date;
}

/** Refused publication, with every problem of the draft. */
export class PublishRefused extends BusinessError {
  constructor(readonly problems: Problem[]) {
    super(
      "PRECONDITION_FAILED",
      `The draft has ${problems.length} problem${problems.length === 1 ? "" : "s"} to fix before it can be published: ${problems
        .slice(0, 5)
        .map((problem) => problem.message)
        .join("; ")}${problems.length > 5 ? "; …" : ""}`,
    );
  }
}

const id = z.string().min(1).max(100);
export const publishSchema = z.object({
  workflowId: id,
  changeNote: z
    .string()
    .trim()
    .min(1, "Say what changed in this version")
    .max(1000, "The change note is too long"),
});
export const versionActionSchema = z.object({ versionId: id });
export const rollbackSchema = z.object({
  versionId: id,
  changeNote: z.string().trim().min(1, "Say why you roll back").max(1000, "The change note is too long"),
});

/** A stable checksum of a definition: SHA-256 of its JSON with keys in sorted order. */
export function definitionChecksum(definition: Definition): string {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value && typeof value === "object") {
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>)
          .filter(([, entry]) => entry !== undefined)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([key, entry]) => [key, canonical(entry)]),
      );
    }
    return value;
  };
  return createHash("sha256")
    .update(JSON.stringify(canonical(definition)))
    .digest("hex");
}

async function createVersion(
  db: Db,
  workflowId: string,
  definition: Definition,
  actorId: string,
  changeNote: string,
  now: Date,
) {
  // The unique (definitionId, version) constraint makes two concurrent publications safe: one retries.
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const last = await db.workflowVersion.findFirst({
      where: { definitionId: workflowId },
      orderBy: { version: "desc" },
      select: { version: true },
    });
    const version = (last?.version ?? 0) + 1;
    try {
      return await db.workflowVersion.create({
        data: {
          id: randomUUID(),
          definitionId: workflowId,
          version,
          status: "published",
          definition: definition,
          checksum: definitionChecksum(definition),
          changeNote,
          publishedById: actorId,
          publishedAt: now,
        },
        select: { id: true, version: true, checksum: true, publishedAt: true },
      });
    } catch (error: unknown) {
      const text = error instanceof Error ? error.message : String(error);
      if (!/P2002|Unique constraint|UNIQUE constraint|23505/i.test(text)) throw error;
    }
  }
  throw new BusinessError("CONFLICT", "Someone else is publishing this workflow right now; try again");
}

/** Publishes the current draft as the next version. Refuses (PublishRefused) a draft with problems. */
export async function publishDraft(deps: PublishDeps, actorId: string, raw: z.input<typeof publishSchema>) {
  const input = publishSchema.parse(raw);
  const workflow = await deps.db.workflowDefinition.findUnique({
    where: { id: input.workflowId },
    select: { id: true, key: true, draft: true },
  });
  if (!workflow) throw new BusinessError("NOT_FOUND", "This workflow does not exist");
  const parsed = parseDefinition(workflow.draft);
  if (!parsed.ok) {
    throw new PublishRefused(
      parsed.problems.map((problem) => ({
        code: "FEEL_SYNTAX" as const,
        field: problem.path,
        message: `${problem.path}: ${problem.message}`,
      })),
    );
  }
  const definition = { ...parsed.definition, key: workflow.key };
  const problems = validateDefinition(definition, (await catalogRegistry(deps.db)).catalog());
  if (problems.length > 0) throw new PublishRefused(problems);
  return createVersion(deps.db, workflow.id, definition, actorId, input.changeNote, deps.now());
}

/** Every version of a workflow, newest first, with who published it and how many instances use it. */
export async function listVersions(db: Db, workflowId: string) {
  const versions = await db.workflowVersion.findMany({
    where: { definitionId: workflowId },
    orderBy: { version: "desc" },
    select: {
      id: true,
      version: true,
      status: true,
      checksum: true,
      changeNote: true,
      publishedAt: true,
      retiredAt: true,
      publishedBy: { select: { name: true } },
      _count: { select: { instances: true } },
    },
  });
  return versions.map(({ publishedBy, _count, ...version }) => ({
    ...version,
    publishedByName: publishedBy?.name ?? null,
    instanceCount: _count.instances,
  }));
}

/** Retires a version: it takes no new starts; instances running on it finish on it. */
export async function retireVersion(deps: PublishDeps, raw: z.input<typeof versionActionSchema>) {
  const { versionId } = versionActionSchema.parse(raw);
  const updated = await deps.db.workflowVersion.updateMany({
    where: { id: versionId, status: "published" },
    data: { status: "retired", retiredAt: deps.now() },
  });
  if (updated.count === 0) {
    const exists = await deps.db.workflowVersion.findUnique({
      where: { id: versionId },
      select: { status: true },
    });
    throw exists
      ? new BusinessError("CONFLICT", "This version is already retired")
      : new BusinessError("NOT_FOUND", "This version does not exist");
  }
  return { versionId, status: "retired" as const };
}

/** Publishes an older version's content again as the next version. */
export async function rollbackToVersion(
  deps: PublishDeps,
  actorId: string,
  raw: z.input<typeof rollbackSchema>,
) {
  const input = rollbackSchema.parse(raw);
  const version = await deps.db.workflowVersion.findUnique({
    where: { id: input.versionId },
    select: { definitionId: true, definition: true, version: true },
  });
  if (!version) throw new BusinessError("NOT_FOUND", "This version does not exist");
  const parsed = parseDefinition(version.definition);
  if (!parsed.ok)
    throw new BusinessError("PRECONDITION_FAILED", `Version ${version.version} no longer matches the schema`);
  return createVersion(
    deps.db,
    version.definitionId,
    parsed.definition,
    actorId,
    `Rollback to v${version.version}: ${input.changeNote}`,
    deps.now(),
  );
}

/** One version's definition, for showing and comparing versions. */
export async function getVersionDefinition(db: Db, workflowId: string, version: number) {
  const row = await db.workflowVersion.findUnique({
    where: { definitionId_version: { definitionId: workflowId, version } },
    select: { version: true, status: true, definition: true, publishedAt: true, changeNote: true },
  });
  if (!row) throw new BusinessError("NOT_FOUND", `This workflow has no version ${version}`);
  const parsed = parseDefinition(row.definition);
  if (!parsed.ok)
    throw new BusinessError("PRECONDITION_FAILED", `Version ${version} no longer matches the schema`);
  return { ...row, definition: parsed.definition };
}
