// The approver's inbox: open tasks assigned to me or offered to one of my roles.
import { z } from "zod";
import type { Db } from "../db/client";

export const inboxListSchema = z.object({
  limit: z.number().int().min(1).max(100).default(25),
});

/** Open and claimed tasks for a person, soonest due first. */
export async function listInbox(
  db: Db,
  user: { id: string; roles: string[] },
  input: z.output<typeof inboxListSchema>,
) {
  return db.task.findMany({
    where: {
      status: { in: ["open", "claimed"] },
      OR: [
        { assigneeId: user.id },
        { assigneeId: null, candidateRoles: { some: { roleKey: { in: user.roles } } } },
      ],
    },
    select: {
      id: true,
      title: true,
      businessKey: true,
      status: true,
      dueAt: true,
      createdAt: true,
      assigneeId: true,
    },
    orderBy: [{ dueAt: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }],
    take: input.limit,
  });
}
