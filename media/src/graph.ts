// The graph page: reads the graph (embedded JSON or an `update` message), turns it into Mermaid
// text with the same renderer as the CLI, draws it, and wires the interaction: open a node's
// source, hover or pick a loop, filters, focus on a neighbourhood, pipeline collapse for large
// graphs, the findings list, zoom/pan, export. Runs in a VS Code webview and standalone.
import { toMermaid, type MermaidOptions, type ViewNode } from '../../server/src/engine/render/mermaid';
import type { Finding } from '../../server/src/engine/rules/rule';
import {
  buildLayout,
  fillFilters,
  fillFindings,
  fillLoops,
  type CollapseMode,
  type Direction,
  type FilterKey,
  type Layout,
} from './controls';
import { decorate, type Drawing } from './decorate';
import { debounce } from './dom';
import { connectHost, type Host } from './host';
import { PanZoom, type Transform } from './panzoom';
import { renderSvg } from './render';
import { readGraphData, type GraphData } from './validate';
import { LoopView } from './loop/view';

interface PageState {
  filter: Record<FilterKey, string>;
  hops: number;
  /** Graph node ids the view is focused on. */
  focus?: string[];
  collapse: CollapseMode;
  direction: Direction;
  expand: string[];
  /** ViewNode key of the selected node. */
  selected?: string;
  /** Loop picked in the side list (stays highlighted). */
  loop?: string;
  transform?: Transform;
}

const FILTER_KEYS: FilterKey[] = ['team', 'loop', 'rule', 'file', 'format'];
const UPDATE_DEBOUNCE_MS = 100;
/** 'auto' direction tries top-down too when left-to-right would be drawn smaller than this. */
const AUTO_DIRECTION_SCALE = 0.75;
const AUTO_DIRECTION_MAX_NODES = 80;

class GraphPage {
  private data: GraphData | undefined;
  private drawing: Drawing | undefined;
  private state: PageState;
  private hoverLoop: string | undefined;
  /** The loop the extension last asked to show. */
  private requestedLoop: string | undefined;
  /** The direction of the current drawing, for the Mermaid export. */
  private drawnDirection: 'LR' | 'TB' = 'LR';
  private generation = 0;
  private readonly panZoom: PanZoom;
  private readonly saveState = debounce(() => this.host.saveState(this.state), 200);

  constructor(
    private readonly host: Host,
    private readonly ui: Layout,
  ) {
    this.state = restoreState(host.loadState());
    this.panZoom = new PanZoom(ui.canvas, ui.viewport, (t) => {
      this.state.transform = t;
      this.saveState();
    });
    this.wireToolbar();
    this.wireCanvas();
    this.syncControls();
  }

  show(data: GraphData, refit: boolean): void {
    this.data = data;
    // A loop asked for (once per request: later refreshes keep what the user picked since).
    if (data.loop !== this.requestedLoop) {
      this.requestedLoop = data.loop;
      if (data.loop) {
        this.state.filter.loop = data.loop;
        this.state.loop = data.loop;
        this.state.focus = undefined;
        refit = true;
      }
    }
    this.ui.title.textContent = data.title ? `System graph · ${data.title}` : 'System graph';
    fillFilters(this.ui, data.graph, data.findings, this.state.filter);
    for (const key of FILTER_KEYS) this.state.filter[key] = this.ui.filters[key].value;
    fillFindings(this.ui, data.findings, { reveal: (f) => void this.reveal(f), open: (f) => this.open(f.file, f.range) });
    this.fillLoops();
    void this.draw(refit);
  }

  // ------------------------------------------------------------------ drawing

  private viewOptions(): MermaidOptions {
    const f = this.state.filter;
    const one = (v: string) => (v ? [v] : undefined);
    return {
      filter: { teams: one(f.team), loops: one(f.loop), rules: one(f.rule), files: one(f.file), formats: one(f.format) },
      focus: this.state.focus ? { nodes: this.state.focus, hops: this.state.hops } : undefined,
      collapse: this.state.collapse === 'auto' ? 'auto' : this.state.collapse === 'on',
      expand: this.state.expand,
    };
  }

