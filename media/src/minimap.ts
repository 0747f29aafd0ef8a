// The minimap: the whole drawing in miniature (one box per node, loops and findings coloured)
// with the visible part framed; a click or drag in it moves the view there. Shown only when
// the drawing does not fit the canvas at the current zoom.
import { svg } from './dom';
import type { Transform } from './panzoom';

const MAX_WIDTH = 220;
const MAX_HEIGHT = 160;

export interface MinimapNode {
  /** Position and size in drawing px (untransformed). */
  x: number;
  y: number;
  width: number;
  height: number;
  cls: string;
}

export class Minimap {
  readonly el: SVGSVGElement;
  private frame: SVGRectElement;
  private size = { width: 1, height: 1 };
  private scale = 1;
  private dragging = false;

  constructor(
    private readonly canvas: HTMLElement,
    /** Centre the view on a drawing point. */
    private readonly centreOn: (x: number, y: number) => void,
  ) {
    this.el = svg('svg', { class: 'lw-minimap', role: 'img', 'aria-label': 'Minimap: click or drag to move the view' });
    this.frame = svg('rect', { class: 'lw-minimap-frame' });
    this.el.style.display = 'none';
    canvas.append(this.el);
    this.el.addEventListener('pointerdown', (e) => {
      e.stopPropagation();
      this.dragging = true;
      this.el.setPointerCapture(e.pointerId);
      this.jump(e);
    });
    this.el.addEventListener('pointermove', (e) => {
      if (this.dragging) this.jump(e);
    });
    this.el.addEventListener('pointerup', () => (this.dragging = false));
    this.el.addEventListener('click', (e) => e.stopPropagation());
    this.el.addEventListener('wheel', (e) => e.stopPropagation());
  }

  /** Redraw the miniature for a new drawing of the given size. */
  draw(size: { width: number; height: number }, nodes: MinimapNode[]): void {
    this.size = size;
    this.scale = Math.min(MAX_WIDTH / Math.max(1, size.width), MAX_HEIGHT / Math.max(1, size.height));
    const w = size.width * this.scale;
    const h = size.height * this.scale;
    this.el.setAttribute('width', String(Math.ceil(w)));
    this.el.setAttribute('height', String(Math.ceil(h)));
    this.el.setAttribute('viewBox', `0 0 ${size.width} ${size.height}`);
    const boxes = nodes.map((n) =>
      svg('rect', { x: String(n.x), y: String(n.y), width: String(n.width), height: String(n.height), class: n.cls }),
    );
    this.el.replaceChildren(
      svg('rect', { class: 'lw-minimap-bg', width: String(size.width), height: String(size.height) }),
      ...boxes,
      this.frame,
    );
  }

  /** Frame what the canvas shows; hide the minimap when everything is visible. */
  update(t: Transform): void {
    const box = this.canvas.getBoundingClientRect();
    const x = -t.x / t.k;
    const y = -t.y / t.k;
    const w = box.width / t.k;
    const h = box.height / t.k;
    const all = x <= 0 && y <= 0 && x + w >= this.size.width && y + h >= this.size.height;
    this.el.style.display = all || this.size.width <= 1 ? 'none' : '';
    this.frame.setAttribute('x', String(x));
    this.frame.setAttribute('y', String(y));
    this.frame.setAttribute('width', String(w));
    this.frame.setAttribute('height', String(h));
    this.frame.setAttribute('stroke-width', String(2 / this.scale));
  }

  hide(): void {
    this.size = { width: 1, height: 1 };
    this.el.style.display = 'none';
  }

  private jump(e: PointerEvent): void {
    const r = this.el.getBoundingClientRect();
    this.centreOn((e.clientX - r.left) / this.scale, (e.clientY - r.top) / this.scale);
  }
}
