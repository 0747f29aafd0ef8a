// Readable on first open: the smallest zoom at which labels are still readable, when to
// collapse pipelines, and which direction suits the graph's shape, all decided before Mermaid
// lays anything out (one layout per drawing: layout is most of the drawing time).
import type { GraphView, ViewNode } from '../../server/src/engine/render/mermaid';

/** No label may be drawn smaller than this on screen at the initial zoom. */
export const MIN_LABEL_PX = 11;
/**
 * Drawn area per node, in layout px² (bounding box of the SVG / nodes), measured in Chromium on
 * the fraud example (100k LR, 111k TB), the 108-node public corpus (137k LR, 170k TB) and the
 * 30-pipeline synthetic graph collapsed (100k LR, 156k TB): layouts are mostly white space.
 */
const AREA_PER_NODE = 120_000;
/**
 * Above this many canvases of drawing at readable size, 'auto' collapses pipelines: up to four
 * screens, scrolling with the minimap still finds things (the fraud example is about three).
 */
const MAX_SCREENS = 4;
/** Lower bound, so that a narrow panel does not collapse small graphs: the fraud example (38 nodes) stays stage by stage in an editor-sized panel. */
const MIN_COLLAPSE_ABOVE = 40;

/** The node count above which 'auto' collapses pipelines, for a canvas of this size. */
export function collapseThreshold(canvas: { width: number; height: number }, fontPx: number): number {
  const k = readableScale(fontPx);
  const fits = (MAX_SCREENS * (canvas.width / k) * (canvas.height / k)) / AREA_PER_NODE;
  return Math.max(MIN_COLLAPSE_ABOVE, Math.floor(fits));
}

/** The zoom at which text of this font size is drawn at MIN_LABEL_PX. */
export function readableScale(fontPx: number): number {
  return MIN_LABEL_PX / Math.max(1, fontPx);
}

// Layout constants of render.ts's Mermaid configuration, for the size estimate below.
const CHAR_PX = 7.2;
const NODE_PAD_PX = 40;
const NODE_HEIGHT_PX = 54;
const NODE_SPACING = 30;
const RANK_SPACING = 45;

/**
 * Left to right or top down, from the graph's shape: ranks by longest path (ignoring edges that
 * close cycles), then the size of each drawing estimated from label widths; the direction whose
 * drawing fits the canvas at the larger scale wins. A long chain goes top down on a wide canvas
 * only when it is too long to read across.
 */
export function chooseDirection(view: GraphView, canvas: { width: number; height: number }): 'LR' | 'TB' {
  const ranks = rankNodes(view);
  const byRank = new Map<number, ViewNode[]>();
  for (const node of view.nodes) {
    const rank = ranks.get(node.key) ?? 0;
    byRank.set(rank, [...(byRank.get(rank) ?? []), node]);
  }
  const layers = [...byRank.values()];
  const width = (n: ViewNode) => Math.min(n.label.length, 60) * CHAR_PX + NODE_PAD_PX;
  const lr = {
    width: layers.reduce((sum, layer) => sum + Math.max(...layer.map(width)) + RANK_SPACING, 0),
    height: Math.max(...layers.map((l) => l.length)) * (NODE_HEIGHT_PX + NODE_SPACING),
  };
  const tb = {
    width: Math.max(...layers.map((l) => l.reduce((sum, n) => sum + width(n) + NODE_SPACING, 0))),
    height: layers.length * (NODE_HEIGHT_PX + RANK_SPACING),
  };
  const fit = (size: { width: number; height: number }) => Math.min(canvas.width / size.width, canvas.height / size.height);
  return fit(tb) > fit(lr) * 1.1 ? 'TB' : 'LR';
}

/** Longest-path layering on the view, with edges that close a cycle (found by DFS) left out. */
function rankNodes(view: GraphView): Map<string, number> {
  const out = new Map<string, string[]>(view.nodes.map((n) => [n.key, []]));
  for (const e of view.edges) out.get(e.from)?.push(e.to);
  const state = new Map<string, 'open' | 'done'>();
  const order: string[] = [];
  const forward = new Map<string, string[]>(view.nodes.map((n) => [n.key, []]));
  for (const start of view.nodes) {
    if (state.has(start.key)) continue;
    const stack: Array<{ key: string; next: number }> = [{ key: start.key, next: 0 }];
    state.set(start.key, 'open');
    while (stack.length) {
      const top = stack[stack.length - 1];
      const targets = out.get(top.key) ?? [];
      if (top.next < targets.length) {
        const to = targets[top.next++];
        if (state.get(to) === 'open') continue;
        forward.get(top.key)!.push(to);
        if (!state.has(to)) {
          state.set(to, 'open');
          stack.push({ key: to, next: 0 });
        }
      } else {
        state.set(top.key, 'done');
        order.push(top.key);
        stack.pop();
      }
    }
  }
  const rank = new Map<string, number>();
  for (const key of order.reverse()) {
    const r = rank.get(key) ?? 0;
    rank.set(key, r);
    for (const to of forward.get(key) ?? []) rank.set(to, Math.max(rank.get(to) ?? 0, r + 1));
  }
  return rank;
}
