// "New workflow": a dialog asking what to start from (a blank draft or one of the reference
// templates), a name and an optional key; the new draft opens in the editor.
"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
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
import { TemplatePicker, type TemplateSummary } from "./template-picker";
import { TextField } from "./text-field";

/** The "New workflow" button and its dialog; after creating, the editor of the new draft opens. */
export function NewWorkflowDialog() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [key, setKey] = useState("");
  /** The chosen template's key; "" is a blank draft. */
  const [template, setTemplate] = useState("");
  const templates = useQuery({ ...trpc.workflows.templates.queryOptions(), enabled: open });
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
      setTemplate("");
      create.reset();
    }
  }

  function onTemplateChange(next: TemplateSummary | null) {
    const previous = templates.data?.find((candidate) => candidate.key === template);
    // The name follows the template until the person types their own.
    if (name.trim() === "" || name === previous?.name) setName(next?.name ?? "");
    setTemplate(next?.key ?? "");
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate({ name, key: key.trim() || undefined, template: template || undefined });
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button>New workflow</Button>
      </DialogTrigger>
      <DialogContent className="max-w-2xl">
        <DialogTitle>New workflow</DialogTitle>
        <DialogDescription>
          It starts as a draft: blank (a start and an end step) or a copy of a reference template.
        </DialogDescription>
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
          <TemplatePicker
            templates={templates}
            value={template}
            onChange={onTemplateChange}
            errors={errors.template}
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
