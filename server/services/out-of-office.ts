// Out of office: a person names a delegate and a period; tasks assigned to them in that period go to
// the delegate (server/runtime/out-of-office.ts hands them over through the engine).
import { z } from "zod";
import type { Db } from "../db/client";
import { BusinessError } from "./errors";

export const outOfOfficeSchema = z
  .object({
    delegateId: z.string().min(1, "Choose who takes your tasks"),
    startsAt: z.coerce.date({ error: "Give a valid start" }),
    endsAt: z.coerce.date({ error: "Give a valid end" }),
    note: z.string().trim().max(200).optional(),
  })
  .refine((value) => value.endsAt.getTime() > value.startsAt.getTime(), {
    message: "The end must be after the start",
    path: ["endsAt"],
  });
export type OutOfOfficeInput = z.input<typeof outOfOfficeSchema>;

const select = {
  startsAt: true,
  endsAt: true,
  note: true,
  delegate: { select: { id: true, name: true, email: true } },
} as const;

/** The person's out-of-office setting (past, current or upcoming), or null. */
export async function getOutOfOffice(db: Db, userId: string) {
  return db.outOfOffice.findUnique({ where: { userId }, select });
}

/** Sets (or replaces) the person's out-of-office period and delegate. */
export async function setOutOfOffice(db: Db, userId: string, raw: OutOfOfficeInput, now: Date) {
  const input = outOfOfficeSchema.parse(raw);
  if (input.delegateId === userId)
    throw new BusinessError("BAD_REQUEST", "Choose someone other than yourself", "delegateId");
  if (input.endsAt.getTime() <= now.getTime())
    throw new BusinessError("BAD_REQUEST", "The end is in the past", "endsAt");
  const delegate = await db.user.findUnique({ where: { id: input.delegateId }, select: { active: true } });
  if (!delegate?.active) throw new BusinessError("BAD_REQUEST", "Choose an active person", "delegateId");
  const data = {
    delegateId: input.delegateId,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    note: input.note ?? null,
  };
  return db.outOfOffice.upsert({ where: { userId }, create: { userId, ...data }, update: data, select });
}

/** Ends the person's out-of-office setting. */
export async function clearOutOfOffice(db: Db, userId: string) {
  await db.outOfOffice.deleteMany({ where: { userId } });
  return null;
}

/**
 * Who stands in for each of `userIds` at `now`: their delegate, or the delegate's delegate when that
 * person is away too (a cycle stops at the last person who is in). Users who are in are left out.
 */
export async function standInsFor(db: Db, userIds: string[], now: Date): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  if (userIds.length === 0) return result;
  const away = async (ids: string[]) =>
    db.outOfOffice.findMany({
      where: { userId: { in: ids }, startsAt: { lte: now }, endsAt: { gt: now }, delegate: { active: true } },
      select: { userId: true, delegateId: true },
    });
  for (const { userId, delegateId } of await away(userIds)) {
    const seen = new Set([userId]);
    let current = delegateId;
    for (let hop = 0; hop < 5 && !seen.has(current); hop += 1) {
      seen.add(current);
      const [next] = await away([current]);
      if (!next || seen.has(next.delegateId)) break;
      current = next.delegateId;
    }
    if (current !== userId) result.set(userId, current);
  }
  return result;
}
