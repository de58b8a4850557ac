// Call statistics for the service catalog: the registry reports every call, this recorder keeps them
// in memory and writes them in batches (one insert every couple of seconds, not one per call, so the
// worker's hot path pays nothing), and `operationStats` summarises them per operation.
import type { Db } from "../db/client";
import type { CallObservation, ConnectorRegistry } from "./registry";

export class CallStatsRecorder {
  private buffer: CallObservation[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private readonly unobserve: () => void;

  constructor(
    private readonly db: Db,
    registry: ConnectorRegistry,
    private readonly options: { flushEveryMs?: number; maxBuffer?: number } = {},
  ) {
    this.unobserve = registry.observe((call) => this.record(call));
  }

  /** Starts writing on an interval. */
  start(): this {
    this.timer ??= setInterval(() => void this.flush(), this.options.flushEveryMs ?? 2000);
    this.timer.unref();
    return this;
  }

  private record(call: CallObservation): void {
    this.buffer.push(call);
    // A burst does not grow memory without bound: past the cap, write now.
    if (this.buffer.length >= (this.options.maxBuffer ?? 5000)) void this.flush();
  }

  /** Writes what has been recorded so far. A failed write is logged and its calls are dropped. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      const batch = this.buffer;
      this.buffer = [];
      if (batch.length === 0) return;
      try {
        await this.db.connectorCall.createMany({
          data: batch.map((call) => ({
            connector: call.connector,
            operation: call.operation,
            ok: call.ok,
            code: call.code,
            durationMs: call.durationMs,
            at: call.at,
          })),
        });
      } catch (error: unknown) {
        console.error(
          JSON.stringify({
            level: "error",
            msg: "could not write connector call statistics",
            calls: batch.length,
            error: error instanceof Error ? error.message : String(error),
          }),
        );
      }
    });
    return this.flushing;
  }

  /** Stops observing and writes what is left. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.unobserve();
    await this.flush();
  }
}

export interface OperationStats {
  connector: string;
  operation: string;
  calls: number;
  errors: number;
  errorRate: number;
  p95Ms: number | null;
}

/** Count, error rate and p95 latency per operation for calls since `since`. */
export async function operationStats(db: Db, since: Date): Promise<OperationStats[]> {
  const groups = await db.connectorCall.groupBy({
    by: ["connector", "operation", "ok"],
    where: { at: { gte: since } },
    _count: { _all: true },
  });
  const byOperation = new Map<
    string,
    { connector: string; operation: string; calls: number; errors: number }
  >();
  for (const group of groups) {
    const key = `${group.connector}.${group.operation}`;
    const entry = byOperation.get(key) ?? {
      connector: group.connector,
      operation: group.operation,
      calls: 0,
      errors: 0,
    };
    entry.calls += group._count._all;
    if (!group.ok) entry.errors += group._count._all;
    byOperation.set(key, entry);
  }
  const result: OperationStats[] = [];
  for (const entry of byOperation.values()) {
    // The nearest-rank p95: the value below which 95% of the calls fall.
    const rank = Math.max(0, Math.ceil(0.95 * entry.calls) - 1);
    const at = await db.connectorCall.findFirst({
      where: { connector: entry.connector, operation: entry.operation, at: { gte: since } },
      orderBy: [{ durationMs: "asc" }, { id: "asc" }],
      skip: rank,
      select: { durationMs: true },
    });
    result.push({
      ...entry,
      errorRate: entry.calls === 0 ? 0 : entry.errors / entry.calls,
      p95Ms: at ? Math.round(at.durationMs * 10) / 10 : null,
    });
  }
  return result;
}
