import type { Rule, RuleContext } from '../rule';
import type { RelatedLocation } from '../../model/finding';
import type { GraphEdge } from '../../model/graph';
import type { Loop } from '../../model/loops';
import { isAirflowDatasetAt, sameRange } from '../helpers';
import { loopExtent } from './documented';
import { registryEvidence } from '../../sources/registry/stock';

/** One low-confidence hop: a stage reads `readName`, which only nearly matches the written `writtenName`. */
interface UncertainHop {
  edge: GraphEdge;
  readName: string;
  writtenName: string;
  writtenAt?: GraphEdge['source'];
  /** Why a registry entry may be the other stock (sources/registry). */
  evidence?: string;
}

/**
 * Loops that close only through a *possible* identity match (same stem, different name) are
 * not reported by feedback/undocumented-loop; they are reported here, at lower severity, so a
 * near-miss in naming never hides a real feedback loop.
 */
export const possibleHiddenLoop: Rule = {
  meta: {
    id: 'feedback/possible-hidden-loop',
    category: 'feedback',
    severity: 'info',
    description: 'A feedback loop that closes only if two nearly matching artifact names are the same stock.',
    fixable: false,
    sources: ['Sculley et al. 2015, "Hidden Technical Debt in Machine Learning Systems" (hidden feedback loops, undeclared consumers)'],
  },
  check(ctx) {
    for (const loop of ctx.loops) {
      if (!loop.possible || loop.documented) continue;
      const hops = uncertainHops(ctx, loop);
      if (hops.length === 0 || hops.some((h) => betweenAirflowDatasets(ctx, h))) continue;
      ctx.report({
        at: hops[0].edge.source!,
        message: `Possible ${loop.polarity === 'R' ? 'reinforcing' : 'balancing'} feedback loop ${loop.id} closes only if ${hops.map(sameStockQuestion).join(' and ')} (${loopExtent(ctx, loop)}; its hops are the related locations). If they are the same stock, use one name and document the loop under \`loops:\` in mlsystem.yaml; if not, rename one so the names no longer nearly match.`,
        related: relatedFor(ctx, loop, hops),
        nodes: loop.nodes,
        loop: loop.id,
      });
    }
  },
};

/** Airflow matches Datasets by exact URI: two near-matching Dataset URIs never close a loop. */
function betweenAirflowDatasets(ctx: RuleContext, hop: UncertainHop): boolean {
  return isAirflowDatasetAt(ctx, hop.edge.source) && isAirflowDatasetAt(ctx, hop.writtenAt);
}

function sameStockQuestion(hop: UncertainHop): string {
  const evidence = hop.evidence ? ` (${hop.evidence})` : '';
  return `\`${hop.readName}\` is the same as \`${hop.writtenName}\`${evidence}`;
}

function uncertainHops(ctx: RuleContext, loop: Loop): UncertainHop[] {
  return loop.edges
    .filter((e) => e.possible && e.source)
    .map((edge) => ({
      edge,
      readName: readNameAt(ctx, edge),
      writtenName: ctx.node(edge.from)?.label ?? edge.from,
      writtenAt: ctx.graph.incoming(edge.from).find((w) => w.kind === 'writes' && !w.possible)?.source,
      evidence: registryEvidenceOf(ctx, edge),
    }));
}

function registryEvidenceOf(ctx: RuleContext, possible: GraphEdge): string | undefined {
  const exact = ctx.graph
    .incoming(possible.to)
    .find((e) => e.kind === 'reads' && !e.possible && e.source && sameRange(e.source, possible.source!));
  return exact ? registryEvidence(exact.from, possible.from) : undefined;
}

/** The name the stage actually wrote down: the exact read made at the same place as the possible one. */
function readNameAt(ctx: RuleContext, possible: GraphEdge): string {
  const exact = ctx.graph
    .incoming(possible.to)
    .find((e) => e.kind === 'reads' && !e.possible && e.source && sameRange(e.source, possible.source!));
  return exact ? (ctx.node(exact.from)?.label ?? exact.from) : '?';
}

function relatedFor(ctx: RuleContext, loop: Loop, hops: UncertainHop[]): RelatedLocation[] {
  const writes = hops.flatMap((h) => (h.writtenAt ? [{ ...h.writtenAt, message: `\`${h.writtenName}\` is written here` }] : []));
  const reads = hops.slice(1).map((h) => ({ ...h.edge.source!, message: `\`${h.readName}\` is read here` }));
  const rest = loop.edges
    .filter((e) => e.source && !e.possible)
    .map((e) => ({ ...e.source!, message: `hop of ${loop.id}: ${ctx.node(e.from)?.label ?? e.from} → ${ctx.node(e.to)?.label ?? e.to}` }));
  return [...writes, ...reads, ...rest];
}
