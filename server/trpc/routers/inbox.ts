// The approver's task inbox: the list, one task's detail, claims, comments, reminders, and a live
// signal that tells open inboxes to refresh when tasks change.
import {
  addComment,
  claimTask,
  commentInputSchema,
  getTask,
  inboxListSchema,
  inboxWorkflows,
  listInbox,
  taskIdSchema,
  unclaimTask,
  watchTasks,
} from "../../services/inbox";
import { listNotifications, markNotificationsRead } from "../../services/notifications";
import { approverProcedure, audited, auditField, router, viewerProcedure } from "../init";

export const inboxRouter = router({
  list: approverProcedure
    .input(inboxListSchema)
    .query(({ ctx, input }) => listInbox(ctx.db, ctx.user, input, ctx.now())),
  workflows: approverProcedure.query(({ ctx }) => inboxWorkflows(ctx.db, ctx.user)),
  task: viewerProcedure
    .input(taskIdSchema)
    .query(({ ctx, input }) => getTask(ctx.db, ctx.user, input.taskId)),
  claim: approverProcedure
    .use(
      audited((input) => ({
        action: "task.claimed",
        objectType: "task",
        objectId: auditField(input, "taskId"),
        summary: "Claimed",
      })),
    )
    .input(taskIdSchema)
    .mutation(({ ctx, input }) => claimTask(ctx.db, ctx.user, input.taskId, ctx.now())),
  unclaim: approverProcedure
    .use(
      audited((input) => ({
        action: "task.unclaimed",
        objectType: "task",
        objectId: auditField(input, "taskId"),
        summary: "Unclaimed",
      })),
    )
    .input(taskIdSchema)
    .mutation(({ ctx, input }) => unclaimTask(ctx.db, ctx.user, input.taskId)),
  comment: approverProcedure
    .input(commentInputSchema)
    .mutation(({ ctx, input }) => addComment(ctx.db, ctx.user, input, ctx.now())),
  notifications: approverProcedure.query(({ ctx }) => listNotifications(ctx.db, ctx.user.id)),
  markNotificationsRead: approverProcedure.mutation(({ ctx }) =>
    markNotificationsRead(ctx.db, ctx.user.id, ctx.now()),
  ),
  /** Emits whenever any task changes; open inboxes refetch on it. */
  changes: approverProcedure.subscription(({ ctx, signal }) => watchTasks(ctx.db, signal)),
});
