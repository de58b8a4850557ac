// "Start from": a radio group offering a blank draft or one of the reference templates, each with
// what it is made of and whether the connectors it calls are available on this installation.
"use client";
import type { UseQueryResult } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { ErrorState, LoadingRows } from "@/components/ui/states";
import type { AppRouter } from "@/server/trpc/root";

/** One template as `workflows.templates` describes it. */
export type TemplateSummary = inferRouterOutputs<AppRouter>["workflows"]["templates"][number];

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

function Option({
  id,
  checked,
  onSelect,
  title,
  children,
}: {
  id: string;
  checked: boolean;
  onSelect: () => void;
  title: string;
  children: React.ReactNode;
}) {
  return (
    <label
      htmlFor={id}
      className={cn(
        "flex cursor-pointer gap-3 rounded-md border px-3 py-2 text-sm",
        checked ? "border-indigo-500 bg-indigo-50" : "border-slate-200 hover:bg-slate-50",
      )}
    >
      <input
        id={id}
        type="radio"
        name="workflow-start-from"
        className="mt-1"
        checked={checked}
        onChange={onSelect}
        aria-describedby={`${id}-details`}
      />
      <span className="min-w-0">
        <span className="font-medium text-slate-900">{title}</span>
        <span id={`${id}-details`} className="block text-slate-600">
          {children}
        </span>
      </span>
    </label>
  );
}

/** The "Start from" choice; `value` is the chosen template's key, "" for a blank draft. */
export function TemplatePicker({
  templates,
  value,
  onChange,
  errors,
}: {
  templates: UseQueryResult<TemplateSummary[], { message: string }>;
  value: string;
  onChange: (template: TemplateSummary | null) => void;
  errors?: string[] | undefined;
}) {
  return (
    <fieldset className="space-y-2" aria-describedby={errors ? "template-error" : undefined}>
      <legend className="mb-1.5 text-sm font-medium text-slate-900">Start from</legend>
      <Option id="template-blank" checked={value === ""} onSelect={() => onChange(null)} title="Blank">
        A start and an end step to draw on.
      </Option>
      {templates.isPending ? (
        <LoadingRows rows={2} label="Loading templates" />
      ) : templates.isError ? (
        <ErrorState message={templates.error.message} />
      ) : (
        <div className="max-h-72 space-y-2 overflow-y-auto pr-1">
          {templates.data.map((template) => (
            <Option
              key={template.key}
              id={`template-${template.key}`}
              checked={value === template.key}
              onSelect={() => onChange(template)}
              title={`Template: ${template.name}`}
            >
              {template.description}
              <span className="mt-1 flex flex-wrap gap-1">
                <Badge>{plural(template.steps, "step")}</Badge>
                <Badge>{plural(template.approvals, "approval")}</Badge>
                <Badge>{plural(template.decisions, "rule")}</Badge>
                <Badge>{plural(template.exceptionPaths, "exception path")}</Badge>
                <Badge className="font-mono">{template.connectors.join(" · ")}</Badge>
              </span>
              {template.missingConnectors.length > 0 ? (
                <span className="mt-1 block text-xs text-amber-800">
                  Calls connectors this installation does not have yet (
                  {template.missingConnectors.join(", ")}): configure them, or run the simulated estate (npm
                  run sim, SIM_URL), before publishing.
                </span>
              ) : null}
            </Option>
          ))}
        </div>
      )}
      {errors ? (
        <p id="template-error" className="text-xs text-red-700">
          {errors.join(", ")}
        </p>
      ) : null}
    </fieldset>
  );
}
