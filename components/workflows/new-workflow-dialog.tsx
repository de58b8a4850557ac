// "New workflow": a dialog asking for a name and an optional key; the new draft opens in the editor.
"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
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
import { fieldErrorsOf } from "./field-errors";
import { TextField } from "./text-field";

/** The "New workflow" button and its dialog; after creating, the editor of the new draft opens. */
export function NewWorkflowDialog() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [key, setKey] = useState("");
  const create = useMutation(
    trpc.workflows.create.mutationOptions({
      onSuccess: async ({ id }) => {
        router.push(`/workflows/${id}`);
        await queryClient.invalidateQueries(trpc.workflows.list.pathFilter());
      },
    }),
  );
  const errors = create.isError ? fieldErrorsOf(create.error) : {};

  function onOpenChange(next: boolean) {
    setOpen(next);
    if (!next) {
      setName("");
      setKey("");
      create.reset();
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate({ name, key: key.trim() || undefined });
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button>New workflow</Button>
      </DialogTrigger>
      <DialogContent>
        <DialogTitle>New workflow</DialogTitle>
        <DialogDescription>It starts as a draft with a start and an end step.</DialogDescription>
        <form onSubmit={onSubmit} className="mt-4 space-y-4" noValidate>
          <TextField
            id="new-workflow-name"
            label="Name"
            value={name}
            onChange={(event) => setName(event.target.value)}
            placeholder="e.g. Purchase approval"
            autoComplete="off"
            aria-required
            errors={errors.name}
          />
          <TextField
            id="new-workflow-key"
            label="Key (optional)"
            value={key}
            onChange={(event) => setKey(event.target.value)}
            placeholder="e.g. purchase-approval"
            autoComplete="off"
            spellCheck={false}
            className="font-mono"
            hint="How systems and other workflows refer to it: lowercase letters, digits and dashes. Made from the name when left empty."
            errors={errors.key}
          />
          {create.isError && Object.keys(errors).length === 0 ? (
            <Alert tone="error">{create.error.message}</Alert>
          ) : null}
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="secondary">
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" disabled={create.isPending || create.isSuccess}>
              {create.isPending ? "Creating…" : "Create"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
