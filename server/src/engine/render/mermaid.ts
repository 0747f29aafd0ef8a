// The graph JSON as a Mermaid flowchart, for the webview, `loopwise graph --format mermaid` and
// PR comments. Pure: no DOM, no file system.
//
// Two steps: buildView() applies filters, focus and pipeline collapse and yields the nodes,
// edges, owner groups and loops to draw (dot.ts draws the same view); toMermaid() prints it.
// Names come from untrusted repositories, so Mermaid never sees a raw id (nodes are n0, n1, ...,
// groups t0, t1, ..., edges e0, e1, ...) and every label character outside a small safe set
// is written as a Mermaid entity code (`#60;`), which Mermaid turns into an HTML character
// reference: shown as text, never parsed as markup or as Mermaid syntax.
import type { Range } from '../model/facts';
import type { EdgeKind, NodeKind } from '../model/graph';
import type { GraphJson, GraphJsonLoop, GraphJsonNode } from '../model/graphJson';
import type { Finding, Severity } from '../model/finding';
import { pushTo } from '../text/collections';

/** The team filter value that selects nodes nobody owns. */
export const UNOWNED = '(unowned)';
/** `collapse: 'auto'` draws one node per pipeline above this many visible nodes. */
export const COLLAPSE_ABOVE = 150;
const DEFAULT_MAX_LABEL = 60;
const SEVERITIES: Severity[] = ['error', 'warning', 'info', 'hint'];

export interface GraphFilter {
  /** Team names; UNOWNED selects nodes without a team or owner. */
  teams?: string[];
  loops?: string[];
  rules?: string[];
  /** Workspace-relative paths; an entry ending in `/` selects a folder. */
  files?: string[];
  formats?: string[];
}

export interface Focus {
  /** Graph node ids to centre on. */
  nodes: string[];
  hops: number;
}

export interface ViewOptions {
  filter?: GraphFilter;
  focus?: Focus;
  /** true: one node per pipeline; 'auto' (default): only above COLLAPSE_ABOVE visible nodes. */
  collapse?: boolean | 'auto';
  collapseAbove?: number;
  /** Pipeline keys (see ViewNode.key) drawn stage by stage while the others stay collapsed. */
  expand?: string[];
  /**
   * Also keep loops that filters or focus cut, with the hops still shown (ViewLoop.partial), so
   * a filtered view still colours the part of a loop it shows. Off by default: text exports
   * list only whole loops.
   */
  partialLoops?: boolean;
}

export interface FindingSummary {
  count: number;
  severity: Severity;
  rules: string[];
}

export type ViewNodeKind = NodeKind | 'pipeline';

export interface ViewNode {
  /** The graph node id, or `pipeline:<file>#<pipeline>` for a collapsed pipeline. */
  key: string;
  kind: ViewNodeKind;
  label: string;
  /** Graph node ids this node stands for (one, or a pipeline's stages and stocks). */
  members: string[];
  /** ViewGroup key of the owner; undefined for the outside world and external stocks. */
  group?: string;
  type?: string;
  format?: string;
  file?: string;
  range?: Range;
  external?: boolean;
  pipeline?: string;
  findings?: FindingSummary;
  /** Ids of the loops that pass through this node. */
  loops: string[];
  /** Loops that stay inside this collapsed pipeline. */
  innerLoops?: string[];
  /** For a collapsed pipeline. */
  counts?: { stages: number; stocks: number };
}

export interface ViewEdge {
  key: string;
  from: string;
  to: string;
  kinds: EdgeKind[];
  sign: '+' | '-';
  possible: boolean;
  /** Loops with a hop on this edge. */
  loops: string[];
  /** Loops whose closing edge this is (labelled R1, B2, ...). */
  closes: string[];
  file?: string;
  range?: Range;
}

export interface ViewLoop {
  id: string;
  polarity: 'R' | 'B';
  documented: boolean;
  possible: boolean;
  /** Some of the loop's nodes are hidden by filters or focus (only with ViewOptions.partialLoops). */
  partial?: boolean;
  nodes: string[];
  edges: string[];
}

export interface ViewGroup {
  key: string;
  kind: 'team' | 'owner' | 'unowned';
  name: string;
  roles: string[];
  title: string;
}

export interface GraphView {
  nodes: ViewNode[];
  edges: ViewEdge[];
  groups: ViewGroup[];
  loops: ViewLoop[];
  collapsed: boolean;
  /** Graph nodes in the input, and how many of them filters and focus hid. */
  total: number;
  hidden: number;
}

