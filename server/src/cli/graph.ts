// `loopwise graph`: the inferred causal graph as Mermaid, JSON, DOT or one HTML page.
import { parseArgs } from 'node:util';
import * as path from 'node:path';
import { loadWorkspace } from '../node/workspace';
import { toGraphJson, type GraphJson } from '../engine/model/graphJson';
import { UsageError, checkOutputPath, targetFor, writeOutput } from './main';
import { readFileSync } from 'node:fs';
import { findUp } from '../node/findUp';
import { toMermaid } from '../engine/render/mermaid';
import { toDot } from '../engine/render/dot';
import { renderHtml } from '../engine/render/html';
import type { Finding } from '../engine/model/finding';
import { summariseSources } from '../engine/sources/summary';
import { layoutLoop } from '../engine/render/loopDiagram';
import { loopSvgText } from '../engine/render/loopDiagramSvg';

const FORMATS = ['mermaid', 'json', 'html', 'dot', 'svg'];
/** With --loop: the loop's causal loop diagram (svg, or the page opened on it: html), or its Mermaid subgraph. */
const LOOP_FORMATS = ['svg', 'html', 'mermaid'];

export async function graphCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string' }, output: { type: 'string', short: 'o' }, loop: { type: 'string' } },
  });
  const loop = values.loop;
  const format = values.format ?? (loop ? 'svg' : 'mermaid');
  if (!FORMATS.includes(format)) throw new UsageError(`Unknown graph format "${format}" (expected ${FORMATS.join(', ')}).`);
  if (loop !== undefined && !LOOP_FORMATS.includes(format))
    throw new UsageError(`--loop draws one loop as ${LOOP_FORMATS.join(', ')}, not ${format}.`);
  if (loop === undefined && format === 'svg') throw new UsageError('--format svg draws one loop: add --loop <id> (e.g. --loop R1).');
  if (positionals.length > 1) throw new UsageError('graph takes one workspace folder.');
  checkOutputPath(values.output);
  const target = targetFor(positionals[0] ?? '.');
  const ws = await loadWorkspace(target.root);
  for (const notice of ws.notices) process.stderr.write(`loopwise: ${notice}\n`);
  const result = ws.analysis.run();
  const sources = summariseSources(result.facts, ws.analysis.paths()).read;
  const graph = toGraphJson(result.graph, result.loops, result.findings, result.card, sources);
  if (loop !== undefined && !graph.loops.some((l) => l.id === loop)) {
    const known = graph.loops.map((l) => l.id).join(', ');
    throw new UsageError(`No loop "${loop}" in this workspace (${known ? `its loops: ${known}` : 'it has no feedback loops'}).`);
  }
  const text = loop
    ? renderLoop(format, loop, graph, result.findings, path.basename(target.root))
    : await render(format, graph, result.findings, path.basename(target.root));
  await writeOutput(text, values.output);
  if (values.output) process.stderr.write(`${summary(graph)}\nWrote ${values.output}\n`);
  return 0;
}

async function render(format: string, graph: GraphJson, findings: Finding[], title: string): Promise<string> {
  switch (format) {
    case 'json':
      return `${JSON.stringify(graph, null, 2)}\n`;
    case 'dot':
      return toDot(graph, findings);
    case 'html':
      return renderHtml({ graph, findings, script: readMedia('dist/graph.js'), css: readMedia('graph.css'), title: `Loopwise: ${title}` });
    default:
      return `# Loopwise system graph: ${title}\n\n\`\`\`mermaid\n${toMermaid(graph, findings).text}\n\`\`\`\n\n${summary(graph)}\n`;
  }
}

function renderLoop(format: string, loop: string, graph: GraphJson, findings: Finding[], title: string): string {
  if (format === 'html')
    return renderHtml({
      graph,
      findings,
      script: readMedia('dist/graph.js'),
      css: readMedia('graph.css'),
      title: `Loopwise: ${title} ${loop}`,
      loop,
    });
  if (format === 'mermaid')
    return `# Loopwise loop ${loop}: ${title}\n\n\`\`\`mermaid\n${toMermaid(graph, findings, { filter: { loops: [loop] } }).text}\n\`\`\`\n`;
  return loopSvgText(layoutLoop(graph, loop)!);
}

/** The webview's bundle and styles, shipped in media/ beside dist/. */
function readMedia(rel: string): string {
  const file = findUp(path.join('media', rel));
  if (!file) throw new Error(`media/${rel} is missing: run \`npm run build\` first`);
  return readFileSync(file, 'utf8');
}

/** One line per loop with its hops: what `npm start` shows after the findings. */
export function summary(graph: GraphJson): string {
  const label = (id: string) => graph.nodes.find((n) => n.id === id)?.label ?? id;
  const loops = graph.loops.map(
    (l) =>
      `  ${l.id} (${l.polarity === 'R' ? 'reinforcing' : 'balancing'}, ${l.documented ? 'documented' : 'undocumented'}): ${[...l.nodes, l.nodes[0]].map(label).join(' → ')}`,
  );
  const stages = graph.nodes.filter((n) => n.kind === 'stage').length;
  return [
    `Graph: ${stages} stages, ${graph.nodes.length - stages} stocks, ${graph.edges.length} edges, ${graph.loops.length} feedback loop(s)`,
    ...loops,
  ].join('\n');
}
