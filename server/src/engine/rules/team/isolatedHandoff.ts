import type { Rule, RuleContext } from '../rule';
import type { GraphEdge, GraphNode } from '../../model/graph';
import { resolveCardName } from '../../model/build';
import { describe } from '../helpers';

interface Handoff {
  artifact: GraphNode;
  producer: GraphNode;
  consumer: GraphNode;
  write: GraphEdge;
  read: GraphEdge;
}

/**
 * Only hand-offs between two files of one format (DVC to DVC, Airflow to Airflow): data passing
 * between two orchestrators is pipeline/cross-orchestrator-handoff's, and one gap is reported once.
 */
export const isolatedHandoff: Rule = {
  meta: {
    id: 'team/isolated-handoff',
    category: 'team',
    severity: 'warning',
    description: 'An artifact produced by one team and consumed by another, with no contract and no shared owner.',
    fixable: false,
    sources: [
      'Sambasivan et al. 2021, "Everyone wants to do the model work, not the data work: Data Cascades in High-Stakes AI" (upstream/downstream data cascades)',
      'Sculley et al. 2015, "Hidden Technical Debt in Machine Learning Systems" (unstable data dependencies)',
    ],
  },
  *check(ctx) {
    for (const artifact of ctx.graph.artifacts()) {
      if (ctx.pauseDue()) yield;
      if (artifact.artifactKind === 'code' || covered(ctx, artifact)) continue;
      const handoff = firstHandoff(ctx, artifact);
      if (!handoff) continue;
      const { producer, consumer, write, read } = handoff;
      ctx.report({
        at: read.source!,
        message: `\`${artifact.label}\` is produced by team ${teamOf(producer)} (${describe(producer)}) and read by team ${teamOf(consumer)} (${describe(consumer)}) with no contract or shared owner, so a change of schema or meaning on one side silently breaks the other. Declare it under \`contracts:\` in mlsystem.yaml (artifact, producer, consumer, schema), or give the artifact one owner under \`owners:\`.`,
        related: write.source ? [{ ...write.source, message: `written here by ${teamOf(producer)}` }] : [],
        nodes: [artifact.id, producer.id, consumer.id],
      });
    }
  },
};

/**
 * The card team, else a CODEOWNERS-style handle. Other owner strings (a Feast `team` tag, an
 * Airflow `owner`) are another vocabulary: comparing them with handles would invent hand-offs.
 */
export function teamOf(node: GraphNode): string | undefined {
  if (node.team) return node.team;
  return node.owner && /@/.test(node.owner) ? node.owner : undefined;
}

function firstHandoff(ctx: RuleContext, artifact: GraphNode): Handoff | undefined {
  const writes = ctx.graph.incoming(artifact.id).filter((e) => e.kind === 'writes' && !e.possible && e.source);
  const reads = ctx.graph.outgoing(artifact.id).filter((e) => e.kind === 'reads' && !e.possible && e.source);
  for (const read of reads) {
    const consumer = ctx.node(read.to)!;
    for (const write of writes) {
      const producer = ctx.node(write.from)!;
      const from = teamOf(producer);
      const to = teamOf(consumer);
      if (from && to && from !== to && sameFormatOtherFile(producer, consumer)) return { artifact, producer, consumer, write, read };
    }
  }
  return undefined;
}

/** One file is edited by one team; a hand-off between orchestrators is another rule's. */
function sameFormatOtherFile(producer: GraphNode, consumer: GraphNode): boolean {
  return producer.format === consumer.format && producer.source?.file !== consumer.source?.file;
}

/** A card contract for the artifact, an external declaration with a contract, or an explicit owner entry. */
function covered(ctx: RuleContext, artifact: GraphNode): boolean {
  const card = ctx.card;
  if (!card) return false;
  const names = (name: string | undefined) => !!name && resolveCardName(ctx.graph, name, false).some((n) => n.id === artifact.id);
  return (
    card.contracts.some((c) => names(c.artifact)) ||
    card.external.some((e) => !!e.contract && names(e.name)) ||
    card.owners.some((o) => names(o.node))
  );
}
