// One feedback loop as a causal loop diagram, the way systems thinking draws it: the loop's
// stocks (data, labels, models, the outside world) on a circle in flow order, one curved arrow
// per link between consecutive stocks (labelled with the stages that carry it), the link's sign
// at its arrowhead, and the loop's R/B mark with a circulation arrow in the middle.
// Pure: plain numbers for an SVG of its own (loopDiagramSvg.ts draws it, the webview too).
//
// Signs are read from the graph's edges, never invented: a write adds to the stock it writes
// (+); a read carries its input into what the stage writes, in the same direction (+), which is
// also what the loop's R/B polarity assumes; a card influence has the sign the card states. A
// link whose edges cannot be found in the graph gets '?'.
import type { Range } from '../model/facts';
import type { GraphJson, GraphJsonEdge, GraphJsonLoop, GraphJsonNode } from '../model/graphJson';

export type LinkSign = '+' | '-' | '?';

/** A place in the workspace a click on the diagram opens. */
export interface SourceTarget {
  file: string;
  range: Range;
}

export interface Point {
  x: number;
  y: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DiagramStock {
  id: string;
  label: string;
  /** The label as drawn: at most two lines, cut at path separators. */
  lines: string[];
  /** Small line above the label: stock type and owner. */
  caption: string;
  ownerKey: string;
  colour: string;
  /** Radians, clockwise from the top (screen coordinates). */
  angle: number;
  box: Box;
  target?: SourceTarget;
  detail: string;
}

export interface DiagramHop {
  from: string;
  to: string;
  kind: GraphJsonEdge['kind'] | 'missing';
  sign: LinkSign;
  possible: boolean;
  target?: SourceTarget;
}

export interface FlowLabel {
  lines: string[];
  /** Text anchor point of the first line's baseline. */
  x: number;
  y: number;
  anchor: 'start' | 'middle' | 'end';
  box: Box;
  target?: SourceTarget;
}

export interface DiagramLink {
  from: string;
  to: string;
  stages: Array<{ id: string; label: string; target?: SourceTarget }>;
  hops: DiagramHop[];
  sign: LinkSign;
  /** Why the link has its sign, hop by hop, in words. */
  why: string[];
  possible: boolean;
  /** The link hands the loop from one owner to another. */
  handoff: boolean;
  /** The arc (without the head), clockwise on the loop's circle. */
  arc: { from: Point; to: Point; large: boolean };
  /** Arrowhead triangle: tip, then the two back corners. */
  head: Point[];
  /** Centre of the sign next to the arrowhead, inside the circle. */
  signAt: Point;
  label: FlowLabel;
  /** What a click on the arrow opens: the first hop that has a source. */
  target?: SourceTarget;
}

export interface DiagramOwner {
  key: string;
  colour: string;
  stocks: number;
}

export interface LoopDiagram {
  loop: { id: string; polarity: 'R' | 'B'; documented: boolean; possible: boolean };
  centre: { x: number; y: number };
  radius: number;
  stocks: DiagramStock[];
  links: DiagramLink[];
  owners: DiagramOwner[];
  /** Owners in loop order, consecutive repeats merged, back to the first: the handoffs. */
  crossings: string[];
  /** The loop mark in the centre: its box, for overlap checks. */
  mark: Box;
  /** Legend lines under the circle. */
  legend: { y: number; lines: string[] };
  width: number;
  height: number;
}

// Sizes in CSS pixels; the diagram is drawn at scale 1, so these are the on-screen sizes.
export const FONT = { stock: 13, caption: 12, flow: 12, sign: 17, mark: 22, markWord: 12, legend: 12 };
/** A generous average glyph width (DejaVu Sans, the widest common default, is ~0.6 em). */
const EM_WIDTH = 0.6;
const PAD = 8;
const STOCK_LINE = 17;
const CAPTION_LINE = 16;
const FLOW_LINE = 15;
const MAX_STOCK_CHARS = 22;
const MAX_FLOW_CHARS = 18;
const MARK_RADIUS = 30;
const MARGIN = 24;
const LEGEND_LINE = 18;
const UNOWNED = 'no owner';

export const OWNER_COLOURS = ['#2f6fdb', '#c9632b', '#2e8b57', '#a8419b', '#8a6a2f', '#0f8fa0', '#c0392b', '#6a55d8'];

export function textWidth(text: string, size: number): number {
  return text.length * size * EM_WIDTH;
}

/** The diagram of loop `loopId`, or undefined when the graph has no such loop. */
export function layoutLoop(graph: GraphJson, loopId: string): LoopDiagram | undefined {
  const loop = graph.loops.find((l) => l.id === loopId);
  if (!loop || loop.nodes.length === 0) return undefined;
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const ring = stockRing(graph, loop, nodes);
  if (ring.stocks.length === 0) return undefined;
  const owners = ownersOf(ring.stocks);
  const stocks = ring.stocks.map((n) => stockShape(n, owners));
  const links = ring.links.map((l) => ({ ...l, handoff: ownerKey(nodes.get(l.from)) !== ownerKey(nodes.get(l.to)) }));
  let radius = initialRadius(stocks);
  let diagram = place(loop, stocks, links, owners, radius);
  for (let i = 0; i < 80 && overlaps(diagram).length > 0; i++) {
    radius *= 1.04;
    diagram = place(loop, stocks, links, owners, radius);
  }
  return diagram;
}

// ------------------------------------------------------------------ the loop as stocks and links

interface RingLink {
  from: string;
  to: string;
  stages: DiagramLink['stages'];
  hops: DiagramHop[];
  sign: LinkSign;
  why: string[];
  possible: boolean;
}

/** Stocks in loop order and, between each and the next, the stages and edges that carry it. */
function stockRing(
  graph: GraphJson,
  loop: GraphJsonLoop,
  nodes: Map<string, GraphJsonNode>,
): { stocks: GraphJsonNode[]; links: RingLink[] } {
  const order = loop.nodes;
  const isStock = (id: string) => nodes.get(id)?.kind !== 'stage';
  const first = order.findIndex(isStock);
  if (first < 0) return { stocks: [], links: [] };
  const rotated = [...order.slice(first), ...order.slice(0, first)];
  const stocks: GraphJsonNode[] = [];
  const links: RingLink[] = [];
  let current: RingLink | undefined;
  for (let i = 0; i < rotated.length; i++) {
    const id = rotated[i];
    const next = rotated[(i + 1) % rotated.length];
    if (isStock(id)) {
      stocks.push(nodes.get(id) ?? { id, kind: 'artifact', label: id });
      current = { from: id, to: id, stages: [], hops: [], sign: '+', why: [], possible: false };
      links.push(current);
    } else current!.stages.push({ id, label: nodes.get(id)?.label ?? id, target: targetOf(nodes.get(id)) });
    const hop = hopBetween(graph, id, next);
    current!.hops.push(hop);
    current!.why.push(explain(hop, nodes));
    if (isStock(next)) current!.to = next;
  }
  for (const link of links) {
    link.sign = productSign(link.hops.map((h) => h.sign));
    link.possible = link.hops.some((h) => h.possible);
  }
  return { stocks, links };
}

/** The edge the loop went through: as findLoops picks it, an exact one before a possible one. */
function hopBetween(graph: GraphJson, from: string, to: string): DiagramHop {
  const candidates = graph.edges.filter((e) => e.from === from && e.to === to && e.kind !== 'after');
  const edge = candidates.find((e) => !e.possible) ?? candidates[0];
  if (!edge) return { from, to, kind: 'missing', sign: '?', possible: false };
  return {
    from,
    to,
    kind: edge.kind,
    sign: edge.sign,
    possible: edge.possible === true,
    target: edge.file && edge.range ? { file: edge.file, range: edge.range } : undefined,
  };
}

export function productSign(signs: LinkSign[]): LinkSign {
  if (signs.includes('?')) return '?';
  return signs.filter((s) => s === '-').length % 2 === 0 ? '+' : '-';
}

function explain(hop: DiagramHop, nodes: Map<string, GraphJsonNode>): string {
  const a = nodes.get(hop.from)?.label ?? hop.from;
  const b = nodes.get(hop.to)?.label ?? hop.to;
  const where = hop.target ? ` (${hop.target.file}:${hop.target.range.start.line + 1})` : '';
  const maybe = hop.possible ? ', through a possible name match' : '';
  switch (hop.kind) {
    case 'writes':
      return `+ ${a} writes ${b}: more or newer output adds to it${where}${maybe}`;
    case 'reads':
      return `+ ${b} reads ${a}: its output follows its input${where}${maybe}`;
    case 'influence':
      return `${hop.sign === '-' ? '−' : '+'} ${a} influences ${b}, with the sign the card states${where}`;
    case 'missing':
      return `? no edge from ${a} to ${b} in the graph: sign unknown`;
    default:
      return `${hop.sign} ${a} → ${b} (${hop.kind})${where}`;
  }
}

function targetOf(node: GraphJsonNode | undefined): SourceTarget | undefined {
  return node?.file && node.range ? { file: node.file, range: node.range } : undefined;
}

// ------------------------------------------------------------------ owners and stock boxes

function ownerKey(node: GraphJsonNode | undefined): string {
  return node?.team ?? node?.owner ?? UNOWNED;
}

function ownersOf(stocks: GraphJsonNode[]): DiagramOwner[] {
  const owners: DiagramOwner[] = [];
  for (const s of stocks) {
    const key = ownerKey(s);
    let owner = owners.find((o) => o.key === key);
    if (!owner)
      owners.push((owner = { key, colour: key === UNOWNED ? '#7a7a7a' : OWNER_COLOURS[owners.length % OWNER_COLOURS.length], stocks: 0 }));
    owner.stocks++;
  }
  return owners;
}

function stockShape(node: GraphJsonNode, owners: DiagramOwner[]): DiagramStock {
  const key = ownerKey(node);
  const owner = owners.find((o) => o.key === key)!;
  const type = node.kind === 'world' ? 'world' : (node.type ?? 'artifact');
  const caption = `${type} · ${key}`;
  const lines = wrapName(node.label, MAX_STOCK_CHARS, 3);
  const width = Math.max(...lines.map((l) => textWidth(l, FONT.stock)), textWidth(caption, FONT.caption)) + 2 * PAD + 4;
  const height = CAPTION_LINE + lines.length * STOCK_LINE + 2 * PAD - 2;
  const owned = node.owner && node.owner !== key ? ` (${node.owner})` : '';
  const where = node.file ? `\n${node.file}:${(node.range?.start.line ?? 0) + 1}` : '';
  return {
    id: node.id,
    label: node.label,
    lines,
    caption,
    ownerKey: key,
    colour: owner.colour,
    angle: 0,
    box: { x: 0, y: 0, width, height },
    target: targetOf(node),
    detail: `${node.label}\n${type}, owned by ${key}${owned}${where}`,
  };
}

/**
 * A name in at most `maxLines` lines of `max` characters, broken after `/` first, else after
 * `.`, `_` or `-`; a longer name keeps its end (the file name says most) behind an ellipsis.
 * The full name is in the tooltip.
 */
export function wrapName(name: string, max: number, maxLines = 2): string[] {
  if (name.length <= max) return [name];
  const parts = pieces(name, max);
  const lines: string[] = [];
  let line = '';
  for (const part of parts) {
    if (line && line.length + part.length > max) {
      lines.push(line);
      line = '';
    }
    line += part;
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(-maxLines);
  kept[0] = `…${kept[0].length >= max ? kept[0].slice(1 - max) : kept[0]}`;
  return kept;
}

/** Path segments; a segment longer than a line is split at `._-`, then cut. */
function pieces(name: string, max: number): string[] {
  const split = (text: string, at: RegExp) => text.match(at)!.filter(Boolean);
  return split(name, /[^/]*\/?/g).flatMap((segment) =>
    segment.length <= max
      ? [segment]
      : split(segment, /[^._-]*[._-]?/g).flatMap((p) => (p.length <= max ? [p] : (p.match(new RegExp(`.{1,${max}}`, 'g')) ?? []))),
  );
}

// ------------------------------------------------------------------ geometry

function initialRadius(stocks: DiagramStock[]): number {
  const around = stocks.reduce((sum, s) => sum + (s.box.width + s.box.height) / 2 + 30, 0);
  return Math.max(120, around / (2 * Math.PI));
}

function place(
  loop: GraphJsonLoop,
  shapes: DiagramStock[],
  ring: Array<RingLink & { handoff: boolean }>,
  owners: DiagramOwner[],
  radius: number,
): LoopDiagram {
  const centre = { x: 0, y: 0 };
  const n = shapes.length;
  const stocks = shapes.map((s, i) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / n;
    const cx = centre.x + radius * Math.cos(angle);
    const cy = centre.y + radius * Math.sin(angle);
    return { ...s, angle, box: { ...s.box, x: cx - s.box.width / 2, y: cy - s.box.height / 2 } };
  });
  const links = ring.map((link, i) => arc(link, stocks[i], stocks[(i + 1) % n], centre, radius, n));
  const mark = markBox(centre);
  const diagram: LoopDiagram = {
    loop: { id: loop.id, polarity: loop.polarity, documented: loop.documented, possible: loop.possible === true },
    centre,
    radius,
    stocks,
    links,
    owners,
    crossings: crossingsOf(stocks),
    mark,
    legend: { y: 0, lines: [] },
    width: 0,
    height: 0,
  };
  return frame(diagram);
}

/** Arc from where the circle leaves `a`'s box to where it enters `b`'s, clockwise, with head, sign and label. */
function arc(link: RingLink & { handoff: boolean }, a: DiagramStock, b: DiagramStock, c: Point, r: number, n: number): DiagramLink {
  const start = a.angle + exitAngle(a.box, c, r, a.angle, 1) + 8 / r;
  let end = b.angle - exitAngle(b.box, c, r, b.angle, -1) - 4 / r;
  if (n === 1 || end <= start) end += 2 * Math.PI;
  const at = (t: number, off = 0) => ({ x: c.x + (r + off) * Math.cos(t), y: c.y + (r + off) * Math.sin(t) });
  const headLength = 12;
  const bodyEnd = end - headLength / r;
  const arc = { from: at(start), to: at(bodyEnd), large: bodyEnd - start > Math.PI };
  const head = [at(end), at(bodyEnd, 5.5), at(bodyEnd, -5.5)];
  const signAt = signPlace(b.box, (back) => at(end - back / r, -16), (end - start) * r);
  const mid = (start + bodyEnd) / 2;
  const label = flowLabel(link, at(mid, 10), mid);
  const target = link.hops.find((h) => h.target)?.target;
  return { ...link, arc, head, signAt, label, target };
}

/** The sign sits inside the circle next to the arrowhead: the nearest place clear of the stock it points at. */
function signPlace(target: Box, along: (back: number) => Point, length: number): Point {
  const half = FONT.sign * 0.62;
  for (let back = 18; back < length / 2; back += 2) {
    const p = along(back);
    if (!intersects(target, { x: p.x - half, y: p.y - half, width: 2 * half, height: 2 * half }, 4)) return p;
  }
  return along(18);
}

/** How far (radians) the circle runs inside a box centred on it, plus a small gap. */
function exitAngle(box: Box, c: Point, r: number, angle: number, direction: 1 | -1): number {
  const gap = 4;
  for (let d = 0; d < Math.PI; d += 0.5 / r) {
    const x = c.x + r * Math.cos(angle + direction * d);
    const y = c.y + r * Math.sin(angle + direction * d);
    if (x < box.x - gap || x > box.x + box.width + gap || y < box.y - gap || y > box.y + box.height + gap) return d;
  }
  return Math.PI;
}

function flowLabel(link: RingLink, p: Point, angle: number): FlowLabel {
  const names = link.stages.map((s) => s.label);
  const text = names.length ? names.join(' → ') : link.hops.some((h) => h.kind === 'influence') ? 'influence (card)' : 'link';
  const lines = wrapName(text, MAX_FLOW_CHARS);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const anchor: FlowLabel['anchor'] = cos > 0.25 ? 'start' : cos < -0.25 ? 'end' : 'middle';
  const width = Math.max(...lines.map((l) => textWidth(l, FONT.flow)));
  const height = lines.length * FLOW_LINE;
  const left = anchor === 'start' ? p.x : anchor === 'end' ? p.x - width : p.x - width / 2;
  // Above the circle the block grows upwards, below it downwards, at the sides it is centred.
  const top = sin < -0.25 ? p.y - height : sin > 0.25 ? p.y : p.y - height / 2;
  return {
    lines,
    x: anchor === 'start' ? left : anchor === 'end' ? left + width : left + width / 2,
    y: top + FONT.flow,
    anchor,
    box: { x: left, y: top, width, height },
    target: link.stages[0]?.target,
  };
}

function markBox(c: Point): Box {
  const word = textWidth('reinforcing', FONT.markWord);
  const half = Math.max(MARK_RADIUS + 8, word / 2);
  return { x: c.x - half, y: c.y - MARK_RADIUS - 8, width: 2 * half, height: 2 * MARK_RADIUS + 8 + 8 + FONT.markWord + 4 };
}

function crossingsOf(stocks: DiagramStock[]): string[] {
  const keys = stocks.map((s) => s.ownerKey);
  const merged = keys.filter((k, i) => i === 0 || k !== keys[i - 1]);
  if (merged.length > 1 && merged[merged.length - 1] === merged[0]) merged.pop();
  return merged.length > 1 ? [...merged, merged[0]] : merged;
}

/** Moves everything so the drawing starts at (MARGIN, MARGIN), and adds the legend below. */
function frame(d: LoopDiagram): LoopDiagram {
  const boxes = [...d.stocks.map((s) => s.box), ...d.links.map((l) => l.label.box), d.mark];
  boxes.push({ x: d.centre.x - d.radius - 6, y: d.centre.y - d.radius - 6, width: 2 * d.radius + 12, height: 2 * d.radius + 12 });
  const minX = Math.min(...boxes.map((b) => b.x));
  const minY = Math.min(...boxes.map((b) => b.y));
  const maxX = Math.max(...boxes.map((b) => b.x + b.width));
  const maxY = Math.max(...boxes.map((b) => b.y + b.height));
  const legend = legendLines(d);
  const legendWidth = Math.max(...legend.map((l) => textWidth(l, FONT.legend)));
  const width = Math.max(maxX - minX, legendWidth) + 2 * MARGIN;
  const dx = MARGIN - minX + (width - 2 * MARGIN - (maxX - minX)) / 2;
  const dy = MARGIN - minY;
  return shift(
    {
      ...d,
      legend: { y: maxY - minY + MARGIN + 28, lines: legend },
      width,
      height: maxY - minY + 2 * MARGIN + 24 + legend.length * LEGEND_LINE,
    },
    dx,
    dy,
  );
}

function legendLines(d: LoopDiagram): string[] {
  const kind = d.loop.polarity === 'R' ? 'reinforcing' : 'balancing';
  const status = d.loop.documented ? 'documented in mlsystem.yaml' : 'not documented in mlsystem.yaml';
  const handoffs = d.links.filter((l) => l.handoff).length;
  const owners =
    d.crossings.length > 1
      ? `Owners crossed (${handoffs} handoff${handoffs === 1 ? '' : 's'}): ${d.crossings.join(' → ')}`
      : `One owner: ${d.crossings[0] ?? UNOWNED}`;
  return [
    `${d.loop.id}: ${kind} loop, ${d.stocks.length} stock${d.stocks.length === 1 ? '' : 's'}, ${status}${d.loop.possible ? ', closes only through a possible name match' : ''}`,
    owners,
    'Signs: + same direction (a stage adds what it read to what it writes), − opposite (stated in the card), ? unknown',
  ];
}

function shift(d: LoopDiagram, dx: number, dy: number): LoopDiagram {
  const box = (b: Box): Box => ({ ...b, x: b.x + dx, y: b.y + dy });
  const point = (p: Point): Point => ({ x: p.x + dx, y: p.y + dy });
  return {
    ...d,
    centre: point(d.centre),
    stocks: d.stocks.map((s) => ({ ...s, box: box(s.box) })),
    links: d.links.map((l) => ({
      ...l,
      arc: { ...l.arc, from: point(l.arc.from), to: point(l.arc.to) },
      head: l.head.map(point),
      signAt: point(l.signAt),
      label: { ...l.label, x: l.label.x + dx, y: l.label.y + dy, box: box(l.label.box) },
    })),
    mark: box(d.mark),
  };
}

// ------------------------------------------------------------------ overlap check

/** Pairs of drawn things whose boxes overlap (by estimated text widths), or an arc through a label. */
export function overlaps(d: LoopDiagram): string[] {
  const items: Array<{ name: string; box: Box }> = [
    ...d.stocks.map((s) => ({ name: `stock ${s.label}`, box: s.box })),
    ...d.links.map((l) => ({ name: `flow ${l.label.lines.join(' ')}`, box: l.label.box })),
    ...d.links.map((l, i) => ({ name: `sign ${i}`, box: signBox(l) })),
    { name: 'loop mark', box: d.mark },
  ];
  const found: string[] = [];
  for (let i = 0; i < items.length; i++)
    for (let j = i + 1; j < items.length; j++)
      if (intersects(items[i].box, items[j].box, 3)) found.push(`${items[i].name} / ${items[j].name}`);
  for (const l of d.links)
    for (const other of d.links)
      if (arcCrosses(d, l, other.label.box)) found.push(`arc ${l.from}→${l.to} / flow ${other.label.lines.join(' ')}`);
  return found;
}

export function signBox(l: DiagramLink): Box {
  const r = FONT.sign * 0.62;
  return { x: l.signAt.x - r, y: l.signAt.y - r, width: 2 * r, height: 2 * r };
}

function intersects(a: Box, b: Box, gap: number): boolean {
  return a.x < b.x + b.width + gap && b.x < a.x + a.width + gap && a.y < b.y + b.height + gap && b.y < a.y + a.height + gap;
}

/** Samples the arc's circle between its two end points. */
function arcCrosses(d: LoopDiagram, l: DiagramLink, box: Box): boolean {
  const angle = (p: Point) => Math.atan2(p.y - d.centre.y, p.x - d.centre.x);
  const a0 = angle(l.arc.from);
  let a1 = angle(l.arc.to);
  while (a1 <= a0) a1 += 2 * Math.PI;
  for (let t = a0; t <= a1; t += 4 / d.radius) {
    const x = d.centre.x + d.radius * Math.cos(t);
    const y = d.centre.y + d.radius * Math.sin(t);
    if (x > box.x - 2 && x < box.x + box.width + 2 && y > box.y - 2 && y < box.y + box.height + 2) return true;
  }
  return false;
}
