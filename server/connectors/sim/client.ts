// What every simulator connector shares: the typed tRPC client of the simulated retail estate, the
// mapping of its errors to connector results, and an operation builder that declares those errors.
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import { z } from "zod";
import type { JsonValue } from "@/engine";
import { simBusinessCodes, type SimBusinessCode } from "@/sim/contract";
import type { SimRouter } from "@/sim/router";
import { defineOperation } from "../sdk";
import type { CallContext, ConnectorOperation, ConnectorResult, ErrorCodeSpec } from "../types";

/** Where the simulator listens unless SIM_URL says otherwise. */
export const DEFAULT_SIM_URL = "http://127.0.0.1:4010";

export type SimClient = ReturnType<typeof createSimClient>;

/** A typed client of the simulator at `url` (SIM_URL, or the default). */
export function createSimClient(url: string = process.env.SIM_URL || DEFAULT_SIM_URL) {
  return createTRPCClient<SimRouter>({ links: [httpLink({ url })] });
}

/** Failures after which the same call, with the same idempotency key, may succeed. */
export const simTransientErrors: ErrorCodeSpec[] = [
  {
    code: "SIM_UNAVAILABLE",
    retryable: true,
    description: "The system failed transiently; nothing happened",
  },
  { code: "SIM_OUTAGE", retryable: true, description: "The system is in an outage window; nothing happened" },
  {
    code: "SIM_UNREACHABLE",
    retryable: true,
    description: "The system could not be reached or answered with a server error",
  },
];

/** The declared spec of a business error (permanent: repeating the call will not help). */
export function businessError(code: SimBusinessCode): ErrorCodeSpec {
  return { code, retryable: false, description: simBusinessCodes[code] };
}

const errorDataSchema = z.looseObject({
  simCode: z.string().nullish(),
  code: z.string().optional(),
  httpStatus: z.number().optional(),
});

/**
 * The connector failure for anything a simulator call threw: the simulator's own code when it gave
 * one (SIM_* retryable, business codes not), SIM_UNREACHABLE (retryable) for network failures and
 * server errors, INPUT_INVALID when the simulator refused the input, SIM_REJECTED for other refusals.
 */
export function simFailure(error: unknown): Extract<ConnectorResult, { ok: false }> {
  const message = error instanceof Error ? error.message : String(error);
  if (!(error instanceof TRPCClientError)) {
    return { ok: false, code: "SIM_UNREACHABLE", retryable: true, message };
  }
  const data = errorDataSchema.safeParse(error.data);
  if (!data.success) {
    // No tRPC error body: the request never got an answer from the simulator (refused, reset, aborted).
    return { ok: false, code: "SIM_UNREACHABLE", retryable: true, message };
  }
  const { simCode, code, httpStatus } = data.data;
  if (simCode === "SIM_UNAVAILABLE" || simCode === "SIM_OUTAGE") {
    return { ok: false, code: simCode, retryable: true, message };
  }
  if (simCode && simCode in simBusinessCodes) return { ok: false, code: simCode, retryable: false, message };
  if (code === "BAD_REQUEST") return { ok: false, code: "INPUT_INVALID", retryable: false, message };
  if (httpStatus === undefined || httpStatus >= 500) {
    return { ok: false, code: "SIM_UNREACHABLE", retryable: true, message };
  }
  return { ok: false, code: "SIM_REJECTED", retryable: false, message };
}

/** The spec of one simulator operation. */
export interface SimOperationSpec<Input extends z.ZodObject> {
  name: string;
  description: string;
  input: Input;
  output: z.ZodType;
  /** Business errors the operation may answer with. */
  errors: SimBusinessCode[];
  /** Whether the operation changes anything (it then carries the engine's idempotency key). */
  mutation: boolean;
  call: (client: SimClient, input: z.output<Input>, context: CallContext) => Promise<unknown>;
}

/**
 * A connector operation calling the simulator. Every operation is idempotent: queries change
 * nothing, and mutations pass the engine's idempotency key, which the simulator deduplicates on.
 */
export function simOperation<Input extends z.ZodObject>(
  client: SimClient,
  spec: SimOperationSpec<Input>,
): ConnectorOperation {
  const errors = [
    ...simTransientErrors,
    ...spec.errors.map(businessError),
    ...(spec.mutation ? [businessError("IDEMPOTENCY_KEY_REUSED")] : []),
    {
      code: "SIM_REJECTED",
      retryable: false,
      description: "The system refused the call for another reason",
    },
  ];
  return defineOperation({
    name: spec.name,
    description: spec.description,
    input: spec.input,
    output: spec.output,
    errors,
    idempotent: true,
    call: async (input, context): Promise<ConnectorResult> => {
      try {
        const output = await spec.call(client, input, context);
        return { ok: true, output: output as JsonValue };
      } catch (error: unknown) {
        return simFailure(error);
      }
    },
  });
}
