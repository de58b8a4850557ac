// Publishing a definition straight into a database for benchmarks and the crash test (the product's
// own publish flow, with its checks and audit trail, belongs to the admin pages).
import { createHash, randomUUID } from "node:crypto";
import {
  definitionSchema,
  validateDefinition,
  type DefinitionInput,
  type JsonObject,
} from "../../engine/index";
import type { Db } from "../../server/db/client";

/** Validates and publishes `definition` as the next version of its workflow; returns the version id. */
export async function publishDefinition(db: Db, input: DefinitionInput): Promise<string> {
  const definition = definitionSchema.parse(input);
  const problems = validateDefinition(definition);
  if (problems.length > 0)
    throw new Error(
      `${definition.key} has problems: ${problems.map((problem) => problem.message).join("; ")}`,
    );
  const json = definition as unknown as JsonObject;
  const workflow =
    (await db.workflowDefinition.findUnique({ where: { key: definition.key }, select: { id: true } })) ??
    (await db.workflowDefinition.create({
      data: { id: randomUUID(), key: definition.key, name: definition.name, draft: json },
      select: { id: true },
    }));
  const last = await db.workflowVersion.findFirst({
    where: { definitionId: workflow.id },
    orderBy: { version: "desc" },
    select: { version: true },
  });
  const version = await db.workflowVersion.create({
    data: {
      id: randomUUID(),
      definitionId: workflow.id,
      version: (last?.version ?? 0) + 1,
      definition: json,
      checksum: createHash("sha256").update(JSON.stringify(definition)).digest("hex"),
    },
    select: { id: true },
  });
  return version.id;
}
