// Renders the fields a definition declares (a start step's input, an approval's form) as labelled
// controls, with the server's message under each refused field.
"use client";
import type { Field, JsonObject, JsonValue } from "@/engine";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

/** What the person typed, per field name (strings until submitted; booleans for checkboxes). */
export type RawValues = Record<string, string | boolean>;

/** Converts typed values to the JSON the engine expects; empty fields are left out. */
export function toPayload(fields: readonly Field[], raw: RawValues): JsonObject {
  const payload: JsonObject = {};
  for (const field of fields) {
    const value = raw[field.name];
    if (value === undefined || value === "") continue;
    if (field.type === "boolean") {
      payload[field.name] = value === true;
      continue;
    }
    const text = String(value);
    let converted: JsonValue = text;
    if (field.type === "number") converted = Number.isFinite(Number(text)) ? Number(text) : text;
    if (field.type === "object" || field.type === "list") {
      try {
        converted = JSON.parse(text) as JsonValue;
      } catch {
        converted = text;
      }
    }
    payload[field.name] = converted;
  }
  return payload;
}

const controlClass =
  "w-full rounded-md border border-slate-300 bg-white px-3 text-sm shadow-sm aria-[invalid=true]:border-red-500";

/** One labelled control per field. */
export function DataFields({
  idPrefix,
  fields,
  values,
  onChange,
  errors,
}: {
  idPrefix: string;
  fields: readonly Field[];
  values: RawValues;
  onChange: (name: string, value: string | boolean) => void;
  errors: Record<string, string[] | undefined>;
}) {
  return (
    <div className="space-y-3">
      {fields.map((field) => {
        const id = `${idPrefix}-${field.name}`;
        const fieldErrors = errors[field.name];
        const label = `${field.label || field.name}${field.required ? "" : " (optional)"}`;
        const common = {
          id,
          "aria-invalid": fieldErrors ? true : undefined,
          "aria-describedby": fieldErrors ? `${id}-error` : undefined,
          "aria-required": field.required || undefined,
        } as const;
        const value = values[field.name];
        let control;
        switch (field.type) {
          case "boolean":
            control = (
              <input
                {...common}
                type="checkbox"
                className="size-4"
                checked={value === true}
                onChange={(event) => onChange(field.name, event.target.checked)}
              />
            );
            break;
          case "text":
          case "object":
          case "list":
            control = (
              <textarea
                {...common}
                rows={3}
                className={`${controlClass} py-2`}
                value={typeof value === "string" ? value : ""}
                onChange={(event) => onChange(field.name, event.target.value)}
              />
            );
            break;
          case "select":
            control = (
              <select
                {...common}
                className={`${controlClass} h-9`}
                value={typeof value === "string" ? value : ""}
                onChange={(event) => onChange(field.name, event.target.value)}
              >
                <option value="">Choose…</option>
                {(field.options ?? []).map((option) => (
                  <option key={option} value={option}>
                    {option}
                  </option>
                ))}
              </select>
            );
            break;
          case "string":
          case "number":
          case "date":
            control = (
              <Input
                {...common}
                type={field.type === "number" ? "number" : field.type === "date" ? "date" : "text"}
                inputMode={field.type === "number" ? "decimal" : undefined}
                min={field.min}
                max={field.max}
                value={typeof value === "string" ? value : ""}
                onChange={(event) => onChange(field.name, event.target.value)}
              />
            );
        }
        return (
          <div
            key={field.name}
            className={field.type === "boolean" ? "flex items-center gap-2" : "space-y-1.5"}
          >
            {field.type === "boolean" ? control : null}
            <Label htmlFor={id}>{label}</Label>
            {field.type === "boolean" ? null : control}
            {fieldErrors ? (
              <p id={`${id}-error`} className="text-xs text-red-700">
                {fieldErrors.join(", ")}
              </p>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}