// ---------------------------------------------------------------------------------------------
// View: filters, focus, collapse

export function buildView(graph: GraphJson, findings: readonly Finding[] = [], options: ViewOptions = {}): GraphView {
  const summaries = summarizeFindings(graph, findings);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const adjacency = undirectedAdjacency(graph);
  let visible = applyFilter(graph, options.filter ?? {}, summaries, adjacency);
  if (options.focus && options.focus.nodes.length) visible = neighbourhood(options.focus, visible, adjacency);
  const collapse = options.collapse ?? 'auto';
  const collapsed = collapse === true || (collapse === 'auto' && visible.size > (options.collapseAbove ?? COLLAPSE_ABOVE));
  const keyOf = collapsed ? pipelineKeys(graph, visible, new Set(options.expand ?? [])) : new Map<string, string>();
  const nodes = viewNodes(graph, visible, keyOf, summaries);
  const groups = ownerGroups(graph, nodes, byId);
  const edges = viewEdges(graph, visible, keyOf);
  const loops = viewLoops(graph.loops, visible, keyOf, nodes, edges, options.partialLoops === true);
  return { nodes, edges, groups, loops, collapsed, total: graph.nodes.length, hidden: graph.nodes.length - visible.size };
}

/** Findings per node: from the findings list when it names the node, else the node's own summary. */
export function summarizeFindings(graph: GraphJson, findings: readonly Finding[]): Map<string, FindingSummary> {
  const listed = new Map<string, Finding[]>();
  for (const f of findings) for (const id of f.nodes ?? []) pushTo(listed, id, f);
  const result = new Map<string, FindingSummary>();
  for (const node of graph.nodes) {
    const own = listed.get(node.id);
    if (own)
      result.set(
        node.id,
        summary(
          own.map((f) => f.severity),
          own.map((f) => f.ruleId),
        ),
      );
    else if (node.findings && node.findings.count > 0) result.set(node.id, { ...node.findings, rules: [...node.findings.rules] });
  }
  return result;
}

function summary(severities: Severity[], rules: string[]): FindingSummary {
  const severity = SEVERITIES.find((s) => severities.includes(s)) ?? 'info';
  return { count: severities.length, severity, rules: [...new Set(rules)].sort() };
}

function undirectedAdjacency(graph: GraphJson): Map<string, Set<string>> {
  const adjacency = new Map<string, Set<string>>(graph.nodes.map((n) => [n.id, new Set<string>()]));
  for (const e of graph.edges) {
    adjacency.get(e.from)?.add(e.to);
    adjacency.get(e.to)?.add(e.from);
  }
  return adjacency;
}

/**
 * Filters intersect. Team, file and format select stages and keep the stocks those stages read
 * or write, so a team's view still shows what its jobs touch; rule and loop select exactly.
 */
function applyFilter(
  graph: GraphJson,
  filter: GraphFilter,
  summaries: Map<string, FindingSummary>,
  adjacency: Map<string, Set<string>>,
): Set<string> {
  let visible = new Set(graph.nodes.map((n) => n.id));
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const narrow = (keep: (n: GraphJsonNode) => boolean) => {
    visible = new Set([...visible].filter((id) => keep(byId.get(id)!)));
  };
  const withContext = (match: (n: GraphJsonNode) => boolean) => {
    const stagesMatched = new Set(graph.nodes.filter((n) => n.kind === 'stage' && match(n)).map((n) => n.id));
    narrow((n) =>
      n.kind === 'stage' ? stagesMatched.has(n.id) : match(n) || [...(adjacency.get(n.id) ?? [])].some((m) => stagesMatched.has(m)),
    );
  };
  if (filter.teams?.length) {
    const teams = new Set(filter.teams);
    withContext((n) => teams.has(n.team ?? n.owner ?? UNOWNED));
  }
  if (filter.files?.length) {
    const files = filter.files;
    withContext((n) => n.file !== undefined && files.some((f) => (f.endsWith('/') ? n.file!.startsWith(f) : n.file === f)));
  }
  if (filter.formats?.length) {
    const formats = new Set<string>(filter.formats);
    withContext((n) => n.format !== undefined && formats.has(n.format));
  }
  if (filter.rules?.length) {
    const rules = new Set(filter.rules);
    narrow((n) => (summaries.get(n.id)?.rules ?? []).some((r) => rules.has(r)));
  }
  if (filter.loops?.length) {
    const wanted = new Set(filter.loops);
    const onLoops = new Set(graph.loops.filter((l) => wanted.has(l.id)).flatMap((l) => l.nodes));
    narrow((n) => onLoops.has(n.id));
  }
  return visible;
}

