// The loop diagram as an element tree: serialised to an SVG file by the CLI, built into DOM
// nodes by the webview (media/src/loop/), so both draw exactly the same picture. Every piece of
// text is a text child (escaped when serialised); clickable parts carry `data-open`, an index
// into the returned targets.
import { FONT, type DiagramLink, type DiagramStock, type LoopDiagram, type Point, type SourceTarget } from './loopDiagram';
import { escapeAttr, escapeText } from './html';

export interface SvgElement {
  tag: string;
  attrs: Record<string, string>;
  children: Array<SvgElement | string>;
}

export interface LoopSvg {
  root: SvgElement;
  /** What each `data-open` index opens. */
  targets: SourceTarget[];
}

const MARK_RADIUS = 30;

/** Colours follow the VS Code theme in the webview; the fallbacks make a standalone file readable, light or dark. */
const STYLE = `
.lwl { --lwl-fg: var(--vscode-editor-foreground, #1f2328); --lwl-bg: var(--vscode-editor-background, #ffffff);
  --lwl-box: var(--vscode-editorWidget-background, #f6f8fa); --lwl-muted: var(--vscode-descriptionForeground, #59636e);
  --lwl-arc: var(--vscode-editor-foreground, #3b434b); --lwl-neg: var(--vscode-editorError-foreground, #d1242f);
  --lwl-focus: var(--vscode-focusBorder, #0969da);
  font-family: var(--vscode-font-family, system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif); }
@media (prefers-color-scheme: dark) { .lwl { --lwl-fg: var(--vscode-editor-foreground, #e6edf3); --lwl-bg: var(--vscode-editor-background, #0d1117);
  --lwl-box: var(--vscode-editorWidget-background, #151b23); --lwl-muted: var(--vscode-descriptionForeground, #9198a1);
  --lwl-arc: var(--vscode-editor-foreground, #c9d1d9); --lwl-neg: var(--vscode-editorError-foreground, #f85149); } }
.lwl .lwl-bg { fill: var(--lwl-bg); }
.lwl text:not([fill]) { fill: var(--lwl-fg); }
.lwl .lwl-stock rect.lwl-box { fill: var(--lwl-box); stroke: var(--lwl-muted); stroke-width: 1.2; }
.lwl .lwl-caption { font-size: ${FONT.caption}px; }
.lwl .lwl-name { font-size: ${FONT.stock}px; font-weight: 600; }
.lwl .lwl-arc { fill: none; stroke: var(--lwl-arc); stroke-width: 1.8; }
.lwl .lwl-possible .lwl-arc { stroke-dasharray: 6 4; }
.lwl .lwl-head { fill: var(--lwl-arc); }
.lwl .lwl-hit { fill: none; stroke: transparent; stroke-width: 14; }
.lwl .lwl-sign text { font-size: ${FONT.sign}px; font-weight: 700; }
.lwl .lwl-sign circle { fill: var(--lwl-bg); }
.lwl .lwl-neg .lwl-sign text { fill: var(--lwl-neg); }
.lwl .lwl-flow-hit { fill: transparent; }
.lwl .lwl-flow text { font-size: ${FONT.flow}px; font-style: italic; fill: var(--lwl-muted); }
.lwl .lwl-mark path { fill: none; stroke: var(--lwl-fg); stroke-width: 2; }
.lwl .lwl-mark polygon { fill: var(--lwl-fg); }
.lwl .lwl-mark .lwl-id { font-size: ${FONT.mark}px; font-weight: 700; }
.lwl .lwl-mark .lwl-word { font-size: ${FONT.markWord}px; fill: var(--lwl-muted); }
.lwl .lwl-legend text { font-size: ${FONT.legend}px; fill: var(--lwl-muted); }
.lwl [data-open] { cursor: pointer; }
.lwl [data-open]:hover .lwl-arc, .lwl [data-open]:focus .lwl-arc { stroke-width: 3; }
.lwl [data-open]:hover .lwl-box, .lwl [data-open]:focus .lwl-box { stroke-width: 2.4; }
.lwl [data-open]:hover text, .lwl [data-open]:focus text { text-decoration: underline; }
.lwl [data-open]:focus { outline: none; }
.lwl [data-open]:focus-visible .lwl-box, .lwl [data-open]:focus-visible .lwl-arc { stroke: var(--lwl-focus); }
`;

