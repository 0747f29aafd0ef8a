// Facts -> SystemGraph. Stages become flow nodes; every artifact reference is identified
// (model/identity) and linked: exact keys share a node, a read inside a written folder or
// prefix links to it, and a read that only shares a stem with a written artifact gets a
// *possible* edge (lower confidence, never silent) — only within one project (model/projects).
import type { ArtifactDecl, FileFacts, IO, Stage } from './facts';
import { SystemGraph, type GraphEdge, type GraphNode } from './graph';
import { identify, identifyLoose, mayBeSame, type ArtifactIdentity } from './identity';
import type { Card } from '../card/card';
import type { Ownership } from './owners';
import { pushTo } from '../text/collections';
import type { ProjectOf } from './projects';
import { drain } from '../steps';
import { now } from '../timings';

export function buildGraph(
  facts: readonly FileFacts[],
  card: Card | undefined,
  ownership: Ownership,
  projectOf: ProjectOf = () => '',
): SystemGraph {
  return drain(buildGraphSteps(facts, card, ownership, projectOf));
}

/** The same, pausing (`yield`) between its phases, so a host's event loop can answer requests and see newer edits. */
export function* buildGraphSteps(
  facts: readonly FileFacts[],
  card: Card | undefined,
  ownership: Ownership,
  projectOf: ProjectOf = () => '',
): Generator<void, SystemGraph> {
  const graph = new SystemGraph();
  const stages = new Map<string, Stage>();
  for (const f of facts) for (const s of f.stages) stages.set(s.id, s);
  // Each phase goes through the files a slice at a time, in order (the graph comes out the same),
  // pausing between slices: in a big workspace one phase is hundreds of milliseconds.
  yield* inSlices(facts, (part) => {
    for (const f of part) for (const s of f.stages) addStage(graph, f, s, ownership);
  });
  const written: WrittenIndex = { byKey: new Map(), byStem: new Map(), byAncestor: new Map(), writers: new Map() };
  yield* inSlices(facts, (part) => linkWrites(graph, part, written));
  yield* inSlices(facts, (part) => linkReads(graph, part, written, projectOf));
  addDeclarations(graph, facts);
  yield;
  const resolve = orderTargets(stages);
  yield* inSlices(facts, (part) => {
    addOrders(graph, part, resolve);
    addMentions(graph, part);
  });
  applyCard(graph, card);
  assignArtifactOwners(graph, ownership);
  return graph;
}

/** The work of one slice of a linking phase, so that a host's requests wait no longer than that. */
const SLICE_MS = 8;

/**
 * `work` on the items a slice at a time, pausing after each. A slice's size follows from how long
 * the last one took: files differ a hundredfold in what they link.
 */
function* inSlices<T>(items: readonly T[], work: (part: readonly T[]) => void): Generator<void> {
  let size = 64;
  for (let i = 0; i < items.length;) {
    const start = now();
    const part = items.slice(i, i + size);
    work(part);
    i += part.length;
    const took = now() - start;
    size = Math.min(4096, Math.max(8, Math.round((size * SLICE_MS) / Math.max(took, 0.05))));
    yield;
  }
}

function addStage(graph: SystemGraph, f: FileFacts, s: Stage, ownership: Ownership): void {
  const claim = f.ownerClaims.find((c) => c.subject === s.id || c.subject === s.pipeline || c.subject === f.file);
  const owner = claim?.owner ?? ownership.ownerOf(f.file);
  graph.addNode({
    id: s.id,
    kind: 'stage',
    label: s.name,
    format: f.format,
    source: s.range,
    mentions: [s.range],
    owner,
    team: ownership.teamOf(owner),
    stage: s,
    pipeline: s.pipeline,
    dynamic: s.dynamic,
  });
}

