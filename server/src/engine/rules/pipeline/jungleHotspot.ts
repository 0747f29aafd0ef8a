import type { Rule, RuleContext } from '../rule';
import type { GraphEdge, GraphNode } from '../../model/graph';
import { byWorkingFolder, describe, isRelativePath } from '../helpers';
import { isHandoff } from '../../model/identity';

const MIN_NODES = 20;
const MIN_COUNT = 6;
const SIGMAS = 3;
// Typed outputs wired inside one pipeline file (CI artifacts, XComs, KFP outputs) are explicit plumbing, not a jungle.
const MAX_RELATED = 10;
// A glue step only moves bytes: copy, sync, pull/push. Many of them around one artifact is plumbing, not a pipeline.
const GLUE_COMMAND =
  /^(aws\s+s3\s+(cp|sync|mv)|gsutil\s+(-m\s+)?(cp|rsync|mv)|gcloud\s+storage\s+(cp|rsync)|azcopy\s+(copy|sync)|rclone\s+(copy|sync)|rsync|cp|mv|scp|dvc\s+(pull|push|fetch)|hdfs\s+dfs\s+-(put|get|cp)|curl|wget)\b/;

type Metric = 'fan-in' | 'fan-out' | 'glue';

interface Measure {
  node: GraphNode;
  edges: Record<Metric, GraphEdge[]>;
}

/**
 * Nodes whose fan-in, fan-out or count of adjacent glue steps is an outlier (above the mean
 * plus three standard deviations of nodes of the same kind, and at least 6), in graphs large
 * enough to compare (20 nodes or more). Statistics are per kind: stages are compared with
 * stages, artifacts with artifacts.
 */
export const jungleHotspot: Rule = {
  meta: {
    id: 'pipeline/jungle-hotspot',
    category: 'pipeline',
    severity: 'info',
    description:
      'An artifact or stage whose fan-in, fan-out or number of glue steps is far above the rest of the graph: where a pipeline jungle grows.',
    fixable: false,
    sources: ['Sculley et al. 2015, "Hidden Technical Debt in Machine Learning Systems" (pipeline jungles, glue code)'],
  },
  *check(ctx) {
    const stages = ctx.graph.stages();
    const artifacts = ctx.graph.artifacts().filter((n) => n.artifactKind !== 'code' && !isHandoff(n.id));
    if (stages.length + artifacts.length < MIN_NODES) return;
    const glue = new Set(stages.filter(isGlue).map((s) => s.id));
    for (const nodes of [stages, artifacts]) {
      const population: Measure[] = [];
      for (const n of nodes) {
        population.push(measure(ctx, n, glue));
        if (ctx.pauseDue()) yield;
      }
      const limits = limitsOf(population);
      for (const m of population) {
        const metric = (['fan-out', 'fan-in', 'glue'] as const).find(
          (k) => m.edges[k].length >= MIN_COUNT && m.edges[k].length > limits[k].limit,
        );
        if (metric) report(ctx, m, metric, limits[metric].mean);
      }
    }
  },
};

function measure(ctx: RuleContext, node: GraphNode, glue: Set<string>): Measure {
  const data = (e: GraphEdge) => {
    const artifact = e.kind === 'reads' ? e.from : e.to;
    const stage = e.kind === 'reads' ? e.to : e.from;
    return (
      (e.kind === 'reads' || e.kind === 'writes') &&
      !e.possible &&
      !isHandoff(artifact) &&
      !throughCatalog(ctx, stage, artifact) &&
      ctx.node(artifact)?.artifactKind !== 'code'
    );
  };
  const incoming = oneFile(
    node,
    distinct(ctx.graph.incoming(node.id).filter(data), (e) => counted(ctx, e.from)),
  );
  const outgoing = oneFile(
    node,
    distinct(ctx.graph.outgoing(node.id).filter(data), (e) => counted(ctx, e.to)),
  );
  const glueEdges =
    node.kind === 'artifact' ? [...incoming.filter((e) => glue.has(e.from)), ...outgoing.filter((e) => glue.has(e.to))] : [];
  return { node, edges: { 'fan-in': incoming, 'fan-out': outgoing, glue: glueEdges } };
}

