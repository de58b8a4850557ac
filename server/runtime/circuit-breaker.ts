// A circuit breaker per connector: after repeated transient failures it stops calling the system for
// a cool-down, then lets one probe through; a successful probe closes it again.

export interface BreakerOptions {
  /** Consecutive transient failures that open the circuit. */
  threshold: number;
  /** First cool-down; it doubles on every failed probe up to maxCooldownMs. */
  cooldownMs: number;
  maxCooldownMs: number;
}

type CircuitState =
  | { state: "closed"; failures: number }
  | { state: "open"; until: number; cooldownMs: number }
  | { state: "half-open"; cooldownMs: number; probing: boolean };

export const defaultBreakerOptions: BreakerOptions = {
  threshold: 5,
  cooldownMs: 5_000,
  maxCooldownMs: 120_000,
};

export class CircuitBreakers {
  private readonly circuits = new Map<string, CircuitState>();

  constructor(
    private readonly options: BreakerOptions = defaultBreakerOptions,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /**
   * Whether a call to `connector` may go out now. While open, returns the time to try again; once
   * the cool-down is over exactly one probe is allowed until its result is recorded.
   */
  acquire(connector: string): { allowed: true } | { allowed: false; retryAt: number } {
    const circuit = this.circuits.get(connector) ?? { state: "closed", failures: 0 };
    if (circuit.state === "closed") return { allowed: true };
    if (circuit.state === "open") {
      if (this.now() < circuit.until) return { allowed: false, retryAt: circuit.until };
      this.circuits.set(connector, { state: "half-open", cooldownMs: circuit.cooldownMs, probing: true });
      return { allowed: true };
    }
    if (circuit.probing) return { allowed: false, retryAt: this.now() + 250 };
    circuit.probing = true;
    return { allowed: true };
  }

  /** Records the outcome of a call: `transientFailure` counts towards opening the circuit. */
  record(connector: string, transientFailure: boolean): void {
    const circuit = this.circuits.get(connector) ?? { state: "closed", failures: 0 };
    if (!transientFailure) {
      this.circuits.set(connector, { state: "closed", failures: 0 });
      return;
    }
    if (circuit.state === "half-open") {
      const cooldownMs = Math.min(circuit.cooldownMs * 2, this.options.maxCooldownMs);
      this.circuits.set(connector, { state: "open", until: this.now() + cooldownMs, cooldownMs });
      return;
    }
    const failures = circuit.state === "closed" ? circuit.failures + 1 : this.options.threshold;
    if (failures >= this.options.threshold) {
      this.circuits.set(connector, {
        state: "open",
        until: this.now() + this.options.cooldownMs,
        cooldownMs: this.options.cooldownMs,
      });
    } else {
      this.circuits.set(connector, { state: "closed", failures });
    }
  }

  /** The circuit's state, for monitoring and tests. */
  stateOf(connector: string): CircuitState["state"] {
    return this.circuits.get(connector)?.state ?? "closed";
  }
}