function artifactNode(
  graph: SystemGraph,
  id: ArtifactIdentity,
  io: Pick<IO, 'range'> & { artifact: IO['artifact'] },
  format: FileFacts['format'],
): GraphNode {
  return graph.addNode({
    id: id.key,
    kind: 'artifact',
    label: id.label,
    format,
    source: io.range,
    mentions: [io.range],
    artifactKind: id.kind,
    dynamic: io.artifact.dynamic,
  });
}

interface WrittenIndex {
  byKey: Map<string, string>;
  byStem: Map<string, string[]>;
  /** Folder or prefix key -> written keys inside it, for reads of a whole folder. */
  byAncestor: Map<string, string[]>;
  /** Key -> files that write it, so a rename is only guessed within one project. */
  writers: Map<string, string[]>;
}

function linkWrites(graph: SystemGraph, facts: readonly FileFacts[], index: WrittenIndex): void {
  for (const f of facts) {
    for (const io of f.io) {
      if (io.direction !== 'writes' || !graph.nodes.has(io.stage)) continue;
      const id = identify(io.artifact);
      const node = artifactNode(graph, id, io, f.format);
      if (id.kind && (!node.artifactKind || node.artifactKind === 'data')) node.artifactKind = id.kind;
      const edge: GraphEdge = { from: io.stage, to: node.id, kind: 'writes', sign: 1, source: io.range, confidence: 1, via: f.format };
      if (io.persistent) edge.persistent = true;
      graph.addEdge(edge);
      pushTo(index.writers, id.key, f.file);
      if (!index.byKey.has(id.key)) {
        index.byKey.set(id.key, node.id);
        pushTo(index.byStem, id.stem, id.key);
        for (const ancestor of ancestorsOf(id.key)) pushTo(index.byAncestor, ancestor, id.key);
      }
    }
  }
}

function linkReads(graph: SystemGraph, facts: readonly FileFacts[], written: WrittenIndex, projectOf: ProjectOf): void {
  for (const f of facts) {
    const project = projectOf(f.file);
    const sameProject = (key: string) => (written.writers.get(key) ?? []).some((w) => projectOf(w) === project);
    for (const io of f.io) {
      if (io.direction !== 'reads' || !graph.nodes.has(io.stage)) continue;
      const id = identify(io.artifact);
      if (id.kind === 'code' && !written.byKey.has(id.key)) continue; // scripts read by a stage are not stocks
      // Every edge is built with the same fields in the same order, so V8 gives them one shape
      // and the rules that walk them stay fast.
      const edge = (from: string, confidence: number): GraphEdge => ({
        from,
        to: io.stage,
        kind: 'reads',
        sign: 1,
        source: io.range,
        confidence,
        via: f.format,
      });
      const exact = written.byKey.get(id.key);
      if (exact) {
        graph.nodes.get(exact)!.mentions.push(io.range);
        graph.addEdge(edge(exact, 1));
        continue;
      }
      const ancestor = ancestorKey(id.key, written.byKey);
      if (ancestor) {
        graph.nodes.get(ancestor)!.mentions.push(io.range);
        graph.addEdge(edge(ancestor, 0.9));
        continue;
      }
      // A read of a folder or prefix that produced files live in reads those files.
      const inner = written.byAncestor.get(id.key) ?? [];
      if (inner.length) {
        for (const key of inner) {
          graph.nodes.get(key)!.mentions.push(io.range);
          graph.addEdge(edge(key, 0.9));
        }
        continue;
      }
      const node = artifactNode(graph, id, io, f.format);
      graph.addEdge(edge(node.id, 1));
      // A stem many artifacts share (`labels`, `features`) says nothing: only a rare one suggests a rename.
      const candidates = written.byStem.get(id.stem) ?? [];
      if (candidates.length > MAX_POSSIBLE) continue;
      for (const candidate of candidates) {
        if (candidate !== id.key && mayBeSame(id, candidate) && !writtenBy(graph, candidate, io.stage) && sameProject(candidate))
          graph.addEdge({ ...edge(candidate, 0.5), possible: true });
      }
    }
  }
}

const MAX_POSSIBLE = 3;

