// Business errors: expected failures a person must act on (a duplicate name, a missing record).
// Services return or throw these; the tRPC layer maps them to 4xx responses.

export type BusinessErrorCode =
  "CONFLICT" | "NOT_FOUND" | "PRECONDITION_FAILED" | "BAD_REQUEST" | "FORBIDDEN";

export class BusinessError extends Error {
  override name = "BusinessError";
  constructor(
    readonly code: BusinessErrorCode,
    message: string,
    /** The input field the error is about, when there is one. */
    readonly field?: string,
  ) {
    super(message);
  }
}
