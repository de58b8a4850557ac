// "Out of office": the person picks a delegate and a period; tasks assigned to them in that period
// go to the delegate. Shows the current setting and lets them end it.
"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/trpc";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { useNow } from "@/components/ui/use-now";
import { fieldErrorsOf } from "@/components/workflows/field-errors";
import { TextField } from "@/components/workflows/text-field";

/** A local date-time string (for datetime-local inputs) `hours` from now. */
function localInput(date: Date): string {
  const offset = date.getTimezoneOffset() * 60_000;
  return new Date(date.getTime() - offset).toISOString().slice(0, 16);
}

/** The button (showing whether the person is away) and its dialog. */
export function OutOfOfficeButton({ userId }: { userId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const current = useQuery(trpc.profile.outOfOffice.queryOptions());
  const now = useNow(60_000);
  const directory = useQuery(trpc.directory.get.queryOptions());
  const [open, setOpen] = useState(false);
  const [delegateId, setDelegateId] = useState("");
  const [startsAt, setStartsAt] = useState(() => localInput(new Date()));
  const [endsAt, setEndsAt] = useState(() => localInput(new Date(Date.now() + 7 * 86_400_000)));
  const [note, setNote] = useState("");
  const refresh = () => queryClient.invalidateQueries(trpc.profile.outOfOffice.queryFilter());
  const save = useMutation(
    trpc.profile.setOutOfOffice.mutationOptions({
      onSuccess: async () => {
        setOpen(false);
        await refresh();
      },
    }),
  );
  const clear = useMutation(trpc.profile.clearOutOfOffice.mutationOptions({ onSuccess: refresh }));
  const errors = save.isError ? fieldErrorsOf(save.error) : {};
  const setting = current.data;
  const away = setting && setting.endsAt.getTime() > now;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate({
      delegateId,
      startsAt: startsAt ? new Date(startsAt) : new Date(Number.NaN),
      endsAt: endsAt ? new Date(endsAt) : new Date(Number.NaN),
      note: note.trim() || undefined,
    });
  }

  return (
    <div className="flex items-center gap-2">
      {away ? (
        <span className="text-sm text-violet-800" data-testid="out-of-office-status">
          Out of office until {setting.endsAt.toLocaleString()} · tasks go to {setting.delegate.name}
        </span>
      ) : null}
      {away ? (
        <Button variant="ghost" size="sm" onClick={() => clear.mutate()} disabled={clear.isPending}>
          I’m back
        </Button>
      ) : null}
      <Dialog
        open={open}
        onOpenChange={(next) => {
          setOpen(next);
          if (!next) save.reset();
        }}
      >
        <DialogTrigger asChild>
          <Button variant="secondary" size="sm">
            Out of office…
          </Button>
        </DialogTrigger>
        <DialogContent>
          <DialogTitle>Out of office</DialogTitle>
          <DialogDescription>
            Tasks assigned to you in this period go to the person you choose.
          </DialogDescription>
          <form onSubmit={onSubmit} className="mt-4 space-y-3" noValidate>
            <div className="space-y-1.5">
              <Label htmlFor="ooo-delegate">Who takes your tasks</Label>
              <select
                id="ooo-delegate"
                className="h-9 w-full rounded-md border border-slate-300 bg-white px-2 text-sm"
                value={delegateId}
                aria-invalid={errors.delegateId ? true : undefined}
                aria-describedby={errors.delegateId ? "ooo-delegate-error" : undefined}
                onChange={(event) => setDelegateId(event.target.value)}
              >
                <option value="">Choose a person…</option>
                {(directory.data?.people ?? [])
                  .filter((person) => person.id !== userId)
                  .map((person) => (
                    <option key={person.id} value={person.id}>
                      {person.name}
                    </option>
                  ))}
              </select>
              {errors.delegateId ? (
                <p id="ooo-delegate-error" className="text-xs text-red-700">
                  {errors.delegateId.join(", ")}
                </p>
              ) : null}
            </div>
            <TextField
              id="ooo-starts"
              label="From"
              type="datetime-local"
              value={startsAt}
              onChange={(event) => setStartsAt(event.target.value)}
              errors={errors.startsAt}
            />
            <TextField
              id="ooo-ends"
              label="Until"
              type="datetime-local"
              value={endsAt}
              onChange={(event) => setEndsAt(event.target.value)}
              errors={errors.endsAt}
            />
            <TextField
              id="ooo-note"
              label="Note (optional)"
              value={note}
              onChange={(event) => setNote(event.target.value)}
            />
            {save.isError && Object.keys(errors).length === 0 ? (
              <Alert tone="error">{save.error.message}</Alert>
            ) : null}
            <DialogFooter>
              <DialogClose asChild>
                <Button type="button" variant="ghost">
                  Cancel
                </Button>
              </DialogClose>
              <Button type="submit" disabled={save.isPending}>
                Save
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>
    </div>
  );
}