/**
 * A stage's own output is never its input under another name: a possible edge back to the stage
 * that writes it would close a two-hop loop out of one step that reads X and writes X' (a
 * conversion, a view built from its source).
 */
function writtenBy(graph: SystemGraph, artifact: string, stage: string): boolean {
  return graph.incoming(artifact).some((e) => e.kind === 'writes' && e.from === stage);
}

/** The nearest written folder or prefix that contains `key` (`path:eval` for `path:eval/metrics.json`). */
function ancestorKey(key: string, byKey: Map<string, string>): string | undefined {
  let current = key;
  for (let slash = current.lastIndexOf('/'); slash > 0; slash = current.lastIndexOf('/')) {
    current = current.slice(0, slash);
    if (current.endsWith(':') || current.endsWith(':/')) return undefined;
    const hit = byKey.get(current);
    if (hit) return hit;
  }
  return undefined;
}

/** `path:a/b/c` -> `path:a/b`, `path:a`; `s3://b/k/x` -> `s3://b/k`, `s3://b`. */
function ancestorsOf(key: string): string[] {
  if (!key.startsWith('path:') && !/^[a-z0-9+.-]+:\/\//.test(key)) return [];
  const floor = key.startsWith('path:') ? 'path:'.length : key.indexOf('://') + 3;
  const out: string[] = [];
  for (let slash = key.lastIndexOf('/'); slash > floor; slash = key.lastIndexOf('/', slash - 1)) out.push(key.slice(0, slash));
  return out;
}

/** Places that only name a stage or an artifact (a task's variable, a path in a command) join its mentions. */
function addMentions(graph: SystemGraph, facts: readonly FileFacts[]): void {
  for (const f of facts) {
    for (const m of f.mentions ?? []) {
      const key = m.stage ?? (m.artifact ? identify(m.artifact).key : undefined);
      if (key === undefined) continue;
      const node =
        graph.nodes.get(key) ??
        ancestorsOf(key)
          .map((k) => graph.nodes.get(k))
          .find((n) => n?.kind === 'artifact');
      if (node) node.mentions.push(m.range);
    }
  }
}

/** Declared artifacts (DVC `artifacts`, Kedro catalog) are stocks even before anyone reads them. */
function addDeclarations(graph: SystemGraph, facts: readonly FileFacts[]): void {
  matchDatasetFactories(graph, facts);
  for (const f of facts) {
    for (const decl of f.artifacts) {
      const id = identify(decl.ref);
      const existing = graph.nodes.get(id.key);
      if (existing) {
        existing.mentions.push(decl.range);
        if (decl.ref.kind && (!existing.artifactKind || existing.artifactKind === 'data')) existing.artifactKind = decl.ref.kind;
        continue;
      }
      graph.addNode({
        id: id.key,
        kind: 'artifact',
        label: decl.label && decl.ref.scheme !== 'dataset' ? decl.label : id.label,
        format: f.format,
        source: decl.range,
        mentions: [decl.range],
        artifactKind: decl.ref.kind ?? id.kind,
      });
    }
  }
}

/**
 * Kedro dataset factories: a catalog entry named `"{namespace}.{name}"` declares every dataset
 * whose name matches it, unless an entry names that dataset exactly; among several patterns the
 * most specific wins (Kedro ranks by literal characters, then by fewer placeholders). A matched
 * dataset takes the pattern's kind and the entry as a mention.
 */
function matchDatasetFactories(graph: SystemGraph, facts: readonly FileFacts[]): void {
  const factories: Array<{ decl: ArtifactDecl; pattern: RegExp; literal: number; placeholders: number }> = [];
  const exact = new Set<string>();
  for (const f of facts)
    for (const decl of f.artifacts) {
      if (decl.ref.scheme !== 'dataset') continue;
      if (!decl.ref.name.includes('{')) exact.add(identify(decl.ref).key);
      else factories.push({ decl, ...factoryPattern(decl.ref.name) });
    }
  if (factories.length === 0) return;
  factories.sort((a, b) => b.literal - a.literal || a.placeholders - b.placeholders);
  for (const node of graph.artifacts()) {
    if (!node.id.startsWith('dataset:') || node.dynamic || exact.has(node.id)) continue;
    const factory = factories.find((x) => x.pattern.test(node.label));
    if (!factory) continue;
    node.mentions.push(factory.decl.range);
    const kind = factory.decl.ref.kind;
    if (kind && (!node.artifactKind || node.artifactKind === 'data')) node.artifactKind = kind;
  }
}

function factoryPattern(name: string): { pattern: RegExp; literal: number; placeholders: number } {
  const literals = name.split(/\{[^}]*\}/);
  const escaped = literals.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return { pattern: new RegExp(`^${escaped.join('(.+?)')}$`), literal: literals.join('').length, placeholders: literals.length - 1 };
}

