// Loads the golden definitions in engine/fixtures for tests: parsed, validated and compiled.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import {
  catalogSchema,
  compile,
  parseDefinition,
  type CompiledWorkflow,
  type ConnectorCatalog,
  type Definition,
} from "@/engine";

const dir = path.resolve(import.meta.dirname, "../../../engine/fixtures");

export const catalog: ConnectorCatalog = catalogSchema.parse(
  JSON.parse(readFileSync(path.join(dir, "catalog.json"), "utf8")),
);

/** File names of every golden definition. */
export const fixtureNames = readdirSync(dir)
  .filter((name) => name.endsWith(".json") && name !== "catalog.json")
  .sort();

/** The raw JSON of a fixture. */
export function rawFixture(name: string): unknown {
  return JSON.parse(readFileSync(path.join(dir, name.endsWith(".json") ? name : `${name}.json`), "utf8"));
}

/** A parsed fixture definition; throws when it does not parse. */
export function fixture(name: string): Definition {
  const parsed = parseDefinition(rawFixture(name));
  if (!parsed.ok) throw new Error(`${name}: ${JSON.stringify(parsed.problems)}`);
  return parsed.definition;
}

/** A compiled fixture; throws with the problems when it does not compile. */
export function compiled(name: string): CompiledWorkflow {
  const result = compile(fixture(name), { catalog });
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.problems, null, 2)}`);
  return result.compiled;
}
