// Renaming a workflow from the list: a dialog with its name; the draft's name changes with it.
"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
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
} from "@/components/ui/dialog";
import { fieldErrorsOf } from "./field-errors";
import { TextField } from "./text-field";

/** The rename dialog for one workflow, opened and closed by its row's actions menu. */
export function RenameWorkflowDialog({
  workflow,
  open,
  onOpenChange,
  onRenamed,
  onCloseAutoFocus,
}: {
  workflow: { id: string; name: string };
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onRenamed: (name: string) => void;
  onCloseAutoFocus?: (event: Event) => void;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent onCloseAutoFocus={onCloseAutoFocus}>
        <DialogTitle>Rename workflow</DialogTitle>
        <DialogDescription>The key stays the same, so nothing that refers to it breaks.</DialogDescription>
        {/* Mounted only while open, so each opening starts from the current name. */}
        {open ? <RenameForm workflow={workflow} onRenamed={onRenamed} /> : null}
      </DialogContent>
    </Dialog>
  );
}

function RenameForm({
  workflow,
  onRenamed,
}: {
  workflow: { id: string; name: string };
  onRenamed: (name: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(workflow.name);
  const rename = useMutation(
    trpc.workflows.rename.mutationOptions({
      onSuccess: async (renamed) => {
        onRenamed(renamed.name);
        await queryClient.invalidateQueries(trpc.workflows.pathFilter());
      },
    }),
  );
  const errors = rename.isError ? fieldErrorsOf(rename.error) : {};

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    rename.mutate({ id: workflow.id, name });
  }

  return (
    <form onSubmit={onSubmit} className="mt-4 space-y-4" noValidate>
      <TextField
        id="rename-workflow-name"
        label="Name"
        value={name}
        onChange={(event) => setName(event.target.value)}
        autoComplete="off"
        aria-required
        errors={errors.name}
      />
      {rename.isError && Object.keys(errors).length === 0 ? (
        <Alert tone="error">{rename.error.message}</Alert>
      ) : null}
      <DialogFooter>
        <DialogClose asChild>
          <Button type="button" variant="secondary">
            Cancel
          </Button>
        </DialogClose>
        <Button type="submit" disabled={rename.isPending}>
          {rename.isPending ? "Saving…" : "Save"}
        </Button>
      </DialogFooter>
    </form>
  );
}
