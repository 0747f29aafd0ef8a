// Generated graphs for the collapse test and the render benchmark: pipelines of chained stages
// (each stage writes a stock the next one reads), each pipeline fed by the previous one, owned
// by a few teams, with feedback loops and findings sprinkled in.
import type { GraphJson, GraphJsonLoop, GraphJsonNode } from '../../server/src/engine/model/graphJson';
import type { Finding } from '../../server/src/engine/model/finding';

export interface SyntheticOptions {
  /** Teams own pipelines round-robin; every third pipeline is unowned. */
  teams?: number;
  /** Every n-th pipeline feeds its output back two pipelines up, closing a loop. */
  loopEvery?: number;
  /** Every n-th stage gets a finding. */
  findingEvery?: number;
}

export function syntheticGraph(pipelines: number, stages: number, options: SyntheticOptions = {}): GraphJson {
  return synthetic(pipelines, stages, options).graph;
}

export function synthetic(pipelines: number, stages: number, options: SyntheticOptions = {}): { graph: GraphJson; findings: Finding[] } {
  const teams = Array.from({ length: options.teams ?? 1 }, (_, i) => ({
    name: `team-${String.fromCharCode(97 + i)}`,
    roles: [i % 2 ? 'mlops' : 'research'],
  }));
  const graph: GraphJson = { version: 1, nodes: [], edges: [], loops: [], teams };
  const findings: Finding[] = [];
  const stageId = (p: number, s: number) => `pipelines/p${p}/dvc.yaml#p${p}/s${s}`;
  const stockId = (p: number, s: number) => `path:data/p${p}/out${s}.parquet`;
  for (let p = 0; p < pipelines; p++) {
    const file = `pipelines/p${p}/dvc.yaml`;
    const team = p % 3 === 2 ? undefined : teams[p % teams.length]?.name;
    for (let s = 0; s < stages; s++) {
      const range = { start: { line: 2 + s * 6, character: 2 }, end: { line: 2 + s * 6, character: 4 } };
      const stage: GraphJsonNode = {
        id: stageId(p, s),
        kind: 'stage',
        label: `s${s}`,
        file,
        range,
        pipeline: `p${p}`,
        format: 'dvc',
        type: 'transform',
      };
      if (team) stage.team = team;
      graph.nodes.push(stage, { id: stockId(p, s), kind: 'artifact', label: `p${p}/out${s}.parquet`, type: 'data', file, range });
      graph.edges.push({ from: stage.id, to: stockId(p, s), kind: 'writes', sign: '+' });
      if (s + 1 < stages) graph.edges.push({ from: stockId(p, s), to: stageId(p, s + 1), kind: 'reads', sign: '+' });
      const n = p * stages + s;
      if (options.findingEvery && n % options.findingEvery === 0) {
        findings.push({
          ruleId: n % 2 ? 'pipeline/jungle' : 'config/unpinned-seed',
          severity: n % 3 ? 'warning' : 'error',
          message: `finding on ${stage.id}`,
          file,
          range,
          related: [],
          nodes: [stage.id],
        });
      }
    }
    if (p > 0) graph.edges.push({ from: stockId(p - 1, stages - 1), to: stageId(p, 0), kind: 'reads', sign: '+' });
    if (options.loopEvery && p >= 2 && p % options.loopEvery === options.loopEvery - 1) closeLoop(graph, p, stages, stageId, stockId);
  }
  return { graph, findings };
}

/** Feeds pipeline p's last stock into the first stage of p-2: a loop through p-2, p-1 and p. */
function closeLoop(
  graph: GraphJson,
  p: number,
  stages: number,
  stageId: (p: number, s: number) => string,
  stockId: (p: number, s: number) => string,
): void {
  graph.edges.push({ from: stockId(p, stages - 1), to: stageId(p - 2, 0), kind: 'reads', sign: '+' });
  const nodes: string[] = [];
  for (const q of [p - 2, p - 1, p]) for (let s = 0; s < stages; s++) nodes.push(stageId(q, s), stockId(q, s));
  const loop: GraphJsonLoop = { id: `R${graph.loops.length + 1}`, polarity: 'R', nodes, documented: graph.loops.length % 2 === 0 };
  graph.loops.push(loop);
}