  async draw(refit: boolean): Promise<void> {
    if (!this.data) return;
    const generation = ++this.generation;
    const started = performance.now();
    document.body.dataset.lwState = 'rendering';
    const result = toMermaid(this.data.graph, this.data.findings, { ...this.viewOptions(), target: 'webview' });
    this.ui.empty.hidden = result.view.nodes.length > 0;
    if (!result.view.nodes.length) {
      this.ui.viewport.replaceChildren();
      this.drawing = undefined;
      return this.finish(result.view.hidden, 0, started);
    }
    let svg: string;
    try {
      svg = await this.renderBestDirection(result.text, result.view.nodes.length);
    } catch (error) {
      if (generation === this.generation) this.fail(error);
      return;
    }
    if (generation !== this.generation) return;
    // Mermaid's own output (securityLevel strict: DOMPurify-sanitised); every label in it was
    // entity-escaped text, and our additions are made with text nodes.
    this.ui.viewport.innerHTML = svg;
    const root = this.ui.viewport.querySelector('svg');
    if (!root) return this.fail(new Error('Mermaid returned no SVG'));
    this.drawing = decorate(root, result);
    this.applySelection();
    this.applyLoopHighlight();
    if (refit || !this.state.transform) this.fitView();
    else this.panZoom.set(this.state.transform);
    this.finish(result.view.hidden, result.view.nodes.length, started);
  }

  /**
   * Left to right reads like a pipeline, but a long chain makes a strip too thin to read. In
   * 'auto', a small graph is also drawn top-down and the one that fits the canvas larger wins.
   */
  private async renderBestDirection(text: string, nodeCount: number): Promise<string> {
    const chosen = this.state.direction;
    const first = chosen === 'TB' ? 'TB' : 'LR';
    const svg = (await renderSvg(asDirection(text, first))).svg;
    this.drawnDirection = first;
    if (chosen !== 'auto' || nodeCount > AUTO_DIRECTION_MAX_NODES) return svg;
    const scale = this.fitScale(svg);
    if (scale >= AUTO_DIRECTION_SCALE) return svg;
    const topDown = (await renderSvg(asDirection(text, 'TB'))).svg;
    if (this.fitScale(topDown) <= scale) return svg;
    this.drawnDirection = 'TB';
    return topDown;
  }

  private fitScale(svg: string): number {
    const size = svgSize(svg);
    const box = this.ui.canvas.getBoundingClientRect();
    return size ? Math.min(box.width / size.width, box.height / size.height) : 1;
  }

  private finish(hidden: number, drawn: number, started: number): void {
    const view = this.drawing?.result.view;
    const parts = [
      `${drawn} nodes`,
      `${view?.edges.length ?? 0} edges`,
      `${view?.loops.length ?? 0} loops`,
      `${this.data?.findings.length ?? 0} findings`,
    ];
    if (view?.collapsed) parts.push('collapsed by pipeline: click a pipeline to focus on it, Shift+click to expand it in place');
    if (this.state.focus) parts.push('focused: Show all to go back');
    if (hidden) parts.push(`${hidden} hidden by filters or focus`);
    this.ui.status.textContent = parts.join(' · ');
    document.body.dataset.lwState = 'ready';
    this.host.post({
      type: 'rendered',
      nodes: view?.nodes.map((n) => n.key) ?? [],
      edges: view?.edges.length ?? 0,
      loops: view?.loops.map((l) => l.id) ?? [],
      findings: this.data?.findings.length ?? 0,
    });
    // Read by tests and bench/graph-render.ts.
    document.body.dataset.lwRenderMs = String(Math.round(performance.now() - started));
    document.body.dataset.lwRenders = String(Number(document.body.dataset.lwRenders ?? '0') + 1);
  }

  private fail(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.ui.status.textContent = `Could not draw the graph: ${message}`;
    document.body.dataset.lwState = 'error';
    this.host.post({ type: 'renderFailed', error: message });
  }

  private fitView(): void {
    const root = this.drawing?.root;
    if (!root) return;
    const width = root.width.baseVal.value || root.getBBox().width;
    const height = root.height.baseVal.value || root.getBBox().height;
    this.panZoom.fit(width, height);
  }

  // ------------------------------------------------------------------ selection, loops

  private nodeOf(el: Element | null): { el: SVGGElement; node: ViewNode } | undefined {
    const g = el?.closest<SVGGElement>('g.node[data-key]');
    const node = g && this.drawing?.result.view.nodes.find((n) => n.key === g.dataset.key);
    return g && node ? { el: g, node } : undefined;
  }

