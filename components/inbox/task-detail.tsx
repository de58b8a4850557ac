// One task: what is asked and by whom, the request's data, where it stands on the canvas, its
// history and comments, and the actions (claim, approve with the form, reject with a reason,
// delegate). Every action goes through the server and the engine; refusals are shown as they come.
"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import type { JsonValue } from "@/engine";
import { DataFields, toPayload, type RawValues } from "@/components/forms/data-fields";
import { useTRPC } from "@/components/trpc";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { ErrorState, LoadingRows } from "@/components/ui/states";
import { useNow } from "@/components/ui/use-now";
import { fieldErrorsOf } from "@/components/workflows/field-errors";
import { DueCountdown, formatAmount } from "./due";
import { InstanceCanvas } from "./instance-canvas";
import { useLiveInbox } from "./inbox-list";

function formatValue(value: JsonValue | undefined): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

const textareaClass =
  "w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm aria-[invalid=true]:border-red-500";

/** The task page's content. */
export function TaskDetail({ taskId }: { taskId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useLiveInbox();
  const now = useNow(1000);
  const task = useQuery(trpc.inbox.task.queryOptions({ taskId }));
  const [values, setValues] = useState<RawValues>({});
  const [reason, setReason] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries(trpc.inbox.pathFilter());
  const onDone = (text: string) => async () => {
    setNotice(text);
    await refresh();
  };
  const claim = useMutation(
    trpc.inbox.claim.mutationOptions({ onSuccess: onDone("You claimed this task.") }),
  );
  const unclaim = useMutation(
    trpc.inbox.unclaim.mutationOptions({ onSuccess: onDone("The task is back in the shared queue.") }),
  );
  const decide = useMutation(
    trpc.tasks.decide.mutationOptions({
      onSuccess: async (_result, variables) => {
        setNotice(variables.decision === "approved" ? "Approved." : "Rejected.");
        await refresh();
      },
    }),
  );

  if (task.isPending) return <LoadingRows rows={4} label="Loading the task" />;
  if (task.isError) return <ErrorState message={task.error.message} />;
  const data = task.data;
  const open = data.status === "open" || data.status === "claimed";
  const decideErrors = decide.isError ? fieldErrorsOf(decide.error) : {};
  const busy = claim.isPending || unclaim.isPending || decide.isPending;
  const actionError = [claim, unclaim, decide].find((mutation) => mutation.isError)?.error;

  function approve(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setNotice(null);
    decide.mutate({ taskId, decision: "approved", formData: toPayload(data.form, values) });
  }

  function reject() {
    setNotice(null);
    decide.mutate({ taskId, decision: "rejected", reason, formData: toPayload(data.form, values) });
  }

  return (
    <div className="space-y-4">
      <Link href="/inbox" className="text-sm text-brand-700 underline">
        Back to the inbox
      </Link>
      <h2 className="text-xl font-semibold">{data.title}</h2>
      <div className="flex flex-wrap items-center gap-2">
        <Badge>{data.status}</Badge>
        {data.businessKey ? <span className="font-mono text-sm">{data.businessKey}</span> : null}
        <span className="text-sm text-slate-600">
          {data.instance.workflowName} v{data.instance.version} · requested by{" "}
          {data.instance.requester?.name ?? "—"}
        </span>
        {open ? <DueCountdown dueAt={data.dueAt} now={now} /> : null}
        {data.escalationLevel > 0 ? (
          <Badge className="bg-amber-50 text-amber-800">Escalated (level {data.escalationLevel})</Badge>
        ) : null}
        {data.claimedBy ? (
          <Badge className="bg-sky-50 text-sky-800">Claimed by {data.claimedBy.name}</Badge>
        ) : null}
        {data.onBehalfOf ? (
          <Badge className="bg-violet-50 text-violet-800">
            {data.assignee?.name ?? "The assignee"} acts for {data.onBehalfOf.name}
          </Badge>
        ) : null}
      </div>

      {notice ? <Alert>{notice}</Alert> : null}
      {actionError && Object.keys(decideErrors).length === 0 ? (
        <Alert tone="error">{actionError.message}</Alert>
      ) : null}
      {!open && data.decision ? (
        <Alert>
          {data.decision === "approved" ? "Approved" : "Rejected"} by {data.completedBy?.name ?? "—"}
          {data.decisionReason ? `: ${data.decisionReason}` : ""}
        </Alert>
      ) : null}

      <div className="grid gap-4 lg:grid-cols-[1fr_24rem]">
        <div className="space-y-4">
          <Card>
            <CardHeader>
              <h2 className="font-semibold">Request data</h2>
            </CardHeader>
            <CardBody>
              <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
                {Object.entries(data.instance.variables).map(([name, value]) => (
                  <div key={name} className="contents">
                    <dt className="text-slate-500">{name}</dt>
                    <dd className="break-words">
                      {name === "amount" && typeof value === "number"
                        ? formatAmount(value, null)
                        : formatValue(value)}
                    </dd>
                  </div>
                ))}
              </dl>
            </CardBody>
          </Card>
          <InstanceCanvas
            definition={data.instance.definition}
            current={data.instance.currentNodeIds}
            visited={data.instance.history.flatMap((entry) => (entry.nodeId ? [entry.nodeId] : []))}
          />
          <Card>
            <CardHeader>
              <h2 className="font-semibold">History</h2>
            </CardHeader>
            <CardBody>
              <ol className="space-y-1 text-sm" aria-label="History">
                {data.instance.history.map((entry) => (
                  <li key={entry.seq} className="flex flex-wrap gap-x-2">
                    <time className="text-slate-500" dateTime={entry.occurredAt.toISOString()}>
                      {entry.occurredAt.toLocaleString()}
                    </time>
                    <span className="font-medium">{entry.type}</span>
                    {entry.actor ? <span>by {entry.actor.name}</span> : null}
                    {entry.detail ? <span className="text-slate-700">— {entry.detail}</span> : null}
                  </li>
                ))}
              </ol>
            </CardBody>
          </Card>
        </div>

        <div className="space-y-4">
          {open ? (
            <Card>
              <CardHeader>
                <h2 className="font-semibold">Your decision</h2>
              </CardHeader>
              <CardBody className="space-y-4">
                {data.can.claim ? (
                  <Button variant="secondary" disabled={busy} onClick={() => claim.mutate({ taskId })}>
                    Claim
                  </Button>
                ) : null}
                {data.can.unclaim ? (
                  <Button variant="secondary" disabled={busy} onClick={() => unclaim.mutate({ taskId })}>
                    Unclaim
                  </Button>
                ) : null}
                {data.can.act ? (
                  <>
                    <form onSubmit={approve} className="space-y-3" noValidate aria-label="Approve">
                      {data.form.length > 0 ? (
                        <DataFields
                          idPrefix="task-form"
                          fields={data.form}
                          values={values}
                          onChange={(name, value) => setValues({ ...values, [name]: value })}
                          errors={decideErrors}
                        />
                      ) : null}
                      <Button type="submit" disabled={busy}>
                        Approve
                      </Button>
                    </form>
                    <div className="space-y-1.5 border-t border-slate-100 pt-3">
                      <Label htmlFor="reject-reason">Reason for rejecting</Label>
                      <textarea
                        id="reject-reason"
                        rows={3}
                        className={textareaClass}
                        value={reason}
                        aria-invalid={decideErrors.reason ? true : undefined}
                        aria-describedby={decideErrors.reason ? "reject-reason-error" : undefined}
                        onChange={(event) => setReason(event.target.value)}
                      />
                      {decideErrors.reason ? (
                        <p id="reject-reason-error" className="text-xs text-red-700">
                          {decideErrors.reason.join(", ")}
                        </p>
                      ) : null}
                      <Button variant="destructive" disabled={busy} onClick={reject}>
                        Reject
                      </Button>
                    </div>
                    <DelegateForm taskId={taskId} onDelegated={onDone("Delegated.")} />
                  </>
                ) : data.claimedBy && !data.can.unclaim ? (
                  <p className="text-sm text-slate-600">{data.claimedBy.name} is handling this task.</p>
                ) : !data.can.claim ? (
                  <p className="text-sm text-slate-600">This task is not yours to decide.</p>
                ) : null}
              </CardBody>
            </Card>
          ) : null}
          <Comments taskId={taskId} comments={data.comments} canComment={data.can.comment} />
        </div>
      </div>
    </div>
  );
}

/** Hands the task to another person, who acts on the delegator's behalf. */
function DelegateForm({ taskId, onDelegated }: { taskId: string; onDelegated: () => Promise<void> }) {
  const trpc = useTRPC();
  const directory = useQuery(trpc.directory.get.queryOptions());
  const [delegateId, setDelegateId] = useState("");
  const [reason, setReason] = useState("");
  const delegate = useMutation(trpc.tasks.delegate.mutationOptions({ onSuccess: onDelegated }));
  const errors = delegate.isError ? fieldErrorsOf(delegate.error) : {};
  return (
    <form
      className="space-y-2 border-t border-slate-100 pt-3"
      aria-label="Delegate"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        delegate.mutate({ taskId, delegateId, reason: reason.trim() || undefined });
      }}
    >
      <Label htmlFor="delegate-to">Delegate to</Label>
      <select
        id="delegate-to"
        className="h-9 w-full rounded-md border border-slate-300 bg-white px-2 text-sm"
        value={delegateId}
        aria-invalid={errors.delegateId ? true : undefined}
        aria-describedby={errors.delegateId ? "delegate-to-error" : undefined}
        onChange={(event) => setDelegateId(event.target.value)}
      >
        <option value="">Choose a person…</option>
        {(directory.data?.people ?? []).map((person) => (
          <option key={person.id} value={person.id}>
            {person.name}
          </option>
        ))}
      </select>
      {errors.delegateId ? (
        <p id="delegate-to-error" className="text-xs text-red-700">
          {errors.delegateId.join(", ")}
        </p>
      ) : delegate.isError ? (
        <p className="text-xs text-red-700">{delegate.error.message}</p>
      ) : null}
      <Label htmlFor="delegate-note">Note (optional)</Label>
      <input
        id="delegate-note"
        className="h-9 w-full rounded-md border border-slate-300 bg-white px-3 text-sm"
        value={reason}
        onChange={(event) => setReason(event.target.value)}
      />
      <Button type="submit" variant="secondary" disabled={delegate.isPending}>
        Delegate
      </Button>
    </form>
  );
}

