// An in-process fake external system for tests and benchmarks: configurable latency and transient
// failure rate, and exactly-once effects deduplicated by idempotency key (as a real ERP would).
import Database from "better-sqlite3";
import type { JsonObject, JsonValue } from "@/engine";
import { z } from "zod";
import { defineConnector, defineOperation } from "./sdk";
import type { Connector } from "./types";

/** Where the fake system keeps the effects it has carried out, keyed by idempotency key. */
export interface EffectStore {
  /** The stored output for a key, or undefined if the effect has not happened yet. */
  get(key: string): JsonValue | undefined;
  /** Records an effect; returns the output that is stored for the key (the first one wins). */
  put(key: string, output: JsonValue): JsonValue;
  /** How many effects were carried out, and how many calls were deduplicated. */
  stats(): { effects: number; duplicates: number };
}

/** Effects kept in memory (one process). */
export function memoryEffectStore(): EffectStore {
  const effects = new Map<string, JsonValue>();
  let duplicates = 0;
  return {
    get: (key) => {
      const value = effects.get(key);
      if (value !== undefined) duplicates += 1;
      return value;
    },
    put: (key, output) => {
      if (!effects.has(key)) effects.set(key, output);
      return effects.get(key)!;
    },
    stats: () => ({ effects: effects.size, duplicates }),
  };
}

/** Effects kept in a SQLite file, so they survive a killed worker (the crash test's "other system"). */
export function sqliteEffectStore(file: string): EffectStore & { close(): void } {
  const db = new Database(file, { timeout: 10_000 });
  db.pragma("journal_mode = WAL");
  db.exec(
    `CREATE TABLE IF NOT EXISTS effects (key TEXT PRIMARY KEY, output TEXT NOT NULL, calls INTEGER NOT NULL DEFAULT 1)`,
  );
  const select = db.prepare<[string], { output: string }>("SELECT output FROM effects WHERE key = ?");
  const bump = db.prepare("UPDATE effects SET calls = calls + 1 WHERE key = ?");
  const insert = db.prepare(
    "INSERT INTO effects (key, output) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET calls = calls + 1",
  );
  return {
    get: (key) => {
      const row = select.get(key);
      if (!row) return undefined;
      bump.run(key);
      return JSON.parse(row.output) as JsonValue;
    },
    put: (key, output) => {
      insert.run(key, JSON.stringify(output));
      return JSON.parse(select.get(key)!.output) as JsonValue;
    },
    stats: () => {
      const row = db
        .prepare("SELECT COUNT(*) AS effects, COALESCE(SUM(calls - 1), 0) AS duplicates FROM effects")
        .get() as {
        effects: number;
        duplicates: number;
      };
      return row;
    },
    close: () => db.close(),
  };
}

export interface FakeOptions {
  id?: string;
  latencyMs?: number;
  /** Share of calls that fail with a retryable UNAVAILABLE before doing anything. */
  failureRate?: number;
  /** Randomness source (0..1); inject a seeded one for repeatable runs. */
  random?: () => number;
  store?: EffectStore;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * A fake "system" connector with two operations: `record` (an effect that must happen once per
 * idempotency key) and `reverse` (its compensation). Latency and failures are configurable.
 */
export function createFakeConnector(options: FakeOptions = {}): Connector & { store: EffectStore } {
  const store = options.store ?? memoryEffectStore();
  const random = options.random ?? Math.random;
  const run = async (
    kind: string,
    input: JsonObject,
    context: { idempotencyKey: string; signal: AbortSignal },
  ) => {
    await sleep(options.latencyMs ?? 0, context.signal);
    if (random() < (options.failureRate ?? 0)) {
      return {
        ok: false as const,
        code: "UNAVAILABLE",
        retryable: true,
        message: "The fake system is briefly unavailable",
      };
    }
    const key = `${kind}:${context.idempotencyKey}`;
    const existing = store.get(key);
    if (existing !== undefined) return { ok: true as const, output: existing };
    const output = store.put(key, { ref: key, input });
    return { ok: true as const, output };
  };
  const effect = z.object({ ref: z.string(), input: z.record(z.string(), z.json()) });
  const errors = [
    { code: "UNAVAILABLE", retryable: true, description: "The fake system is briefly unavailable" },
  ];
  return {
    ...defineConnector({
      id: options.id ?? "fake",
      name: "Fake system",
      version: "1.0.0",
      description: "An in-process stand-in for an external system, with configurable latency and failures.",
      operations: {
        record: defineOperation({
          name: "Record an effect",
          description: "Records an effect once per idempotency key and returns its reference.",
          input: z.looseObject({ key: z.json().refine((value) => value !== null, "key is required") }),
          output: effect,
          errors,
          idempotent: true,
          call: (input, context) => run("record", input as JsonObject, context),
        }),
        reverse: defineOperation({
          name: "Reverse an effect",
          description: "Compensates a recorded effect.",
          input: z.looseObject({ ref: z.json().refine((value) => value !== null, "ref is required") }),
          output: effect,
          errors,
          idempotent: true,
          call: (input, context) => run("reverse", input as JsonObject, context),
        }),
      },
    }),
    store,
  };
}
