import type { Rule, RuleContext } from '../rule';
import type { GraphEdge } from '../../model/graph';
import { pushTo } from '../../text/collections';
import { byWorkingFolder, describe, isAirflowDatasetAt, isRelativePath } from '../helpers';

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
  *check(ctx) {
    for (const node of ctx.graph.artifacts()) {
      if (ctx.pauseDue()) yield;
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
      if (producers.every((e) => ctx.node(e.from)?.format === KEDRO)) continue;
      for (const group of byProject(ctx, node.id, producers)) {
        const [first, ...others] = group;
        for (const other of others) {
          ctx.report({
            at: other.source!,
            message: `\`${node.label}\` is also written by ${describe(ctx.node(first.from))}; with two producers, whichever runs last wins — keep one producer and make the other read it.`,
            related: first.source ? [{ ...first.source, message: `first producer: ${describe(ctx.node(first.from))}` }] : [],
            nodes: [node.id, first.from, other.from],
          });
        }
      }
    }
  },
};

/** A path, URI, table or registry model is one thing wherever it is named. */
const SHARED_NAME = /^(path:|table:|model:|[a-z][a-z0-9+.-]*:\/\/)/;

/**
 * Producers that write one thing: all of them for a shared name, else those of one project —
 * two independent projects may each have a Kedro dataset or a named artifact called `model_input`.
 */
function byProject(ctx: RuleContext, key: string, producers: GraphEdge[]): GraphEdge[][] {
  if (isRelativePath(key)) return byWorkingFolder(producers);
  if (SHARED_NAME.test(key)) return [producers];
  const groups = new Map<string, GraphEdge[]>();
  for (const p of producers) pushTo(groups, p.source ? ctx.projectOf(p.source.file) : '', p);
  return [...groups.values()];
}

/** A workflow job and the `python x.py` step inside it are one producer, not two. */
function isStepOf(ctx: Parameters<typeof duplicateProducer.check>[0], stage: string, producers: string[]): boolean {
  return ctx.graph.incoming(stage).some((e) => e.kind === 'after' && e.via === 'step' && producers.includes(e.from));
}