function el(tag: string, attrs: Record<string, string | number | undefined>, ...children: Array<SvgElement | string>): SvgElement {
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) clean[k] = typeof v === 'number' ? num(v) : v;
  return { tag, attrs: clean, children };
}

function num(n: number): string {
  return String(Math.round(n * 10) / 10);
}

export function loopSvg(d: LoopDiagram): LoopSvg {
  const targets: SourceTarget[] = [];
  const open = (t: SourceTarget | undefined) => (t ? String(targets.push(t) - 1) : undefined);
  const kind = d.loop.polarity === 'R' ? 'reinforcing' : 'balancing';
  const root = el(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      class: 'lwl',
      width: d.width,
      height: d.height,
      viewBox: `0 0 ${num(d.width)} ${num(d.height)}`,
      role: 'img',
      'aria-label': `Causal loop diagram of ${d.loop.id}, a ${kind} loop through ${d.stocks.length} stocks`,
      'data-loop': d.loop.id,
    },
    el('style', {}, STYLE),
    el('title', {}, `${d.loop.id}: ${kind} feedback loop`),
    el('rect', { class: 'lwl-bg', x: 0, y: 0, width: d.width, height: d.height }),
    el('g', { class: 'lwl-links' }, ...d.links.map((l) => link(l, d.radius, open))),
    el('g', { class: 'lwl-stocks' }, ...d.stocks.map((s) => stock(s, open))),
    mark(d),
    legend(d),
  );
  return { root, targets };
}

function link(l: DiagramLink, radius: number, open: (t: SourceTarget | undefined) => string | undefined): SvgElement {
  const arcPath = arcD(l, radius);
  const sign = l.sign === '-' ? '−' : l.sign;
  const hops = l.why.join('\n');
  const cls = ['lwl-link', l.possible ? 'lwl-possible' : '', l.sign === '-' ? 'lwl-neg' : ''].filter(Boolean).join(' ');
  const arrow = el(
    'g',
    {
      class: cls,
      'data-open': open(l.target),
      'data-from': l.from,
      'data-to': l.to,
      'data-sign': l.sign,
      tabindex: l.target ? '0' : undefined,
      role: l.target ? 'link' : undefined,
    },
    el('title', {}, `${sign} link${l.possible ? ' (possible)' : ''}${l.handoff ? ', hands over to another owner' : ''}\n${hops}`),
    el('path', { class: 'lwl-hit', d: arcPath }),
    el('path', { class: 'lwl-arc', d: arcPath }),
    el('polygon', { class: 'lwl-head', points: l.head.map((p) => `${num(p.x)},${num(p.y)}`).join(' ') }),
    el(
      'g',
      { class: 'lwl-sign' },
      el('circle', { cx: l.signAt.x, cy: l.signAt.y, r: 10 }),
      el('text', { x: l.signAt.x, y: l.signAt.y + 6, 'text-anchor': 'middle' }, sign),
    ),
  );
  const stages = l.stages.map((s) => s.label).join(' → ');
  const flow = el(
    'g',
    {
      class: 'lwl-flow',
      'data-from': l.from,
      'data-open': open(l.label.target),
      tabindex: l.label.target ? '0' : undefined,
      role: l.label.target ? 'link' : undefined,
    },
    el('title', {}, stages ? `Stage${l.stages.length > 1 ? 's' : ''}: ${stages}` : 'A link stated in the card'),
    el('rect', { class: 'lwl-flow-hit', ...l.label.box }),
    el(
      'text',
      { x: l.label.x, y: l.label.y, 'text-anchor': l.label.anchor },
      ...l.label.lines.map((line, i) => el('tspan', { x: l.label.x, dy: i === 0 ? undefined : 15 }, line)),
    ),
  );
  return el('g', { class: 'lwl-pair' }, arrow, flow);
}

function arcD(l: DiagramLink, r: number): string {
  const { from, to, large } = l.arc;
  return `M ${num(from.x)} ${num(from.y)} A ${num(r)} ${num(r)} 0 ${large ? 1 : 0} 1 ${num(to.x)} ${num(to.y)}`;
}

