// Building connectors: defineOperation derives the input field list from the zod input schema, and
// defineConnector fills in defaults. Errors every operation may answer with (timeouts, crashes, bad
// input or output) are added by the registry and listed here for the catalog.
import { z } from "zod";
import type { CallContext, Connector, ConnectorOperation, ConnectorResult, ErrorCodeSpec } from "./types";

/** Errors the registry itself answers with, for any operation. */
export const builtInErrors: ErrorCodeSpec[] = [
  { code: "TIMEOUT", retryable: true, description: "No answer within the step's timeout" },
  {
    code: "CONNECTOR_ERROR",
    retryable: true,
    description: "The connector failed unexpectedly (network, crash)",
  },
  { code: "INPUT_INVALID", retryable: false, description: "The input does not match the operation's schema" },
  {
    code: "OUTPUT_INVALID",
    retryable: false,
    description: "The answer does not match the operation's schema",
  },
  { code: "UNKNOWN_OPERATION", retryable: false, description: "No such connector or operation" },
];

/** The top-level fields of an object schema, and whether each must be given. */
export function fieldsOf(schema: z.ZodType): { name: string; required: boolean }[] {
  if (!(schema instanceof z.ZodObject)) return [];
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => ({
    name,
    required: !field.safeParse(undefined).success,
  }));
}

export interface OperationSpec<Input extends z.ZodType<Record<string, unknown>>> {
  name: string;
  description?: string;
  input: Input;
  output: z.ZodType;
  errors?: ErrorCodeSpec[];
  idempotent: boolean;
  call: (input: z.output<Input>, context: CallContext) => Promise<ConnectorResult>;
}

/** An operation from its spec; `call` receives the input as parsed by the schema. */
export function defineOperation<Input extends z.ZodType<Record<string, unknown>>>(
  spec: OperationSpec<Input>,
): ConnectorOperation {
  return {
    name: spec.name,
    description: spec.description ?? "",
    input: spec.input,
    output: spec.output,
    errors: spec.errors ?? [],
    idempotent: spec.idempotent,
    inputs: fieldsOf(spec.input),
    call: (input, context) => spec.call(input as z.output<Input>, context),
  };
}

/** A connector with its operations. */
export function defineConnector(spec: {
  id: string;
  name: string;
  version: string;
  description?: string;
  operations: Record<string, ConnectorOperation>;
}): Connector {
  if (!/^\d+\.\d+\.\d+$/.test(spec.version))
    throw new Error(`Connector ${spec.id}: version "${spec.version}" is not MAJOR.MINOR.PATCH`);
  return { ...spec, description: spec.description ?? "" };
}
