import type { Rule, RuleContext } from '../rule';
import type { Fix } from '../../model/finding';
import type { GraphNode } from '../../model/graph';
import { describe } from '../helpers';
import { addCardEntry, cardFile, cardName } from '../../fixes/cardEdit';
import { placeholder } from '../../fixes/snippet';
import type { Entry } from '../../fixes/yamlEdit';
import { isHandoff } from '../../model/identity';
import { PLACEHOLDER } from '../../fixes/placeholders';

// In-orchestrator hand-offs must be produced inside the same pipeline; nothing outside can.
// An object in an XCom backend's bucket is another run's intermediate result, not an input.
const XCOM_STORE = /^[a-z0-9+.-]+:\/\/[^/]*xcom[^/]*\//i;

/**
 * Raw inputs are normal until a team starts declaring them: without a system card, only
 * hand-offs and reads that nearly match a produced artifact (a rename) are reported.
 * With a card, every undeclared input is, so the card's `external:` list is complete.
 */
export const danglingInput: Rule = {
  meta: {
    id: 'pipeline/dangling-input',
    category: 'pipeline',
    severity: 'warning',
    description: 'A stage reads an artifact that no stage writes and the system card does not declare as an external input.',
    fixable: true,
    sources: [
      'Sculley et al. 2015, "Hidden Technical Debt in Machine Learning Systems" (pipeline jungles, unstable data dependencies)',
      'Sambasivan et al. 2021, "Data Cascades in High-Stakes AI"',
    ],
  },
  *check(ctx) {
    for (const node of ctx.graph.artifacts()) {
      if (ctx.pauseDue()) yield;
      if (node.external || node.dynamic || node.artifactKind === 'code') continue;
      const incoming = ctx.graph.incoming(node.id);
      if (incoming.some((e) => e.kind === 'writes')) continue;
      const readers = ctx.graph.outgoing(node.id).filter((e) => e.kind === 'reads');
      if (readers.length === 0) continue;
      const near = nearMatches(
        ctx.graph.outgoing(node.id).map((e) => e.to),
        node,
        ctx,
      );
      const xcomStore = XCOM_STORE.test(node.id);
      if (!ctx.card && !isHandoff(node.id) && !xcomStore && near.length === 0) continue;
      const first = readers[0];
      const reader = ctx.node(first.to);
      const hint = xcomStore
        ? " It is an object in the XCom backend's storage, written by some earlier task run: pass the data through the task's return value, a Dataset or a declared path instead."
        : near.length
          ? ` A similar artifact is produced: ${near.map((n) => `\`${n.label}\``).join(', ')} — is this a rename?`
          : ctx.card
            ? ' If it comes from outside, declare it under `external:` in mlsystem.yaml.'
            : '';
      ctx.report({
        at: first.source ?? node.source!,
        message: `${describe(reader)} reads \`${node.label}\`, which no stage produces.${hint || ' Add the stage that produces it, or fix the name.'}`,
        related: readers.slice(1).flatMap((e) => (e.source ? [{ ...e.source, message: `also read by ${describe(ctx.node(e.to))}` }] : [])),
        nodes: [node.id, ...readers.map((e) => e.to)],
        fixes: isHandoff(node.id) ? undefined : externalFix(ctx, node),
      });
    }
  },
};

function nearMatches(readerIds: string[], node: GraphNode, ctx: Parameters<typeof danglingInput.check>[0]): GraphNode[] {
  const out = new Map<string, GraphNode>();
  for (const reader of readerIds) {
    for (const e of ctx.graph.incoming(reader)) {
      if (e.kind === 'reads' && e.possible && e.from !== node.id) out.set(e.from, ctx.node(e.from)!);
    }
  }
  const stem = node.label
    .toLowerCase()
    .replace(/\.[a-z0-9]+$/, '')
    .split(/[/.]/)
    .pop();
  return [...out.values()].filter((n) => n.label.toLowerCase().includes(stem ?? '\u0000'));
}

const CARD_KINDS = new Set(['data', 'features', 'model', 'labels', 'predictions', 'metrics', 'report']);

/**
 * "Declare <name> as an external input": an `external:` entry in the card, named so that the
 * card resolves it to this artifact, with placeholders for where it comes from and who owns
 * it. Never preferred: the placeholders are for the author to fill in.
 */
function externalFix(ctx: RuleContext, node: GraphNode): Fix[] | undefined {
  const name = cardName(ctx, node);
  const entry: Entry = [['name', name]];
  if (node.artifactKind && CARD_KINDS.has(node.artifactKind)) entry.push(['kind', node.artifactKind]);
  entry.push(['description', { raw: placeholder(1, PLACEHOLDER.externalSource) }], ['owner', { raw: placeholder(2, PLACEHOLDER.team) }]);
  const edit = addCardEntry(ctx, 'external', entry, true);
  return edit
    ? [{ title: `Declare ${name} as an external input in ${cardFile(ctx)}`, edits: [edit], isPreferred: false, snippet: true }]
    : undefined;
}
