// Data from outside the page (the embedded JSON, messages from the extension) is checked and
// copied field by field before use: anything malformed is dropped, never trusted.
import type { Range } from '../../server/src/engine/model/facts';
import type { GraphJson, GraphJsonEdge, GraphJsonLoop, GraphJsonNode, GraphJsonTeam } from '../../server/src/engine/model/graphJson';
import type { Finding, Severity } from '../../server/src/engine/model/finding';

export interface GraphData {
  graph: GraphJson;
  findings: Finding[];
  /** What the view is about, e.g. the file of "Show Graph for This File". */
  title?: string;
  /** The loop the view was opened for ("Show loop R1 in the system graph"): its filter is selected. */
  loop?: string;
  /** The file of "Show Graph for This File": the first view opens on its nodes. */
  file?: string;
}

const NODE_KINDS = new Set(['stage', 'artifact', 'world']);
const EDGE_KINDS = new Set(['reads', 'writes', 'after', 'influence']);
const SEVERITIES = new Set<string>(['error', 'warning', 'info', 'hint']);

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const strings = (v: unknown): string[] => list(v).filter((s): s is string => typeof s === 'string');

/** `{graph, findings}` from an update message or the embedded JSON; undefined when it is not one. */
export function readGraphData(value: unknown): GraphData | undefined {
  if (!isObj(value) || !isObj(value.graph)) return undefined;
  const g = value.graph;
  if (!Array.isArray(g.nodes) || !Array.isArray(g.edges)) return undefined;
  const nodes = list(g.nodes)
    .map(readNode)
    .filter((n): n is GraphJsonNode => n !== undefined);
  const ids = new Set(nodes.map((n) => n.id));
  const edges = list(g.edges)
    .map(readEdge)
    .filter((e): e is GraphJsonEdge => e !== undefined && ids.has(e.from) && ids.has(e.to));
  const loops = list(g.loops)
    .map(readLoop)
    .filter((l): l is GraphJsonLoop => l !== undefined);
  const teams = list(g.teams)
    .map(readTeam)
    .filter((t): t is GraphJsonTeam => t !== undefined);
  const findings = list(value.findings)
    .map(readFinding)
    .filter((f): f is Finding => f !== undefined);
  const scope = isObj(value.scope) ? str(value.scope.file) : undefined;
  const title = str(value.title) ?? scope;
  const loop = isObj(value.scope) ? str(value.scope.loop) : undefined;
  const data: GraphData = {
    graph: { version: typeof g.version === 'number' ? g.version : 1, nodes, edges, loops, teams },
    findings,
    title,
  };
  if (loop && loops.some((l) => l.id === loop)) data.loop = loop;
  if (scope) data.file = scope;
  return data;
}

export function readRange(v: unknown): Range | undefined {
  if (!isObj(v) || !isObj(v.start) || !isObj(v.end)) return undefined;
  const nums = [v.start.line, v.start.character, v.end.line, v.end.character];
  if (!nums.every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 0)) return undefined;
  const [sl, sc, el, ec] = nums as number[];
  return { start: { line: sl, character: sc }, end: { line: el, character: ec } };
}

function readNode(v: unknown): GraphJsonNode | undefined {
  if (!isObj(v)) return undefined;
  const id = str(v.id);
  const kind = str(v.kind);
  if (!id || !kind || !NODE_KINDS.has(kind)) return undefined;
  const node: GraphJsonNode = { id, kind: kind as GraphJsonNode['kind'], label: str(v.label) ?? id };
  const optional = ['type', 'file', 'owner', 'team', 'pipeline'] as const;
  for (const key of optional) if (str(v[key]) !== undefined) node[key] = str(v[key]);
  if (str(v.format) !== undefined) node.format = str(v.format) as GraphJsonNode['format'];
  const range = readRange(v.range);
  if (range) node.range = range;
  if (v.external === true) node.external = true;
  if (isObj(v.findings) && typeof v.findings.count === 'number' && SEVERITIES.has(str(v.findings.severity) ?? '')) {
    node.findings = { count: v.findings.count, severity: v.findings.severity as Severity, rules: strings(v.findings.rules) };
  }
  return node;
}

function readEdge(v: unknown): GraphJsonEdge | undefined {
  if (!isObj(v)) return undefined;
  const from = str(v.from);
  const to = str(v.to);
  const kind = str(v.kind);
  if (!from || !to || !kind || !EDGE_KINDS.has(kind)) return undefined;
  const edge: GraphJsonEdge = { from, to, kind: kind as GraphJsonEdge['kind'], sign: v.sign === '-' ? '-' : '+' };
  if (v.possible === true) edge.possible = true;
  if (str(v.file)) edge.file = str(v.file);
  const range = readRange(v.range);
  if (range) edge.range = range;
  return edge;
}

function readLoop(v: unknown): GraphJsonLoop | undefined {
  if (!isObj(v) || !str(v.id) || (v.polarity !== 'R' && v.polarity !== 'B')) return undefined;
  const loop: GraphJsonLoop = { id: str(v.id)!, polarity: v.polarity, nodes: strings(v.nodes), documented: v.documented === true };
  if (v.possible === true) loop.possible = true;
  return loop;
}

function readTeam(v: unknown): GraphJsonTeam | undefined {
  if (!isObj(v) || !str(v.name)) return undefined;
  return { name: str(v.name)!, roles: strings(v.roles) };
}

function readFinding(v: unknown): Finding | undefined {
  if (!isObj(v)) return undefined;
  const ruleId = str(v.ruleId);
  const severity = str(v.severity);
  const file = str(v.file);
  const range = readRange(v.range);
  if (!ruleId || !severity || !SEVERITIES.has(severity) || !file || !range) return undefined;
  const finding: Finding = { ruleId, severity: severity as Severity, message: str(v.message) ?? '', file, range, related: [] };
  const nodes = strings(v.nodes);
  if (nodes.length) finding.nodes = nodes;
  if (str(v.loop)) finding.loop = str(v.loop);
  return finding;
}
