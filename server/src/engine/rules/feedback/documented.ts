// Documented loops grouped by the card entry that documents them: several cycles of the graph
// can match one entry, and rules about the entry report once, at the entry.
import type { DocumentedLoop } from '../../card/card';
import type { Loop } from '../../model/loops';
import type { RuleContext } from '../rule';
import { pushTo } from '../../text/collections';
import { isPlaceholderText } from '../../fixes/placeholders';

export interface DocumentedEntry {
  entry: DocumentedLoop;
  loops: Loop[];
}

export function documentedEntries(loops: readonly Loop[]): DocumentedEntry[] {
  const byEntry = new Map<DocumentedLoop, Loop[]>();
  for (const loop of loops) {
    if (!loop.documented || !loop.documentedBy) continue;
    pushTo(byEntry, loop.documentedBy, loop);
  }
  return [...byEntry.entries()].map(([entry, members]) => ({ entry, loops: members }));
}

/** The loop's stocks (artifacts and world nodes), never its stages. */
export function loopStocks(ctx: RuleContext, loop: Loop): string[] {
  return loop.nodes.filter((id) => ctx.node(id)?.kind !== 'stage');
}

/** `loop \`review-labels\` (R1, R2)` — how messages name a card entry and the cycles it covers. */
export function describeEntry(documented: DocumentedEntry): string {
  return `loop \`${documented.entry.name}\` (${documented.loops.map((l) => l.id).join(', ')})`;
}

/** `score (dvc.yaml)` for a stage, the label for a stock: how hop lists name nodes. */
export function hopLabel(ctx: RuleContext, id: string): string {
  const node = ctx.node(id);
  if (!node) return id;
  return node.kind === 'stage' ? `${node.label} (${node.source?.file ?? node.pipeline})` : node.label;
}

/** `through 10 stages in 4 files`: how far a loop reaches, for messages that leave its hops to related locations. */
export function loopExtent(ctx: RuleContext, loop: Loop): string {
  const stages = loop.nodes.map((id) => ctx.node(id)).filter((n) => n?.kind === 'stage');
  const files = new Set(stages.map((n) => n!.source?.file ?? n!.pipeline ?? n!.id));
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `through ${plural(stages.length, 'stage')} in ${plural(files.size, 'file')}`;
}

/** The first stock on the loop written by a serving stage: what the model decides, coming back. */
export function servedOutput(ctx: RuleContext, loop: Loop): string | undefined {
  const n = loop.nodes.length;
  for (let i = 0; i < n; i++) {
    const node = ctx.node(loop.nodes[i]);
    if (node?.kind !== 'stage' || node.stage?.role !== 'serve') continue;
    const next = ctx.node(loop.nodes[(i + 1) % n]);
    if (next && next.kind !== 'stage' && ctx.node(loop.nodes[(i + 2) % n])?.stage?.role !== 'serve') return next.id;
  }
  return loop.nodes.find((id) => ctx.node(id)?.artifactKind === 'model');
}

/** Which of a card entry's owner, monitor and brake are written but still a placeholder, a to-do or empty. */
export function unfilledFields(entry: DocumentedLoop): Array<'owner' | 'monitor' | 'brake'> {
  return (['owner', 'monitor', 'brake'] as const).filter((field) => entry[field] !== undefined && isPlaceholderText(entry[field]));
}
