// The connector registry: finds the operation for a call, enforces its timeout, and turns anything
// unexpected into a failure result (a thrown error is a retryable CONNECTOR_ERROR).
import type { ConnectorCatalog, JsonObject } from "@/engine";
import type { Connector, ConnectorResult } from "./types";

export class ConnectorRegistry {
  private readonly connectors = new Map<string, Connector>();

  constructor(connectors: Connector[] = []) {
    for (const connector of connectors) this.register(connector);
  }

  /** Adds or replaces a connector. */
  register(connector: Connector): void {
    this.connectors.set(connector.id, connector);
  }

  /** The catalog the validator checks definitions against. */
  catalog(): ConnectorCatalog {
    return {
      connectors: [...this.connectors.values()].map((connector) => ({
        id: connector.id,
        name: connector.name,
        operations: Object.entries(connector.operations).map(([id, operation]) => ({
          id,
          name: operation.name,
          inputs: operation.inputs,
        })),
      })),
    };
  }

  /**
   * Calls `connector.operation` with a timeout. Never throws: unknown operations are permanent
   * failures, timeouts (TIMEOUT) and thrown errors (CONNECTOR_ERROR) are retryable ones.
   */
  async call(
    connectorId: string,
    operationId: string,
    input: JsonObject,
    options: { idempotencyKey: string; attempt: number; timeoutMs: number },
  ): Promise<ConnectorResult> {
    const operation = this.connectors.get(connectorId)?.operations[operationId];
    if (!operation) {
      return {
        ok: false,
        code: "UNKNOWN_OPERATION",
        retryable: false,
        message: `No operation ${connectorId}.${operationId}`,
      };
    }
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<ConnectorResult>((resolve) => {
      timer = setTimeout(() => {
        controller.abort();
        resolve({
          ok: false,
          code: "TIMEOUT",
          retryable: true,
          message: `No answer within ${options.timeoutMs} ms`,
        });
      }, options.timeoutMs);
    });
    try {
      return await Promise.race([operation.call(input, { ...options, signal: controller.signal }), timeout]);
    } catch (error: unknown) {
      return {
        ok: false,
        code: "CONNECTOR_ERROR",
        retryable: true,
        message: error instanceof Error ? error.message : String(error),
      };
    } finally {
      clearTimeout(timer);
    }
  }
}
