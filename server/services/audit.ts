// The audit trail: append-only entries, each carrying a SHA-256 hash chained to the previous one, so
// any later change to an entry is detected. No code path updates or deletes an entry.
import { createHash } from "node:crypto";
import { z } from "zod";
import type { JsonObject } from "@/engine";
import type { Db } from "../db/client";

export const GENESIS_HASH = "0".repeat(64);

export interface AuditInput {
  actorId: string | null;
  /** Who acted, as people read it (a name, an e-mail address, "system"). */
  actorLabel: string;
  action: string;
  objectType: string;
  objectId?: string | null;
  summary: string;
  before?: JsonObject | null;
  after?: JsonObject | null;
  ip?: string | null;
}

interface HashedFields {
  occurredAt: Date;
  actorId: string | null;
  actorLabel: string;
  action: string;
  objectType: string;
  objectId: string | null;
  summary: string;
  before: unknown;
  after: unknown;
  ip: string | null;
  prevHash: string;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, entry]) => entry !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, entry]) => [key, canonical(entry)]),
    );
  }
  return value instanceof Date ? value.toISOString() : value;
}

/** The hash of an entry: SHA-256 over its fields (canonical JSON) including the previous hash. */
export function entryHash(fields: HashedFields): string {
  return createHash("sha256")
    .update(JSON.stringify(canonical(fields)))
    .digest("hex");
}

function isUniqueViolation(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  return /P2002|Unique constraint|UNIQUE constraint|23505|SQLITE_BUSY|database is locked/i.test(text);
}

/**
 * Appends an entry after the current last one. The unique previous-hash column means two writers
 * cannot both chain to the same entry: the loser re-reads and retries.
 */
export async function appendAudit(
  db: Db,
  input: AuditInput,
  now: Date,
): Promise<{ seq: number; hash: string }> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const last = await db.auditEntry.findFirst({ orderBy: { seq: "desc" }, select: { hash: true } });
    const fields: HashedFields = {
      occurredAt: new Date(Math.floor(now.getTime())),
      actorId: input.actorId,
      actorLabel: input.actorLabel,
      action: input.action,
      objectType: input.objectType,
      objectId: input.objectId ?? null,
      summary: input.summary,
      before: input.before ?? null,
      after: input.after ?? null,
      ip: input.ip ?? null,
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    const hash = entryHash(fields);
    try {
      const created = await db.auditEntry.create({
        data: { ...fields, before: input.before ?? undefined, after: input.after ?? undefined, hash },
        select: { seq: true, hash: true },
      });
      return created;
    } catch (error: unknown) {
      if (!isUniqueViolation(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 2 + attempt * 3));
    }
  }
  throw new Error("Could not append to the audit trail: too much contention");
}

export type ChainCheck =
  | { intact: true; entries: number }
  | { intact: false; entries: number; firstBrokenSeq: number; reason: string };

/** Walks the whole chain in order and reports the first entry whose hash or link does not hold. */
export async function verifyAuditChain(db: Db): Promise<ChainCheck> {
  let previous = GENESIS_HASH;
  let entries = 0;
  let cursor: number | undefined;
  for (;;) {
    const batch = await db.auditEntry.findMany({
      where: cursor === undefined ? {} : { seq: { gt: cursor } },
      orderBy: { seq: "asc" },
      take: 500,
    });
    if (batch.length === 0) return { intact: true, entries };
    for (const entry of batch) {
      entries += 1;
      if (entry.prevHash !== previous) {
        return {
          intact: false,
          entries,
          firstBrokenSeq: entry.seq,
          reason: "it does not follow the entry before it (an entry was removed or reordered)",
        };
      }
      const expected = entryHash({
        occurredAt: entry.occurredAt,
        actorId: entry.actorId,
        actorLabel: entry.actorLabel,
        action: entry.action,
        objectType: entry.objectType,
        objectId: entry.objectId,
        summary: entry.summary,
        before: entry.before,
        after: entry.after,
        ip: entry.ip,
        prevHash: entry.prevHash,
      });
      if (expected !== entry.hash)
        return {
          intact: false,
          entries,
          firstBrokenSeq: entry.seq,
          reason: "its content was changed after it was written",
        };
      previous = entry.hash;
    }
    cursor = batch[batch.length - 1]!.seq;
  }
}

export const auditSearchSchema = z.object({
  actor: z.string().trim().max(200).optional(),
  objectType: z.string().trim().max(100).optional(),
  objectId: z.string().trim().max(200).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  limit: z.number().int().min(1).max(1000).default(100),
});

/** Entries matching a search, newest first. */
export async function searchAudit(db: Db, raw: z.input<typeof auditSearchSchema>) {
  const input = auditSearchSchema.parse(raw);
  return db.auditEntry.findMany({
    where: {
      ...(input.actor ? { actorLabel: { contains: input.actor } } : {}),
      ...(input.objectType ? { objectType: input.objectType } : {}),
      ...(input.objectId ? { objectId: input.objectId } : {}),
      ...(input.from || input.to
        ? {
            occurredAt: {
              ...(input.from ? { gte: input.from } : {}),
              ...(input.to ? { lte: input.to } : {}),
            },
          }
        : {}),
    },
    orderBy: { seq: "desc" },
    take: input.limit,
    select: {
      seq: true,
      occurredAt: true,
      actorLabel: true,
      action: true,
      objectType: true,
      objectId: true,
      summary: true,
      hash: true,
    },
  });
}

/** Audit entries as CSV (RFC 4180 quoting). */
export function auditCsv(rows: Awaited<ReturnType<typeof searchAudit>>): string {
  const quote = (value: string | number | null) => `"${String(value ?? "").replace(/"/g, '""')}"`;
  const header = ["seq", "occurredAt", "actor", "action", "objectType", "objectId", "summary", "hash"];
  const lines = rows.map((row) =>
    [
      row.seq,
      row.occurredAt.toISOString(),
      row.actorLabel,
      row.action,
      row.objectType,
      row.objectId,
      row.summary,
      row.hash,
    ]
      .map(quote)
      .join(","),
  );
  return [header.join(","), ...lines].join("\r\n") + "\r\n";
}
