import type { Rule } from '../rule';
import { describe, isAirflowDatasetAt } from '../helpers';

export const duplicateProducer: Rule = {
  meta: {
    id: 'pipeline/duplicate-producer',
    category: 'pipeline',
    severity: 'warning',
    description: 'Two stages write the same artifact: whichever runs last silently wins.',
    fixable: false,
    sources: ['Sculley et al. 2015, "Hidden Technical Debt in Machine Learning Systems" (pipeline jungles)'],
  },
  check(ctx) {
    for (const node of ctx.graph.artifacts()) {
      if (node.dynamic) continue;
      // An Airflow Dataset in `outlets` is an update event, and several producers may send it.
      const writes = ctx.graph.incoming(node.id).filter((e) => e.kind === 'writes' && !e.possible && !isAirflowDatasetAt(ctx, e.source));
      const producers = writes.filter(
        (e, i) =>
          writes.findIndex((o) => o.from === e.from) === i &&
          !isStepOf(
            ctx,
            e.from,
            writes.map((w) => w.from),
          ),
      );
      if (producers.length < 2) continue;
      const [first, ...others] = producers;
      for (const other of others) {
        ctx.report({
          at: other.source!,
          message: `\`${node.label}\` is also written by ${describe(ctx.node(first.from))}; with two producers, whichever runs last wins — keep one producer and make the other read it.`,
          related: first.source ? [{ ...first.source, message: `first producer: ${describe(ctx.node(first.from))}` }] : [],
          nodes: [node.id, first.from, other.from],
        });
      }
    }
  },
};

/** A workflow job and the `python x.py` step inside it are one producer, not two. */
function isStepOf(ctx: Parameters<typeof duplicateProducer.check>[0], stage: string, producers: string[]): boolean {
  return ctx.graph.incoming(stage).some((e) => e.kind === 'after' && e.via === 'step' && producers.includes(e.from));
}