function neighbourhood(focus: Focus, visible: Set<string>, adjacency: Map<string, Set<string>>): Set<string> {
  const reached = new Set(focus.nodes.filter((id) => visible.has(id)));
  let frontier = [...reached];
  for (let hop = 0; hop < Math.max(0, Math.floor(focus.hops)) && frontier.length; hop++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const m of adjacency.get(id) ?? []) {
        if (visible.has(m) && !reached.has(m)) {
          reached.add(m);
          next.push(m);
        }
      }
    }
    frontier = next;
  }
  return reached;
}

export function pipelineKey(node: GraphJsonNode): string | undefined {
  if (node.kind !== 'stage' || (!node.pipeline && !node.file)) return undefined;
  return `pipeline:${node.file ?? ''}#${node.pipeline ?? node.file}`;
}

/** Graph node id -> pipeline key. A stock goes with the pipeline that writes it, else the first that reads it. */
function pipelineKeys(graph: GraphJson, visible: Set<string>, expand: Set<string>): Map<string, string> {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const keys = new Map<string, string>();
  for (const n of graph.nodes) {
    const key = pipelineKey(n);
    if (key && visible.has(n.id) && !expand.has(key)) keys.set(n.id, key);
  }
  const stockHome = new Map<string, { key: string; writer: boolean }>();
  for (const e of graph.edges) {
    const writes = e.kind === 'writes' || (byId.get(e.from)?.kind === 'stage' && byId.get(e.to)?.kind === 'artifact');
    const stageId = writes ? e.from : e.to;
    const stockId = writes ? e.to : e.from;
    const key = keys.get(stageId);
    if (!key || byId.get(stockId)?.kind !== 'artifact' || !visible.has(stockId)) continue;
    const prior = stockHome.get(stockId);
    if (!prior || (writes && !prior.writer)) stockHome.set(stockId, { key, writer: writes });
  }
  for (const [stockId, home] of stockHome) keys.set(stockId, home.key);
  return keys;
}

function viewNodes(graph: GraphJson, visible: Set<string>, keyOf: Map<string, string>, summaries: Map<string, FindingSummary>): ViewNode[] {
  const nodes: ViewNode[] = [];
  const pipelines = new Map<string, ViewNode>();
  for (const n of graph.nodes) {
    if (!visible.has(n.id)) continue;
    const key = keyOf.get(n.id);
    if (!key) {
      nodes.push(singleNode(n, summaries.get(n.id)));
      continue;
    }
    let p = pipelines.get(key);
    if (!p) {
      p = { key, kind: 'pipeline', label: pipelineName(key), members: [], loops: [], counts: { stages: 0, stocks: 0 } };
      pipelines.set(key, p);
      nodes.push(p);
    }
    addMember(p, n, summaries.get(n.id));
  }
  return nodes;
}

function singleNode(n: GraphJsonNode, findings: FindingSummary | undefined): ViewNode {
  return {
    key: n.id,
    kind: n.kind,
    label: n.label,
    members: [n.id],
    type: n.type,
    format: n.format,
    file: n.file,
    range: n.range,
    external: n.external,
    pipeline: n.pipeline,
    findings,
    loops: [],
  };
}

function pipelineName(key: string): string {
  return key.slice(key.indexOf('#') + 1);
}

function addMember(p: ViewNode, n: GraphJsonNode, findings: FindingSummary | undefined): void {
  p.members.push(n.id);
  if (n.kind === 'stage') {
    p.counts!.stages++;
    p.pipeline ??= n.pipeline;
    p.format ??= n.format;
    if (!p.file) {
      p.file = n.file;
      p.range = n.range;
    }
  } else p.counts!.stocks++;
  if (findings) p.findings = mergeSummaries(p.findings, findings);
}

function mergeSummaries(a: FindingSummary | undefined, b: FindingSummary): FindingSummary {
  if (!a) return { ...b, rules: [...b.rules] };
  const severity = SEVERITIES.find((s) => s === a.severity || s === b.severity)!;
  return { count: a.count + b.count, severity, rules: [...new Set([...a.rules, ...b.rules])].sort() };
}

