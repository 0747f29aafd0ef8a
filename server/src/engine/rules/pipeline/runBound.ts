// How long after its pipeline starts a stage's run is certainly over, from the run limits the
// files state (model/facts RunLimit). A pipeline-wide limit bounds every stage; a stage's own
// limit bounds it from its own start, so it counts only when every stage before it in the
// pipeline is bounded too. Time a stage waits in a queue before it starts is not counted.
import type { RuleContext } from '../rule';
import type { RunLimit } from '../../model/facts';
import type { GraphNode } from '../../model/graph';

export interface RunBound {
  minutes: number;
  /** The limits it adds up, for messages: `` `timeout-minutes: 30` in .github/workflows/x.yml ``. */
  parts: string[];
}

/** `` `dagrun_timeout=timedelta(hours=2)` in dags/x.py ``; `2 × GitHub's default `timeout-minutes`` for a chain. */
export function boundOrigin(bound: RunBound): string {
  const counts = new Map<string, number>();
  for (const p of bound.parts) counts.set(p, (counts.get(p) ?? 0) + 1);
  return [...counts].map(([p, n]) => (n === 1 ? p : `${n} × ${p}`)).join(' + ');
}

/** Orderings where the later stage runs inside the earlier one (a job's step, an Argo template's step). */
const CONTAINED = new Set(['step', 'template']);
const MAX_DEPTH = 200;

export function runBoundOf(ctx: RuleContext, node: GraphNode): RunBound | undefined {
  return boundOf(ctx, node, new Map(), 0);
}

function boundOf(ctx: RuleContext, node: GraphNode, memo: Map<string, RunBound | undefined>, depth: number): RunBound | undefined {
  if (memo.has(node.id)) return memo.get(node.id);
  memo.set(node.id, undefined); // an ordering cycle bounds nothing
  const limits = node.stage?.limits ?? [];
  const whole = tightest(limits.filter((l) => l.scope === 'pipeline'));
  const own = depth < MAX_DEPTH ? fromOwnStart(ctx, node, tightest(limits.filter((l) => l.scope === 'run')), memo, depth) : undefined;
  const bound = [whole && { minutes: whole.minutes, parts: [originOf(whole)] }, own]
    .filter((b): b is RunBound => !!b)
    .sort((a, b) => a.minutes - b.minutes)[0];
  memo.set(node.id, bound);
  return bound;
}

/** The stage's own limit after the latest bound of the stages it waits for. */
function fromOwnStart(
  ctx: RuleContext,
  node: GraphNode,
  own: RunLimit | undefined,
  memo: Map<string, RunBound | undefined>,
  depth: number,
): RunBound | undefined {
  let latest: RunBound | undefined;
  for (const e of ctx.graph.incoming(node.id)) {
    if (e.kind !== 'after') continue;
    const before = ctx.node(e.from);
    if (!before?.stage || !samePipeline(before, node)) return undefined; // waits for another pipeline: start unknown
    const bound = boundOf(ctx, before, memo, depth + 1);
    if (!bound) return undefined;
    if (CONTAINED.has(e.via ?? '')) return bound; // over when the stage it runs inside is over
    if (!latest || bound.minutes > latest.minutes) latest = bound;
  }
  if (!own) return undefined;
  if (!latest) return { minutes: own.minutes, parts: [originOf(own)] };
  return { minutes: latest.minutes + own.minutes, parts: [...latest.parts, originOf(own)] };
}

function samePipeline(a: GraphNode, b: GraphNode): boolean {
  return a.stage!.pipeline === b.stage!.pipeline && a.stage!.range.file === b.stage!.range.file;
}

function tightest(limits: RunLimit[]): RunLimit | undefined {
  return [...limits].sort((a, b) => a.minutes - b.minutes)[0];
}

function originOf(limit: RunLimit): string {
  return limit.range ? `${limit.origin} in ${limit.range.file}` : limit.origin;
}
