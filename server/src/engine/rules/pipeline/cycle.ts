import type { Rule } from '../rule';
import type { GraphEdge } from '../../model/graph';
import { findOrderCycles } from '../../model/loops';
import { describe } from '../helpers';

/**
 * Ordering edges (`needs`, `>>`, `dependencies`, sensors) that close a circle among stages:
 * no stage of the circle can start first. Unlike a feedback loop, no stock sits in it.
 */
export const cycle: Rule = {
  meta: {
    id: 'pipeline/cycle',
    category: 'pipeline',
    severity: 'error',
    description: 'Stages that wait for each other in a circle (an ordering cycle with no stock in it): none of them can start.',
    fixable: false,
    sources: ['Sculley et al. 2015, "Hidden Technical Debt in Machine Learning Systems" (pipeline jungles)'],
  },
  check(ctx) {
    for (const loop of findOrderCycles(ctx.graph).loops) {
      const edges = loop.edges.filter((e): e is GraphEdge => e !== undefined);
      const first = edges.find((e) => e.source);
      if (!first?.source) continue;
      const names = loop.nodes.map((id) => `\`${ctx.node(id)?.label ?? id}\``);
      ctx.report({
        at: first.source,
        message: `These stages wait for each other in a circle: ${[...names, names[0]].join(' → ')}; none of them can start, so the orchestrator rejects or stalls the pipeline — remove one of these dependencies.`,
        related: edges
          .filter((e) => e !== first && e.source)
          .map((e) => ({
            ...e.source!,
            message: `${describe(ctx.node(e.to))} runs after ${describe(ctx.node(e.from))}${e.via ? ` (${e.via})` : ''}`,
          })),
        nodes: loop.nodes,
      });
    }
  },
};
