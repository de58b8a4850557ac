// In-app notifications: the engine's reminders (notify.send on the "inbox" channel) become rows for
// each recipient (named people, and the active members of named roles), shown in the inbox.
import type { CommandOf } from "@/engine";
import type { Db } from "../db/client";

/** Writes one notification per recipient; returns how many were written. */
export async function deliverNotification(
  db: Db,
  notification: CommandOf<"notify.send">,
  instanceId: string | null,
  now: Date,
): Promise<number> {
  const members = await db.user.findMany({
    where: {
      active: true,
      OR: [
        { id: { in: notification.recipients.users } },
        { roles: { some: { role: { key: { in: notification.recipients.roles } } } } },
      ],
    },
    select: { id: true },
  });
  if (members.length === 0) return 0;
  // The notification id is stable across retries of the job, so a redelivery writes nothing twice.
  const rows = members.map((member) => ({
    id: `${notification.notificationId}:${member.id}`,
    userId: member.id,
    taskId: notification.taskId ?? null,
    instanceId,
    kind: notification.taskId ? "reminder" : "notice",
    subject: notification.subject,
    body: notification.body,
    createdAt: now,
  }));
  const existing = new Set(
    (
      await db.notification.findMany({
        where: { id: { in: rows.map((row) => row.id) } },
        select: { id: true },
      })
    ).map((row) => row.id),
  );
  const fresh = rows.filter((row) => !existing.has(row.id));
  if (fresh.length > 0) await db.notification.createMany({ data: fresh });
  return fresh.length;
}

/** The person's latest notifications and how many are unread. */
export async function listNotifications(db: Db, userId: string) {
  const [items, unread] = await Promise.all([
    db.notification.findMany({
      where: { userId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 20,
      select: {
        id: true,
        kind: true,
        subject: true,
        body: true,
        taskId: true,
        createdAt: true,
        readAt: true,
      },
    }),
    db.notification.count({ where: { userId, readAt: null } }),
  ]);
  return { items, unread };
}

/** Marks all the person's notifications read. */
export async function markNotificationsRead(db: Db, userId: string, now: Date) {
  const result = await db.notification.updateMany({ where: { userId, readAt: null }, data: { readAt: now } });
  return { marked: result.count };
}
