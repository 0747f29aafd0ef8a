// A loop is documented when a card entry names it: every hop the card lists is on the loop,
// and every stock of the loop is listed (in any order). In-pipeline hand-offs (CI artifacts,
// XComs, KFP outputs) need not be listed.
import type { SystemGraph } from '../model/graph';
import type { Loop } from '../model/loops';
import type { Card } from './card';
import { resolveCardName } from '../model/build';
import { isHandoff } from '../model/identity';

export function markDocumentedLoops(graph: SystemGraph, loops: Loop[], card: Card | undefined): void {
  if (!card || card.loops.length === 0) return;
  const resolved = card.loops.map((entry) => ({
    entry,
    hops: entry.hops.map(
      (h) =>
        new Set(
          resolveCardName(graph, h, false)
            .map((n) => n.id)
            .concat(h.startsWith('world:') ? [h] : [`world:${h}`]),
        ),
    ),
  }));
  for (const loop of loops) {
    const doc = resolved.find((r) => documents(graph, loop, r.hops));
    if (doc) {
      loop.documented = true;
      loop.documentedBy = doc.entry;
    }
  }
}

function documents(graph: SystemGraph, loop: Loop, hops: Array<Set<string>>): boolean {
  const members = new Set(loop.nodes);
  if (!hops.every((ids) => [...ids].some((id) => members.has(id)))) return false;
  const listed = new Set(hops.flatMap((ids) => [...ids]));
  return loop.nodes.every((id) => {
    const node = graph.nodes.get(id)!;
    return node.kind === 'stage' || isHandoff(id) || listed.has(id);
  });
}