/**
 * Owner groups: card teams (with roles), then owners that map to no team, then `unowned`.
 * The world and stocks the card declares external are outside the system: in no group.
 */
function ownerGroups(graph: GraphJson, nodes: ViewNode[], byId: Map<string, GraphJsonNode>): ViewGroup[] {
  const roles = new Map(graph.teams.map((t) => [t.name, t.roles]));
  const groups = new Map<string, ViewGroup>();
  for (const node of nodes) {
    if (node.kind === 'world' || node.external) continue;
    const owner = ownerOf(node, byId);
    const group =
      owner === undefined ? unownedGroup() : owner.team ? teamGroup(owner.name, roles.get(owner.name) ?? []) : ownerGroup(owner.name);
    node.group = group.key;
    if (!groups.has(group.key)) groups.set(group.key, group);
  }
  const order = (g: ViewGroup) => (g.kind === 'team' ? 0 : g.kind === 'owner' ? 1 : 2);
  return [...groups.values()].sort((a, b) => order(a) - order(b) || a.name.localeCompare(b.name));
}

/** A node's owner; a collapsed pipeline takes the team owning most of its stages. */
function ownerOf(node: ViewNode, byId: Map<string, GraphJsonNode>): { name: string; team: boolean } | undefined {
  const members = node.members.map((id) => byId.get(id)!).filter((n) => node.kind !== 'pipeline' || n.kind === 'stage');
  const votes = new Map<string, { name: string; team: boolean; count: number }>();
  for (const m of members) {
    const name = m.team ?? m.owner;
    if (!name) continue;
    const key = `${m.team ? 't' : 'o'}:${name}`;
    const vote = votes.get(key) ?? { name, team: m.team !== undefined, count: 0 };
    vote.count++;
    votes.set(key, vote);
  }
  const ranked = [...votes.values()].sort((a, b) => b.count - a.count || Number(b.team) - Number(a.team) || a.name.localeCompare(b.name));
  return ranked[0];
}

function teamGroup(name: string, roles: string[]): ViewGroup {
  return { key: `team:${name}`, kind: 'team', name, roles, title: roles.length ? `${name} · ${roles.join(', ')}` : name };
}

function ownerGroup(name: string): ViewGroup {
  return { key: `owner:${name}`, kind: 'owner', name, roles: [], title: `${name} · owner` };
}

function unownedGroup(): ViewGroup {
  return { key: UNOWNED, kind: 'unowned', name: UNOWNED, roles: [], title: 'unowned' };
}

function viewEdges(graph: GraphJson, visible: Set<string>, keyOf: Map<string, string>): ViewEdge[] {
  const edges = new Map<string, ViewEdge>();
  for (const e of graph.edges) {
    if (!visible.has(e.from) || !visible.has(e.to)) continue;
    const from = keyOf.get(e.from) ?? e.from;
    const to = keyOf.get(e.to) ?? e.to;
    if (from === to) continue;
    const key = edgeKey(from, to);
    const prior = edges.get(key);
    if (!prior) {
      edges.set(key, {
        key,
        from,
        to,
        kinds: [e.kind],
        sign: e.sign,
        possible: e.possible === true,
        loops: [],
        closes: [],
        file: e.file,
        range: e.range,
      });
      continue;
    }
    if (!prior.kinds.includes(e.kind)) prior.kinds.push(e.kind);
    if (e.sign === '-') prior.sign = '-';
    prior.possible &&= e.possible === true;
  }
  return [...edges.values()];
}

function edgeKey(from: string, to: string): string {
  return `${from}\u0000${to}`;
}

/**
 * Loops whose every node is visible (with `partial`, also those with at least one visible hop),
 * walked on the view; hops inside one collapsed pipeline vanish.
 */
