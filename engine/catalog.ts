// The connector catalog as the engine sees it: which operations exist and which inputs they need.
// The server builds it from the connector registry; tests build small ones by hand.
import { z } from "zod";

export const catalogSchema = z.object({
  connectors: z.array(
    z.object({
      id: z.string(),
      name: z.string().default(""),
      operations: z.array(
        z.object({
          id: z.string(),
          name: z.string().default(""),
          inputs: z.array(z.object({ name: z.string(), required: z.boolean().default(false) })).default([]),
        }),
      ),
    }),
  ),
});
export type ConnectorCatalog = z.infer<typeof catalogSchema>;

/** The operation `operation` of connector `connector`, or undefined. */
export function findOperation(catalog: ConnectorCatalog, connector: string, operation: string) {
  return catalog.connectors
    .find((entry) => entry.id === connector)
    ?.operations.find((entry) => entry.id === operation);
}
