// Checking submitted data against typed fields: a start input or an approval form.
import type { Field } from "../definition/schema";
import type { JsonObject, JsonValue } from "../json";

/** Field name -> what is wrong with its value. Empty when the data is valid. */
export type FieldErrors = Record<string, string>;

function isEmpty(value: JsonValue | undefined): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "");
}

function typeProblem(field: Field, value: JsonValue): string | null {
  switch (field.type) {
    case "string":
    case "text":
      return typeof value === "string" ? null : "must be text";
    case "number":
      if (typeof value !== "number" || !Number.isFinite(value)) return "must be a number";
      if (field.min !== undefined && value < field.min) return `must be at least ${field.min}`;
      if (field.max !== undefined && value > field.max) return `must be at most ${field.max}`;
      return null;
    case "boolean":
      return typeof value === "boolean" ? null : "must be true or false";
    case "date":
      return typeof value === "string" && !Number.isNaN(Date.parse(value))
        ? null
        : "must be a date such as 2026-03-31";
    case "select":
      return typeof value === "string" && (field.options ?? []).includes(value)
        ? null
        : `must be one of ${(field.options ?? []).join(", ")}`;
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value)
        ? null
        : "must be an object";
    case "list":
      return Array.isArray(value) ? null : "must be a list";
  }
}

/**
 * Checks `data` against `fields`: required fields present, values of the right type, no fields the
 * form does not have. Returns the errors and the cleaned values (every field present, null if empty).
 */
export function checkFields(
  fields: readonly Field[],
  data: JsonObject,
): { errors: FieldErrors; values: JsonObject } {
  const errors: FieldErrors = {};
  const values: JsonObject = {};
  for (const field of fields) {
    const value = data[field.name];
    if (isEmpty(value)) {
      if (field.required) errors[field.name] = `${field.label || field.name} is required`;
      values[field.name] = null;
      continue;
    }
    const problem = typeProblem(field, value!);
    if (problem) errors[field.name] = `${field.label || field.name} ${problem}`;
    values[field.name] = value!;
  }
  for (const name of Object.keys(data)) {
    if (!fields.some((field) => field.name === name)) errors[name] = `"${name}" is not a field of this form`;
  }
  return { errors, values };
}
