// The connector SDK as the runtime uses it: a connector declares operations with their inputs and
// answers calls with a result that says whether a failure may be retried.
import type { JsonObject, JsonValue } from "@/engine";

export interface CallContext {
  /** Stable across attempts of one step execution: the receiving system deduplicates on it. */
  idempotencyKey: string;
  attempt: number;
  timeoutMs: number;
  signal: AbortSignal;
}

export type ConnectorResult =
  { ok: true; output: JsonValue } | { ok: false; code: string; retryable: boolean; message: string };

export interface ConnectorOperation {
  name: string;
  inputs: { name: string; required: boolean }[];
  call: (input: JsonObject, context: CallContext) => Promise<ConnectorResult>;
}

export interface Connector {
  id: string;
  name: string;
  operations: Record<string, ConnectorOperation>;
}
