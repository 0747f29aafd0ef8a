import type { Rule, RuleContext } from '../rule';
import type { GraphEdge, GraphNode } from '../../model/graph';
import type { Loop } from '../../model/loops';
import { describe } from '../helpers';

// Stages where items wait for a human or an outcome before they become labels.
const LABELLING_NAME = /review|queue|label|annotat|triage|adjudicat|moderat|outcome|feedback|repay|chargeback/i;
// A documented brake that breaks the selection: labels for items the model did not choose.
const UNBIASED_BRAKE = /explor|random|holdout|hold-out|audit|epsilon|uniform(ly)? sampl|unflagged|counterfactual|propensity/i;

/** Where on a loop the model's decisions pick its own labels. */
interface SelfLabeling {
  scorer: GraphNode;
  labeller: GraphNode;
  /** The edge by which the scored items enter the labelling stage. */
  entry: GraphEdge;
  labels: GraphNode;
  trainer: GraphNode;
}

/**
 * The selective-labels pattern on a feedback loop: a serving stage's output decides which items
 * reach a labelling stage, and those labels train the model that serves. Reported once per
 * entry hop, however many cycles run through it.
 */
export const selfLabeling: Rule = {
  meta: {
    id: 'feedback/self-labeling',
    category: 'feedback',
    severity: 'warning',
    description:
      "The model's own decisions choose which examples get labels (flagged items are reviewed, only approved cases get outcomes).",
    fixable: false,
    sources: [
      'Sculley et al. 2015, "Hidden Technical Debt in Machine Learning Systems" (direct and hidden feedback loops)',
      'Lakkaraju et al. 2017, "The Selective Labels Problem: Evaluating Algorithmic Predictions in the Presence of Unobservables" (KDD)',
      'Ensign et al. 2018, "Runaway Feedback Loops in Predictive Policing" (FAT* 2018)',
      'Dal Pozzolo et al. 2018, "Credit Card Fraud Detection: A Realistic Modeling and a Novel Learning Strategy" (IEEE TNNLS; only alerted transactions are checked by investigators)',
      'AI Incident Database, Incident 54: Predictive Policing Biases of PredPol, https://incidentdatabase.ai/cite/54/',
    ],
  },
  check(ctx) {
    const reported = new Set<string>();
    for (const loop of ctx.loops) {
      if (loop.possible || UNBIASED_BRAKE.test(loop.documentedBy?.brake ?? '')) continue;
      const found = findSelfLabeling(ctx, loop);
      if (!found) continue;
      const key = `${found.entry.source!.file}:${found.entry.source!.range.start.line}:${found.entry.source!.range.start.character}:${found.labeller.id}`;
      if (reported.has(key)) continue;
      reported.add(key);
      report(ctx, loop, found);
    }
  },
};

function report(ctx: RuleContext, loop: Loop, found: SelfLabeling): void {
  const { scorer, labeller, entry, labels, trainer } = found;
  const items = ctx.node(entry.from);
  ctx.report({
    at: entry.source!,
    message: `Self-labeling loop ${loop.id}: \`${items?.label ?? entry.from}\` from serving ${describe(scorer)} decides which items reach ${describe(labeller)}, whose labels \`${labels.label}\` train ${describe(trainer)}, so whatever the model does not select is never labelled and its blind spots never shrink. Also label a random sample of the items the model did not select (an exploration or audit holdout) and document it as this loop's \`brake:\` in mlsystem.yaml.`,
    related: [
      ...at(scorer.source, `the model's decisions are made here (${scorer.label})`),
      ...at(labels.source, `labels \`${labels.label}\` are produced from the selected items only`),
      ...at(trainer.source, `and train the next model here (${trainer.label})`),
    ],
    nodes: [scorer.id, labeller.id, labels.id, trainer.id],
    loop: loop.id,
  });
}

function at(source: GraphNode['source'], message: string) {
  return source ? [{ ...source, message }] : [];
}

/** Walks the loop from each serving stage: serving → labelling stage → labels stock → training, before serving again. */
function findSelfLabeling(ctx: RuleContext, loop: Loop): SelfLabeling | undefined {
  const n = loop.nodes.length;
  for (let s = 0; s < n; s++) {
    const scorer = ctx.node(loop.nodes[s]);
    if (!scorer || !isScorer(scorer)) continue;
    const found = walkFrom(ctx, loop, s, scorer);
    if (found) return found;
  }
  return undefined;
}

function walkFrom(ctx: RuleContext, loop: Loop, start: number, scorer: GraphNode): SelfLabeling | undefined {
  const n = loop.nodes.length;
  let labeller: { node: GraphNode; index: number } | undefined;
  let labels: GraphNode | undefined;
  const trainers: GraphNode[] = [];
  for (let k = 1; k < n; k++) {
    const index = (start + k) % n;
    const node = ctx.node(loop.nodes[index]);
    if (!node) return undefined;
    if (node.kind === 'stage' && isScorer(node)) break; // another serving stage decides from here on
    if (!labeller && node.kind === 'stage' && isLabelling(ctx, loop, node, index)) labeller = { node, index };
    else if (labeller && !labels && node.artifactKind === 'labels') labels = node;
    else if (labels && node.kind === 'stage' && node.stage?.role === 'train') trainers.push(node);
  }
  const entry = labeller && loop.edges[(labeller.index - 1 + n) % n];
  if (!labeller || !labels || trainers.length === 0 || !entry?.source) return undefined;
  // Name the stage that fits the model, not a label export that merely mentions training.
  const trainer = trainers.find((t) => writesModelOnLoop(ctx, loop, t)) ?? trainers[0];
  return { scorer, labeller: labeller.node, entry, labels, trainer };
}

function writesModelOnLoop(ctx: RuleContext, loop: Loop, stage: GraphNode): boolean {
  const next = loop.nodes[(loop.nodes.indexOf(stage.id) + 1) % loop.nodes.length];
  return ctx.node(next)?.artifactKind === 'model';
}

function isScorer(node: GraphNode): boolean {
  return node.stage?.role === 'serve' && !LABELLING_NAME.test(node.label);
}

function isLabelling(ctx: RuleContext, loop: Loop, node: GraphNode, index: number): boolean {
  if (node.stage?.role === 'label' || LABELLING_NAME.test(node.label)) return true;
  const out = ctx.node(loop.nodes[(index + 1) % loop.nodes.length]);
  return out?.artifactKind === 'labels';
}
