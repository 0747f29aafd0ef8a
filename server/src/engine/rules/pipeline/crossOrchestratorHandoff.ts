import type { Rule, RuleContext } from '../rule';
import type { Format } from '../../model/facts';
import type { GraphEdge, GraphNode } from '../../model/graph';
import { resolveCardName } from '../../model/build';
import { describe } from '../helpers';
import { formatInfo } from '../../sources/formats';

// A job that runs `dvc repro`/`dvc pull` hosts DVC: what it reads from DVC stages is DVC's own hand-off, pinned by dvc.lock.
const RUNS_DVC = /\bdvc\s+(repro|pull|push|fetch|checkout|exp|run)\b/;
// Feature views are declared with their schema, and Feast checks sources against it: the definition is the contract.
const CONTRACTED_SCHEME = /^feature-view:/;

/**
 * Data written by a stage of one orchestrator and read by a stage of another (Airflow -> DVC,
 * GitHub Actions -> KServe) with no contract: no card `contracts:` entry for the artifact, and
 * not an external input declared with a `contract`. Reported once per artifact, at the first
 * such read, with the writes as related locations. Hand-offs of code files, of Feast feature
 * views, and between a CI job and the DVC pipeline it runs are not hand-offs between teams' systems.
 */
export const crossOrchestratorHandoff: Rule = {
  meta: {
    id: 'pipeline/cross-orchestrator-handoff',
    category: 'pipeline',
    severity: 'warning',
    description: 'Data passes between two orchestrators (e.g. Airflow -> DVC, GitHub Actions -> KServe) with no declared contract.',
    fixable: false,
    sources: [
      'Sculley et al. 2015, "Hidden Technical Debt in Machine Learning Systems" (unstable data dependencies, pipeline jungles)',
      'Sambasivan et al. 2021, "Data Cascades in High-Stakes AI" (cascades across team and system boundaries)',
    ],
  },
  *check(ctx) {
    const contracted = contractedArtifacts(ctx);
    const hosts = dvcHosts(ctx);
    const orchestrators = (node: GraphNode) => orchestratorsOf(node, hosts);
    for (const artifact of ctx.graph.artifacts()) {
      if (ctx.pauseDue()) yield;
      if (artifact.artifactKind === 'code' || artifact.dynamic || contracted.has(artifact.id) || CONTRACTED_SCHEME.test(artifact.id))
        continue;
      const writes = ctx.graph.incoming(artifact.id).filter((e) => e.kind === 'writes' && !e.possible);
      const reads = ctx.graph.outgoing(artifact.id).filter((e) => e.kind === 'reads' && !e.possible);
      const crossings = reads.flatMap((read) => {
        const reader = ctx.node(read.to);
        const writers = writes.filter((w) => reader && crosses(orchestrators(ctx.node(w.from)!), orchestrators(reader)));
        return writers.length && read.source ? [{ read, reader: reader!, writers }] : [];
      });
      if (crossings.length === 0) continue;
      report(ctx, artifact, crossings, orchestrators);
    }
  },
};

interface Crossing {
  read: GraphEdge;
  reader: GraphNode;
  writers: GraphEdge[];
}

function report(ctx: RuleContext, artifact: GraphNode, crossings: Crossing[], orchestrators: (n: GraphNode) => Set<string>): void {
  const [first] = crossings;
  const writer = ctx.node(first.writers[0].from)!;
  const from = name(orchestrators(writer));
  const to = name(orchestrators(first.reader));
  const writes = [...new Map(crossings.flatMap((c) => c.writers).map((w) => [w.from, w])).values()];
  const related = [
    ...writes.flatMap((w) =>
      w.source ? [{ ...w.source, message: `written by ${describe(ctx.node(w.from))} (${name(orchestrators(ctx.node(w.from)!))})` }] : [],
    ),
    ...crossings
      .slice(1)
      .map((c) => ({ ...c.read.source!, message: `also read by ${describe(c.reader)} (${name(orchestrators(c.reader))})` })),
  ];
  ctx.report({
    at: first.read.source!,
    message: `\`${artifact.label}\` passes from ${from} (${describe(writer)}) to ${to} (${describe(first.reader)}) with no declared contract; a change of schema, meaning or timing on one side breaks the other silently, and each side's owners see only their half — declare it under \`contracts:\` in mlsystem.yaml (artifact, producer, consumer, schema).`,
    related,
    nodes: [artifact.id, ...writes.map((w) => w.from), ...crossings.map((c) => c.reader.id)],
  });
}

function orchestratorsOf(node: GraphNode, hosts: Set<string>): Set<string> {
  const format = node.format;
  if (!format || !formatInfo(format).contributes.orchestrator) return new Set();
  const out = new Set<string>([format]);
  if (RUNS_DVC.test(node.stage?.command ?? '') || (!!format && formatInfo(format).contributes.ci && hosts.has(node.source?.file ?? '')))
    out.add('dvc');
  return out;
}

/** Both sides are known orchestrators and share none. */
function crosses(a: Set<string>, b: Set<string>): boolean {
  return a.size > 0 && b.size > 0 && ![...a].some((x) => b.has(x));
}

function name(orchestrators: Set<string>): string {
  return [...orchestrators].map((f) => formatInfo(f as Format).displayName)[0] ?? 'an unknown system';
}

/** Workflow files in which some job runs DVC. */
function dvcHosts(ctx: RuleContext): Set<string> {
  const out = new Set<string>();
  for (const f of ctx.facts)
    if (formatInfo(f.format).contributes.ci && f.stages.some((s) => RUNS_DVC.test(s.command ?? ''))) out.add(f.file);
  return out;
}

/** Artifacts the card gives a contract: `contracts:` entries, and external inputs with a `contract`. */
function contractedArtifacts(ctx: RuleContext): Set<string> {
  const out = new Set<string>();
  const card = ctx.card;
  if (!card) return out;
  const names = [...card.contracts.map((c) => c.artifact), ...card.external.filter((e) => e.contract).map((e) => e.name)];
  for (const n of names) for (const node of resolveCardName(ctx.graph, n, false)) out.add(node.id);
  return out;
}
