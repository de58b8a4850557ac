// A workflow row's actions for designers: rename, duplicate and delete, behind one menu button.
"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Ellipsis } from "lucide-react";
import { useRef, useState, type RefObject } from "react";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { DeleteWorkflowDialog } from "./delete-workflow-dialog";
import { RenameWorkflowDialog } from "./rename-workflow-dialog";

/** A short outcome to show above the list. */
export interface Notice {
  tone: "info" | "error";
  text: string;
}

/**
 * The "Actions for <name>" menu of one row and the dialogs it opens. `onNotice` reports outcomes;
 * focus returns to the menu button, or to `fallbackFocus` once the row is deleted.
 */
export function WorkflowActions({
  workflow,
  onNotice,
  fallbackFocus,
}: {
  workflow: { id: string; name: string };
  onNotice: (notice: Notice) => void;
  fallbackFocus: RefObject<HTMLElement | null>;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<"rename" | "delete" | null>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const deleted = useRef(false);
  const duplicate = useMutation(
    trpc.workflows.duplicate.mutationOptions({
      onSuccess: async () => {
        onNotice({ tone: "info", text: `Duplicated “${workflow.name}”.` });
        await queryClient.invalidateQueries(trpc.workflows.list.pathFilter());
      },
      onError: (error) =>
        onNotice({ tone: "error", text: `Could not duplicate “${workflow.name}”: ${error.message}` }),
    }),
  );

  // The dialogs are opened from the menu but live outside it, so closing the menu does not unmount
  // them; when they close, focus goes back to the row's menu button (or, once deleted, elsewhere).
  function returnFocus(event: Event) {
    event.preventDefault();
    (deleted.current ? fallbackFocus.current : trigger.current)?.focus();
  }

  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button ref={trigger} variant="ghost" size="sm" aria-label={`Actions for ${workflow.name}`}>
            <Ellipsis aria-hidden className="size-4" />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent>
          <DropdownMenuItem onSelect={() => setDialog("rename")}>Rename…</DropdownMenuItem>
          <DropdownMenuItem onSelect={() => duplicate.mutate({ id: workflow.id })}>
            Duplicate
          </DropdownMenuItem>
          <DropdownMenuSeparator />
          <DropdownMenuItem tone="destructive" onSelect={() => setDialog("delete")}>
            Delete…
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <RenameWorkflowDialog
        workflow={workflow}
        open={dialog === "rename"}
        onOpenChange={(open) => setDialog(open ? "rename" : null)}
        onRenamed={(name) => {
          setDialog(null);
          onNotice({ tone: "info", text: `Renamed “${workflow.name}” to “${name}”.` });
        }}
        onCloseAutoFocus={returnFocus}
      />
      <DeleteWorkflowDialog
        workflow={workflow}
        open={dialog === "delete"}
        onOpenChange={(open) => setDialog(open ? "delete" : null)}
        onDeleted={() => {
          deleted.current = true;
          setDialog(null);
          onNotice({ tone: "info", text: `Deleted “${workflow.name}”.` });
        }}
        onCloseAutoFocus={returnFocus}
      />
    </>
  );
}
