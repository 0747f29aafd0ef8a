// Feedback loops: cycles of the data/influence graph through at least one stock.
// Found per strongly connected component (Tarjan), then enumerated with Johnson's algorithm
// under a cap, so a large jungle never hangs the server.
import type { GraphEdge, SystemGraph } from './graph';
import type { DocumentedLoop } from '../card/card';
import { drain, STEP_MS } from '../steps';
import { now } from '../timings';

export type Polarity = 'R' | 'B';

export interface Loop {
  /** R1, B2, ... numbered by polarity in a stable order. */
  id: string;
  polarity: Polarity;
  /** Node ids in flow order, starting from the loop's first stock in sort order. */
  nodes: string[];
  /** edges[i] goes from nodes[i] to nodes[(i + 1) % n]. */
  edges: GraphEdge[];
  documented: boolean;
  /** The card entry that documents it. */
  documentedBy?: DocumentedLoop;
  /** The loop closes only through a low-confidence identity match. */
  possible: boolean;
}

export interface LoopSearchLimits {
  maxLoops: number;
  maxLength: number;
}

export const DEFAULT_LIMITS: LoopSearchLimits = { maxLoops: 500, maxLength: 40 };

type EdgeFilter = (e: GraphEdge) => boolean;

/** Strongly connected components with more than one node (Tarjan, iterative). */
export function stronglyConnected(ids: string[], next: (id: string) => string[]): string[][] {
  return drain(stronglyConnectedSteps(ids, next));
}

/** The same, pausing (`yield`) every few milliseconds between roots. */
function* stronglyConnectedSteps(ids: string[], next: (id: string) => string[]): Generator<void, string[][]> {
  let turn = now();
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result: string[][] = [];
  let counter = 0;
  for (const root of ids) {
    if (index.has(root)) continue;
    if (now() - turn >= STEP_MS) {
      yield;
      turn = now();
    }
    const work: Array<{ id: string; succ: string[]; i: number }> = [];
    const enter = (id: string) => {
      index.set(id, counter);
      low.set(id, counter++);
      stack.push(id);
      onStack.add(id);
      work.push({ id, succ: next(id), i: 0 });
    };
    enter(root);
    while (work.length) {
      const frame = work[work.length - 1];
      if (frame.i < frame.succ.length) {
        const w = frame.succ[frame.i++];
        if (!index.has(w)) enter(w);
        else if (onStack.has(w)) low.set(frame.id, Math.min(low.get(frame.id)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].id;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.id)!));
      }
      if (low.get(frame.id) === index.get(frame.id)) {
        const comp: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.push(w);
        } while (w !== frame.id);
        if (comp.length > 1) result.push(comp);
      }
    }
  }
  return result;
}

/** Elementary cycles of one component (Johnson), at most `limits.maxLoops`, each at most `maxLength` long. */
function cyclesIn(component: string[], next: (id: string) => string[], limits: LoopSearchLimits, budget: { left: number }): string[][] {
  const order = [...component].sort();
  const rank = new Map(order.map((id, i) => [id, i]));
  const found: string[][] = [];
  for (let s = 0; s < order.length && budget.left > 0; s++) {
    const start = order[s];
    const allowed = (id: string) => (rank.get(id) ?? -1) >= s;
    const blocked = new Set<string>();
    const blockMap = new Map<string, Set<string>>();
    const path: string[] = [];
    const unblock = (u: string) => {
      const pending = [u];
      while (pending.length) {
        const x = pending.pop()!;
        if (!blocked.delete(x)) continue;
        const b = blockMap.get(x);
        if (b) {
          pending.push(...b);
          b.clear();
        }
      }
    };
    // Iterative circuit() from Johnson's paper.
    const frames: Array<{ v: string; succ: string[]; i: number; found: boolean }> = [];
    const push = (v: string) => {
      path.push(v);
      blocked.add(v);
      frames.push({ v, succ: next(v).filter(allowed), i: 0, found: false });
    };
    push(start);
    while (frames.length && budget.left > 0) {
      const f = frames[frames.length - 1];
      if (f.i < f.succ.length) {
        const w = f.succ[f.i++];
        if (w === start) {
          found.push([...path]);
          budget.left--;
          f.found = true;
        } else if (!blocked.has(w) && path.length < limits.maxLength) {
          push(w);
        }
        continue;
      }
      frames.pop();
      path.pop();
      if (f.found) unblock(f.v);
      else
        for (const w of f.succ) {
          if (!blockMap.has(w)) blockMap.set(w, new Set());
          blockMap.get(w)!.add(f.v);
        }
      if (frames.length && f.found) frames[frames.length - 1].found = true;
    }
  }
  return found;
}

