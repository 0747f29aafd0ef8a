// The graph JSON as Graphviz DOT (`loopwise graph --format dot`), drawn from the same view as
// the Mermaid output: owner groups as clusters, stocks as boxes, flows as rounded boxes, the
// world as hexagons, loop labels on closing edges. Every string is a quoted, escaped DOT ID.
import type { GraphJson } from '../model/graphJson';
import type { Finding, Severity } from '../model/finding';
import {
  buildView,
  countsText,
  showsType,
  UNOWNED,
  type GraphView,
  type ViewEdge,
  type ViewNode,
  type ViewNodeKind,
  type ViewOptions,
} from './mermaid';

export interface DotOptions extends ViewOptions {
  direction?: 'LR' | 'TB';
}

const SHAPE: Record<ViewNodeKind, string> = { stage: 'box', artifact: 'box', world: 'hexagon', pipeline: 'box' };
const SEVERITY_COLOR: Record<Severity, string> = { error: '#d1242f', warning: '#bf8700', info: '#0969da', hint: '#8c959f' };

export function toDot(graph: GraphJson, findings: readonly Finding[] = [], options: DotOptions = {}): string {
  const view = buildView(graph, findings, options);
  const ids = new Map(view.nodes.map((n, i) => [n.key, `n${i}`]));
  const lines = [
    'digraph loopwise {',
    `  rankdir=${options.direction ?? 'LR'};`,
    '  node [fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=10];',
  ];
  view.groups.forEach((group, i) => {
    lines.push(
      `  subgraph cluster_${i} {`,
      `    label=${quote(group.title)};`,
      `    style=${group.key === UNOWNED ? 'dashed' : 'rounded'};`,
    );
    for (const node of view.nodes) if (node.group === group.key) lines.push(`    ${nodeStatement(node, ids)}`);
    lines.push('  }');
  });
  for (const node of view.nodes) if (node.group === undefined) lines.push(`  ${nodeStatement(node, ids)}`);
  for (const edge of view.edges) lines.push(`  ${edgeStatement(edge, ids, view)}`);
  lines.push('}');
  return lines.join('\n') + '\n';
}

function nodeStatement(node: ViewNode, ids: Map<string, string>): string {
  const styles = [...(node.kind === 'stage' ? ['rounded'] : []), ...(node.group === UNOWNED ? ['dashed'] : [])];
  const attrs = [
    `shape=${SHAPE[node.kind]}`,
    `label=${quote(nodeLabel(node))}`,
    `tooltip=${quote(node.members.length > 1 ? node.label : node.key)}`,
  ];
  if (node.kind === 'pipeline') attrs.push('peripheries=2');
  if (styles.length) attrs.push(`style=${quote(styles.join(','))}`);
  if (node.findings) attrs.push(`color=${quote(SEVERITY_COLOR[node.findings.severity])}`, 'penwidth=2');
  return `${ids.get(node.key)} [${attrs.join(', ')}];`;
}

function nodeLabel(node: ViewNode): string {
  const lines = [node.label];
  if (node.counts) lines.push(countsText(node.counts));
  else if (showsType(node)) lines.push(node.type!);
  if (node.findings)
    lines.push(
      `${node.findings.count} finding${node.findings.count === 1 ? '' : 's'} (${node.findings.severity}): ${node.findings.rules.join(', ')}`,
    );
  return lines.join('\n');
}

function edgeStatement(edge: ViewEdge, ids: Map<string, string>, view: GraphView): string {
  const attrs: string[] = [];
  const label = [...edge.closes, ...(edge.sign === '-' ? ['−'] : [])].join(' ');
  if (label) attrs.push(`label=${quote(label)}`);
  const undocumented = edge.loops.some((id) => !view.loops.find((l) => l.id === id)?.documented);
  const dashed = undocumented || edge.possible || edge.kinds.every((k) => k === 'after');
  if (dashed) attrs.push('style=dashed');
  if (edge.loops.length) attrs.push(`color=${quote(undocumented ? '#d1242f' : '#8250df')}`, 'penwidth=2');
  return `${ids.get(edge.from)} -> ${ids.get(edge.to)}${attrs.length ? ` [${attrs.join(', ')}]` : ''};`;
}

/**
 * A DOT quoted string. Backslashes are doubled so label escapes (\N, \G, \l) cannot be injected,
 * quotes are escaped, and line breaks become DOT's `\n`; control characters are dropped.
 */
export function quote(text: string): string {
  const body = text
    .replace(/[\p{Cc}\u2028\u2029]/gu, (c) => (c === '\n' ? '\n' : ''))
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n');
  return `"${body}"`;
}
