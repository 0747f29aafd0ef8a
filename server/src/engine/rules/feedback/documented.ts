// Documented loops grouped by the card entry that documents them: several cycles of the graph
// can match one entry, and rules about the entry report once, at the entry.
import type { DocumentedLoop } from '../../card/card';
import type { Loop } from '../../model/loops';
import type { RuleContext } from '../rule';
import { pushTo } from '../../text/collections';

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
