// The page around the drawing: toolbar (filters, focus, layout, zoom, export), the side list
// of findings and loops, the legend and the status line. Built once; option lists and lists
// are refreshed on each update.
import type { GraphJson, GraphJsonLoop } from '../../server/src/engine/model/graphJson';
import { UNOWNED } from '../../server/src/engine/render/mermaid';
import type { Finding } from '../../server/src/engine/model/finding';
import { h } from './dom';

export type FilterKey = 'team' | 'loop' | 'rule' | 'file' | 'format';
export type CollapseMode = 'auto' | 'on' | 'off';
export type Direction = 'auto' | 'LR' | 'TB';

export interface Layout {
  root: HTMLElement;
  title: HTMLElement;
  filters: Record<FilterKey, HTMLSelectElement>;
  hops: HTMLInputElement;
  focus: HTMLButtonElement;
  clearFocus: HTMLButtonElement;
  collapse: HTMLSelectElement;
  direction: HTMLSelectElement;
  fit: HTMLButtonElement;
  zoomIn: HTMLButtonElement;
  zoomOut: HTMLButtonElement;
  exportSvg: HTMLButtonElement;
  exportMermaid: HTMLButtonElement;
  search: HTMLInputElement;
  searchCount: HTMLElement;
  canvas: HTMLElement;
  viewport: HTMLElement;
  empty: HTMLElement;
  findings: HTMLUListElement;
  findingsCount: HTMLElement;
  loops: HTMLUListElement;
  status: HTMLElement;
}

const FILTER_LABELS: Record<FilterKey, string> = { team: 'Team', loop: 'Loop', rule: 'Rule', file: 'File', format: 'Format' };
const SEVERITY_ORDER = ['error', 'warning', 'info', 'hint'];
const SEVERITY_MARK: Record<string, string> = { error: '✖', warning: '⚠', info: 'ℹ', hint: '✱' };

export function buildLayout(root: HTMLElement): Layout {
  const filters = {} as Record<FilterKey, HTMLSelectElement>;
  const filterFields = (Object.keys(FILTER_LABELS) as FilterKey[]).map((key) => {
    filters[key] = h('select', { id: `lw-filter-${key}`, 'data-filter': key });
    return h('div', { class: 'lw-field' }, h('label', { for: `lw-filter-${key}` }, FILTER_LABELS[key]), filters[key]);
  });
  const hops = h('input', { id: 'lw-hops', type: 'number', min: '1', max: '6', value: '2', inputmode: 'numeric' });
  const focus = button('Focus', 'Show only the selected node and its neighbours within the given hops');
  const clearFocus = button('Show all', 'Leave focus mode');
  const collapse = h('select', { id: 'lw-collapse' });
  for (const [value, text] of [
    ['auto', 'Auto'],
    ['on', 'Collapsed'],
    ['off', 'Every stage'],
  ])
    collapse.append(h('option', { value }, text));
  const direction = h('select', { id: 'lw-direction' });
  for (const [value, text] of [
    ['auto', 'Auto'],
    ['LR', 'Left to right'],
    ['TB', 'Top down'],
  ])
    direction.append(h('option', { value }, text));
  const fit = button('Fit', 'Fit the graph in the view (0)');
  const zoomIn = button('+', 'Zoom in (+)');
  const zoomOut = button('−', 'Zoom out (-)');
  const exportSvg = button('Export SVG', 'Save the drawing as SVG');
  const exportMermaid = button('Export Mermaid', 'Save the graph as Mermaid text');
  const search = h('input', {
    id: 'lw-search',
    type: 'search',
    placeholder: 'Find a node',
    autocomplete: 'off',
    spellcheck: 'false',
    title: 'Find nodes by name: Enter goes to the next match, Shift+Enter to the previous',
  });
  const searchCount = h('span', { class: 'lw-search-count', 'aria-live': 'polite' });
  const title = h('h1', { class: 'lw-title' }, 'System graph');
  const toolbar = h(
    'header',
    { class: 'lw-toolbar', role: 'toolbar', 'aria-label': 'Graph controls' },
    title,
    h(
      'div',
      { class: 'lw-fields lw-search' },
      h('div', { class: 'lw-field' }, h('label', { for: 'lw-search' }, 'Find'), search),
      searchCount,
    ),
    h('div', { class: 'lw-fields' }, ...filterFields),
    h('div', { class: 'lw-fields' }, h('div', { class: 'lw-field' }, h('label', { for: 'lw-hops' }, 'Hops'), hops), focus, clearFocus),
    h(
      'div',
      { class: 'lw-fields' },
      h('div', { class: 'lw-field' }, h('label', { for: 'lw-collapse' }, 'Pipelines'), collapse),
      h('div', { class: 'lw-field' }, h('label', { for: 'lw-direction' }, 'Direction'), direction),
    ),
    h('div', { class: 'lw-fields' }, zoomOut, zoomIn, fit),
    h('div', { class: 'lw-fields' }, exportSvg, exportMermaid),
  );
  const viewport = h('div', { class: 'lw-viewport', id: 'lw-viewport' });
  const empty = h('p', { class: 'lw-empty', hidden: '' }, 'No node matches these filters.');
  const canvas = h(
    'div',
    {
      class: 'lw-canvas',
      id: 'lw-canvas',
      role: 'group',
      'aria-label': 'System graph. Tab to a node, Enter opens it, arrow keys move between nodes, + and - zoom, 0 fits.',
    },
    viewport,
    empty,
  );
  const findingsCount = h('span', { class: 'lw-count' }, '0');
  const findings = h('ul', { class: 'lw-findings', 'aria-label': 'Findings' });
  const loops = h('ul', { class: 'lw-loops', 'aria-label': 'Feedback loops' });
  const side = h(
    'aside',
    { class: 'lw-side', 'aria-label': 'Findings and loops' },
    h('section', {}, h('h2', {}, 'Findings ', findingsCount), findings),
    h('section', {}, h('h2', {}, 'Feedback loops'), loops),
    legend(),
  );
  const status = h('footer', { class: 'lw-status', role: 'status', 'aria-live': 'polite' });
  root.replaceChildren(toolbar, h('main', { class: 'lw-main' }, canvas, side), status);
  return {
    root,
    title,
    filters,
    hops,
    focus,
    clearFocus,
    collapse,
    direction,
    fit,
    zoomIn,
    zoomOut,
    exportSvg,
    exportMermaid,
    search,
    searchCount,
    canvas,
    viewport,
    empty,
    findings,
    findingsCount,
    loops,
    status,
  };
}