/**
 * Every feedback loop in the graph: cycles over reads/writes/influence edges that pass
 * through at least one stock. Polarity is the product of the edge signs.
 */
export function findLoops(graph: SystemGraph, limits: LoopSearchLimits = DEFAULT_LIMITS): FoundLoops {
  return drain(findLoopsSteps(graph, limits));
}

/** The same, pausing (`yield`) every few milliseconds, so a host's event loop keeps answering. */
export function findLoopsSteps(graph: SystemGraph, limits: LoopSearchLimits = DEFAULT_LIMITS): Generator<void, FoundLoops> {
  const flow: EdgeFilter = (e) => e.kind !== 'after';
  return enumerate(graph, flow, limits, (nodes) => nodes.some((id) => graph.nodes.get(id)!.kind !== 'stage'));
}

/** Ordering cycles among stages only (`after` edges): an error, not a feedback loop. */
export function findOrderCycles(graph: SystemGraph, limits: LoopSearchLimits = DEFAULT_LIMITS): FoundLoops {
  return drain(findOrderCyclesSteps(graph, limits));
}

export function findOrderCyclesSteps(graph: SystemGraph, limits: LoopSearchLimits = DEFAULT_LIMITS): Generator<void, FoundLoops> {
  return enumerate(
    graph,
    (e) => e.kind === 'after',
    limits,
    () => true,
  );
}

export interface FoundLoops {
  loops: Loop[];
  truncated: boolean;
}

function* enumerate(
  graph: SystemGraph,
  keep: EdgeFilter,
  limits: LoopSearchLimits,
  accept: (nodes: string[]) => boolean,
): Generator<void, FoundLoops> {
  const next = (id: string) =>
    graph
      .outgoing(id)
      .filter(keep)
      .map((e) => e.to);
  const budget = { left: limits.maxLoops };
  const raw: string[][] = [];
  let turn = now();
  for (const comp of yield* stronglyConnectedSteps([...graph.nodes.keys()].sort(), next)) {
    raw.push(...cyclesIn(comp, next, limits, budget));
    if (now() - turn < STEP_MS) continue;
    yield;
    turn = now();
  }
  const loops = raw.filter(accept).map((nodes) => toLoop(graph, rotate(graph, nodes), keep));
  number(loops);
  return { loops, truncated: budget.left <= 0 };
}

/** Starts the loop at its first stock in sort order, so ids are stable across runs. */
function rotate(graph: SystemGraph, nodes: string[]): string[] {
  const stocks = nodes.filter((id) => graph.nodes.get(id)!.kind !== 'stage').sort();
  const first = stocks[0] ?? [...nodes].sort()[0];
  const i = nodes.indexOf(first);
  return [...nodes.slice(i), ...nodes.slice(0, i)];
}

function toLoop(graph: SystemGraph, nodes: string[], keep: EdgeFilter): Loop {
  const edges = nodes.map((from, i) => {
    const to = nodes[(i + 1) % nodes.length];
    const candidates = graph.outgoing(from).filter((e) => e.to === to && keep(e));
    return candidates.find((e) => !e.possible) ?? candidates[0];
  });
  const negatives = edges.filter((e) => e.sign < 0).length;
  return {
    id: '',
    polarity: negatives % 2 === 0 ? 'R' : 'B',
    nodes,
    edges,
    documented: false,
    possible: edges.some((e) => e.possible),
  };
}

function number(loops: Loop[]): void {
  loops.sort((a, b) => a.nodes.join('\u0000').localeCompare(b.nodes.join('\u0000')));
  const counters = { R: 0, B: 0 };
  for (const loop of loops) loop.id = `${loop.polarity}${++counters[loop.polarity]}`;
}
