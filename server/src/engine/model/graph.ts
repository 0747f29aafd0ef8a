// The SystemGraph: stocks (artifacts, the outside world) and flows (stages) as nodes;
// reads/writes/after/influence as signed edges, each with the source range it came from.
import type { ArtifactKind, Format, SourceRef, Stage } from './facts';
import { pushTo } from '../text/collections';

export type NodeKind = 'stage' | 'artifact' | 'world';
export type EdgeKind = 'reads' | 'writes' | 'after' | 'influence';
export type Sign = 1 | -1;

export interface GraphNode {
  id: string;
  kind: NodeKind;
  label: string;
  format?: Format;
  /** Where the node is defined (stage) or first mentioned (artifact). */
  source?: SourceRef;
  /** Every place that mentions the node. */
  mentions: SourceRef[];
  owner?: string;
  /** Team name from the card, when the owner maps to one. */
  team?: string;
  stage?: Stage;
  artifactKind?: ArtifactKind;
  pipeline?: string;
  /** Declared external by the card. */
  external?: boolean;
  dynamic?: boolean;
}

export interface GraphEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  sign: Sign;
  source?: SourceRef;
  /** The edge exists only through a low-confidence identity match. */
  possible?: boolean;
  confidence: number;
  /** What states the edge: `needs`, `>>`, `dvc deps`, `card influence`, ... */
  via?: string;
  /** A write of state the stage keeps and reads again on its next run (see IO.persistent). */
  persistent?: true;
}

export class SystemGraph {
  readonly nodes = new Map<string, GraphNode>();
  /** Bumped when places in the graph move in place (an edit that only moved a file's text), for caches of positions. */
  revision = 0;
  readonly edges: GraphEdge[] = [];
  private readonly out = new Map<string, GraphEdge[]>();
  private readonly in = new Map<string, GraphEdge[]>();
  /** from -> to -> edges, to find an existing edge without building string keys. */
  private readonly between = new Map<string, Map<string, GraphEdge[]>>();

  addNode(node: GraphNode): GraphNode {
    const existing = this.nodes.get(node.id);
    if (existing) {
      existing.mentions.push(...node.mentions);
      return existing;
    }
    const added = withEveryField(node);
    this.nodes.set(node.id, added);
    this.names = this.stageList = this.artifactList = undefined;
    return added;
  }

  /** Adds an edge; an edge of the same kind between the same nodes is kept once (an exact one replaces a possible one). */
  addEdge(edge: GraphEdge): void {
    if (edge.from === edge.to || !this.nodes.has(edge.from) || !this.nodes.has(edge.to)) return;
    let targets = this.between.get(edge.from);
    if (!targets) this.between.set(edge.from, (targets = new Map()));
    const parallel = targets.get(edge.to);
    const prior = parallel?.find((e) => e.kind === edge.kind);
    if (prior) {
      if (prior.possible && !edge.possible) Object.assign(prior, edge);
      return;
    }
    if (parallel) parallel.push(edge);
    else targets.set(edge.to, [edge]);
    this.edges.push(edge);
    pushTo(this.out, edge.from, edge);
    pushTo(this.in, edge.to, edge);
  }

  outgoing(id: string): GraphEdge[] {
    return this.out.get(id) ?? [];
  }

  incoming(id: string): GraphEdge[] {
    return this.in.get(id) ?? [];
  }

  /** Kept until a node is added: rules ask for these lists many times per run. */
  stages(): readonly GraphNode[] {
    return (this.stageList ??= [...this.nodes.values()].filter((n) => n.kind === 'stage'));
  }

  artifacts(): readonly GraphNode[] {
    return (this.artifactList ??= [...this.nodes.values()].filter((n) => n.kind === 'artifact'));
  }

  private stageList?: GraphNode[];
  private artifactList?: GraphNode[];

  producers(artifactId: string, includePossible = false): GraphNode[] {
    return this.incoming(artifactId)
      .filter((e) => e.kind === 'writes' && (includePossible || !e.possible))
      .map((e) => this.nodes.get(e.from)!);
  }

  consumers(artifactId: string, includePossible = false): GraphNode[] {
    return this.outgoing(artifactId)
      .filter((e) => e.kind === 'reads' && (includePossible || !e.possible))
      .map((e) => this.nodes.get(e.to)!);
  }

  /** Nodes a card or a user names: by id, label, stage name or `pipeline/stage`. */
  resolve(name: string): GraphNode[] {
    const wanted = name.trim();
    const index = this.names ?? this.indexNames();
    return [...new Set([...(index.get(wanted) ?? []), ...(index.get(`\u0000${wanted.toLowerCase()}`) ?? [])])];
  }

  /** Name -> nodes, built on first lookup and dropped when a node is added. */
  private names?: Map<string, GraphNode[]>;

  private indexNames(): Map<string, GraphNode[]> {
    const index = new Map<string, GraphNode[]>();
    for (const n of this.nodes.values()) {
      const keys = new Set([n.id, n.label, `\u0000${n.label.toLowerCase()}`]);
      if (n.stage) keys.add(n.stage.name).add(`${n.stage.pipeline}/${n.stage.name}`);
      if (n.kind === 'artifact') keys.add(n.id.slice(n.id.indexOf(':') + 1));
      for (const key of keys) pushTo(index, key, n);
    }
    this.names = index;
    return index;
  }
}

/**
 * Every node with the same fields in the same order (absent ones undefined), so V8 gives all
 * nodes one shape, also after the card or ownership fills a field in later: the rules read
 * nodes in their hottest loops.
 */
function withEveryField(n: GraphNode): GraphNode {
  // Typed so that a field added to GraphNode and not listed here fails to compile.
  const all: { [K in keyof Required<GraphNode>]: GraphNode[K] } = {
    id: n.id,
    kind: n.kind,
    label: n.label,
    format: n.format,
    source: n.source,
    mentions: n.mentions,
    owner: n.owner,
    team: n.team,
    stage: n.stage,
    artifactKind: n.artifactKind,
    pipeline: n.pipeline,
    external: n.external,
    dynamic: n.dynamic,
  };
  return all;
}
