// Versions of a workflow: the history of published versions, and for admins publishing the saved
// draft, retiring a version, and rolling back to an older one.
"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/trpc";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogTitle } from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { ErrorState, LoadingRows } from "@/components/ui/states";

function problemsOf(error: unknown): { message: string }[] {
  const data = (error as { data?: { problems?: { message: string }[] | null } | null }).data;
  return data?.problems ?? [];
}

/** The "Publish" button and dialog: publishes the saved draft with a change note. */
export function PublishButton({
  workflowId,
  onPublished,
}: {
  workflowId: string;
  onPublished: (version: number) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState("");
  const publish = useMutation(
    trpc.versions.publish.mutationOptions({
      onSuccess: async (version) => {
        setOpen(false);
        setNote("");
        onPublished(version.version);
        await queryClient.invalidateQueries({ queryKey: trpc.versions.list.queryKey({ workflowId }) });
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    publish.mutate({ workflowId, changeNote: note });
  };
  const problems = publish.isError ? problemsOf(publish.error) : [];
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) publish.reset();
      }}
    >
      <Button size="sm" onClick={() => setOpen(true)}>
        Publish
      </Button>
      <DialogContent>
        <DialogTitle>Publish the saved draft</DialogTitle>
        <DialogDescription className="mt-1 text-sm text-slate-600">
          The draft becomes a new immutable version. New instances start on it; running ones finish on their
          version.
        </DialogDescription>
        <form onSubmit={submit} className="mt-4 space-y-3">
          <div className="space-y-1">
            <Label htmlFor="change-note">Change note</Label>
            <textarea
              id="change-note"
              value={note}
              onChange={(event) => setNote(event.target.value)}
              rows={3}
              className="w-full rounded-md border border-slate-300 p-2 text-sm"
              placeholder="What changed in this version?"
            />
          </div>
          {publish.isError ? (
            <Alert tone="error">
              {problems.length > 0 ? (
                <>
                  <p>The draft cannot be published yet:</p>
                  <ul className="mt-1 list-disc pl-4">
                    {problems.map((problem, index) => (
                      <li key={index}>{problem.message}</li>
                    ))}
                  </ul>
                </>
              ) : (
                publish.error.message
              )}
            </Alert>
          ) : null}
          <DialogFooter>
            <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={publish.isPending}>
              {publish.isPending ? "Publishing…" : "Publish"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** The version history with retire and roll back for admins. */
export function VersionsPanel({ workflowId, canPublish }: { workflowId: string; canPublish: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const versions = useQuery(trpc.versions.list.queryOptions({ workflowId }));
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.versions.list.queryKey({ workflowId }) });
  const retire = useMutation(trpc.versions.retire.mutationOptions({ onSuccess: refresh }));
  const rollback = useMutation(trpc.versions.rollback.mutationOptions({ onSuccess: refresh }));
  if (versions.isPending) return <LoadingRows rows={2} label="Loading versions" />;
  if (versions.isError) return <ErrorState message={versions.error.message} />;
  if (versions.data.length === 0) return <p className="text-sm text-slate-600">Not published yet.</p>;
  const failure = retire.error ?? rollback.error;
  return (
    <div className="space-y-2">
      {failure ? <Alert tone="error">{failure.message}</Alert> : null}
      <ul aria-label="Versions" className="space-y-2">
        {versions.data.map((version) => (
          <li key={version.id} className="rounded-md border border-slate-200 p-2 text-sm">
            <div className="flex items-center gap-2">
              <span className="font-semibold">v{version.version}</span>
              <Badge
                className={version.status === "published" ? "bg-emerald-50 text-emerald-700" : undefined}
              >
                {version.status}
              </Badge>
              <span className="ml-auto text-xs text-slate-500">{version.instanceCount} instance(s)</span>
            </div>
            <p className="mt-1 text-xs text-slate-600">
              {version.publishedByName ?? "Someone"} · {version.publishedAt.toLocaleString()}
            </p>
            {version.version > 1 ? (
              <Link
                href={`/workflows/${workflowId}/diff?from=${version.version - 1}&to=${version.version}`}
                className="text-xs text-brand-700 underline"
              >
                Compare with v{version.version - 1}
              </Link>
            ) : null}
            {version.changeNote ? <p className="mt-1">{version.changeNote}</p> : null}
            {canPublish ? (
              <div className="mt-2 flex gap-2">
                {version.status === "published" ? (
                  <Button
                    size="sm"
                    variant="secondary"
                    onClick={() => retire.mutate({ versionId: version.id })}
                    aria-label={`Retire v${version.version}`}
                  >
                    Retire
                  </Button>
                ) : null}
                <Button
                  size="sm"
                  variant="secondary"
                  aria-label={`Roll back to v${version.version}`}
                  onClick={() =>
                    rollback.mutate({ versionId: version.id, changeNote: `Restore v${version.version}` })
                  }
                >
                  Roll back to this
                </Button>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
