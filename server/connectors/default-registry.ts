// The connectors this installation offers. For now that is the built-in fake system (deduplicating,
// with no latency or failures), which demo workflows and tests call; real connectors register here.
import { createFakeConnector } from "./fake";
import { ConnectorRegistry } from "./registry";

/** A registry with every built-in connector. */
export function defaultRegistry(): ConnectorRegistry {
  return new ConnectorRegistry([createFakeConnector()]);
}