function viewLoops(
  loops: readonly GraphJsonLoop[],
  visible: Set<string>,
  keyOf: Map<string, string>,
  nodes: ViewNode[],
  edges: ViewEdge[],
  partial: boolean,
): ViewLoop[] {
  const nodeByKey = new Map(nodes.map((n) => [n.key, n]));
  const edgeByKey = new Map(edges.map((e) => [e.key, e]));
  const result: ViewLoop[] = [];
  for (const loop of loops) {
    if (!loop.nodes.length) continue;
    const whole = loop.nodes.every((id) => visible.has(id));
    if (!whole) {
      if (partial) {
        const cut = partialLoop(loop, visible, keyOf, nodeByKey, edgeByKey);
        if (cut) result.push(cut);
      }
      continue;
    }
    const walk = dedupeCyclic(loop.nodes.map((id) => keyOf.get(id) ?? id));
    const hops = walk.length < 2 ? [] : walk.map((from, i) => edgeByKey.get(edgeKey(from, walk[(i + 1) % walk.length])));
    for (const key of walk) addOnce(nodeByKey.get(key)?.loops, loop.id);
    if (walk.length === 1) addOnce((nodeByKey.get(walk[0])!.innerLoops ??= []), loop.id);
    for (const edge of hops) addOnce(edge?.loops, loop.id);
    addOnce(hops[hops.length - 1]?.closes, loop.id);
    const present = hops.filter((e): e is ViewEdge => e !== undefined).map((e) => e.key);
    result.push({
      id: loop.id,
      polarity: loop.polarity,
      documented: loop.documented,
      possible: loop.possible === true,
      nodes: walk,
      edges: present,
    });
  }
  return result;
}

/** The visible stretch of a loop that filters or focus cut: its visible nodes and the hops between them. */
function partialLoop(
  loop: GraphJsonLoop,
  visible: Set<string>,
  keyOf: Map<string, string>,
  nodeByKey: Map<string, ViewNode>,
  edgeByKey: Map<string, ViewEdge>,
): ViewLoop | undefined {
  const keys = loop.nodes.map((id) => (visible.has(id) ? (keyOf.get(id) ?? id) : undefined));
  const walk = [...new Set(keys.filter((k): k is string => k !== undefined))];
  if (!walk.length) return undefined;
  const present: string[] = [];
  keys.forEach((from, i) => {
    const to = keys[(i + 1) % keys.length];
    const edge = from && to && from !== to ? edgeByKey.get(edgeKey(from, to)) : undefined;
    if (edge && !present.includes(edge.key)) {
      addOnce(edge.loops, loop.id);
      present.push(edge.key);
    }
  });
  for (const key of walk) addOnce(nodeByKey.get(key)?.loops, loop.id);
  return {
    id: loop.id,
    polarity: loop.polarity,
    documented: loop.documented,
    possible: loop.possible === true,
    partial: true,
    nodes: walk,
    edges: present,
  };
}

function dedupeCyclic(keys: string[]): string[] {
  const walk = keys.filter((k, i) => i === 0 || k !== keys[i - 1]);
  while (walk.length > 1 && walk[walk.length - 1] === walk[0]) walk.pop();
  return walk;
}

function addOnce(list: string[] | undefined, item: string): void {
  if (list && !list.includes(item)) list.push(item);
}

// ---------------------------------------------------------------------------------------------
// Mermaid text

export interface MermaidOptions extends ViewOptions {
  /**
   * 'text' (default) is for hosts that show Mermaid as is (CLI, PR comments): colours as
   * classDef/linkStyle, finding counts in the labels. 'webview' leaves colours to CSS classes
   * and badges to the page, and names every edge (e0@-->) so the page can find it in the SVG.
   */
  target?: 'text' | 'webview';
  direction?: 'LR' | 'TB';
  /** Longer labels are cut with an ellipsis (the full label stays in the page's tooltip). */
  maxLabel?: number;
}

export interface MermaidIds {
  /** Mermaid node id (n0) -> ViewNode key. */
  nodes: Record<string, string>;
  /** Mermaid edge id (e0) -> ViewEdge key. */
  edges: Record<string, string>;
  /** Mermaid subgraph id (t0) -> ViewGroup key. */
  groups: Record<string, string>;
}

export interface MermaidResult {
  text: string;
  view: GraphView;
  ids: MermaidIds;
}

const SHAPES: Record<ViewNodeKind, [string, string]> = {
  stage: ['(["', '"])'],
  artifact: ['["', '"]'],
  world: ['{{"', '"}}'],
  pipeline: ['[["', '"]]'],
};
/**
 * Mermaid draws a stadium as two hand-drawn paths of ~40 KB per node, which makes a few hundred
 * stages megabytes of SVG. The webview asks for a rounded box instead and rounds it into a
 * stadium itself (decorate.ts); text hosts keep the real stadium.
 */
const WEBVIEW_STAGE: [string, string] = ['("', '")'];

const BADGE_MARK: Record<Severity, string> = { error: '✖', warning: '⚠', info: 'ℹ', hint: '✱' };