function stock(s: DiagramStock, open: (t: SourceTarget | undefined) => string | undefined): SvgElement {
  const { x, y, width, height } = s.box;
  const textX = x + 12;
  return el(
    'g',
    {
      class: 'lwl-stock',
      'data-open': open(s.target),
      'data-id': s.id,
      tabindex: s.target ? '0' : undefined,
      role: s.target ? 'link' : undefined,
    },
    el('title', {}, s.detail),
    el('rect', { class: 'lwl-box', x, y, width, height, rx: 5 }),
    el('rect', { class: 'lwl-owner', x, y, width: 5, height, rx: 2, fill: s.colour }),
    el('text', { class: 'lwl-caption', x: textX, y: y + 8 + FONT.caption, fill: s.colour }, s.caption),
    el(
      'text',
      { class: 'lwl-name', x: textX, y: y + 8 + 15 + FONT.stock },
      ...s.lines.map((line, i) => el('tspan', { x: textX, dy: i === 0 ? undefined : 17 }, line)),
    ),
  );
}

/** The loop identifier as CLDs draw it: the id inside a circular arrow turning the way the loop runs (clockwise). */
function mark(d: LoopDiagram): SvgElement {
  const c = d.centre;
  const r = MARK_RADIUS;
  const from = polar(c, r, -Math.PI / 2 + 0.5);
  const to = polar(c, r, -Math.PI / 2 - 0.45);
  const tipAngle = -Math.PI / 2 - 0.2;
  const tip = polar(c, r, tipAngle);
  const back = -Math.PI / 2 - 0.55;
  const head = [tip, polar(c, r + 6, back), polar(c, r - 6, back)];
  const word = d.loop.polarity === 'R' ? 'reinforcing' : 'balancing';
  return el(
    'g',
    { class: 'lwl-mark', 'data-polarity': d.loop.polarity },
    el('path', { d: `M ${num(from.x)} ${num(from.y)} A ${r} ${r} 0 1 1 ${num(to.x)} ${num(to.y)}` }),
    el('polygon', { points: head.map((p) => `${num(p.x)},${num(p.y)}`).join(' ') }),
    el('text', { class: 'lwl-id', x: c.x, y: c.y + 8, 'text-anchor': 'middle' }, d.loop.id),
    el('text', { class: 'lwl-word', x: c.x, y: c.y + r + 8 + FONT.markWord + 2, 'text-anchor': 'middle' }, word),
  );
}

function polar(c: Point, r: number, angle: number): Point {
  return { x: c.x + r * Math.cos(angle), y: c.y + r * Math.sin(angle) };
}

/** Legend lines; the owners line names each owner in its colour, as on the stocks. */
function legend(d: LoopDiagram): SvgElement {
  const x = 24;
  const colour = (key: string) => d.owners.find((o) => o.key === key)?.colour;
  const line = (text: string, i: number) => {
    const y = d.legend.y + i * 18;
    const owners = /^(Owners crossed \([^)]*\): |One owner: )/.exec(text);
    if (!owners) return el('text', { x, y }, text);
    const names = d.crossings.flatMap((key, j) => [
      ...(j ? [el('tspan', {}, ' → ')] : []),
      el('tspan', { fill: colour(key), 'font-weight': '600' }, key),
    ]);
    return el('text', { x, y, class: 'lwl-owners' }, owners[1], ...names);
  };
  return el('g', { class: 'lwl-legend' }, ...d.legend.lines.map(line));
}

export function svgToString(node: SvgElement | string): string {
  if (typeof node === 'string') return escapeText(node);
  const attrs = Object.entries(node.attrs)
    .map(([k, v]) => ` ${k}="${escapeAttr(v)}"`)
    .join('');
  const inner =
    node.tag === 'style'
      ? node.children.map((c) => (typeof c === 'string' ? c.replace(/</g, '\\3C ') : '')).join('')
      : node.children.map(svgToString).join('');
  return `<${node.tag}${attrs}>${inner}</${node.tag}>`;
}

/** A standalone SVG file of the loop. */
export function loopSvgText(d: LoopDiagram): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${svgToString(loopSvg(d).root)}\n`;
}
