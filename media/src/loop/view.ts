// The loop view: one feedback loop as a causal loop diagram, over the graph page. It opens by
// itself when the extension asks for a loop ("Show this loop" on a loop finding, or
// `loopwise graph --loop R1 --format html`), from the "Loop diagram" picker at any time, and
// "Full graph" goes back to the system graph underneath. Every stock, arrow and stage label
// opens its source beside the panel.
import { layoutLoop } from '../../../server/src/engine/render/loopDiagram';
import { loopSvg, type SvgElement } from '../../../server/src/engine/render/loopDiagramSvg';
import type { SourceTarget } from '../../../server/src/engine/render/loopDiagram';
import { h } from '../dom';
import type { Host } from '../host';
import type { GraphData } from '../validate';
import { LOOP_VIEW_CSS } from './style';

const SVG_NS = 'http://www.w3.org/2000/svg';

export class LoopView {
  private data: GraphData | undefined;
  /** The loop on screen, if the view is open. */
  private current: string | undefined;
  /** The loop the extension last asked for: a refresh with the same request does not reopen a closed view. */
  private requested: string | undefined;
  private targets: SourceTarget[] = [];
  private readonly overlay: HTMLElement;
  private readonly canvas: HTMLElement;
  private readonly heading: HTMLElement;
  private readonly picker: HTMLSelectElement;
  private readonly opener: HTMLSelectElement;

  constructor(
    private readonly host: Host,
    parent: HTMLElement,
  ) {
    document.head.append(h('style', {}, LOOP_VIEW_CSS));
    this.heading = h('h2', { class: 'lwl-heading' });
    this.picker = h('select', { id: 'lwl-picker', 'aria-label': 'Loop' });
    const back = h('button', { type: 'button', id: 'lwl-back', title: 'Back to the full system graph (Esc)' }, '← Full graph');
    this.canvas = h('div', { class: 'lwl-canvas', id: 'lwl-canvas', tabindex: '-1' });
    this.overlay = h(
      'section',
      { class: 'lwl-overlay', id: 'lwl-overlay', 'aria-label': 'Loop diagram', hidden: '' },
      h('div', { class: 'lwl-bar' }, back, this.heading, h('label', { for: 'lwl-picker' }, 'Loop'), this.picker),
      this.canvas,
    );
    this.opener = h('select', { class: 'lwl-opener', id: 'lwl-opener', 'aria-label': 'Show a loop as a causal loop diagram', hidden: '' });
    parent.append(this.overlay, this.opener);
    back.addEventListener('click', () => this.close());
    this.picker.addEventListener('change', () => this.open(this.picker.value));
    this.opener.addEventListener('change', () => {
      if (this.opener.value) this.open(this.opener.value);
      this.opener.value = '';
    });
    this.canvas.addEventListener('click', (e) => this.activate(e.target as Element));
    this.overlay.addEventListener('keydown', (e) => this.onKey(e));
  }

  /** New graph data: opens the loop it asks for (once per request), else redraws what is open. */
  show(data: GraphData): void {
    this.data = data;
    if (data.loop !== this.requested) {
      this.requested = data.loop;
      if (data.loop) this.current = data.loop;
    }
    this.fillPickers();
    if (this.current) this.draw();
  }

  open(loop: string): void {
    this.current = loop;
    this.fillPickers();
    this.draw();
    this.canvas.focus({ preventScroll: true });
  }

  close(): void {
    this.current = undefined;
    this.overlay.hidden = true;
    delete document.body.dataset.lwLoop;
  }

  private fillPickers(): void {
    const loops = this.data?.graph.loops ?? [];
    const option = (value: string, text: string) => h('option', { value }, text);
    const name = (l: (typeof loops)[number]) => `${l.id} · ${l.polarity === 'R' ? 'reinforcing' : 'balancing'}`;
    this.picker.replaceChildren(...loops.map((l) => option(l.id, name(l))));
    if (this.current) this.picker.value = this.current;
    this.opener.replaceChildren(option('', 'Loop diagram…'), ...loops.map((l) => option(l.id, name(l))));
    this.opener.value = '';
    this.opener.hidden = loops.length === 0;
  }

  private draw(): void {
    const loop = this.current!;
    this.overlay.hidden = false;
    document.body.dataset.lwLoop = loop;
    const diagram = this.data && layoutLoop(this.data.graph, loop);
    if (!diagram) {
      this.heading.textContent = `Loop ${loop}`;
      this.targets = [];
      this.canvas.replaceChildren(
        h(
          'p',
          { class: 'lwl-gone' },
          `Loop ${loop} is no longer in the graph: its files changed. Pick another loop or go back to the full graph.`,
        ),
      );
      return;
    }
    const kind = diagram.loop.polarity === 'R' ? 'reinforcing' : 'balancing';
    this.heading.textContent = `Loop ${loop} · ${kind} · ${diagram.stocks.length} stocks, ${diagram.owners.length} owner${diagram.owners.length === 1 ? '' : 's'}`;
    const { root, targets } = loopSvg(diagram);
    this.targets = targets;
    this.canvas.replaceChildren(toDom(root));
  }

  private activate(target: Element | null): boolean {
    const index = target?.closest('[data-open]')?.getAttribute('data-open');
    const place = index ? this.targets[Number(index)] : undefined;
    if (!place) return false;
    this.host.post({ type: 'open', file: place.file, range: place.range });
    return true;
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key === 'Escape') {
      this.close();
      e.preventDefault();
    } else if ((e.key === 'Enter' || e.key === ' ') && this.activate(e.target as Element)) e.preventDefault();
  }
}

/** DOM nodes for the diagram's element tree: names are our own, every text is a text node. */
function toDom(node: SvgElement): Element {
  const el = document.createElementNS(SVG_NS, node.tag);
  for (const [name, value] of Object.entries(node.attrs)) if (name !== 'xmlns') el.setAttribute(name, value);
  for (const child of node.children) el.append(typeof child === 'string' ? document.createTextNode(child) : toDom(child));
  return el;
}
