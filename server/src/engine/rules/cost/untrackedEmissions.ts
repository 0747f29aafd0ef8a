import type { Rule } from '../rule';
import { describe, writesModel } from '../helpers';

/**
 * Once per workspace, and only with a system card: without one there is nowhere to declare
 * tracking, and a finding on every repository that trains anything would be noise.
 */
export const untrackedEmissions: Rule = {
  meta: {
    id: 'cost/untracked-emissions',
    category: 'cost',
    severity: 'info',
    description: 'Training stages exist but the system card declares no emissions (energy, CO2) tracking.',
    fixable: false,
    sources: [
      'Strubell et al. 2019, "Energy and Policy Considerations for Deep Learning in NLP" (ACL)',
      'Lacoste et al. 2019, "Quantifying the Carbon Emissions of Machine Learning"',
      'Patterson et al. 2021, "Carbon Emissions and Large Neural Network Training"',
    ],
  },
  check(ctx) {
    const card = ctx.card;
    if (!card || card.emissions?.tracked) return;
    const training = ctx.graph.stages().filter((n) => n.stage?.role === 'train');
    if (training.length === 0) return;
    const first = training.find((n) => writesModel(ctx.graph, n)) ?? training[0];
    const others = training.length > 1 ? ` and ${training.length - 1} other training stage(s)` : '';
    ctx.report({
      at: first.source!,
      message: `Training runs here (${describe(first)}${others}) but mlsystem.yaml declares no emissions tracking, so the energy and CO2 cost of each retrain is invisible when deciding how often to retrain. Measure it (for example with CodeCarbon or the cloud provider's carbon report) and declare \`emissions: {tracked: true, tool: codecarbon}\` in the card.`,
      related: card.emissions ? [{ ...card.emissions.range, message: 'emissions are declared untracked here' }] : [],
      nodes: training.map((n) => n.id),
    });
  },
};
