// The connector registry is the service catalog: it finds the operation for a call, checks the input
// and the answer against the operation's schemas, enforces the timeout, turns anything unexpected into
// a failure result (a thrown error is a retryable CONNECTOR_ERROR), and reports every call to its
// observers (call statistics).
import type { ConnectorCatalog, JsonObject } from "@/engine";
import type { Connector, ConnectorResult } from "./types";

/** One finished call, as observers see it. */
export interface CallObservation {
  connector: string;
  operation: string;
  ok: boolean;
  code: string | null;
  durationMs: number;
  at: Date;
}

function issuesText(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return error.issues
    .map((issue) =>
      issue.path.length > 0 ? `${issue.path.map(String).join(".")}: ${issue.message}` : issue.message,
    )
    .join("; ");
}

export class ConnectorRegistry {
  private readonly connectors = new Map<string, Connector>();
  private readonly observers = new Set<(call: CallObservation) => void>();

  constructor(connectors: Connector[] = []) {
    for (const connector of connectors) this.register(connector);
  }

  /** Adds or replaces a connector. */
  register(connector: Connector): void {
    this.connectors.set(connector.id, connector);
  }

  /** Removes a connector (its configuration was deleted). */
  remove(connectorId: string): void {
    this.connectors.delete(connectorId);
  }

  /** Every registered connector, in registration order. */
  list(): Connector[] {
    return [...this.connectors.values()];
  }

  /** Calls `observer` after every call; returns a function that stops it. */
  observe(observer: (call: CallObservation) => void): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
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
    const started = performance.now();
    const result = await this.callUnobserved(connectorId, operationId, input, options);
    const observation: CallObservation = {
      connector: connectorId,
      operation: operationId,
      ok: result.ok,
      code: result.ok ? null : result.code,
      durationMs: performance.now() - started,
      at: new Date(),
    };
    for (const observer of this.observers) observer(observation);
    return result;
  }

  private async callUnobserved(
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
    const parsed = operation.input.safeParse(input);
    if (!parsed.success) {
      return {
        ok: false,
        code: "INPUT_INVALID",
        retryable: false,
        message: `${connectorId}.${operationId} input: ${issuesText(parsed.error)}`,
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
      const result = await Promise.race([
        operation.call(parsed.data as JsonObject, { ...options, signal: controller.signal }),
        timeout,
      ]);
      if (result.ok) {
        const output = operation.output.safeParse(result.output);
        if (!output.success) {
          return {
            ok: false,
            code: "OUTPUT_INVALID",
            retryable: false,
            message: `${connectorId}.${operationId} answered with: ${issuesText(output.error)}`,
          };
        }
      }
      return result;
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
