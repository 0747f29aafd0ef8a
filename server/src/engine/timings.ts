// How long each step of an analysis took, summed over runs: what `loopwise check --timing`
// prints (like ESLint's TIMING) and what the benchmark reads. `performance` is a global in
// Node and in browsers, so the engine stays host-free.

export class Timings {
  private readonly spent = new Map<string, number>();

  add(step: string, ms: number): void {
    this.spent.set(step, (this.spent.get(step) ?? 0) + ms);
  }

  time<T>(step: string, work: () => T): T {
    const start = performance.now();
    try {
      return work();
    } finally {
      this.add(step, performance.now() - start);
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
