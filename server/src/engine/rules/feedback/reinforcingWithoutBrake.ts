import type { Rule, RuleContext } from '../rule';
import type { Loop } from '../../model/loops';
import { valuesOfStage } from '../helpers';
import { describeEntry, documentedEntries, hopLabel, loopExtent, loopStocks } from './documented';

// Settings on a loop's own stages that cap or break the amplification.
const BRAKE_SETTING =
  /explor|epsilon|circuit[_-]?breaker|kill[_-]?switch|random[_-]?(audit|sample)|audit[_-]?(rate|share|sample|fraction)|max[_-]?(flag|block|action)[_-]?rate/i;

/**
 * Only documented loops (undocumented ones are feedback/undocumented-loop's), and only those
 * whose computed polarity is R: a card that states `polarity: B` is taken at its word, since
 * the balancing influence may be one the card has not modelled under `influences:`.
 */
export const reinforcingWithoutBrake: Rule = {
  meta: {
    id: 'feedback/reinforcing-without-brake',
    category: 'feedback',
    severity: 'warning',
    description: 'A documented reinforcing (R) loop with no balancing loop, brake, circuit breaker or exploration declared.',
    fixable: false,
    sources: [
      'Sculley et al. 2015, "Hidden Technical Debt in Machine Learning Systems" (direct feedback loops; bandit exploration as mitigation)',
      'Meadows 2008, "Thinking in Systems" (reinforcing and balancing feedback loops)',
      'Ensign et al. 2018, "Runaway Feedback Loops in Predictive Policing" (FAT* 2018)',
      'AI Incident Database, Incident 54: Predictive Policing Biases of PredPol, https://incidentdatabase.ai/cite/54/',
    ],
  },
  check(ctx) {
    for (const documented of documentedEntries(ctx.loops)) {
      const { entry } = documented;
      if (entry.brake?.trim() || entry.polarity === 'B') continue;
      const runaway = documented.loops.filter((loop) => loop.polarity === 'R' && !balanced(ctx, loop) && !brakeSetting(ctx, loop));
      if (runaway.length === 0) continue;
      const first = runaway[0];
      ctx.report({
        at: entry.range,
        message: `Documented ${describeEntry(documented)} is reinforcing (${loopExtent(ctx, first)}) and nothing limits it: no brake in the card, no balancing loop on its stocks, no exploration or circuit-breaker setting on its stages. Add a \`brake:\` to this loop entry (a random audit sample, an exploration rate, a cap on the action rate, a circuit breaker), or model the balancing influence under \`influences:\`.`,
        related: first.edges.flatMap((e, i) =>
          e.source ? [{ ...e.source, message: `hop ${i + 1} of ${first.id}: ${hopLabel(ctx, e.from)} → ${hopLabel(ctx, e.to)}` }] : [],
        ),
        nodes: first.nodes,
        loop: first.id,
      });
    }
  },
};

/** A balancing loop sharing a stock pulls against this one. */
function balanced(ctx: RuleContext, loop: Loop): boolean {
  const stocks = new Set(loopStocks(ctx, loop));
  return ctx.loops.some((other) => other.polarity === 'B' && other.nodes.some((id) => stocks.has(id)));
}

function brakeSetting(ctx: RuleContext, loop: Loop): boolean {
  return [...new Set(loop.nodes)].some((stage) =>
    valuesOfStage(ctx, stage).some((v) => BRAKE_SETTING.test(v.key) && v.value !== false && v.value !== null && v.value !== 0),
  );
}
