// The service catalog: every connector with its version and operations (input and output schemas,
// error codes, idempotency), which published workflows call each operation, and call statistics.
import { z } from "zod";
import { parseDefinition } from "@/engine";
import { operationStats } from "../connectors/call-stats";
import type { ConnectorRegistry } from "../connectors/registry";
import { builtInErrors } from "../connectors/sdk";
import type { Db } from "../db/client";

/** A zod schema as JSON Schema, for people to read; null when it cannot be expressed. */
function jsonSchemaOf(schema: z.ZodType): unknown {
  try {
    return z.toJSONSchema(schema, { unrepresentable: "any" });
  } catch {
    return null;
  }
}

/** Which published workflow versions call each connector operation ("connector.operation"). */
async function usage(db: Db) {
  const versions = await db.workflowVersion.findMany({
    where: { status: "published" },
    orderBy: [{ definitionId: "asc" }, { version: "asc" }],
    select: { version: true, definition: true, workflow: { select: { id: true, name: true } } },
  });
  type Use = { workflowId: string; workflowName: string; versions: number[]; steps: string[] };
  const uses = new Map<string, Map<string, Use>>();
  for (const version of versions) {
    const parsed = parseDefinition(version.definition);
    if (!parsed.ok) continue;
    for (const node of parsed.definition.nodes) {
      if (node.kind !== "action") continue;
      const key = `${node.connector}.${node.operation}`;
      const byWorkflow = uses.get(key) ?? new Map<string, Use>();
      const entry: Use = byWorkflow.get(version.workflow.id) ?? {
        workflowId: version.workflow.id,
        workflowName: version.workflow.name,
        versions: [],
        steps: [],
      };
      if (!entry.versions.includes(version.version)) entry.versions.push(version.version);
      const step = node.name || node.id;
      if (!entry.steps.includes(step)) entry.steps.push(step);
      byWorkflow.set(version.workflow.id, entry);
      uses.set(key, byWorkflow);
    }
  }
  return uses;
}

export const catalogInputSchema = z.object({
  /** The statistics window in days. */
  days: z.number().int().min(1).max(90).default(7),
});

/** The catalog as the connectors page shows it. */
export async function serviceCatalog(
  db: Db,
  registry: ConnectorRegistry,
  raw: z.input<typeof catalogInputSchema>,
  now: Date,
) {
  const input = catalogInputSchema.parse(raw);
  const since = new Date(now.getTime() - input.days * 86_400_000);
  const [uses, stats] = await Promise.all([usage(db), operationStats(db, since)]);
  return {
    since,
    builtInErrors,
    connectors: registry.list().map((connector) => ({
      id: connector.id,
      name: connector.name,
      version: connector.version,
      description: connector.description,
      operations: Object.entries(connector.operations).map(([id, operation]) => {
        const stat = stats.find((entry) => entry.connector === connector.id && entry.operation === id);
        return {
          id,
          name: operation.name,
          description: operation.description,
          idempotent: operation.idempotent,
          inputs: operation.inputs,
          inputSchema: JSON.stringify(jsonSchemaOf(operation.input), null, 2),
          outputSchema: JSON.stringify(jsonSchemaOf(operation.output), null, 2),
          errors: operation.errors,
          usedBy: [...(uses.get(`${connector.id}.${id}`)?.values() ?? [])],
          stats: {
            calls: stat?.calls ?? 0,
            errors: stat?.errors ?? 0,
            errorRate: stat?.errorRate ?? 0,
            p95Ms: stat?.p95Ms ?? null,
          },
        };
      }),
    })),
  };
}
