import type { Rule, RuleContext } from '../rule';
import type { GraphNode } from '../../model/graph';
import { describeEntry, documentedEntries } from '../feedback/documented';
import { teamOf } from '../team/isolatedHandoff';

/**
 * Only documented loops: the card entry is where a single owner is named (`owner:`), and an
 * undocumented loop is already reported by feedback/undocumented-loop.
 */
export const loopSpansTeams: Rule = {
  meta: {
    id: 'ownership/loop-spans-teams',
    category: 'ownership',
    severity: 'warning',
    description: 'A documented feedback loop whose stages and stocks belong to several teams, with no single owner for the loop.',
    fixable: false,
    sources: [
      'Sculley et al. 2015, "Hidden Technical Debt in Machine Learning Systems" (hidden feedback loops across systems; lack of clear ownership)',
      'Sambasivan et al. 2021, "Everyone wants to do the model work, not the data work: Data Cascades in High-Stakes AI"',
    ],
  },
  check(ctx) {
    for (const documented of documentedEntries(ctx.loops)) {
      if (documented.entry.owner?.trim()) continue;
      const teams = teamsOn(
        ctx,
        documented.loops.flatMap((l) => l.nodes),
      );
      if (teams.size < 2) continue;
      const names = [...teams.keys()];
      ctx.report({
        at: documented.entry.range,
        message: `Documented ${describeEntry(documented)} crosses ${names.length} teams (${names.join(', ')}) but names no owner, so when it misbehaves each team can assume another one is watching it. Set \`owner:\` on this loop entry to the one team accountable for the whole loop.`,
        related: [...teams.entries()].flatMap(([team, node]) =>
          node.source ? [{ ...node.source, message: `${team} owns \`${node.label}\` on this loop` }] : [],
        ),
        nodes: documented.loops[0].nodes,
        loop: documented.loops[0].id,
      });
    }
  },
};

/** Team (or, without a card team, the CODEOWNERS handle) -> the first node of the loop it owns. */
function teamsOn(ctx: RuleContext, ids: string[]): Map<string, GraphNode> {
  const teams = new Map<string, GraphNode>();
  for (const id of ids) {
    const node = ctx.node(id);
    const team = node && node.kind !== 'world' ? teamOf(node) : undefined;
    if (node && team && !teams.has(team)) teams.set(team, node);
  }
  return teams;
}