/** What an order's `before`/`after` names: `@pipeline/stage` a stage in another file, `@pipeline` a whole DAG (sensor or trigger). */
function orderTargets(stages: Map<string, Stage>): (ref: string) => string[] {
  const byPipelineName = new Map<string, string>();
  const byPipeline = new Map<string, string[]>();
  for (const s of stages.values()) {
    byPipelineName.set(`${s.pipeline}/${s.name}`, s.id);
    pushTo(byPipeline, s.pipeline, s.id);
  }
  return (ref) => {
    if (!ref.startsWith('@')) return [ref];
    const name = ref.slice(1);
    const one = byPipelineName.get(name);
    return one ? [one] : (byPipeline.get(name) ?? []);
  };
}

function addOrders(graph: SystemGraph, facts: readonly FileFacts[], resolve: (ref: string) => string[]): void {
  for (const f of facts) {
    for (const o of f.orders) {
      for (const before of resolve(o.before))
        for (const after of resolve(o.after)) {
          graph.addEdge({ from: before, to: after, kind: 'after', sign: 1, source: o.range, confidence: 1, via: o.via });
        }
    }
  }
}

/** Card facts: external inputs, and world influences with their sign. */
function applyCard(graph: SystemGraph, card: Card | undefined): void {
  if (!card) return;
  for (const ext of card.external) {
    for (const node of resolveCardName(graph, ext.name, false)) {
      node.external = true;
      if (ext.owner) node.owner = ext.owner;
    }
  }
  for (const inf of card.influences) {
    const from = resolveCardName(graph, inf.from, true);
    const to = resolveCardName(graph, inf.to, true);
    for (const a of from)
      for (const b of to) {
        graph.addEdge({
          from: a.id,
          to: b.id,
          kind: 'influence',
          sign: inf.sign,
          source: { file: card.file, range: inf.range.range },
          confidence: 1,
          via: 'card',
        });
      }
  }
}

/** A name in the card: a node's id/label/stage name, an artifact identity, or (for influences) a world node. */
export function resolveCardName(graph: SystemGraph, name: string, createWorld: boolean): GraphNode[] {
  const direct = graph.resolve(name);
  if (direct.length) return direct;
  const loose = graph.nodes.get(identifyLoose(name).key);
  if (loose) return [loose];
  for (const scheme of ['table', 'dataset', 'feature-view', 'model', 'named'] as const) {
    const hit = graph.nodes.get(identify({ scheme, name }).key);
    if (hit) return [hit];
  }
  if (!createWorld) return [];
  const id = `world:${name.replace(/^world:/, '')}`;
  return [graph.addNode({ id, kind: 'world', label: name.replace(/^world:/, ''), mentions: [] })];
}

function assignArtifactOwners(graph: SystemGraph, ownership: Ownership): void {
  for (const node of graph.artifacts()) {
    if (node.owner) {
      node.team ??= ownership.teamOf(node.owner);
      continue;
    }
    const producer = graph.producers(node.id)[0];
    node.owner = producer?.owner;
    node.team = producer?.team;
  }
}
