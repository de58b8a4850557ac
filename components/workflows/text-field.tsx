// A labelled text input with an optional hint and the server's error for it, wired for screen readers.
"use client";
import type { ComponentProps } from "react";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

/**
 * A text field: its label, the input, a hint, and `errors` (marking the input invalid and
 * describing it with the messages).
 */
export function TextField({
  id,
  label,
  hint,
  errors,
  ...props
}: ComponentProps<"input"> & { id: string; label: string; hint?: string; errors?: string[] | undefined }) {
  const describedBy = [hint ? `${id}-hint` : null, errors ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className="space-y-1.5">
      <Label htmlFor={id}>{label}</Label>
      <Input
        id={id}
        aria-invalid={errors ? true : undefined}
        aria-describedby={describedBy || undefined}
        {...props}
      />
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {errors ? (
        <p id={`${id}-error`} className="text-xs text-red-700">
          {errors.join(", ")}
        </p>
      ) : null}
    </div>
  );
}
