import type { Rule, RuleContext } from '../rule';
import type { GraphEdge } from '../../model/graph';
import { findOrderCyclesSteps } from '../../model/loops';
import { describe } from '../helpers';

/**
 * Ordering edges (`needs`, `>>`, `dependencies`, sensors) that close a circle among stages:
 * no stage of the circle can start first. Unlike a feedback loop, no stock sits in it.
 *
 * An error when the circle lies inside one pipeline of one file and no stage on it is dynamic:
 * the orchestrator itself rejects it (GitHub Actions, Airflow, Argo, KFP refuse a cyclic
 * graph). A circle through another pipeline (an ExternalTaskSensor, a TriggerDagRunOperator)
 * is a warning: no orchestrator checks it, and whether it stalls depends on which runs the
 * sensors wait for; so is one through a stage whose name or edges were only partly resolved.
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
  *check(ctx) {
    const { loops } = yield* findOrderCyclesSteps(ctx.graph);
    for (const loop of loops) {
      const edges = loop.edges.filter((e): e is GraphEdge => e !== undefined);
      const first = edges.find((e) => e.source);
      if (!first?.source) continue;
      const names = loop.nodes.map((id) => `\`${ctx.node(id)?.label ?? id}\``);
      const doubt = doubtOf(ctx, loop.nodes);
      const circle = [...names, names[0]].join(' → ');
      ctx.report({
        at: first.source,
        message: doubt
          ? `These stages may wait for each other in a circle: ${circle}; Loopwise assumed ${doubt}, and no orchestrator checks this circle for you, so the stages may stall each other — remove one of these dependencies.`
          : `These stages wait for each other in a circle: ${circle}; none of them can start, so the orchestrator rejects or stalls the pipeline — remove one of these dependencies.`,
        severity: doubt ? 'warning' : 'error',
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

/** Why the circle is not certain, or undefined when one pipeline's own graph states it. */
function doubtOf(ctx: RuleContext, ids: string[]): string | undefined {
  const stages = ids.map((id) => ctx.node(id)?.stage);
  if (stages.some((s) => !s)) return 'that the names it links stand for these stages';
  const pipelines = new Set(stages.map((s) => `${s!.range.file}\u0000${s!.pipeline}`));
  if (pipelines.size > 1)
    return `that the sensors and triggers between ${[...new Set(stages.map((s) => `\`${s!.pipeline}\``))].join(' and ')} wait for the same runs`;
  const dynamic = stages.find((s) => s!.dynamic);
  if (dynamic) return `how \`${dynamic.name}\` is created (its name or its dependencies are computed at run time)`;
  return undefined;
}
