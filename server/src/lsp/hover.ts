// Hover over a stage or any mention of an artifact: what it reads and writes (or who produces
// and consumes it), who owns it, which loops it is in.
import type { Hover, Position } from 'vscode-languageserver/node';
import type { AnalysisResult } from '../engine/analysis';
import type { GraphNode } from '../engine/model/graph';
import { nodeAt } from './navigation';

export function hoverFor(result: AnalysisResult, file: string, position: Position): Hover | null {
  const node = nodeAt(result, file, position);
  if (!node) return null;
  const g = result.graph;
  const name = (n: GraphNode) => `\`${n.label}\`${n.source && n.source.file !== file ? ` (${n.source.file})` : ''}`;
  const list = (nodes: GraphNode[]) => [...new Set(nodes.map(name))].join(', ');
  const loops = result.loops
    .filter((l) => l.nodes.includes(node.id))
    .map((l) => `${l.id} (${l.polarity === 'R' ? 'reinforcing' : 'balancing'}${l.documented ? '' : ', undocumented'})`);
  const lines =
    node.kind === 'stage'
      ? [
          `**${node.label}** — ${node.stage?.role ?? 'stage'} in \`${node.pipeline}\``,
          line(
            'reads',
            g
              .incoming(node.id)
              .filter((e) => e.kind === 'reads')
              .map((e) => g.nodes.get(e.from)!),
            list,
          ),
          line(
            'writes',
            g
              .outgoing(node.id)
              .filter((e) => e.kind === 'writes')
              .map((e) => g.nodes.get(e.to)!),
            list,
          ),
          line(
            'runs after',
            g
              .incoming(node.id)
              .filter((e) => e.kind === 'after')
              .map((e) => g.nodes.get(e.from)!),
            list,
          ),
        ]
      : [
          `**${node.label}** — ${node.artifactKind ?? 'stock'}${node.external ? ', external input' : ''}`,
          line('produced by', g.producers(node.id), list) || (node.external ? '' : '_no stage produces it_'),
          line('read by', g.consumers(node.id), list),
        ];
  lines.push(`owner: ${node.team ?? node.owner ?? '_nobody_'}`);
  if (loops.length) lines.push(`in feedback loop ${loops.join(', ')}`);
  return { contents: { kind: 'markdown', value: lines.filter(Boolean).join('\n\n') } };
}

function line(label: string, nodes: GraphNode[], list: (nodes: GraphNode[]) => string): string {
  return nodes.length ? `${label} ${list(nodes)}` : '';
}