function button(text: string, title: string): HTMLButtonElement {
  return h('button', { type: 'button', title, 'aria-label': title }, text);
}

function legend(): HTMLElement {
  const item = (swatch: string, text: string) => h('li', {}, h('span', { class: `lw-swatch ${swatch}`, 'aria-hidden': 'true' }), text);
  const mark = (text: string, cls: string, meaning: string) =>
    h('li', {}, h('span', { class: `lw-mark ${cls}`, 'aria-hidden': 'true' }, text), meaning);
  return h(
    'section',
    { class: 'lw-legend' },
    h('h2', {}, 'Legend'),
    h(
      'ul',
      {},
      item('lw-sw-stock', 'Stock (data, features, model, labels, ...)'),
      item('lw-sw-flow', 'Flow (a pipeline stage)'),
      item('lw-sw-world', 'Outside world'),
      item('lw-sw-pipeline', 'Pipeline, collapsed (click to focus, Shift+click to expand)'),
      item('lw-sw-team', 'Team · role'),
      item('lw-sw-unowned', 'Unowned (dashed border)'),
      item('lw-sw-sev-error', 'Red border: the node has an error finding'),
      item('lw-sw-sev-warning', 'Yellow border: its worst finding is a warning'),
      item('lw-sw-sev-info', 'Blue border: its worst finding is info'),
      mark('3', 'lw-mark-badge', 'Badge: number of findings on the node, coloured by the worst'),
      item('lw-sw-loop-doc', 'Documented loop'),
      item('lw-sw-loop-undoc', 'Undocumented loop'),
      mark('R1', 'lw-mark-loop', 'Edge that closes loop R1 (B: balancing)'),
      mark('↻ R1', 'lw-mark-text', 'Loop R1 runs inside this collapsed pipeline'),
      mark('−', 'lw-mark-text', 'Negative influence (more here, less there)'),
      item('lw-sw-arrow', 'Reads or writes'),
      item('lw-sw-arrow-thick', 'Influence declared in the system card (mlsystem.yaml)'),
      item('lw-sw-arrow-dotted', 'Possible link, or order only (runs after)'),
      item('lw-sw-match', 'Matches the Find box'),
    ),
  );
}

