// The storage floor of bench:engine: every write request the runtime made of its store during the run
// is recorded in the order it was made, then replayed, in the same order, against a copy of the
// database as it was before the run, through a fresh store of the same kind, with nothing else running:
// no engine, no reads, no waiting between requests. What that replay reaches per second is what the
// database and the store's writer can do with this exact write set; the runtime cannot go faster.
import type { RuntimeStore } from "../../server/runtime/store";

type Mutation =
  "commit" | "commitMany" | "claimJobs" | "claimTimers" | "completeJob" | "deferJob" | "failJob" | "renewJob";

const mutations: readonly Mutation[] = [
  "commit",
  "commitMany",
  "claimJobs",
  "claimTimers",
  "completeJob",
  "deferJob",
  "failJob",
  "renewJob",
];

interface Recorded {
  method: Mutation;
  args: unknown[];
  /** Whether the call succeeded in the recorded run (set when it settled). */
  ok?: boolean;
}

export interface Recording {
  /** The store to hand to the runtime: the same store, with each write request recorded. */
  store: RuntimeStore;
  calls: Recorded[];
}

/** Wraps `store` so that every write request is recorded, in the order it was made. */
export function recordWrites(store: RuntimeStore): Recording {
  const calls: Recorded[] = [];
  const wrapped = Object.create(store) as RuntimeStore;
  for (const method of mutations) {
    const original = store[method].bind(store) as (...args: unknown[]) => Promise<unknown>;
    Object.defineProperty(wrapped, method, {
      value: (...args: unknown[]) => {
        const call: Recorded = { method, args };
        calls.push(call);
        return original(...args).then(
          (value) => {
            call.ok = true;
            return value;
          },
          (error: unknown) => {
            call.ok = false;
            throw error;
          },
        );
      },
    });
  }
  return { store: wrapped, calls };
}

export interface Replay {
  elapsedMs: number;
  /** Recorded commits that wrote a history event, i.e. transitions (as the benchmark counts them). */
  transitions: number;
  /** Calls whose outcome (success or failure) differed from the recorded run: 0 for a faithful replay. */
  mismatches: number;
}

/** Replays `calls` against `store` as fast as it takes them, in their recorded order. */
export async function replayWrites(store: RuntimeStore, calls: Recorded[]): Promise<Replay> {
  const started = performance.now();
  const outcomes = await Promise.all(
    calls.map((call) =>
      (store[call.method] as (...args: unknown[]) => Promise<unknown>)(...call.args).then(
        () => true,
        () => false,
      ),
    ),
  );
  const elapsedMs = performance.now() - started;
  let transitions = 0;
  let mismatches = 0;
  calls.forEach((call, index) => {
    if (outcomes[index] !== call.ok) mismatches += 1;
    if (call.method === "commit" && call.ok) {
      const writes = call.args[0] as { kind: string }[];
      if (writes.some((write) => write.kind === "event.insert")) transitions += 1;
    }
  });
  return { elapsedMs, transitions, mismatches };
}
