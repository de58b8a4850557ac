// Deleting a workflow from the list, after a confirmation that names it. Only drafts that were never
// published can be deleted; the server says so otherwise.
"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
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

/** The delete confirmation for one workflow, opened and closed by its row's actions menu. */
export function DeleteWorkflowDialog({
  workflow,
  open,
  onOpenChange,
  onDeleted,
  onCloseAutoFocus,
}: {
  workflow: { id: string; name: string };
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onDeleted: () => void;
  onCloseAutoFocus?: (event: Event) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.workflows.delete.mutationOptions({
      onSuccess: async () => {
        onDeleted();
        await queryClient.invalidateQueries(trpc.workflows.list.pathFilter());
      },
    }),
  );

  function onChange(next: boolean) {
    if (!next) remove.reset();
    onOpenChange(next);
  }

  return (
    <Dialog open={open} onOpenChange={onChange}>
      <DialogContent role="alertdialog" onCloseAutoFocus={onCloseAutoFocus}>
        <DialogTitle>Delete “{workflow.name}”?</DialogTitle>
        <DialogDescription>The draft is deleted for good. This cannot be undone.</DialogDescription>
        {remove.isError ? (
          <Alert tone="error" className="mt-4">
            {remove.error.message}
          </Alert>
        ) : null}
        <DialogFooter>
          <DialogClose asChild>
            <Button type="button" variant="secondary">
              Cancel
            </Button>
          </DialogClose>
          <Button
            type="button"
            variant="destructive"
            disabled={remove.isPending}
            onClick={() => remove.mutate({ id: workflow.id })}
          >
            {remove.isPending ? "Deleting…" : "Delete"}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
