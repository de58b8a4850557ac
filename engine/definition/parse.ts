// Turning untrusted JSON into a Definition: migrate to the current schema version, then check the
// shape with zod. Structural and semantic checks are validateDefinition's job.
import type { JsonObject } from "../json";
import { migrateDefinition } from "./migrations";
import { definitionSchema, type Definition } from "./schema";

export interface ShapeProblem {
  /** Dotted path into the definition, e.g. nodes.3.levels.0.assignees */
  path: string;
  message: string;
}

export type ParseResult = { ok: true; definition: Definition } | { ok: false; problems: ShapeProblem[] };

/** Parses raw JSON into a current-version Definition, or lists every shape problem. */
export function parseDefinition(raw: unknown): ParseResult {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { ok: false, problems: [{ path: "", message: "A definition must be a JSON object" }] };
  }
  const migrated = migrateDefinition(raw as JsonObject);
  if (!migrated.ok) return { ok: false, problems: [{ path: "schemaVersion", message: migrated.message }] };
  const result = definitionSchema.safeParse(migrated.definition);
  if (result.success) return { ok: true, definition: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => ({
      path: issue.path.map(String).join("."),
      message: issue.message,
    })),
  };
}