  private select(key: string | undefined): void {
    this.state.selected = key;
    this.applySelection();
    this.syncControls();
    this.saveState();
  }

  private applySelection(): void {
    for (const el of this.ui.viewport.querySelectorAll('.lw-selected')) el.classList.remove('lw-selected');
    const el = this.state.selected ? this.drawing?.nodes.get(this.state.selected) : undefined;
    el?.classList.add('lw-selected');
    el?.setAttribute('aria-pressed', 'true');
  }

  /**
   * Click or Enter. A collapsed pipeline is opened as a focus on its stages and their
   * neighbourhood (cheap to draw however large the graph); with Shift it expands in place.
   */
  private activate(node: ViewNode, inPlace = false): void {
    if (node.kind === 'pipeline') {
      this.select(undefined);
      if (inPlace) this.state.expand = [...new Set([...this.state.expand, node.key])];
      else this.state.focus = node.members;
      this.changed();
      return;
    }
    this.select(node.key);
    if (node.file && node.range) this.open(node.file, node.range);
  }

  private open(file: string, range: NonNullable<ViewNode['range']>): void {
    this.host.post({ type: 'open', file, range });
  }

  private fillLoops(): void {
    fillLoops(this.ui, this.data?.graph.loops ?? [], this.state.loop, {
      hover: (id) => this.hover(id),
      toggle: (id) => {
        this.state.loop = this.state.loop === id ? undefined : id;
        this.fillLoops();
        this.applyLoopHighlight();
        this.saveState();
      },
    });
  }

  private hover(loop: string | undefined): void {
    if (loop === this.hoverLoop) return;
    this.hoverLoop = loop;
    this.applyLoopHighlight();
  }

  /** Dim everything but the hops of the hovered (else the picked) loop. */
  private applyLoopHighlight(): void {
    if (!this.drawing) return;
    const { root, result, nodes, edges } = this.drawing;
    for (const el of root.querySelectorAll('.lw-hop')) el.classList.remove('lw-hop');
    const id = this.hoverLoop ?? this.state.loop;
    const loop = id ? result.view.loops.find((l) => l.id === id) : undefined;
    root.classList.toggle('lw-dim', loop !== undefined);
    if (!loop) return;
    for (const key of loop.nodes) nodes.get(key)?.classList.add('lw-hop');
    for (const key of loop.edges) for (const el of edges.get(key) ?? []) el.classList.add('lw-hop');
  }

  // ------------------------------------------------------------------ findings

  private async reveal(finding: Finding): Promise<void> {
    if (finding.loop) {
      this.state.loop = finding.loop;
      this.fillLoops();
    }
    const ids = this.nodesOfFinding(finding);
    let key = this.viewKeyOf(ids);
    if (!key && ids.length) {
      this.state.filter = { team: '', loop: '', rule: '', file: '', format: '' };
      this.state.focus = undefined;
      this.syncControls();
      await this.draw(true);
      key = this.viewKeyOf(ids);
    }
    this.applyLoopHighlight();
    const el = key ? this.drawing?.nodes.get(key) : undefined;
    if (!key || !el) return;
    this.select(key);
    this.panZoom.centre(el);
    el.classList.remove('lw-revealed');
    void el.getBoundingClientRect();
    el.classList.add('lw-revealed');
    el.focus({ preventScroll: true });
  }

  /** The finding's nodes, else the nodes defined in its file at its line, else in its file. */
  private nodesOfFinding(f: Finding): string[] {
    if (f.nodes?.length) return f.nodes;
    const nodes = this.data?.graph.nodes ?? [];
    const inFile = nodes.filter((n) => n.file === f.file);
    const atLine = inFile.filter((n) => n.range && n.range.start.line <= f.range.start.line && f.range.start.line <= n.range.end.line);
    return (atLine.length ? atLine : inFile).map((n) => n.id);
  }

  private viewKeyOf(ids: string[]): string | undefined {
    return this.drawing?.result.view.nodes.find((n) => n.members.some((m) => ids.includes(m)))?.key;
  }

  // ------------------------------------------------------------------ export

  private exportSvg(): void {
    const root = this.drawing?.root;
    if (!root) return;
    const copy = root.cloneNode(true) as SVGSVGElement;
    copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
    copy.classList.remove('lw-dim');
    for (const el of copy.querySelectorAll('[tabindex]')) el.removeAttribute('tabindex');
    this.host.post({ type: 'export', format: 'svg', content: new XMLSerializer().serializeToString(copy) });
  }

