// The connector SDK as the runtime uses it: a connector declares its id, version and operations; each
// operation declares zod schemas for its input and output, the error codes it may answer with (and
// whether each may be retried), and whether repeating a call with the same idempotency key is safe.
// Build them with defineConnector/defineOperation (sdk.ts), which derive the rest.
import type { z } from "zod";
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

/** An error an operation may answer with. */
export interface ErrorCodeSpec {
  code: string;
  retryable: boolean;
  description: string;
}

export interface ConnectorOperation {
  name: string;
  description: string;
  /** What the operation accepts; the registry checks every call against it. */
  input: z.ZodType<Record<string, unknown>>;
  /** What a successful call returns; the registry checks every answer against it. */
  output: z.ZodType;
  errors: ErrorCodeSpec[];
  /** Whether a repeated call with the same idempotency key has no further effect. */
  idempotent: boolean;
  /** The input fields, for the designer's mapping and the validator (derived from `input`). */
  inputs: { name: string; required: boolean }[];
  call: (input: JsonObject, context: CallContext) => Promise<ConnectorResult>;
}

export interface Connector {
  id: string;
  name: string;
  /** Semantic version of the connector's contract. */
  version: string;
  description: string;
  operations: Record<string, ConnectorOperation>;
}
