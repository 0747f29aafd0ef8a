// The graph page: reads the graph (embedded JSON or an `update` message), turns it into Mermaid
// text with the same renderer as the CLI, draws it, and wires the interaction: open a node's
// source, hover or pick a loop, filters, focus on a neighbourhood, pipeline collapse for large
// graphs, the findings list, zoom/pan, export. Runs in a VS Code webview and standalone.
import { toMermaid, type GraphView, type MermaidOptions, type ViewLoop, type ViewNode } from '../../server/src/engine/render/mermaid';
import type { Finding } from '../../server/src/engine/model/finding';
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
import { Minimap, type MinimapNode } from './minimap';
import { chooseDirection, collapseThreshold, readableScale } from './readable';
import { LABEL_FONT_PX, renderSvg } from './render';
import { readGraphData, type GraphData } from './validate';
import { LoopView } from './loop/view';

interface PageState {
  filter: Record<FilterKey, string>;
  hops: number;
  /** Graph node ids the view is focused on. */
  focus?: string[];
  /** The collapsed pipeline the focus was opened from: drawn stage by stage while focused. */
  focusPipeline?: string;
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
/** Label classes of the drawing whose on-screen size must stay readable. */
const LABEL_SELECTOR = 'g.node .nodeLabel, g.cluster .nodeLabel, .edgeLabel .edgeLabel, g.node text, g.cluster text';

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
  private fingerprint = '';
  private readonly panZoom: PanZoom;
  private readonly minimap: Minimap;
  /** The zoom at which the smallest label of the current drawing is MIN_LABEL_PX on screen. */
  private readableK = 1;
  private search = { query: '', index: -1 };
  private viewPending = false;
  private readonly saveState = debounce(() => this.host.saveState(this.state), 200);

  constructor(
    private readonly host: Host,
    private readonly ui: Layout,
  ) {
    this.state = restoreState(host.loadState());
    this.panZoom = new PanZoom(ui.canvas, ui.viewport, (t) => {
      this.state.transform = t;
      this.minimap?.update(t);
      this.saveState();
    });
    this.minimap = new Minimap(ui.canvas, (x, y) => this.panZoom.look(x, y));
    this.wireToolbar();
    this.wireCanvas();
    window.addEventListener('resize', () => {
      if (this.viewPending && this.drawing) this.openView();
    });
    this.syncControls();
  }

  show(data: GraphData, refit: boolean): void {
    // The extension re-sends the graph when the panel is shown again or diagnostics change:
    // an unchanged graph keeps the drawing as it is (no new layout).
    const fingerprint = JSON.stringify([data.graph, data.findings, data.file]);
    const unchanged = fingerprint === this.fingerprint && data.loop === this.requestedLoop && this.drawing !== undefined;
    this.fingerprint = fingerprint;
    if (unchanged) {
      if (data.title) this.ui.title.textContent = `System graph · ${data.title}`;
      return;
    }
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
    this.fillLoops();
    void this.draw(refit);
  }

  // ------------------------------------------------------------------ drawing

  private viewOptions(): MermaidOptions {
    const f = this.state.filter;
    const one = (v: string) => (v ? [v] : undefined);
    const focusPipeline = this.state.focus && this.state.focusPipeline ? [this.state.focusPipeline] : [];
    return {
      filter: { teams: one(f.team), loops: one(f.loop), rules: one(f.rule), files: one(f.file), formats: one(f.format) },
      focus: this.state.focus ? { nodes: this.state.focus, hops: this.state.hops } : undefined,
      collapse: this.state.collapse === 'auto' ? 'auto' : this.state.collapse === 'on',
      collapseAbove: collapseThreshold(this.ui.canvas.getBoundingClientRect(), LABEL_FONT_PX),
      expand: [...this.state.expand, ...focusPipeline],
      partialLoops: true,
    };
  }