/** classDefs for the 'text' target; colours read on GitHub's light and dark backgrounds. */
const TEXT_CLASS_DEFS = [
  'classDef sevError stroke:#d1242f,stroke-width:3px',
  'classDef sevWarning stroke:#bf8700,stroke-width:3px',
  'classDef sevInfo stroke:#0969da,stroke-width:2px',
  'classDef sevHint stroke:#8c959f,stroke-width:2px',
  'classDef unowned stroke-dasharray:5 3',
  'classDef unownedGroup stroke-dasharray:5 3',
];
const LOOP_LINK_STYLE = {
  documented: 'stroke:#8250df,stroke-width:2px',
  undocumented: 'stroke:#d1242f,stroke-width:2px,stroke-dasharray:6 3',
};

export function toMermaid(graph: GraphJson, findings: readonly Finding[] = [], options: MermaidOptions = {}): MermaidResult {
  const view = buildView(graph, findings, options);
  const target = options.target ?? 'text';
  const maxLabel = options.maxLabel ?? DEFAULT_MAX_LABEL;
  const ids: MermaidIds = { nodes: {}, edges: {}, groups: {} };
  const nodeId = new Map(view.nodes.map((n, i) => [n.key, `n${i}`]));
  view.nodes.forEach((n, i) => (ids.nodes[`n${i}`] = n.key));
  const lines = [`flowchart ${options.direction ?? 'LR'}`, `  %% ${summaryComment(view)}`];
  lines.push(...groupLines(view, nodeId, ids, target, maxLabel));
  lines.push(...edgeLines(view, nodeId, ids, target));
  lines.push(...classLines(view, nodeId, ids, target));
  return { text: lines.join('\n') + '\n', view, ids };
}

function summaryComment(view: GraphView): string {
  const parts = [`${view.nodes.length} nodes`, `${view.edges.length} edges`, `${view.loops.length} loops`];
  if (view.collapsed) parts.push('collapsed by pipeline');
  if (view.hidden) parts.push(`${view.hidden} of ${view.total} graph nodes hidden`);
  return `Loopwise system graph: ${parts.join(', ')}`;
}

function groupLines(view: GraphView, nodeId: Map<string, string>, ids: MermaidIds, target: string, maxLabel: number): string[] {
  const lines: string[] = [];
  view.groups.forEach((group, i) => {
    const id = group.kind === 'unowned' ? 'tu' : `t${i}`;
    ids.groups[id] = group.key;
    lines.push(`  subgraph ${id}["${escapeMermaidLabel(group.title, maxLabel)}"]`);
    for (const node of view.nodes) if (node.group === group.key) lines.push(`    ${nodeLine(node, nodeId, target, maxLabel)}`);
    lines.push('  end');
  });
  for (const node of view.nodes) if (node.group === undefined) lines.push(`  ${nodeLine(node, nodeId, target, maxLabel)}`);
  return lines;
}

function nodeLine(node: ViewNode, nodeId: Map<string, string>, target: string, maxLabel: number): string {
  const [open, close] = target === 'webview' && node.kind === 'stage' ? WEBVIEW_STAGE : SHAPES[node.kind];
  return `${nodeId.get(node.key)}${open}${nodeLabel(node, target, maxLabel)}${close}`;
}

/** The escaped label, with our own markup (line breaks, badge marks) added after escaping. */
function nodeLabel(node: ViewNode, target: string, maxLabel: number): string {
  let label = escapeMermaidLabel(node.label, maxLabel);
  if (node.counts) label += `<br/>${countsText(node.counts)}`;
  else if (showsType(node)) label += `<br/>${escapeMermaidLabel(node.type!, 20)}`;
  if (node.innerLoops?.length) label += ` ↻ ${node.innerLoops.map((l) => escapeMermaidLabel(l, 10)).join(' ')}`;
  if (target === 'text' && node.findings) label += ` ${BADGE_MARK[node.findings.severity]} ${node.findings.count}`;
  return label;
}

