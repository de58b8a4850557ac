// Reading the per-field messages the server attaches to a refused tRPC call (see server/trpc/init.ts).

/** Messages per input field, e.g. { key: ["A workflow with key \"x\" already exists"] }. */
export type FieldErrors = Record<string, string[] | undefined>;

/** The field errors of a failed mutation, or none when it failed for another reason. */
export function fieldErrorsOf(error: unknown): FieldErrors {
  if (typeof error !== "object" || error === null || !("data" in error)) return {};
  const data = (error as { data?: { fieldErrors?: FieldErrors | null } | null }).data;
  return data?.fieldErrors ?? {};
}