/** For a relative path, the stages of the largest group that name one file (helpers.byWorkingFolder). */
function oneFile(node: GraphNode, edges: GraphEdge[]): GraphEdge[] {
  if (node.kind !== 'artifact' || !isRelativePath(node.id)) return edges;
  return byWorkingFolder(edges).reduce((a, b) => (b.length > a.length ? b : a), [] as GraphEdge[]);
}

function limitsOf(population: Measure[]): Record<Metric, { mean: number; limit: number }> {
  const stat = (metric: Metric) => {
    const values = population.map((m) => m.edges[metric].length);
    const mean = values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, values.length));
    return { mean, limit: mean + SIGMAS * sd };
  };
  return { 'fan-in': stat('fan-in'), 'fan-out': stat('fan-out'), glue: stat('glue') };
}

function report(ctx: RuleContext, m: Measure, metric: Metric, mean: number): void {
  const edges = m.edges[metric];
  const others = edges.map((e) => ctx.node(e.from === m.node.id ? e.to : e.from));
  const names =
    others
      .slice(0, 5)
      .map((n) => `\`${n?.label ?? '?'}\``)
      .join(', ') + (others.length > 5 ? ', …' : '');
  const what = {
    'fan-out': m.node.kind === 'stage' ? `writes ${edges.length} artifacts` : `is read by ${edges.length} stages`,
    'fan-in': m.node.kind === 'stage' ? `reads ${edges.length} artifacts` : `is written by ${edges.length} stages`,
    glue: `is copied or moved by ${edges.length} glue steps`,
  }[metric];
  const typical = mean.toFixed(1);
  const advice =
    m.node.kind === 'stage'
      ? 'split it into steps with one purpose each, or route its inputs through fewer, owned artifacts'
      : 'give it one owner and a contract, and have consumers go through one interface instead of each reading or copying it directly';
  ctx.report({
    at: m.node.source ?? edges[0].source!,
    message: `${describe(m.node)} ${what} (${names}), far above this workspace's typical ${typical}; a hub like this is where a pipeline jungle grows, since every change to it ripples through all of them — ${advice}.`,
    related: edges.slice(0, MAX_RELATED).flatMap((e) =>
      e.source
        ? [
            {
              ...e.source,
              message: `${e.kind === 'reads' ? 'read' : 'written'} here by ${describe(ctx.node(e.kind === 'reads' ? e.to : e.from))}`,
            },
          ]
        : [],
    ),
    nodes: [m.node.id, ...others.flatMap((n) => (n ? [n.id] : []))],
  });
}

/**
 * A Kedro node never names where its data lives: it asks the Data Catalog for a dataset by name,
 * and the catalog entry (type, location, versioning) is the one owned interface every consumer
 * goes through — the remedy this rule asks for, already in place. Many readers of a catalog
 * dataset are a shared table used as designed, not consumers each reaching into storage.
 */
function throughCatalog(ctx: RuleContext, stage: string, artifact: string): boolean {
  return ctx.node(stage)?.format === 'kedro-pipeline' && artifact.startsWith('dataset:');
}

function isGlue(stage: GraphNode): boolean {
  const lines = (stage.stage?.command ?? '')
    .split(/\n|&&|;/)
    .map((l) => l.trim())
    .filter((l) => l && !/^(echo|set|export|mkdir|ls)\b/.test(l));
  return lines.length > 0 && lines.every((l) => GLUE_COMMAND.test(l));
}

/**
 * What counts once: a stage's expansions (DVC `foreach`/`matrix` give `name@key` stages) are one
 * stage, and Kedro nodes of one name are one node (Kedro requires node names to be unique in a
 * pipeline, so equal names are the same node copied into alternative pipelines). Code a stage
 * depends on (sources, pyproject.toml) is not data and is left out before this.
 */
function counted(ctx: RuleContext, id: string): string {
  const node = ctx.node(id);
  if (node?.kind !== 'stage') return id;
  const name = (node.stage?.name ?? node.label).replace(/@.*$/, '');
  return node.format === 'kedro-pipeline' ? `kedro:${name}` : `${node.source?.file}:${node.pipeline}:${name}`;
}

function distinct(edges: GraphEdge[], key: (e: GraphEdge) => string): GraphEdge[] {
  const seen = new Set<string>();
  return edges.filter((e) => !seen.has(key(e)) && seen.add(key(e)));
}
