// tRPC setup: the request-free context, the error formatter, and the procedure builders that check
// who is calling on every call (public, signed-in, and per role).
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";
import type { SessionUser } from "../auth/session";
import { systemRoles, type SystemRole } from "../auth/roles";
import type { JsonObject } from "@/engine";
import type { Db } from "../db/client";
import { appendAudit } from "../services/audit";
import { BusinessError } from "../services/errors";

export interface Context {
  db: Db;
  user: SessionUser | null;
  now: () => Date;
}

/**
 * Builds a context without an HTTP request: tests and scripts pass a database, a user (or null)
 * and, optionally, a clock.
 */
export function createContextInner(opts: { db: Db; user: SessionUser | null; now?: () => Date }): Context {
  return { db: opts.db, user: opts.user, now: opts.now ?? (() => new Date()) };
}

/** Field errors of a zod failure keyed by dotted path, e.g. { "name": ["Name is required"] }. */
export function zodFieldErrors(error: ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join(".") : "(input)";
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

/** A business error's field errors: its own map (e.g. start input), or its one field. */
function businessFieldErrors(error: BusinessError): Record<string, string[]> | null {
  if ("fieldErrors" in error && typeof error.fieldErrors === "object" && error.fieldErrors !== null) {
    const entries = Object.entries(error.fieldErrors as Record<string, string>);
    if (entries.length > 0) return Object.fromEntries(entries.map(([field, message]) => [field, [message]]));
  }
  return error.field ? { [error.field]: [error.message] } : null;
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const fieldErrors =
      cause instanceof ZodError
        ? zodFieldErrors(cause)
        : cause instanceof BusinessError
          ? businessFieldErrors(cause)
          : null;
    const message = fieldErrors
      ? Object.entries(fieldErrors)
          .map(([field, messages]) => `${field}: ${messages.join(", ")}`)
          .join("; ")
      : shape.message;
    // A refused publication carries every problem of the draft, for the editor to list.
    const problems =
      cause instanceof BusinessError && "problems" in cause && Array.isArray(cause.problems)
        ? (cause.problems as unknown[])
        : null;
    return { ...shape, message, data: { ...shape.data, fieldErrors, problems } };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

// Business errors thrown by services become 4xx responses with their message; anything else stays
// an INTERNAL_SERVER_ERROR (a bug), which the HTTP handler logs.
const mapBusinessErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof BusinessError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: cause.code, message: cause.message, cause });
  }
  return result;
});

/** Anyone, signed in or not. */
export const publicProcedure = t.procedure.use(mapBusinessErrors);

/** A signed-in, active person; UNAUTHORIZED otherwise. */
export const signedInProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

/** A signed-in person holding at least one of `roles`; FORBIDDEN otherwise. */
export function roleProcedure(...roles: [SystemRole, ...SystemRole[]]) {
  return signedInProcedure.use(({ ctx, next }) => {
    if (!roles.some((role) => ctx.user.roles.includes(role))) {
      throw new TRPCError({
        code: "FORBIDDEN",
        message: `This needs the ${roles.join(" or ")} role.`,
      });
    }
    return next();
  });
}

export const designerProcedure = roleProcedure("designer");
export const approverProcedure = roleProcedure("approver");
export const adminProcedure = roleProcedure("admin");
/** Read-only views: anyone holding any system role. */
export const viewerProcedure = roleProcedure(...systemRoles);

export const idSchema = z.string().min(1).max(100);

/** What an audited procedure records about one successful call. */
export interface AuditDescription {
  action: string;
  objectType: string;
  objectId?: string | null;
  summary: string;
  before?: JsonObject | null;
  after?: JsonObject | null;
}

/** Reads a string field from a procedure's input or result, for audit descriptions. */
export function auditField(value: unknown, key: string): string | null {
  if (typeof value !== "object" || value === null || !(key in value)) return null;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === "string" || typeof field === "number" ? String(field) : null;
}

/**
 * Appends an audit entry after a successful call, describing it from its input and result. Refused
 * or failed calls change nothing and are not recorded as changes.
 */
export function audited(describe: (input: unknown, result: unknown) => AuditDescription) {
  return t.middleware(async ({ ctx, next, getRawInput }) => {
    const result = await next();
    if (result.ok && ctx.user) {
      const entry = describe(await getRawInput(), result.data);
      await appendAudit(ctx.db, { actorId: ctx.user.id, actorLabel: ctx.user.name, ...entry }, ctx.now());
    }
    return result;
  });
}
