// Listing workflow definitions with their publication state.
import { z } from "zod";
import type { Db } from "../db/client";

export const workflowListSchema = z.object({
  search: z.string().trim().max(100, "Search must be at most 100 characters").optional(),
});

/** Workflow definitions (not archived), newest edit first, with their latest published version. */
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
      versions: {
        where: { status: "published" },
        orderBy: { version: "desc" },
        take: 1,
        select: { version: true, publishedAt: true },
      },
    },
    orderBy: { draftUpdatedAt: "desc" },
    take: 200,
  });
  return rows.map(({ versions, owner, ...row }) => {
    const latest = versions[0];
    return {
      ...row,
      ownerName: owner?.name ?? null,
      publishedVersion: latest?.version ?? null,
      hasUnpublishedChanges: latest ? row.draftUpdatedAt > latest.publishedAt : true,
    };
  });
}
