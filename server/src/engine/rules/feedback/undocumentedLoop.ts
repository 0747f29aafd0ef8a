import type { Rule } from '../rule';
import type { Fix } from '../../model/finding';
import type { GraphEdge } from '../../model/graph';
import type { Loop } from '../../model/loops';
import type { RuleContext } from '../rule';
import { addCardEntry, cardFile, cardName } from '../../fixes/cardEdit';
import { placeholder } from '../../fixes/snippet';
import { isHandoff } from '../../model/identity';
import { hopLabel, loopExtent, servedOutput, unfilledFields } from './documented';
import { writesModel } from '../helpers';
import { PLACEHOLDER } from '../../fixes/placeholders';

// In-pipeline hand-offs need not be listed for the card to document a loop (card/loops.ts).

export const undocumentedLoop: Rule = {
  meta: {
    id: 'feedback/undocumented-loop',
    category: 'feedback',
    severity: 'warning',
    description: 'A feedback loop (model outputs flowing back into its own inputs) that the system card does not document.',
    fixable: true,
    sources: [
      'Sculley et al. 2015, "Hidden Technical Debt in Machine Learning Systems" (hidden feedback loops)',
      'Breck et al. 2017, "The ML Test Score", Monitoring 6 (feedback loops)',
    ],
  },
  check(ctx) {
    for (const loop of ctx.loops) {
      if (loop.possible || isInPlaceUpdate(ctx, loop)) continue;
      if (loop.documented) {
        reportIncomplete(ctx, loop);
        continue;
      }
      const anchor = anchorEdge(ctx, loop);
      ctx.report({
        at: anchor.source!,
        message: `Undocumented ${polarityName(loop)} feedback loop ${loop.id}: ${loopSentence(ctx, loop, anchor)} Document it under \`loops:\` in mlsystem.yaml with an owner, a monitor and a brake.`,
        related: hopLocations(ctx, loop, anchor),
        nodes: loop.nodes,
        loop: loop.id,
        fixes: documentFix(ctx, loop, anchor),
      });
    }
  },
};

function polarityName(loop: Loop): string {
  return loop.polarity === 'R' ? 'reinforcing' : 'balancing';
}

/** The loop in one sentence: what comes back where, and how far it reaches; the hops go to related locations. */
function loopSentence(ctx: RuleContext, loop: Loop, anchor: GraphEdge): string {
  const entering = ctx.node(anchor.from);
  const output = servedOutput(ctx, loop);
  const name = (id: string | undefined) => `\`${(id && ctx.node(id)?.label) ?? id}\``;
  const extent = loopExtent(ctx, loop);
  if (entering && entering.kind !== 'stage' && output && output !== entering.id)
    return `the model's output ${name(output)} comes back as ${name(entering.id)}, read here, ${extent}.`;
  if (entering && entering.kind !== 'stage') return `${name(entering.id)}, read here, flows back into itself ${extent}.`;
  return `${hopLabel(ctx, anchor.from)} flows back into itself ${extent}.`;
}

/** Every hop, in flow order from the anchor, as a related location. */
function hopLocations(ctx: RuleContext, loop: Loop, anchor: GraphEdge) {
  return fromAnchor(loop, anchor).flatMap((e, i) =>
    e.source ? [{ ...e.source, message: `hop ${i + 1}: ${hopLabel(ctx, e.from)} ${verb(e)} ${hopLabel(ctx, e.to)}` }] : [],
  );
}

/**
 * A loop whose card entry was written by the fix (or by hand) and left with placeholder text is
 * not documented yet: reported where the undocumented loop was, so accepting the fix without
 * filling it in never makes the warning go away.
 */
function reportIncomplete(ctx: RuleContext, loop: Loop): void {
  const entry = loop.documentedBy;
  const missing = entry ? unfilledFields(entry) : [];
  if (!entry || missing.length === 0) return;
  const anchor = anchorEdge(ctx, loop);
  const fields = missing.map((f) => `\`${f}:\``).join(missing.length === 2 ? ' and ' : ', ');
  ctx.report({
    at: anchor.source!,
    message: `Feedback loop ${loop.id} is incompletely documented: loop \`${entry.name}\` in ${entry.range.file} still has placeholder text in ${fields}. ${loopSentence(ctx, loop, anchor)} Say who owns it, what watches it and what keeps it from running away.`,
    related: [{ ...entry.range, message: `loop \`${entry.name}\`: fill in ${missing.join(', ')}` }, ...hopLocations(ctx, loop, anchor)],
    nodes: loop.nodes,
    loop: loop.id,
  });
}

const MODEL_ROLES = new Set(['train', 'serve']);
const MODEL_KINDS = new Set(['model', 'predictions']);

