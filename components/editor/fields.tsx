// Small labelled form controls for the property panel, including a FEEL input that shows syntax
// errors inline as you type.
"use client";
import { useId, type ReactNode } from "react";
import { checkFeel } from "@/engine/expr/feel";
import { durationProblem } from "@/engine/expr/duration";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

const selectClass = "h-9 w-full rounded-md border border-slate-300 bg-white px-2 text-sm shadow-sm";

/** A labelled text field; `error` is shown under it and marks it invalid. */
export function TextField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  error?: string | null;
  mono?: boolean;
  type?: "text" | "number";
  /** Values to suggest as the person types (a datalist); any other value may still be typed. */
  suggestions?: readonly { value: string; label: string }[];
}) {
  const id = useId();
  const errorId = `${id}-error`;
  const listId = props.suggestions ? `${id}-list` : undefined;
  return (
    <div className="space-y-1">
      <Label htmlFor={id}>{props.label}</Label>
      <Input
        id={id}
        type={props.type ?? "text"}
        value={props.value}
        placeholder={props.placeholder}
        onChange={(event) => props.onChange(event.target.value)}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? errorId : undefined}
        className={props.mono ? "font-mono text-xs" : undefined}
        list={listId}
      />
      {props.suggestions ? (
        <datalist id={listId}>
          {props.suggestions.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </datalist>
      ) : null}
      {props.error ? (
        <p id={errorId} className="text-xs text-red-700">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

/** A FEEL expression field with live syntax checking. */
export function FeelField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
}) {
  const problem = props.value.trim() === "" ? "Expression is empty" : checkFeel(props.value)?.message;
  return <TextField {...props} mono error={problem ?? null} />;
}

/** An ISO 8601 duration field (PT4H, P2D) with live checking. */
export function DurationField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  optional?: boolean;
}) {
  const error =
    props.value.trim() === ""
      ? props.optional
        ? null
        : "Duration is required"
      : durationProblem(props.value);
  return <TextField {...props} mono placeholder="e.g. PT4H or P2D" error={error} />;
}

/** A labelled select. */
export function SelectField<T extends string>(props: {
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
}) {
  const id = useId();
  return (
    <div className="space-y-1">
      <Label htmlFor={id}>{props.label}</Label>
      <select
        id={id}
        className={selectClass}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value as T)}
      >
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A labelled checkbox. */
export function CheckField(props: { label: string; checked: boolean; onChange: (checked: boolean) => void }) {
  const id = useId();
  return (
    <div className="flex items-center gap-2">
      <input
        id={id}
        type="checkbox"
        checked={props.checked}
        onChange={(event) => props.onChange(event.target.checked)}
        className="h-4 w-4"
      />
      <Label htmlFor={id}>{props.label}</Label>
    </div>
  );
}

/** A titled group of settings. */
export function Section({
  title,
  children,
  actions,
}: {
  title: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <fieldset className="space-y-3 rounded-md border border-slate-200 p-3">
      <legend className="flex w-full items-center justify-between px-1 text-xs font-semibold uppercase tracking-wide text-slate-500">
        <span>{title}</span>
        {actions}
      </legend>
      {children}
    </fieldset>
  );
}

/** A small text button for list rows (add, remove). */
export function MiniButton({
  children,
  onClick,
  label,
}: {
  children: ReactNode;
  onClick: () => void;
  label: string;
}) {
  return (
    <button
      type="button"
      aria-label={label}
      onClick={onClick}
      className="rounded px-1.5 py-0.5 text-xs font-medium text-brand-700 hover:bg-brand-50"
    >
      {children}
    </button>
  );
}
