// Awaiting a procedure call that must fail, for asserting its tRPC error.
import { TRPCError } from "@trpc/server";

/** The TRPCError a call failed with; throws when it succeeded or failed with something else. */
export async function trpcError(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}