/** The request's comment thread, oldest first, with a box to add one. */
function Comments({
  taskId,
  comments,
  canComment,
}: {
  taskId: string;
  comments: { id: string; body: string; createdAt: Date; taskTitle: string; author: { name: string } }[];
  canComment: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [body, setBody] = useState("");
  const add = useMutation(
    trpc.inbox.comment.mutationOptions({
      onSuccess: async () => {
        setBody("");
        await queryClient.invalidateQueries(trpc.inbox.task.queryFilter({ taskId }));
      },
    }),
  );
  const errors = add.isError ? fieldErrorsOf(add.error) : {};
  return (
    <Card>
      <CardHeader>
        <h2 className="font-semibold">Comments</h2>
      </CardHeader>
      <CardBody className="space-y-3">
        {comments.length === 0 ? <p className="text-sm text-slate-500">No comments yet.</p> : null}
        <ul className="space-y-2" aria-label="Comments">
          {comments.map((comment) => (
            <li key={comment.id} className="rounded-md bg-slate-50 px-3 py-2 text-sm">
              <div className="text-xs text-slate-500">
                {comment.author.name} · {comment.createdAt.toLocaleString()} · {comment.taskTitle}
              </div>
              <p className="whitespace-pre-wrap">{comment.body}</p>
            </li>
          ))}
        </ul>
        {canComment ? (
          <form
            className="space-y-2"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              add.mutate({ taskId, body });
            }}
          >
            <Label htmlFor="comment-body">Add a comment</Label>
            <textarea
              id="comment-body"
              rows={2}
              className={textareaClass}
              value={body}
              aria-invalid={errors.body ? true : undefined}
              aria-describedby={errors.body ? "comment-body-error" : undefined}
              onChange={(event) => setBody(event.target.value)}
            />
            {errors.body ? (
              <p id="comment-body-error" className="text-xs text-red-700">
                {errors.body.join(", ")}
              </p>
            ) : null}
            <Button type="submit" size="sm" variant="secondary" disabled={add.isPending}>
              Comment
            </Button>
          </form>
        ) : null}
      </CardBody>
    </Card>
  );
}
