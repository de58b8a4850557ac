// Definition schema migrations: an ordered list of small `up` steps, each taking a definition of
// version N to N+1. parseDefinition runs the missing steps before validating against the schema.
import type { JsonObject } from "../json";
import { CURRENT_SCHEMA_VERSION } from "./schema";

export interface DefinitionMigration {
  /** The version this step upgrades from; it produces `from + 1`. */
  from: number;
  description: string;
  up: (definition: JsonObject) => JsonObject;
}

/**
 * Every migration, in order. Version 1 is the first published schema, so the list is empty; a change
 * to the schema bumps CURRENT_SCHEMA_VERSION and appends one step here, with a test.
 */
export const definitionMigrations: readonly DefinitionMigration[] = [];

export type MigrationOutcome =
  { ok: true; definition: JsonObject; applied: string[] } | { ok: false; message: string };

/**
 * Brings a raw definition (parsed JSON) to the current schema version. A missing schemaVersion is
 * refused; a version newer than this engine knows is refused; a gap in the migration list is a bug.
 */
export function migrateDefinition(
  raw: JsonObject,
  migrations: readonly DefinitionMigration[] = definitionMigrations,
  target = CURRENT_SCHEMA_VERSION,
): MigrationOutcome {
  const version = raw.schemaVersion;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
    return { ok: false, message: "schemaVersion is missing or not a positive whole number" };
  }
  if (version > target) {
    return {
      ok: false,
      message: `schemaVersion ${version} is newer than this version of Omniflow understands (${target})`,
    };
  }
  let current = raw;
  const applied: string[] = [];
  for (let from = version; from < target; from += 1) {
    const step = migrations.find((migration) => migration.from === from);
    if (!step) throw new Error(`No definition migration from schemaVersion ${from}`);
    current = { ...step.up(current), schemaVersion: from + 1 };
    applied.push(step.description);
  }
  return { ok: true, definition: current, applied };
}