  private exportMermaid(): void {
    if (!this.data) return;
    const { text } = toMermaid(this.data.graph, this.data.findings, {
      ...this.viewOptions(),
      target: 'text',
      direction: this.drawnDirection,
    });
    this.host.post({ type: 'export', format: 'mermaid', content: text });
  }

  // ------------------------------------------------------------------ wiring

  private syncControls(): void {
    for (const key of FILTER_KEYS) this.ui.filters[key].value = this.state.filter[key];
    this.ui.hops.value = String(this.state.hops);
    this.ui.collapse.value = this.state.collapse;
    this.ui.direction.value = this.state.direction;
    this.ui.focus.disabled = !this.state.selected;
    this.ui.clearFocus.disabled = !this.state.focus;
  }

  private wireToolbar(): void {
    const ui = this.ui;
    for (const key of FILTER_KEYS) {
      ui.filters[key].addEventListener('change', () => {
        this.state.filter[key] = ui.filters[key].value;
        this.changed();
      });
    }
    ui.hops.addEventListener('change', () => {
      this.state.hops = clampHops(Number(ui.hops.value));
      if (this.state.focus) this.changed();
      else this.syncControls();
    });
    ui.focus.addEventListener('click', () => this.focusOn(this.state.selected));
    ui.clearFocus.addEventListener('click', () => {
      this.state.focus = undefined;
      this.changed();
    });
    ui.collapse.addEventListener('change', () => {
      this.state.collapse = (['auto', 'on', 'off'] as const).find((m) => m === ui.collapse.value) ?? 'auto';
      this.state.expand = [];
      this.changed();
    });
    ui.direction.addEventListener('change', () => {
      this.state.direction = (['auto', 'LR', 'TB'] as const).find((d) => d === ui.direction.value) ?? 'auto';
      this.changed();
    });
    ui.fit.addEventListener('click', () => this.fitView());
    ui.zoomIn.addEventListener('click', () => this.panZoom.zoomBy(1.25));
    ui.zoomOut.addEventListener('click', () => this.panZoom.zoomBy(0.8));
    ui.exportSvg.addEventListener('click', () => this.exportSvg());
    ui.exportMermaid.addEventListener('click', () => this.exportMermaid());
  }

  private focusOn(key: string | undefined): void {
    const node = key ? this.drawing?.result.view.nodes.find((n) => n.key === key) : undefined;
    if (!node) return;
    this.state.focus = node.members;
    this.changed();
  }

  private changed(): void {
    this.syncControls();
    this.saveState();
    void this.draw(true);
  }

  private wireCanvas(): void {
    const canvas = this.ui.canvas;
    canvas.addEventListener('click', (e) => {
      const hit = this.nodeOf(e.target as Element);
      if (hit) this.activate(hit.node, e.shiftKey);
      else if (e.target === canvas || e.target === this.ui.viewport) this.select(undefined);
    });
    canvas.addEventListener('keydown', (e) => this.onKey(e));
    canvas.addEventListener('mouseover', (e) => this.hover(loopAt(e.target as Element)));
    canvas.addEventListener('mouseleave', () => this.hover(undefined));
  }

  private onKey(e: KeyboardEvent): void {
    const hit = this.nodeOf(e.target as Element);
    const handled = (hit && this.onNodeKey(e, hit.el, hit.node)) || this.onCanvasKey(e);
    if (handled) e.preventDefault();
  }

  private onNodeKey(e: KeyboardEvent, el: SVGGElement, node: ViewNode): boolean {
    const direction = ARROWS[e.key];
    if (e.key === 'Enter') this.activate(node, e.shiftKey);
    else if (e.key === ' ') this.select(node.key);
    else if (e.key === 'f' || e.key === 'F') this.focusOn(node.key);
    else if (direction) this.moveFocus(el, direction);
    else return false;
    return true;
  }

  private onCanvasKey(e: KeyboardEvent): boolean {
    if (e.key === '+' || e.key === '=') this.panZoom.zoomBy(1.25);
    else if (e.key === '-') this.panZoom.zoomBy(0.8);
    else if (e.key === '0') this.fitView();
    else if (e.key === 'Escape') {
      this.select(undefined);
      this.state.loop = undefined;
      this.fillLoops();
      this.applyLoopHighlight();
    } else return false;
    return true;
  }