export function countsText(counts: { stages: number; stocks: number }): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(counts.stages, 'stage')} · ${plural(counts.stocks, 'stock')}`;
}

/** Stocks show their type under the name, unless the name already says it. */
export function showsType(node: ViewNode): boolean {
  return node.kind === 'artifact' && !!node.type && node.type !== 'unknown' && node.type.toLowerCase() !== node.label.toLowerCase();
}

function edgeLines(view: GraphView, nodeId: Map<string, string>, ids: MermaidIds, target: string): string[] {
  return view.edges.map((edge, i) => {
    const name = target === 'webview' ? `e${i}@` : '';
    ids.edges[`e${i}`] = edge.key;
    const label = edgeLabel(edge);
    const arrow = `${name}${arrowOf(edge)}${label ? `|"${label}"|` : ''}`;
    return `  ${nodeId.get(edge.from)} ${arrow} ${nodeId.get(edge.to)}`;
  });
}

function arrowOf(edge: ViewEdge): string {
  if (edge.possible || edge.kinds.every((k) => k === 'after')) return '-.->';
  if (edge.kinds.includes('influence')) return '==>';
  return '-->';
}

function edgeLabel(edge: ViewEdge): string {
  const parts = edge.closes.map((id) => escapeMermaidLabel(id, 10));
  if (edge.sign === '-') parts.push('−');
  if (edge.possible) parts.push('possible');
  return parts.join(' ');
}

function classLines(view: GraphView, nodeId: Map<string, string>, ids: MermaidIds, target: string): string[] {
  const byClass = new Map<string, string[]>();
  const add = (cls: string, id: string) => pushTo(byClass, cls, id);
  for (const node of view.nodes) {
    const id = nodeId.get(node.key)!;
    add(KIND_CLASS[node.kind], id);
    if (node.findings) add(SEVERITY_CLASS[node.findings.severity], id);
    if (node.group === UNOWNED) add('unowned', id);
    if (node.external) add('external', id);
    if (node.loops.length) add('loopNode', id);
  }
  const unownedGroup = Object.keys(ids.groups).find((id) => ids.groups[id] === UNOWNED);
  if (unownedGroup) add('unownedGroup', unownedGroup);
  const lines = [...byClass].map(([cls, members]) => `  class ${members.join(',')} ${cls}`);
  if (target === 'text') lines.push(...TEXT_CLASS_DEFS.map((d) => `  ${d}`), ...loopLinkStyles(view));
  return lines;
}

const KIND_CLASS: Record<ViewNodeKind, string> = { stage: 'flow', artifact: 'stock', world: 'world', pipeline: 'pipeline' };
export const SEVERITY_CLASS: Record<Severity, string> = { error: 'sevError', warning: 'sevWarning', info: 'sevInfo', hint: 'sevHint' };

/** linkStyle by edge index: the one edge styling every Mermaid version understands. */
function loopLinkStyles(view: GraphView): string[] {
  const documented = new Map(view.loops.map((l) => [l.id, l.documented]));
  const styled = { documented: [] as number[], undocumented: [] as number[] };
  view.edges.forEach((edge, i) => {
    if (!edge.loops.length) return;
    styled[edge.loops.some((id) => !documented.get(id)) ? 'undocumented' : 'documented'].push(i);
  });
  return (['documented', 'undocumented'] as const)
    .filter((k) => styled[k].length)
    .map((k) => `  linkStyle ${styled[k].join(',')} ${LOOP_LINK_STYLE[k]}`);
}

// ---------------------------------------------------------------------------------------------
// Escaping

const SAFE_CHAR = /^[\p{L}\p{N} _\-.,:/@+=()!?']$/u;
// Controls, line/paragraph separators and bidi/format characters: dropped or turned into spaces
// so a label cannot break the line it is on or visually reorder itself.
const CONTROL = /[\p{Cc}\u2028\u2029]+/gu;
const FORMAT = /\p{Cf}/gu;

/**
 * A label for inside Mermaid's `"..."`: every character outside letters, digits, spaces and
 * `_-.,:/@+=()!?'` becomes `#<code point>;`, so quotes, `<`, `>`, `&`, backticks, `#`, `%`,
 * `|`, brackets and braces can neither end the string nor reach the renderer as markup.
 */
export function escapeMermaidLabel(text: string, max = DEFAULT_MAX_LABEL): string {
  const clean = text.replace(CONTROL, ' ').replace(FORMAT, '').replace(/\s+/g, ' ').trim();
  const chars = [...clean];
  const cut = chars.length > max ? [...chars.slice(0, Math.max(1, max - 1)), '…'] : chars;
  return cut.map((ch) => (SAFE_CHAR.test(ch) || ch === '…' ? ch : `#${ch.codePointAt(0)};`)).join('') || '#160;';
}