/**
 * One stage that reads and writes the same stock, with nothing else on the cycle: a read-through
 * cache, an incremental append or an idempotent rewrite of one artifact. Nothing else in the system
 * sees the output before it returns, so it is no feedback loop of the system, unless the stage is a
 * model (trains or predicts) or the stock is a model or its predictions: then a model's output is
 * its own next input.
 */
function isInPlaceUpdate(ctx: RuleContext, loop: Loop): boolean {
  if (loop.nodes.length !== 2) return false;
  const [a, b] = loop.nodes.map((id) => ctx.node(id));
  const stage = a?.kind === 'stage' ? a : b?.kind === 'stage' ? b : undefined;
  const stock = stage === a ? b : a;
  if (!stage || !stock || stock.kind === 'stage') return false;
  return !MODEL_ROLES.has(stage.stage?.role ?? 'other') && !MODEL_KINDS.has(stock.artifactKind ?? 'unknown');
}

/** The loop's edges in flow order, starting with the anchor. */
function fromAnchor(loop: Loop, anchor: GraphEdge): GraphEdge[] {
  const i = Math.max(0, loop.edges.indexOf(anchor));
  return [...loop.edges.slice(i), ...loop.edges.slice(0, i)];
}

function verb(e: GraphEdge): string {
  return e.kind === 'writes' ? 'writes' : e.kind === 'reads' ? 'is read by' : e.sign < 0 ? 'decreases' : 'increases';
}

/**
 * Report where the loop's data enters the training pipeline (the read, in the training stage's
 * pipeline, of a stock another pipeline wrote), else where labels are read, else at the first hop.
 */
function anchorEdge(ctx: RuleContext, loop: Loop): GraphEdge {
  const withSource = loop.edges.filter((e) => e.source);
  const trainers = loop.nodes.map((id) => ctx.node(id)).filter((n) => n?.stage?.role === 'train');
  const trainer = trainers.find((n) => writesModel(ctx.graph, n!)) ?? trainers[0];
  const entersTraining = withSource.find((e) => {
    if (e.kind !== 'reads' || !trainer) return false;
    const reader = ctx.node(e.to);
    const previous = loop.edges[(loop.edges.indexOf(e) + loop.edges.length - 1) % loop.edges.length];
    const writer = ctx.node(previous.from);
    return (
      !!reader &&
      reader.pipeline === trainer.pipeline &&
      reader.source?.file === trainer.source?.file &&
      writer?.source?.file !== trainer.source?.file
    );
  });
  return (
    entersTraining ??
    withSource.find((e) => e.kind === 'reads' && ctx.node(e.from)?.artifactKind === 'labels') ??
    withSource[0] ??
    loop.edges[0]
  );
}

/**
 * "Document this loop in mlsystem.yaml": a `loops:` entry listing the loop's stocks by the
 * names the card resolves back to them (so the loop counts as documented after re-analysis;
 * stages may be left out, and leaving them out lets one entry cover the loop's variants), its
 * polarity, and placeholders for an owner, a monitor and a brake.
 */
function documentFix(ctx: RuleContext, loop: Loop, anchor: GraphEdge): Fix[] | undefined {
  const stocks = loop.nodes.map((id) => ctx.node(id)).filter((n) => n !== undefined && n.kind !== 'stage' && !isHandoff(n.id));
  if (stocks.length === 0) return undefined;
  const hops = stocks.map((n) => cardName(ctx, n!));
  const trainer = ctx.node(anchor.to)?.kind === 'stage' ? ctx.node(anchor.to) : ctx.node(anchor.from);
  const entering = stocks.find((n) => n!.id === anchor.from) ?? stocks[0]!;
  const edit = addCardEntry(
    ctx,
    'loops',
    [
      ['name', loopName(ctx, entering.label)],
      ['hops', hops],
      ['polarity', loop.polarity],
      ['owner', { raw: placeholder(1, trainer?.team ?? trainer?.owner ?? PLACEHOLDER.team) }],
      ['monitor', { raw: placeholder(2, PLACEHOLDER.loopMonitor) }],
      ['brake', { raw: placeholder(3, PLACEHOLDER.loopBrake) }],
    ],
    true,
  );
  return edit
    ? [{ title: `Document this loop (${loop.id}) in ${cardFile(ctx)}`, edits: [edit], isPreferred: false, snippet: true }]
    : undefined;
}

/** `reviewed-loop` for a loop through `s3://.../labels/reviewed.parquet`; unique among the card's loops. */
function loopName(ctx: RuleContext, label: string): string {
  const last = label.split(/[/:]/).filter(Boolean).pop() ?? 'feedback';
  const stem =
    last
      .replace(/\.[A-Za-z0-9]+$/, '')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase() || 'feedback';
  const taken = new Set((ctx.card?.loops ?? []).map((l) => l.name));
  let name = `${stem}-loop`;
  for (let i = 2; taken.has(name); i++) name = `${stem}-loop-${i}`;
  return name;
}