  async draw(refit: boolean): Promise<void> {
    if (!this.data) return;
    const generation = ++this.generation;
    const started = performance.now();
    document.body.dataset.lwState = 'rendering';
    const result = toMermaid(this.data.graph, this.data.findings, { ...this.viewOptions(), target: 'webview' });
    this.showFindings(result.view);
    this.ui.empty.hidden = result.view.nodes.length > 0;
    if (!result.view.nodes.length) {
      this.ui.viewport.replaceChildren();
      this.drawing = undefined;
      this.minimap.hide();
      return this.finish(result.view.hidden, 0, started);
    }
    const direction =
      this.state.direction === 'auto' ? chooseDirection(result.view, this.ui.canvas.getBoundingClientRect()) : this.state.direction;
    this.drawnDirection = direction;
    performance.measure('lw-view', { start: started, end: performance.now() });
    let svg: string;
    try {
      svg = (await renderSvg(asDirection(result.text, direction))).svg;
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
    const decorating = performance.now();
    this.drawing = decorate(root, result);
    this.fillLoops();
    this.applySelection();
    this.applyLoopHighlight();
    this.readableK = readableScale(smallestFontPx(root));
    this.drawMinimap();
    if (refit || !this.state.transform) this.openView();
    else this.panZoom.set(this.state.transform);
    this.applySearch(false);
    performance.measure('lw-decorate', { start: decorating, end: performance.now() });
    this.finish(result.view.hidden, result.view.nodes.length, started);
  }

  /** Drawing size in untransformed px. */
  private drawingSize(): { width: number; height: number } {
    const root = this.drawing!.root;
    return { width: root.width.baseVal.value || root.getBBox().width, height: root.height.baseVal.value || root.getBBox().height };
  }

  /** An element's box in drawing px (untransformed), from its on-screen box. */
  private boxOf(el: Element): { x: number; y: number; width: number; height: number } {
    const origin = this.drawing!.root.getBoundingClientRect();
    const k = this.panZoom.transform.k;
    const r = el.getBoundingClientRect();
    return { x: (r.left - origin.left) / k, y: (r.top - origin.top) / k, width: r.width / k, height: r.height / k };
  }

  private drawMinimap(): void {
    const drawing = this.drawing!;
    const nodes: MinimapNode[] = [];
    for (const node of drawing.result.view.nodes) {
      const el = drawing.nodes.get(node.key);
      if (!el) continue;
      const cls = node.loops.length ? 'lw-mm-loop' : node.findings ? `lw-mm-${node.findings.severity}` : 'lw-mm-node';
      nodes.push({ ...this.boxOf(el), cls });
    }
    this.minimap.draw(this.drawingSize(), nodes);
  }

  /**
   * The first view of a drawing: all of it when it fits with labels readable, else readable
   * size on what matters first (the selected node, the picked loop, the loops, the worst
   * findings), scrolled to with the minimap showing where it is.
   */
  private openView(): void {
    const size = this.drawingSize();
    const box = this.ui.canvas.getBoundingClientRect();
    // Drawn while the panel was hidden (no size yet): open the view once it has one.
    this.viewPending = box.width === 0 || box.height === 0;
    if (this.viewPending) return;
    const margin = 24;
    const fit = Math.min(1.5, (box.width - 2 * margin) / size.width, (box.height - 2 * margin) / size.height);
    if (fit >= this.readableK) return this.panZoom.fit(size.width, size.height);
    const k = this.readableK;
    const targets = this.startNodes().map((el) => this.boxOf(el));
    if (!targets.length) return this.panZoom.set({ k, x: margin, y: margin });
    const left = Math.min(...targets.map((r) => r.x));
    const top = Math.min(...targets.map((r) => r.y));
    const right = Math.max(...targets.map((r) => r.x + r.width));
    const bottom = Math.max(...targets.map((r) => r.y + r.height));
    // Centre the targets on each axis where they fit; where they do not, start at their beginning.
    const x = (right - left) * k <= box.width - 2 * margin ? box.width / 2 - ((left + right) / 2) * k : margin - left * k;
    const y = (bottom - top) * k <= box.height - 2 * margin ? box.height / 2 - ((top + bottom) / 2) * k : margin - top * k;
    this.panZoom.set({ k, x, y });
  }

  private startNodes(): SVGGElement[] {
    const drawing = this.drawing!;
    const view = drawing.result.view;
    const els = (keys: string[]) => keys.map((k) => drawing.nodes.get(k)).filter((el): el is SVGGElement => el !== undefined);
    const selected = this.state.selected ? els([this.state.selected]) : [];
    if (selected.length) return selected;
    const picked = view.loops.find((l) => l.id === this.state.loop);
    if (picked) return els(picked.nodes);
    const file = this.data?.file;
    const inFile = file ? view.nodes.filter((n) => n.file === file).map((n) => n.key) : [];
    if (inFile.length) return els(inFile);
    const loop = view.loops.find((l) => !l.documented && !l.partial) ?? view.loops.find((l) => !l.partial) ?? view.loops[0];
    if (loop) return els(loop.nodes);
    for (const severity of ['error', 'warning']) {
      const worst = view.nodes.filter((n) => n.findings?.severity === severity).map((n) => n.key);
      if (worst.length) return els(worst.slice(0, 1));
    }
    return [];
  }

  private finish(hidden: number, drawn: number, started: number): void {
    const view = this.drawing?.result.view;
    const parts = [
      `${drawn} nodes`,
      `${view?.edges.length ?? 0} edges`,
      loopsText(view?.loops ?? []),
      findingsText(this.shownFindings.length, this.data?.findings.length ?? 0),
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
      findings: this.shownFindings.length,
    });
    // The first drawing on screen, for bench/graph-render.ts: after the frame that paints it.
    if (!performance.getEntriesByName('lw-first-paint').length)
      requestAnimationFrame(() => setTimeout(() => performance.mark('lw-first-paint')));
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
    if (!this.drawing) return;
    const size = this.drawingSize();
    this.panZoom.fit(size.width, size.height);
  }

