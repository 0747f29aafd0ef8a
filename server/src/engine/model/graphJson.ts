// The graph as a versioned, documented JSON interface (docs/json-format.md). The webview,
// `loopwise graph --format json` and the LSP request `loopwise/graph` all use this shape.
import type { Format, Range } from './facts';
import type { EdgeKind, NodeKind, SystemGraph } from './graph';
import type { Loop } from './loops';
import type { Card } from '../card/card';
import type { Finding, Severity } from './finding';
import { pushTo } from '../text/collections';
import type { SourceEntry } from '../sources/summary';

export const GRAPH_JSON_VERSION = 1;

export interface GraphJsonNode {
  id: string;
  kind: NodeKind;
  label: string;
  /** Stock type for artifacts (data, model, labels, predictions, ...); stage role for stages. */
  type?: string;
  format?: Format;
  file?: string;
  range?: Range;
  owner?: string;
  team?: string;
  pipeline?: string;
  external?: boolean;
  /** Findings on this node: rule id -> count, with the worst severity. */
  findings?: { count: number; severity: Severity; rules: string[] };
}

export interface GraphJsonEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  sign: '+' | '-';
  possible?: boolean;
  file?: string;
  range?: Range;
}

export interface GraphJsonLoop {
  id: string;
  polarity: 'R' | 'B';
  nodes: string[];
  documented: boolean;
  possible?: boolean;
}

export interface GraphJsonTeam {
  name: string;
  roles: string[];
}

export interface GraphJson {
  version: number;
  nodes: GraphJsonNode[];
  edges: GraphJsonEdge[];
  loops: GraphJsonLoop[];
  teams: GraphJsonTeam[];
  /** Each file read, as which format, with what it contributed (sources/summary.ts). */
  sources?: SourceEntry[];
}

const SEVERITY_ORDER: Severity[] = ['error', 'warning', 'info', 'hint'];

export function toGraphJson(
  graph: SystemGraph,
  loops: readonly Loop[],
  findings: readonly Finding[] = [],
  card?: Card,
  sources?: SourceEntry[],
): GraphJson {
  const byNode = new Map<string, Finding[]>();
  for (const f of findings) for (const id of f.nodes ?? []) pushTo(byNode, id, f);
  const nodes: GraphJsonNode[] = [...graph.nodes.values()].map((n) => {
    const own = byNode.get(n.id);
    return strip({
      id: n.id,
      kind: n.kind,
      label: n.label,
      type: n.kind === 'stage' ? n.stage?.role : n.artifactKind,
      format: n.format,
      file: n.source?.file,
      range: n.source?.range,
      owner: n.owner,
      team: n.team,
      pipeline: n.pipeline,
      external: n.external || undefined,
      findings: own && {
        count: own.length,
        severity: SEVERITY_ORDER.find((s) => own.some((f) => f.severity === s)) ?? 'info',
        rules: [...new Set(own.map((f) => f.ruleId))].sort(),
      },
    });
  });
  const edges: GraphJsonEdge[] = graph.edges.map((e) =>
    strip({
      from: e.from,
      to: e.to,
      kind: e.kind,
      sign: e.sign < 0 ? '-' : '+',
      possible: e.possible || undefined,
      file: e.source?.file,
      range: e.source?.range,
    }),
  );
  return {
    version: GRAPH_JSON_VERSION,
    nodes,
    edges,
    loops: loops.map((l) =>
      strip({ id: l.id, polarity: l.polarity, nodes: l.nodes, documented: l.documented, possible: l.possible || undefined }),
    ),
    teams: (card?.teams ?? []).map((t) => ({ name: t.name, roles: t.roles })),
    ...(sources ? { sources } : {}),
  };
}

function strip<T extends object>(o: T): T {
  for (const k of Object.keys(o) as Array<keyof T>) if (o[k] === undefined) delete o[k];
  return o;
}