  /** Move keyboard focus to the nearest node in an arrow's direction. */
  private moveFocus(from: SVGGElement, [dx, dy]: [number, number]): void {
    const centre = (el: Element) => {
      const r = el.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    };
    const a = centre(from);
    let best: { el: SVGGElement; score: number } | undefined;
    for (const el of this.drawing?.nodes.values() ?? []) {
      if (el === from) continue;
      const b = centre(el);
      const along = (b.x - a.x) * dx + (b.y - a.y) * dy;
      if (along <= 0) continue;
      const across = Math.abs((b.x - a.x) * dy - (b.y - a.y) * dx);
      const score = along + 2 * across;
      if (!best || score < best.score) best = { el, score };
    }
    if (!best) return;
    best.el.focus({ preventScroll: true });
    const box = this.ui.canvas.getBoundingClientRect();
    const r = best.el.getBoundingClientRect();
    if (r.left < box.left || r.right > box.right || r.top < box.top || r.bottom > box.bottom) this.panZoom.centre(best.el);
  }
}

const ARROWS: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

function loopAt(target: Element | null): string | undefined {
  return target?.closest('[data-loops]')?.getAttribute('data-loops')?.split(' ')[0] || undefined;
}

function asDirection(text: string, direction: 'LR' | 'TB'): string {
  return text.replace(/^flowchart (LR|TB)/, `flowchart ${direction}`);
}

function svgSize(svg: string): { width: number; height: number } | undefined {
  const box = /viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"/.exec(svg);
  return box ? { width: Number(box[1]), height: Number(box[2]) } : undefined;
}

function clampHops(n: number): number {
  return Number.isFinite(n) ? Math.min(6, Math.max(1, Math.round(n))) : 2;
}

/** Saved page state is data we wrote ourselves, but still only read field by field. */
function restoreState(saved: unknown): PageState {
  const s = (typeof saved === 'object' && saved !== null ? saved : {}) as Partial<PageState>;
  const filter = { team: '', loop: '', rule: '', file: '', format: '' };
  for (const key of FILTER_KEYS) if (typeof s.filter?.[key] === 'string') filter[key] = s.filter[key];
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);
  const t = s.transform;
  const transform = t && [t.x, t.y, t.k].every((n) => typeof n === 'number' && Number.isFinite(n)) ? { x: t.x, y: t.y, k: t.k } : undefined;
  return {
    filter,
    hops: clampHops(Number(s.hops ?? 2)),
    focus: strings(s.focus),
    collapse: s.collapse === 'on' || s.collapse === 'off' ? s.collapse : 'auto',
    direction: s.direction === 'LR' || s.direction === 'TB' ? s.direction : 'auto',
    expand: strings(s.expand) ?? [],
    selected: typeof s.selected === 'string' ? s.selected : undefined,
    loop: typeof s.loop === 'string' ? s.loop : undefined,
    transform,
  };
}

function embeddedData(): GraphData | undefined {
  const text = document.getElementById('loopwise-data')?.textContent;
  if (!text) return undefined;
  try {
    return readGraphData(JSON.parse(text));
  } catch {
    return undefined;
  }
}

function boot(): void {
  const host = connectHost();
  const root = document.getElementById('loopwise') ?? document.body.appendChild(document.createElement('div'));
  const page = new GraphPage(host, buildLayout(root));
  const loopView = new LoopView(host, document.body);
  const initial = embeddedData();
  if (initial) page.show(initial, !host.inEditor);
  if (initial) loopView.show(initial);
  const update = debounce((data: GraphData) => page.show(data, false), UPDATE_DEBOUNCE_MS);
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    // Standalone, only this window may post (tests do); in VS Code messages come from the extension.
    if (!host.inEditor && event.source !== window) return;
    const message = event.data;
    if (typeof message !== 'object' || message === null || (message as { type?: unknown }).type !== 'update') return;
    const data = readGraphData(message);
    if (data) update(data);
    if (data) loopView.show(data);
  });
  const redraw = debounce(() => void page.draw(false), 50);
  new MutationObserver(redraw).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', redraw);
  host.post({ type: 'ready' });
}

boot();
