// Modal dialogs (Radix): focus moves in and is trapped, Escape and the overlay close them, and focus
// returns to what opened them.
"use client";
import * as DialogPrimitive from "@radix-ui/react-dialog";
import type { ComponentProps } from "react";
import { cn } from "./cn";

/** A dialog's root; control it with `open`/`onOpenChange` or let a `DialogTrigger` open it. */
export const Dialog = DialogPrimitive.Root;

/** The control that opens the dialog; use `asChild` with a `Button`. */
export const DialogTrigger = DialogPrimitive.Trigger;

/** Closes the dialog; use `asChild` with a `Button`. */
export const DialogClose = DialogPrimitive.Close;

/**
 * The dialog panel over a dimmed page, rendered in a portal. Put a `DialogTitle` (it names the
 * dialog) and a `DialogDescription` (it describes it) inside.
 */
export function DialogContent({
  className,
  children,
  ...props
}: ComponentProps<typeof DialogPrimitive.Content>) {
  return (
    <DialogPrimitive.Portal>
      <DialogPrimitive.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
      <DialogPrimitive.Content
        className={cn(
          "fixed top-1/2 left-1/2 z-50 w-[calc(100%-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 rounded-lg border border-slate-200 bg-white p-5 shadow-lg",
          className,
        )}
        {...props}
      >
        {children}
      </DialogPrimitive.Content>
    </DialogPrimitive.Portal>
  );
}

/** The dialog's heading; screen readers announce it as the dialog's name. */
export function DialogTitle({ className, ...props }: ComponentProps<typeof DialogPrimitive.Title>) {
  return <DialogPrimitive.Title className={cn("text-lg font-semibold", className)} {...props} />;
}

/** One or two sentences under the title on what the dialog does. */
export function DialogDescription({
  className,
  ...props
}: ComponentProps<typeof DialogPrimitive.Description>) {
  return <DialogPrimitive.Description className={cn("mt-1 text-sm text-slate-600", className)} {...props} />;
}

/** The row of buttons at the bottom, the main action last. */
export function DialogFooter({ className, ...props }: ComponentProps<"div">) {
  return <div className={cn("mt-5 flex justify-end gap-2", className)} {...props} />;
}
