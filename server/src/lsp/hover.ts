// Hover over a stage: what it reads and writes, who owns it, which loops it is in.
import type { Hover, Position } from 'vscode-languageserver/node';
import type { AnalysisResult } from '../engine/analysis';
import { containsPosition } from '../engine/text/lineIndex';

export function hoverFor(result: AnalysisResult, file: string, position: Position): Hover | null {
  const node = [...result.graph.nodes.values()].find((n) => n.kind === 'stage' && n.source?.file === file && containsPosition(n.source.range, position));
  if (!node) return null;
  const label = (id: string) => `\`${result.graph.nodes.get(id)?.label ?? id}\``;
  const reads = result.graph.incoming(node.id).filter((e) => e.kind === 'reads').map((e) => label(e.from));
  const writes = result.graph.outgoing(node.id).filter((e) => e.kind === 'writes').map((e) => label(e.to));
  const after = result.graph.incoming(node.id).filter((e) => e.kind === 'after').map((e) => label(e.from));
  const loops = result.loops.filter((l) => l.nodes.includes(node.id)).map((l) => `${l.id} (${l.polarity === 'R' ? 'reinforcing' : 'balancing'}${l.documented ? '' : ', undocumented'})`);
  const lines = [
    `**${node.label}** — ${node.stage?.role ?? 'stage'} in \`${node.pipeline}\``,
    reads.length ? `reads ${reads.join(', ')}` : '',
    writes.length ? `writes ${writes.join(', ')}` : '',
    after.length ? `runs after ${after.join(', ')}` : '',
    `owner: ${node.team ?? node.owner ?? '_nobody_'}`,
    loops.length ? `in feedback loop ${loops.join(', ')}` : '',
  ].filter(Boolean);
  return { contents: { kind: 'markdown', value: lines.join('\n\n') }, range: node.source!.range };
}
