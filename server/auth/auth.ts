// Sign-in and sessions through better-auth with its Prisma adapter: e-mail and password only,
// no self sign-up (admins create people), httpOnly SameSite=Lax cookies (Secure over HTTPS),
// consecutive-failure throttling per account, and deactivated people refused.
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError, createAuthMiddleware } from "better-auth/api";
import type { Db } from "../db/client";
import type { DatabaseKind } from "../db/url";
import { appendAudit } from "../services/audit";
import { checkSignInThrottle, recordSignInFailure, recordSignInSuccess } from "../services/sign-in-throttle";

export interface AuthDeps {
  db: Db;
  kind: DatabaseKind;
  secret: string;
  /** The public URL of the app, e.g. http://127.0.0.1:3000. */
  baseURL: string;
  /** Consecutive failures before further tries are slowed down. */
  freeAttempts: number;
  now: () => Date;
}

const SIGN_IN_PATH = "/sign-in/email";

function emailFromBody(body: unknown): string | null {
  if (typeof body !== "object" || body === null || !("email" in body)) return null;
  const email = body.email;
  return typeof email === "string" && email.length > 0 ? email : null;
}

/** Builds the better-auth instance for one database. */
export function createAuth(deps: AuthDeps) {
  const { db } = deps;
  return betterAuth({
    appName: "Omniflow",
    secret: deps.secret,
    baseURL: deps.baseURL,
    basePath: "/api/auth",
    database: prismaAdapter(db, { provider: deps.kind === "postgres" ? "postgresql" : "sqlite" }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 10, maxPasswordLength: 128 },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    // Same-origin requests are trusted whatever host name the person used to reach the app.
    trustedOrigins: (request) => [deps.baseURL, request ? new URL(request.url).origin : undefined],
    rateLimit: {
      enabled: true,
      window: 60,
      max: 600,
      // Per-account throttling below is the real guard; this only caps floods from one address.
      customRules: { [SIGN_IN_PATH]: { window: 60, max: 120 } },
    },
    advanced: {
      cookiePrefix: "omniflow",
      useSecureCookies: deps.baseURL.startsWith("https://"),
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
    },
    telemetry: { enabled: false },
    // Failed sign-ins are expected traffic, not warnings; they are counted by the throttle.
    logger: { level: "error" },
    databaseHooks: {
      session: {
        create: {
          before: async (session) => {
            const user = await db.user.findUnique({
              where: { id: session.userId },
              select: { active: true },
            });
            if (!user?.active) {
              throw new APIError("FORBIDDEN", {
                message: "This account has been deactivated. Ask an administrator to reactivate it.",
              });
            }
          },
        },
      },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== SIGN_IN_PATH) return;
        const email = emailFromBody(ctx.body);
        if (!email) return;
        const check = await checkSignInThrottle(db, email, deps.now());
        if (!check.allowed) {
          throw new APIError("TOO_MANY_REQUESTS", {
            message: `Too many failed sign-in attempts. Try again in ${check.retryAfterSeconds} seconds.`,
            code: "SIGN_IN_THROTTLED",
          });
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== SIGN_IN_PATH) return;
        const email = emailFromBody(ctx.body);
        if (!email) return;
        const returned = ctx.context.returned;
        const ip = ctx.request?.headers.get("x-forwarded-for") ?? null;
        if (returned instanceof APIError) {
          if (returned.status === "UNAUTHORIZED") {
            await recordSignInFailure(db, email, deps.now(), deps.freeAttempts);
          }
          await appendAudit(
            db,
            {
              actorId: null,
              actorLabel: email,
              action: "auth.sign-in-failed",
              objectType: "session",
              summary: `Sign-in refused: ${returned.message}`,
              ip,
            },
            deps.now(),
          );
          return;
        }
        await recordSignInSuccess(db, email);
        const user = await db.user.findUnique({
          where: { email: email.toLowerCase() },
          select: { id: true, name: true },
        });
        await appendAudit(
          db,
          {
            actorId: user?.id ?? null,
            actorLabel: user?.name ?? email,
            action: "auth.signed-in",
            objectType: "session",
            summary: `${email} signed in`,
            ip,
          },
          deps.now(),
        );
      }),
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;
