// Zoom (wheel, keys) and pan (drag) of the drawing, as one CSS transform on the viewport.
// The transform is plain data so it survives re-renders and can be saved with the page state.
export interface Transform {
  x: number;
  y: number;
  k: number;
}

const MIN_SCALE = 0.05;
const MAX_SCALE = 4;
const DRAG_THRESHOLD = 4;

export class PanZoom {
  transform: Transform = { x: 0, y: 0, k: 1 };
  private drag: { startX: number; startY: number; from: Transform; moved: boolean } | undefined;
  private suppressClick = false;

  constructor(
    private readonly canvas: HTMLElement,
    private readonly viewport: HTMLElement,
    private readonly onChange: (t: Transform) => void,
  ) {
    canvas.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    canvas.addEventListener('pointerdown', (e) => this.onPointerDown(e));
    canvas.addEventListener('pointermove', (e) => this.onPointerMove(e));
    canvas.addEventListener('pointerup', (e) => this.onPointerUp(e));
    canvas.addEventListener('pointercancel', () => (this.drag = undefined));
    // A drag that ends on a node must not count as a click on it.
    canvas.addEventListener('click', (e) => this.swallowDragClick(e), true);
  }

  set(t: Transform): void {
    this.transform = { x: t.x, y: t.y, k: clamp(t.k) };
    this.viewport.style.transform = `translate(${this.transform.x}px, ${this.transform.y}px) scale(${this.transform.k})`;
    this.onChange(this.transform);
  }

  /** Scale and centre content of the given size (untransformed px) in the canvas. */
  fit(width: number, height: number): void {
    const box = this.canvas.getBoundingClientRect();
    const margin = 24;
    const k = clamp(Math.min(1.5, (box.width - 2 * margin) / Math.max(width, 1), (box.height - 2 * margin) / Math.max(height, 1)));
    this.set({ k, x: (box.width - width * k) / 2, y: (box.height - height * k) / 2 });
  }

  zoomBy(factor: number, clientX?: number, clientY?: number): void {
    const box = this.canvas.getBoundingClientRect();
    const cx = (clientX ?? box.left + box.width / 2) - box.left;
    const cy = (clientY ?? box.top + box.height / 2) - box.top;
    const { x, y, k } = this.transform;
    const next = clamp(k * factor);
    this.set({ k: next, x: cx - ((cx - x) * next) / k, y: cy - ((cy - y) * next) / k });
  }

  panBy(dx: number, dy: number): void {
    this.set({ ...this.transform, x: this.transform.x + dx, y: this.transform.y + dy });
  }

  /** Pan so that a drawing point (untransformed px) is in the middle of the canvas. */
  look(x: number, y: number): void {
    const box = this.canvas.getBoundingClientRect();
    const k = this.transform.k;
    this.set({ k, x: box.width / 2 - x * k, y: box.height / 2 - y * k });
  }

  /** Pan so that an element's centre is in the middle of the canvas. */
  centre(el: Element): void {
    const box = this.canvas.getBoundingClientRect();
    const r = el.getBoundingClientRect();
    this.panBy(box.left + box.width / 2 - (r.left + r.width / 2), box.top + box.height / 2 - (r.top + r.height / 2));
  }

  private onWheel(e: WheelEvent): void {
    e.preventDefault();
    if (e.ctrlKey || Math.abs(e.deltaY) >= Math.abs(e.deltaX)) this.zoomBy(Math.exp(-e.deltaY * 0.0015), e.clientX, e.clientY);
    else this.panBy(-e.deltaX, 0);
  }

  private onPointerDown(e: PointerEvent): void {
    if (e.button !== 0) return;
    this.suppressClick = false;
    this.drag = { startX: e.clientX, startY: e.clientY, from: { ...this.transform }, moved: false };
  }

  private onPointerMove(e: PointerEvent): void {
    if (!this.drag) return;
    const dx = e.clientX - this.drag.startX;
    const dy = e.clientY - this.drag.startY;
    if (!this.drag.moved && Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
    if (!this.drag.moved) this.canvas.setPointerCapture(e.pointerId);
    this.drag.moved = true;
    this.canvas.classList.add('lw-dragging');
    this.set({ ...this.drag.from, x: this.drag.from.x + dx, y: this.drag.from.y + dy });
  }

  private onPointerUp(e: PointerEvent): void {
    if (this.drag?.moved) {
      this.suppressClick = true;
      if (this.canvas.hasPointerCapture(e.pointerId)) this.canvas.releasePointerCapture(e.pointerId);
    }
    this.drag = undefined;
    this.canvas.classList.remove('lw-dragging');
  }

  private swallowDragClick(e: MouseEvent): void {
    if (!this.suppressClick) return;
    this.suppressClick = false;
    e.stopPropagation();
    e.preventDefault();
  }
}

function clamp(k: number): number {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, Number.isFinite(k) ? k : 1));
}
