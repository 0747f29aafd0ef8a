// Stepwise computations: generators that pause (`yield`) between steps, so a host's event loop
// can answer requests and see newer edits. A caller that need not pause drains them.

/** Runs a stepwise computation to its end without pausing. */
export function drain<T>(steps: Generator<void, T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** How long a step runs before it pauses, at most, where it can choose. */
export const STEP_MS = 8;
