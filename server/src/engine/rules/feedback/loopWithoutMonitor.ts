import type { Rule } from '../rule';
import { monitoredNodeIds } from '../monitoring/monitors';
import { describeEntry, documentedEntries, loopStocks } from './documented';

/**
 * Only documented loops: an undocumented one is already reported by feedback/undocumented-loop,
 * whose fix (documenting it) asks for a monitor anyway.
 */
export const loopWithoutMonitor: Rule = {
  meta: {
    id: 'feedback/loop-without-monitor',
    category: 'feedback',
    severity: 'warning',
    description: 'A documented feedback loop with no monitor on any of its stocks.',
    fixable: false,
    sources: [
      'Sculley et al. 2015, "Hidden Technical Debt in Machine Learning Systems" (feedback loops; monitoring and testing)',
      'Breck et al. 2017, "The ML Test Score", Monitoring 4-7 (data invariants, prediction quality)',
      'AI Incident Database, Incident 149: Zillow Offers, https://incidentdatabase.ai/cite/149/',
    ],
  },
  check(ctx) {
    const monitored = monitoredNodeIds(ctx);
    for (const documented of documentedEntries(ctx.loops)) {
      if (documented.entry.monitor?.trim()) continue;
      const unwatched = documented.loops.filter((loop) => !loop.nodes.some((id) => monitored.has(id)));
      if (unwatched.length === 0) continue;
      const stocks = [...new Set(unwatched.flatMap((loop) => loopStocks(ctx, loop)))];
      ctx.report({
        at: documented.entry.range,
        message: `Documented ${describeEntry(documented)} has no monitor on any of its stocks (${stocks.map((id) => `\`${ctx.node(id)?.label ?? id}\``).join(', ')}), so a loop that starts to run away is only noticed once the model is already wrong. Add a \`monitor:\` to this loop entry, or a \`monitors:\` entry for one of its stocks (for example the label rate or the score distribution).`,
        related: stocks.flatMap((id) => {
          const source = ctx.node(id)?.source;
          return source ? [{ ...source, message: `\`${ctx.node(id)!.label}\` is on the loop and unmonitored` }] : [];
        }),
        nodes: stocks,
        loop: unwatched[0].id,
      });
    }
  },
};
