// After Mermaid draws: find each node, edge and group of the SVG by the generated ids the
// Mermaid text gave them (n0, e0, t0), and add what the page needs: keyboard focus, an
// accessible name, a tooltip, a findings badge and loop classes. All text goes in as text nodes.
import type { MermaidResult, ViewEdge, ViewNode } from '../../server/src/engine/render/mermaid';
import { countsText, SEVERITY_CLASS, UNOWNED } from '../../server/src/engine/render/mermaid';
import { svg } from './dom';
import { pushTo } from '../../server/src/engine/text/collections';

export interface Drawing {
  root: SVGSVGElement;
  /** ViewNode key -> its <g class="node">. */
  nodes: Map<string, SVGGElement>;
  /** ViewEdge key -> its path and, when labelled, its label. */
  edges: Map<string, Element[]>;
  result: MermaidResult;
}

const NODE_ID = /-flowchart-(n\d+)-\d+$/;
const KIND_NAME: Record<ViewNode['kind'], string> = { stage: 'Stage', artifact: 'Stock', world: 'Outside world', pipeline: 'Pipeline' };

export function decorate(root: SVGSVGElement, result: MermaidResult): Drawing {
  const drawing: Drawing = { root, nodes: new Map(), edges: new Map(), result };
  const viewNodes = new Map(result.view.nodes.map((n) => [n.key, n]));
  const groupTitles = new Map(result.view.groups.map((g) => [g.key, g.title]));
  for (const el of root.querySelectorAll<SVGGElement>('g.node')) {
    const mermaidId = NODE_ID.exec(el.id)?.[1];
    const node = mermaidId ? viewNodes.get(result.ids.nodes[mermaidId]) : undefined;
    if (!node) continue;
    decorateNode(el, node, node.group ? groupTitles.get(node.group) : undefined);
    drawing.nodes.set(node.key, el);
  }
  decorateEdges(root, result, drawing);
  decorateGroups(root, result);
  return drawing;
}

function decorateNode(el: SVGGElement, node: ViewNode, groupTitle: string | undefined): void {
  el.dataset.key = node.key;
  el.setAttribute('tabindex', '0');
  el.setAttribute('role', 'button');
  el.setAttribute('aria-label', describe(node, groupTitle));
  el.prepend(svg('title', {}, tooltip(node, groupTitle)));
  if (node.kind === 'stage') roundIntoStadium(el);
  if (node.findings) el.append(badge(el, node));
}

/** Stages come as rounded boxes (see mermaid.ts); corner radii of half the height make a stadium. */
function roundIntoStadium(el: SVGGElement): void {
  for (const rect of el.querySelectorAll<SVGRectElement>(':scope > rect.label-container')) {
    const radius = String(rect.height.baseVal.value / 2);
    rect.setAttribute('rx', radius);
    rect.setAttribute('ry', radius);
  }
}

function describe(node: ViewNode, groupTitle: string | undefined): string {
  const parts = [`${KIND_NAME[node.kind]} ${node.label}`];
  if (node.type && node.kind === 'artifact') parts.push(node.type);
  if (node.counts) parts.push(countsText(node.counts));
  parts.push(node.group === UNOWNED ? 'unowned' : (groupTitle ?? outside(node)));
  if (node.loops.length) parts.push(`on loops ${node.loops.join(', ')}`);
  if (node.findings) parts.push(`${node.findings.count} ${node.findings.severity} findings: ${node.findings.rules.join(', ')}`);
  return parts.join(', ');
}

function tooltip(node: ViewNode, groupTitle: string | undefined): string {
  const lines = [
    `${node.label} (${node.kind === 'artifact' ? `stock${node.type ? `: ${node.type}` : ''}` : KIND_NAME[node.kind].toLowerCase()})`,
  ];
  if (node.counts) lines.push(countsText(node.counts), 'Click to focus on it, Shift+click to expand it in place');
  if (node.file) lines.push(node.range ? `${node.file}:${node.range.start.line + 1}` : node.file);
  lines.push(node.group === UNOWNED ? 'Owner: nobody (unowned)' : groupTitle ? `Owner: ${groupTitle}` : outside(node));
  if (node.loops.length) lines.push(`Loops: ${node.loops.join(', ')}`);
  if (node.findings) lines.push(`Findings (${node.findings.count}): ${node.findings.rules.join(', ')}`);
  return lines.join('\n');
}

function outside(node: ViewNode): string {
  return node.external ? 'External (declared in the system card)' : 'Outside world';
}

/** A count in a circle at the node's top-right corner, coloured by worst severity. */
function badge(el: SVGGElement, node: ViewNode): SVGGElement {
  const box = el.getBBox();
  const findings = node.findings!;
  const text = findings.count > 99 ? '99+' : String(findings.count);
  const r = text.length > 1 ? 11 : 9;
  return svg(
    'g',
    {
      class: `lw-badge lw-${findings.severity} ${SEVERITY_CLASS[findings.severity]}`,
      transform: `translate(${box.x + box.width - 2}, ${box.y + 2})`,
      'aria-hidden': 'true',
    },
    svg('title', {}, `${findings.count} ${findings.severity} finding${findings.count === 1 ? '' : 's'}: ${findings.rules.join(', ')}`),
    svg('circle', { r: String(r) }),
    svg('text', { 'text-anchor': 'middle', dy: '0.35em' }, text),
  );
}

function decorateEdges(root: SVGSVGElement, result: MermaidResult, drawing: Drawing): void {
  const viewEdges = new Map(result.view.edges.map((e) => [e.key, e]));
  const documented = new Map(result.view.loops.map((l) => [l.id, l.documented]));
  for (const el of root.querySelectorAll('[data-id]')) {
    const dataId = el.getAttribute('data-id') ?? '';
    const edge = viewEdges.get(result.ids.edges[dataId]);
    if (!edge) continue;
    const isLabel = el.matches('.edgeLabel *, .edgeLabel');
    const target = isLabel ? (el.closest('.edgeLabel') ?? el) : el;
    target.classList.add(isLabel ? 'lw-edge-label' : 'lw-edge', ...loopClasses(edge, documented));
    if (edge.sign === '-') target.classList.add('lw-negative');
    if (edge.loops.length) target.setAttribute('data-loops', edge.loops.join(' '));
    pushTo(drawing.edges, edge.key, target);
  }
}

function loopClasses(edge: ViewEdge, documented: Map<string, boolean>): string[] {
  if (!edge.loops.length) return [];
  const undocumented = edge.loops.some((id) => documented.get(id) === false);
  return ['lw-loop', undocumented ? 'lw-loop-undoc' : 'lw-loop-doc', ...(edge.closes.length ? ['lw-loop-close'] : [])];
}

function decorateGroups(root: SVGSVGElement, result: MermaidResult): void {
  const titles = new Map(result.view.groups.map((g) => [g.key, g]));
  for (const el of root.querySelectorAll<SVGGElement>('g.cluster')) {
    const groupId = el.id.slice(el.id.lastIndexOf('-') + 1);
    const group = titles.get(result.ids.groups[groupId]);
    if (!group) continue;
    el.dataset.group = group.key;
    el.classList.add(`lw-group-${group.kind}`);
    el.prepend(svg('title', {}, group.kind === 'unowned' ? 'Unowned: no team or CODEOWNERS entry' : `Team ${group.title}`));
  }
}
