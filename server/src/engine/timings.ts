// How long each step of an analysis took, summed over runs: what `loopwise check --timing`
// prints (like ESLint's TIMING) and what the benchmark reads.

/**
 * Milliseconds from a monotonic clock: `performance.now()`, a Web API that Node and browsers
 * both have (the engine is compiled without their type declarations, so it is named here).
 */
export function now(): number {
  return (globalThis as unknown as { performance: { now(): number } }).performance.now();
}

export class Timings {
  private readonly spent = new Map<string, number>();

  add(step: string, ms: number): void {
    this.spent.set(step, (this.spent.get(step) ?? 0) + ms);
  }

  time<T>(step: string, work: () => T): T {
    const start = now();
    try {
      return work();
    } finally {
      this.add(step, now() - start);
    }
  }

  /** A stepwise computation, counting the time in its steps, not in the pauses between them. */
  *steps<T>(step: string, steps: Generator<void, T>): Generator<void, T> {
    for (;;) {
      const next = this.time(step, () => steps.next());
      if (next.done) return next.value;
      yield;
    }
  }

  get(step: string): number {
    return this.spent.get(step) ?? 0;
  }

  /** Steps in the order they were first recorded. */
  entries(): Array<[string, number]> {
    return [...this.spent];
  }
}
