import type { Rule } from '../rule';
import { describe } from '../helpers';

// Kedro refuses to build a pipeline in which two nodes return the same dataset (OutputNotUniqueError),
// so Kedro nodes that write one dataset belong to alternative pipelines that never run together.
const KEDRO = 'kedro-pipeline';

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
      const writes = ctx.graph.incoming(node.id).filter((e) => e.kind === 'writes' && !e.possible);
      const producers = writes.filter(
        (e, i) =>
          writes.findIndex((o) => o.from === e.from) === i &&
          !isStepOf(
            ctx,
            e.from,
            writes.map((w) => w.from),
          ),
      );
      if (producers.length < 2 || producers.every((e) => ctx.node(e.from)?.format === KEDRO)) continue;
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