  // ------------------------------------------------------------------ findings shown

  private shownFindings: Finding[] = [];

  /** The findings list follows the view: findings on nodes it shows (all of them when nothing is hidden). */
  private showFindings(view: GraphView): void {
    const all = this.data?.findings ?? [];
    const shown = new Set(view.nodes.flatMap((n) => n.members));
    this.shownFindings = view.hidden ? all.filter((f) => this.nodesOfFinding(f).some((id) => shown.has(id))) : [...all];
    fillFindings(this.ui, this.shownFindings, all.length, { reveal: (f) => void this.reveal(f), open: (f) => this.open(f.file, f.range) });
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
      else {
        this.state.focus = node.members;
        this.state.focusPipeline = node.key;
      }
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
    fillLoops(this.ui, this.data?.graph.loops ?? [], this.drawing?.result.view.loops, this.state.loop, {
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
      this.state.focusPipeline = undefined;
      this.changed();
    });
    ui.search.addEventListener('input', () => {
      this.search = { query: ui.search.value, index: -1 };
      this.applySearch(false);
    });
    ui.search.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter') return;
      e.preventDefault();
      this.applySearch(true, e.shiftKey ? -1 : 1);
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
    this.state.focusPipeline = node.kind === 'pipeline' ? node.key : undefined;
    this.changed();
  }

  // ------------------------------------------------------------------ search

  /**
   * Marks the drawn nodes whose label (or, for a collapsed pipeline, one of its stages' or
   * stocks' labels) contains the query; with `jump`, moves to the next match at readable zoom.
   */
  private applySearch(jump: boolean, step = 1): void {
    const drawing = this.drawing;
    for (const el of this.ui.viewport.querySelectorAll('.lw-match')) el.classList.remove('lw-match');
    const q = this.search.query.trim().toLowerCase();
    if (!q || !drawing || !this.data) {
      this.ui.searchCount.textContent = '';
      return;
    }
    const labels = new Map(this.data.graph.nodes.map((n) => [n.id, n.label.toLowerCase()]));
    const matches = drawing.result.view.nodes
      .filter((n) => n.label.toLowerCase().includes(q) || n.members.some((id) => labels.get(id)?.includes(q)))
      .map((n) => n.key);
    for (const key of matches) drawing.nodes.get(key)?.classList.add('lw-match');
    const drawnIds = new Set(drawing.result.view.nodes.flatMap((n) => n.members));
    const hidden = this.data.graph.nodes.filter((n) => !drawnIds.has(n.id) && n.label.toLowerCase().includes(q)).length;
    const found = matches.length ? `${matches.length} found` : 'no match';
    this.ui.searchCount.textContent = hidden ? `${found} · ${hidden} hidden by filters or focus` : found;
    if (!jump || !matches.length) return;
    this.search.index = (this.search.index + step + matches.length) % matches.length;
    const key = matches[this.search.index];
    const el = drawing.nodes.get(key);
    if (!el) return;
    if (this.panZoom.transform.k < this.readableK) this.panZoom.set({ ...this.panZoom.transform, k: this.readableK });
    this.panZoom.centre(el);
    this.select(key);
    this.ui.searchCount.textContent = `${this.search.index + 1} of ${matches.length}${hidden ? ` · ${hidden} hidden by filters or focus` : ''}`;
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

/** The smallest font size of the drawing's labels, in drawing px. */
function smallestFontPx(root: SVGSVGElement): number {
  let smallest = Infinity;
  for (const el of root.querySelectorAll(LABEL_SELECTOR)) {
    if (!el.textContent?.trim()) continue;
    const px = parseFloat(getComputedStyle(el).fontSize);
    if (px > 0 && px < smallest) smallest = px;
  }
  return Number.isFinite(smallest) ? smallest : LABEL_FONT_PX;
}

function loopsText(loops: readonly ViewLoop[]): string {
  const partial = loops.filter((l) => l.partial).length;
  const text = `${loops.length} loop${loops.length === 1 ? '' : 's'}`;
  return partial ? `${text} (${partial} partly shown)` : text;
}

function findingsText(shown: number, total: number): string {
  return shown === total ? `${total} findings` : `${shown} of ${total} findings`;
}

function asDirection(text: string, direction: 'LR' | 'TB'): string {
  return text.replace(/^flowchart (LR|TB)/, `flowchart ${direction}`);
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
    focusPipeline: typeof s.focusPipeline === 'string' ? s.focusPipeline : undefined,
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
  // Page load to here: HTML parsing and compiling the bundled script (read by the benchmark).
  performance.mark('lw-boot');
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