/** Refresh a filter's options from the data, keeping the current choice when it still exists. */
export function fillFilters(layout: Layout, graph: GraphJson, findings: readonly Finding[], current: Record<FilterKey, string>): void {
  const uniq = (xs: Array<string | undefined>) => [...new Set(xs.filter((x): x is string => !!x))].sort((a, b) => a.localeCompare(b));
  const teams = uniq([...graph.teams.map((t) => t.name), ...graph.nodes.filter((n) => n.kind !== 'world').map((n) => n.team ?? n.owner)]);
  const hasUnowned = graph.nodes.some((n) => n.kind !== 'world' && !n.team && !n.owner);
  const rules = uniq([...findings.map((f) => f.ruleId), ...graph.nodes.flatMap((n) => n.findings?.rules ?? [])]);
  setOptions(layout.filters.team, current.team, 'All teams', [...teams.map((t) => [t, t]), ...(hasUnowned ? [[UNOWNED, 'unowned']] : [])]);
  setOptions(
    layout.filters.loop,
    current.loop,
    'All loops',
    graph.loops.map((l) => [l.id, loopTitle(l)]),
  );
  setOptions(
    layout.filters.rule,
    current.rule,
    'All rules',
    rules.map((r) => [r, r]),
  );
  setOptions(
    layout.filters.file,
    current.file,
    'All files',
    uniq(graph.nodes.map((n) => n.file)).map((f) => [f, f]),
  );
  setOptions(
    layout.filters.format,
    current.format,
    'All formats',
    uniq(graph.nodes.map((n) => n.format)).map((f) => [f, f]),
  );
}

function setOptions(select: HTMLSelectElement, current: string, allText: string, options: string[][]): void {
  select.replaceChildren(h('option', { value: '' }, allText), ...options.map(([value, text]) => h('option', { value }, text)));
  select.value = options.some(([value]) => value === current) ? current : '';
}

export function loopTitle(loop: GraphJsonLoop): string {
  const kind = loop.polarity === 'R' ? 'reinforcing' : 'balancing';
  return `${loop.id} · ${kind} · ${loop.documented ? 'documented' : 'undocumented'}${loop.possible ? ' · possible' : ''}`;
}

export interface FindingHandlers {
  reveal(finding: Finding): void;
  open(finding: Finding): void;
}

/** The findings on what the view shows, out of `total` (the count reads "3 of 8" when some are hidden). */
export function fillFindings(layout: Layout, findings: readonly Finding[], total: number, handlers: FindingHandlers): void {
  const sorted = [...findings].sort(
    (a, b) =>
      SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
      a.file.localeCompare(b.file) ||
      a.range.start.line - b.range.start.line,
  );
  layout.findingsCount.textContent = findings.length === total ? String(total) : `${findings.length} of ${total}`;
  layout.findings.replaceChildren(
    ...sorted.map((f) => {
      const location = `${f.file}:${f.range.start.line + 1}`;
      const reveal = h(
        'button',
        { type: 'button', class: `lw-finding lw-${f.severity}`, title: `Show in graph: ${f.message}` },
        h('span', { class: 'lw-sev', 'aria-label': f.severity }, SEVERITY_MARK[f.severity] ?? '•'),
        h('span', { class: 'lw-rule' }, f.ruleId),
        h('span', { class: 'lw-message' }, f.message),
      );
      reveal.addEventListener('click', () => handlers.reveal(f));
      const open = h('button', { type: 'button', class: 'lw-open', title: `Open ${location}`, 'aria-label': `Open ${location}` }, location);
      open.addEventListener('click', () => handlers.open(f));
      return h('li', {}, reveal, open);
    }),
  );
  if (!findings.length) layout.findings.append(h('li', { class: 'lw-none' }, total ? 'No findings on the nodes shown.' : 'No findings.'));
}

export interface LoopHandlers {
  hover(id: string | undefined): void;
  toggle(id: string): void;
}

/** `shown`: the loops of the current drawing (undefined before the first), to mark the hidden and the partly shown. */
export function fillLoops(
  layout: Layout,
  loops: readonly GraphJsonLoop[],
  shown: ReadonlyArray<{ id: string; partial?: boolean }> | undefined,
  selected: string | undefined,
  handlers: LoopHandlers,
): void {
  const visibility = (id: string) => {
    if (!shown) return '';
    const loop = shown.find((l) => l.id === id);
    return !loop ? ' · hidden by filters or focus' : loop.partial ? ' · partly shown' : '';
  };
  layout.loops.replaceChildren(
    ...loops.map((loop) => {
      const item = h(
        'button',
        {
          type: 'button',
          class: `lw-loop-item ${loop.documented ? 'lw-loop-doc' : 'lw-loop-undoc'}`,
          'aria-pressed': String(loop.id === selected),
          'data-loop': loop.id,
        },
        h('span', { class: 'lw-loop-id' }, loop.id),
        ` ${loopTitle(loop).slice(loop.id.length + 3)} · ${loop.nodes.length} hops${visibility(loop.id)}`,
      );
      item.addEventListener('mouseenter', () => handlers.hover(loop.id));
      item.addEventListener('mouseleave', () => handlers.hover(undefined));
      item.addEventListener('focus', () => handlers.hover(loop.id));
      item.addEventListener('blur', () => handlers.hover(undefined));
      item.addEventListener('click', () => handlers.toggle(loop.id));
      return h('li', {}, item);
    }),
  );
  if (!loops.length) layout.loops.append(h('li', { class: 'lw-none' }, 'No feedback loops.'));
}
