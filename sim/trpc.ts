// The simulator's tRPC setup: its context (database, clock, randomness), typed simulator errors, the
// fault middleware every system's procedures pass through, and idempotent execution of mutations.
import { initTRPC, TRPCError } from "@trpc/server";
import {
  faultSettingsSchema,
  simBusinessCodes,
  type FaultSettings,
  type SimErrorCode,
  type SimSystem,
} from "./contract";
import type { SimDb } from "./db";

export interface SimContext {
  db: SimDb;
  now: () => Date;
  /** 0..1; decides which calls fail under an error rate. */
  random: () => number;
}

/** A failure with a simulator error code; transient ones (SIM_*) may be retried, the rest not. */
export class SimError extends Error {
  constructor(
    readonly code: SimErrorCode,
    message?: string,
  ) {
    super(
      message ?? (code in simBusinessCodes ? simBusinessCodes[code as keyof typeof simBusinessCodes] : code),
    );
    this.name = "SimError";
  }

  get retryable(): boolean {
    return this.code === "SIM_UNAVAILABLE" || this.code === "SIM_OUTAGE";
  }
}

const t = initTRPC.context<SimContext>().create({
  // Error answers never carry server stack traces.
  isDev: false,
  // Callers read the simulator's own code from `data.simCode` (null for input and internal errors).
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    return {
      ...shape,
      data: {
        ...shape.data,
        simCode: cause instanceof SimError ? cause.code : null,
        retryable: cause instanceof SimError ? cause.retryable : null,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** The HTTP-facing tRPC code for a simulator error: 503 transient, 404 unknown record, 409/422 business. */
function trpcCodeOf(error: SimError): TRPCError["code"] {
  if (error.retryable) return "SERVICE_UNAVAILABLE";
  if (error.code.startsWith("UNKNOWN_")) return "NOT_FOUND";
  if (error.code === "IDEMPOTENCY_KEY_REUSED") return "CONFLICT";
  return "UNPROCESSABLE_CONTENT";
}

// A SimError thrown by a resolver would otherwise be a 500; give it its proper status, keeping the cause.
const mapSimErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof SimError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: trpcCodeOf(cause), message: cause.message, cause });
  }
  return result;
});

/** Procedures without faults (fault control and administration). */
export const controlProcedure = t.procedure.use(mapSimErrors);

const noFaults: FaultSettings = { latencyMs: 0, errorRate: 0, outages: [] };

/** The fault settings of `system` (none when never set). */
export function readFaults(db: SimDb, system: SimSystem): FaultSettings {
  const row = db
    .prepare<[string], { latency_ms: number; error_rate: number; outages: string }>(
      "SELECT latency_ms, error_rate, outages FROM faults WHERE system = ?",
    )
    .get(system);
  if (!row) return noFaults;
  return faultSettingsSchema.parse({
    latencyMs: row.latency_ms,
    errorRate: row.error_rate,
    outages: JSON.parse(row.outages) as unknown,
  });
}

/** Stores the fault settings of `system`. */
export function writeFaults(db: SimDb, system: SimSystem, faults: FaultSettings): void {
  db.prepare(
    `INSERT INTO faults (system, latency_ms, error_rate, outages) VALUES (?, ?, ?, ?)
     ON CONFLICT(system) DO UPDATE SET latency_ms = excluded.latency_ms, error_rate = excluded.error_rate,
       outages = excluded.outages`,
  ).run(system, faults.latencyMs, faults.errorRate, JSON.stringify(faults.outages));
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Procedures of one simulated system: before the operation runs, the system's injected latency is
 * slept, then a call inside an outage window fails with SIM_OUTAGE and a share `errorRate` of the
 * rest with SIM_UNAVAILABLE — in both cases without any effect.
 */
export function systemProcedure(system: SimSystem) {
  return controlProcedure.use(async ({ ctx, next, signal }) => {
    const faults = readFaults(ctx.db, system);
    await sleep(faults.latencyMs, signal);
    const now = ctx.now().getTime();
    const outage = faults.outages.find(
      (window) => Date.parse(window.from) <= now && now < Date.parse(window.to),
    );
    if (outage) throw new SimError("SIM_OUTAGE", `${system} is down until ${outage.to}`);
    if (faults.errorRate > 0 && ctx.random() < faults.errorRate)
      throw new SimError("SIM_UNAVAILABLE", `${system} is briefly unavailable`);
    return next();
  });
}

/**
 * Runs a mutation at most once per (system, idempotency key): the first successful result is stored
 * in the same transaction as the effect and returned again for every repeat. A failed call stores
 * nothing (its transaction rolls back), so it may be retried with the same key. Reusing a key for
 * another procedure of the same system is refused with IDEMPOTENCY_KEY_REUSED.
 */
export function once<T>(ctx: SimContext, system: SimSystem, procedure: string, key: string, run: () => T): T {
  return ctx.db.transaction(() => {
    const seen = ctx.db
      .prepare<[string, string], { procedure: string; result: string }>(
        "SELECT procedure, result FROM idempotency WHERE system = ? AND key = ?",
      )
      .get(system, key);
    if (seen) {
      if (seen.procedure !== procedure)
        throw new SimError(
          "IDEMPOTENCY_KEY_REUSED",
          `Key "${key}" was already used for ${system}.${seen.procedure}`,
        );
      return JSON.parse(seen.result) as T;
    }
    const result = run();
    ctx.db
      .prepare("INSERT INTO idempotency (system, key, procedure, result, created_at) VALUES (?, ?, ?, ?, ?)")
      .run(system, key, procedure, JSON.stringify(result), ctx.now().toISOString());
    return result;
  })();
}

/** Rounds an amount to cents. */
export function cents(amount: number): number {
  return Math.round(amount * 100) / 100;
}
