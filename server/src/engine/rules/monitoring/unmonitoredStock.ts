import type { Rule, RuleContext } from '../rule';
import type { ArtifactKind } from '../../model/facts';
import type { GraphNode } from '../../model/graph';
import { describe, writesModel } from '../helpers';
import { isOnlineServing } from '../resilience/serving';
import { monitoredNodeIds } from './monitors';
import { isHandoff } from '../../model/identity';

const WATCHED_KINDS: ArtifactKind[] = ['data', 'labels', 'features', 'predictions'];
// Hand-offs inside one pipeline run (CI artifacts, XComs, KFP outputs) are not stocks anyone monitors.
// Names whose kind fell back to `data` but that are evaluation output or configuration, not data.
const NOT_DATA =
  /(^|[/_.-])(metrics?|reports?|plots?|evals?|evaluation)([/_.-]|$)|\.(ya?ml|toml|ini|cfg|conf|lock)$|(^|\/)requirements[^/]*\.txt$/i;
const KIND_NAMES: Record<string, string> = {
  data: 'Training data',
  labels: 'Training labels',
  features: 'Training features',
  predictions: 'Predictions',
};

/** Why a stock needs a monitor: the training stage it feeds, or the serving stage that writes it. */
interface Candidate {
  node: GraphNode;
  role: 'trains' | 'serves';
  stage: GraphNode;
}

/**
 * Only with a system card (monitors are declared there). Training inputs derived only from
 * monitored stocks (data/prepared monitored, data/reweighted computed from it) count as
 * monitored: the check upstream sees what flows down.
 */
export const unmonitoredStock: Rule = {
  meta: {
    id: 'monitoring/unmonitored-stock',
    category: 'monitoring',
    severity: 'info',
    description: 'Training data, labels or features, or served predictions, that no monitor in the system card watches.',
    fixable: false,
    sources: [
      'Breck et al. 2017, "The ML Test Score", Monitoring 2 (data invariants hold in training and serving inputs) and Monitoring 7 (prediction quality has not regressed)',
      'Sambasivan et al. 2021, "Everyone wants to do the model work, not the data work: Data Cascades in High-Stakes AI"',
      'AI Incident Database, Incident 149: Zillow Offers, https://incidentdatabase.ai/cite/149/',
    ],
  },
  check(ctx) {
    if (!ctx.card) return;
    const monitored = monitoredNodeIds(ctx);
    const coverage = new Map<string, boolean>();
    const onLoops = new Map<string, string>();
    for (const loop of ctx.loops) for (const id of loop.nodes) if (!onLoops.has(id)) onLoops.set(id, loop.id);
    for (const candidate of candidates(ctx)) {
      const { node } = candidate;
      const covered = candidate.role === 'trains' ? isCovered(ctx, node.id, monitored, coverage) : monitored.has(node.id);
      if (covered) continue;
      const loop = onLoops.get(node.id);
      ctx.report({
        at: node.source!,
        message: message(candidate, loop),
        severity: loop ? 'warning' : 'info',
        related: candidate.stage.source
          ? [
              {
                ...candidate.stage.source,
                message: candidate.role === 'trains' ? `trains on \`${node.label}\`` : `writes \`${node.label}\``,
              },
            ]
          : [],
        nodes: [node.id, candidate.stage.id],
        loop,
      });
    }
  },
};

function message(c: Candidate, loop: string | undefined): string {
  const what =
    c.role === 'trains'
      ? `${KIND_NAMES[c.node.artifactKind!]} \`${c.node.label}\` (read by training ${describe(c.stage)})`
      : `Predictions \`${c.node.label}\` (written by serving ${describe(c.stage)})`;
  const harm =
    c.role === 'trains'
      ? 'a silent shift in it (schema, null rates, label balance) goes straight into the next model'
      : "a drift in the model's outputs goes unnoticed until its decisions have done damage";
  const onLoop = loop ? `, and it is on feedback loop ${loop}, so the shift also feeds back into the model` : '';
  const checks = c.role === 'trains' ? 'schema, null rates, distribution or label balance' : 'score distribution, decision rate';
  return `${what} has no monitor in mlsystem.yaml: ${harm}${onLoop}. Add a \`monitors:\` entry for it with the checks you run (${checks}).`;
}

/** Each stock once, in graph order: what training stages read, what serving stages write. */
function candidates(ctx: RuleContext): Candidate[] {
  const found = new Map<string, Candidate>();
  const add = (node: GraphNode | undefined, role: Candidate['role'], stage: GraphNode) => {
    if (node && watched(node) && !(role === 'serves' && insideOneService(ctx, node)) && !found.has(node.id))
      found.set(node.id, { node, role, stage });
  };
  for (const stage of ctx.graph.stages()) {
    if (isTrainer(ctx, stage))
      for (const e of ctx.graph.incoming(stage.id)) if (e.kind === 'reads' && !e.possible) add(ctx.node(e.from), 'trains', stage);
    if (stage.stage?.role !== 'serve') continue;
    const online = isOnlineServing(ctx, stage);
    for (const e of ctx.graph.outgoing(stage.id)) {
      const out = ctx.node(e.to);
      // A batch task guessed as `serve` (its name says score or flag) counts only for what is clearly predictions.
      if (e.kind === 'writes' && (online || out?.artifactKind === 'predictions')) add(out, 'serves', stage);
    }
  }
  return [...found.values()];
}

function watched(node: GraphNode): boolean {
  return (
    node.kind === 'artifact' &&
    !node.dynamic &&
    !isHandoff(node.id) &&
    WATCHED_KINDS.includes(node.artifactKind ?? 'unknown') &&
    !NOT_DATA.test(node.label)
  );
}

/** Passed between components of one service only (a predictor's response to its transformer): what leaves the service is what to monitor. */
function insideOneService(ctx: RuleContext, node: GraphNode): boolean {
  const ends = [...ctx.graph.producers(node.id), ...ctx.graph.consumers(node.id)];
  const first = ends[0];
  return (
    ctx.graph.consumers(node.id).length > 0 && ends.every((s) => s.source?.file === first.source?.file && s.pipeline === first.pipeline)
  );
}

/** A training stage that fits a model: role `train` and it writes a model, not a label export named after training. */
function isTrainer(ctx: RuleContext, stage: GraphNode): boolean {
  return stage.stage?.role === 'train' && writesModel(ctx.graph, stage);
}

/** Monitored itself, or computed (by stages that make no predictions) only from covered data. */
function isCovered(ctx: RuleContext, id: string, monitored: Set<string>, memo: Map<string, boolean>): boolean {
  if (monitored.has(id)) return true;
  const known = memo.get(id);
  if (known !== undefined) return known;
  memo.set(id, false); // a cycle back to this stock does not cover it
  const producers = ctx.graph.producers(id);
  const covered =
    producers.length > 0 &&
    producers.every((p) => {
      if (p.stage?.role === 'serve') return false;
      const inputs = ctx.graph
        .incoming(p.id)
        .filter((e) => e.kind === 'reads' && !e.possible)
        .map((e) => ctx.node(e.from))
        .filter((n): n is GraphNode => !!n && n.artifactKind !== 'code' && n.artifactKind !== 'model');
      return inputs.length > 0 && inputs.every((n) => isCovered(ctx, n.id, monitored, memo));
    });
  memo.set(id, covered);
  return covered;
}
