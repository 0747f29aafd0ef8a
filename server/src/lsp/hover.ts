// Hover over a stage or any mention of an artifact: what it reads and writes (or who produces
// and consumes it), who owns it, which loops it is in — the summary first, so it is above the
// fold; each loop's hop chain last.
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
  const inLoops = result.loops.filter((l) => l.nodes.includes(node.id));
  const loops = inLoops.map((l) => `${l.id} (${l.polarity === 'R' ? 'reinforcing' : 'balancing'}${l.documented ? '' : ', undocumented'})`);
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
  if (inLoops.length) lines.push('---');
  for (const loop of inLoops.slice(0, MAX_CHAINS)) lines.push(hopChain(result, loop, node.id));
  return { contents: { kind: 'markdown', value: lines.filter(Boolean).join('\n\n') } };
}

/** Hop chains shown at most; a node on many loops lists them all in the summary line above. */
const MAX_CHAINS = 2;

/** `R1: a → b → … → a`, from the hovered node, as a small block at the end. */
function hopChain(result: AnalysisResult, loop: AnalysisResult['loops'][number], from: string): string {
  const i = Math.max(0, loop.nodes.indexOf(from));
  const ids = [...loop.nodes.slice(i), ...loop.nodes.slice(0, i)];
  const label = (id: string) => result.graph.nodes.get(id)?.label ?? id;
  return `${loop.id}: ${[...ids, ids[0]].map((id) => `\`${label(id)}\``).join(' → ')}`;
}

function line(label: string, nodes: GraphNode[], list: (nodes: GraphNode[]) => string): string {
  return nodes.length ? `${label} ${list(nodes)}` : '';
}
