import { isRegistryStock } from '../../model/identity';
import { CronExpressionParser } from 'cron-parser';
import type { Rule, RuleContext } from '../rule';
import type { RelatedLocation } from '../../model/finding';
import type { Schedule, Stage } from '../../model/facts';
import type { StageNote } from '../../model/stageNotes';
import type { GraphEdge, GraphNode } from '../../model/graph';
import { dependencyFix } from '../../fixes/scheduleDependency';
import { pushAll } from '../../text/collections';
import { boundOrigin, runBoundOf, type RunBound } from './runBound';
import { formatInfo } from '../../sources/formats';

const PRESETS: Record<string, string> = {
  '@hourly': '0 * * * *',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@weekly': '0 0 * * 0',
  '@monthly': '0 0 1 * *',
  '@quarterly': '0 0 1 */3 *',
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
};
const MINUTE = 60_000;
const WINDOW_DAYS = 35;
const MAX_RUNS = 4000;
/** With no duration in the card, a consumer starting this soon after the producer is assumed to race it. */
const UNKNOWN_DURATION_MARGIN = 30;
const MAX_VISITED = 20_000;

interface Clock {
  runs: number[];
  /** `at 03:00 UTC`, or the expression when runs are not once a day. */
  when: string;
  schedule: Schedule;
}

interface Coupling {
  consumer: GraphNode;
  read: GraphEdge;
  clock: Clock;
  /** Shortest time from a producer start to a consumer start, in minutes. */
  gap: number;
  races: boolean;
}

/**
 * A stage reads an artifact that a stage of another pipeline writes, both pipelines start on a
 * clock (cron or preset), and nothing orders them (no `after` path, sensor, trigger or Dataset
 * schedule). Start times are simulated over five weeks from today in each schedule's timezone
 * (UTC when none is stated, as in GitHub Actions and Airflow). A consumer that can start before
 * the producer's latest run is done (its p95 from the card's `durations:`, or 30 minutes when
 * none is given) races it (warning); one that starts later is still coupled only by clock time (info).
 * When the files bound the producer's run (a timeout or deadline, rules/pipeline/runBound), a
 * consumer that starts after that bound never sees the producer running: no finding, since a
 * producer that hits its limit fails rather than writing late.
 */
export const scheduleRace: Rule = {
  meta: {
    id: 'pipeline/schedule-race',
    category: 'pipeline',
    severity: 'warning',
    description:
      'A consumer pipeline is coupled to the pipeline producing its input only by clock time (no dependency or sensor), or starts before the producer can finish.',
    fixable: true,
    sources: [
      'Sculley et al. 2015, "Hidden Technical Debt in Machine Learning Systems" (pipeline jungles, unstable data dependencies)',
      'Sambasivan et al. 2021, "Data Cascades in High-Stakes AI" (upstream data issues compound downstream)',
    ],
  },
  *check(ctx) {
    const clocks = yield* clocksByPipeline(ctx);
    if (clocks.size < 2) return;
    const notes = notesByPipeline(ctx);
    for (const artifact of ctx.graph.artifacts()) {
      if (ctx.pauseDue()) yield;
      const writes = ctx.graph.incoming(artifact.id).filter((e) => e.kind === 'writes' && !e.possible);
      const reads = ctx.graph.outgoing(artifact.id).filter((e) => e.kind === 'reads' && !e.possible);
      if (writes.length === 0 || reads.length === 0) continue;
      // A registry publishes whole versions: its readers load a version or what was promoted, never a half-written one.
      if (isRegistryStock(artifact.id)) continue;
      for (const write of writes) {
        const producer = ctx.node(write.from);
        const producerClock = producer?.stage && clocks.get(clockKey(producer, clocks));
        if (!producer || !producerClock) continue;
        const couplings = couplingsOf(ctx, producer, producerClock, reads, clocks, notes);
        if (couplings.length === 0) continue;
        report(ctx, artifact, producer, producerClock, write, couplings);
        break;
      }
    }
  },
};

function couplingsOf(
  ctx: RuleContext,
  producer: GraphNode,
  producerClock: Clock,
  reads: GraphEdge[],
  clocks: Map<string, Clock>,
  notes: Map<string, StageNote[]>,
): Coupling[] {
  const producerKey = clockKey(producer, clocks);
  const duration = durationOf(ctx, producer.stage!);
  const bound = runBoundOf(ctx, producer);
  let reachable: Set<string> | undefined;
  const out: Coupling[] = [];
  const seen = new Set<string>();
  for (const read of reads) {
    const consumer = ctx.node(read.to);
    if (!consumer?.stage) continue;
    const key = clockKey(consumer, clocks);
    const clock = clocks.get(key);
    if (!clock || key === producerKey || seen.has(key)) continue;
    reachable ??= after(ctx, producer.id);
    if (
      reachable.has(consumer.id) ||
      waitsFor(notes.get(pipelineKey(consumer)), producer.pipeline!) ||
      triggers(notes.get(pipelineKey(producer)), consumer.pipeline!)
    )
      continue;
    const gap = shortestGap(producerClock.runs, clock.runs);
    if (gap === undefined || (bound && gap >= bound.minutes)) continue;
    seen.add(key);
    out.push({ consumer, read, clock, gap, races: duration !== undefined ? gap <= duration : gap < UNKNOWN_DURATION_MARGIN });
  }
  return out;
}

function report(
  ctx: RuleContext,
  artifact: GraphNode,
  producer: GraphNode,
  producerClock: Clock,
  write: GraphEdge,
  couplings: Coupling[],
): void {
  const stage = producer.stage!;
  const duration = durationOf(ctx, stage);
  const races = couplings.filter((c) => c.races);
  const clockOnly = couplings.filter((c) => !c.races);
  const runtime = `${
    duration !== undefined
      ? `p95 ${duration} min per mlsystem.yaml`
      : `no duration in mlsystem.yaml, so any start within ${UNKNOWN_DURATION_MARGIN} min counts`
  }; ${limitText(runBoundOf(ctx, producer))}`;
  const parts: string[] = [];
  if (races.length === 1)
    parts.push(
      `${describeConsumer(races[0])}, which only waits for the clock and can start before it is done; it reads a stale or half-written \`${artifact.label}\` whenever the producer runs late`,
    );
  else if (races.length)
    parts.push(
      `${races.length} pipelines that only wait for the clock and can start before it is done: ${races.map(describeConsumer).join(', ')}; they read a stale or half-written \`${artifact.label}\` whenever it runs late`,
    );
  if (clockOnly.length)
    parts.push(
      `${count(clockOnly.length, 'pipeline')} coupled to it only by clock time: ${clockOnly.map(describeConsumer).join(', ')}; this works while the producer is on time, and nothing makes ${clockOnly.length === 1 ? 'it' : 'them'} wait when it is late or fails`,
    );
  const message = `\`${artifact.label}\` is written by \`${stage.name}\` (${noun(producer)} \`${stage.pipeline}\`, starts ${producerClock.when}; ${runtime}) and read by ${parts.join('; and by ')} — make the consumers wait for it (an ExternalTaskSensor, a Dataset schedule, \`needs\`, or one pipeline with a dependency) instead of a fixed time.`;
  const related: RelatedLocation[] = couplings.flatMap((c) =>
    c.read.source
      ? [
          {
            ...c.read.source,
            message: `read by \`${c.consumer.stage!.name}\` (${noun(c.consumer)} \`${c.consumer.pipeline}\`, starts ${c.clock.when}, ${gapText(c.gap)} after the producer starts)`,
          },
        ]
      : [],
  );
  const fix = dependencyFix(
    ctx,
    artifact,
    producer,
    couplings.map((c) => ({ consumer: c.consumer, schedule: c.clock.schedule })),
  );
  ctx.report({
    at: write.source ?? artifact.source!,
    message,
    related,
    severity: races.length ? 'warning' : 'info',
    nodes: [artifact.id, producer.id, ...couplings.map((c) => c.consumer.id)],
    fixes: fix ? [fix] : undefined,
  });
}

function limitText(bound: RunBound | undefined): string {
  if (!bound) return 'no run limit stated, so it may run for any time';
  const m = bound.minutes;
  const length = m < 120 ? `${Number.isInteger(m) ? m : m.toFixed(1)} min` : gapText(Math.round(m));
  return `it is stopped after at most ${length} by ${boundOrigin(bound)}, time queued before it starts aside`;
}

function describeConsumer(c: Coupling): string {
  return `\`${c.consumer.pipeline}\` ${c.clock.when} (${gapText(c.gap)} after it starts)`;
}

function gapText(minutes: number): string {
  if (minutes === 0) return 'at the same minute as';
  if (minutes < 120) return `${minutes} min`;
  const hours = minutes / 60;
  return Number.isInteger(hours) ? `${hours} h` : `${hours.toFixed(1)} h`;
}

function count(n: number, what: string): string {
  return n === 1 ? `1 ${what}` : `${n} ${what}s`;
}

function noun(node: GraphNode): string {
  return (node.format && formatInfo(node.format).contributes.pipelineNoun) || 'pipeline';
}

// ---------------------------------------------------------------------------------------------
// Schedules

/** Pipelines that start on a clock only (a Dataset schedule couples a pipeline to its data). */
function* clocksByPipeline(ctx: RuleContext): Generator<void, Map<string, Clock>> {
  const byKey = new Map<string, Schedule[]>();
  const stageIds = new Set(ctx.graph.stages().map((s) => s.id));
  for (const f of ctx.facts) {
    if (ctx.pauseDue()) yield;
    for (const s of f.schedules) {
      const key = stageIds.has(s.pipeline) ? `stage:${s.pipeline}` : `${s.file}\u0000${s.pipeline}`;
      const list = byKey.get(key);
      if (list) list.push(s);
      else byKey.set(key, [s]);
    }
  }
  const start = Date.parse(`${ctx.today}T00:00:00Z`);
  const out = new Map<string, Clock>();
  // Many pipelines share a schedule (`@hourly`, `0 2 * * *`): simulate each expression once.
  const memo = new Map<string, Clock | undefined>();
  const clockFor = (s: Schedule) => {
    const key = `${s.kind}\u0000${s.expression}\u0000${s.timezone ?? ''}`;
    if (!memo.has(key)) memo.set(key, clockOf(s, start));
    const clock = memo.get(key);
    return clock && { ...clock, schedule: s };
  };
  for (const [key, schedules] of byKey) {
    if (ctx.pauseDue()) yield;
    if (schedules.some((s) => s.kind === 'dataset')) continue;
    const clocks = schedules.map(clockFor).filter((c): c is Clock => c !== undefined);
    if (clocks.length === 0) continue;
    const runs = clocks.length === 1 ? clocks[0].runs : [...new Set(clocks.flatMap((c) => c.runs))].sort((a, b) => a - b);
    out.set(key, { runs, when: clocks.map((c) => c.when).join(' and '), schedule: clocks[0].schedule });
  }
  return out;
}

function clockOf(schedule: Schedule, start: number): Clock | undefined {
  if (schedule.kind !== 'cron' && schedule.kind !== 'preset') return undefined;
  const expression = PRESETS[schedule.expression.trim().toLowerCase()] ?? schedule.expression.trim();
  if (expression.startsWith('@')) return undefined; // @once, @continuous: not a clock
  const tz = schedule.timezone ?? 'UTC';
  const runs = runsOf(expression, tz, start - WINDOW_DAYS * 1440 * MINUTE, start + WINDOW_DAYS * 1440 * MINUTE);
  if (!runs || runs.length === 0) return undefined;
  return { runs, when: whenText(expression, tz, runs), schedule };
}

// Simulating a cron expression is the costly part of this rule, and the same few expressions
// come back on every edit: their start times are kept across runs (bounded).
const RUNS = new Map<string, number[] | undefined>();
const MAX_CACHED_EXPRESSIONS = 256;

function runsOf(expression: string, tz: string, from: number, to: number): number[] | undefined {
  const key = `${expression}\u0000${tz}\u0000${from}\u0000${to}`;
  if (RUNS.has(key)) return RUNS.get(key);
  const runs = simulate(expression, tz, from, to);
  if (RUNS.size >= MAX_CACHED_EXPRESSIONS) RUNS.delete(RUNS.keys().next().value!);
  RUNS.set(key, runs);
  return runs;
}

function simulate(expression: string, tz: string, from: number, to: number): number[] | undefined {
  try {
    // Stepping until a run passes `to` is two to four times faster than bounding the iterator
    // with an end date and asking hasNext(), which works out each run twice.
    const it = CronExpressionParser.parse(expression, { currentDate: new Date(from - 1000), tz });
    const runs: number[] = [];
    for (let run = it.next().getTime(); run <= to && runs.length < MAX_RUNS; run = it.next().getTime()) runs.push(run);
    return runs;
  } catch {
    return undefined; // not a cron expression Loopwise can read: no timing claims
  }
}

/** Once a day at the same UTC time: `at 03:00 UTC`; anything else: the expression and its timezone. */
function whenText(expression: string, tz: string, runs: number[]): string {
  const daily = runs.length > 1 && runs.every((r, i) => i === 0 || r - runs[i - 1] === 1440 * MINUTE);
  if (daily) return `at ${new Date(runs[0]).toISOString().slice(11, 16)} UTC`;
  return `on \`${expression}\` (${tz})`;
}

/** The shortest time from a producer start to the next consumer start, in minutes. */
function shortestGap(producer: number[], consumer: number[]): number | undefined {
  const horizon = producer[producer.length - 1];
  let best: number | undefined;
  let i = 0;
  for (const c of consumer) {
    if (c > horizon) break;
    while (i + 1 < producer.length && producer[i + 1] <= c) i++;
    if (producer[i] > c) continue;
    const gap = Math.round((c - producer[i]) / MINUTE);
    if (best === undefined || gap < best) best = gap;
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Ordering between pipelines

/** A schedule stated for the stage itself wins over its pipeline's. */
function clockKey(node: GraphNode, clocks: Map<string, Clock>): string {
  const own = `stage:${node.id}`;
  return clocks.has(own) ? own : pipelineKey(node);
}

function pipelineKey(node: GraphNode): string {
  const stage = node.stage!;
  return `${stage.range.file}\u0000${stage.pipeline}`;
}

/** Every stage the producer orders before it (`after` edges: needs, sensors, triggers), bounded. */
function after(ctx: RuleContext, from: string): Set<string> {
  const seen = new Set<string>([from]);
  const queue = [from];
  while (queue.length && seen.size < MAX_VISITED) {
    for (const e of ctx.graph.outgoing(queue.shift()!)) {
      if (e.kind === 'after' && !seen.has(e.to)) {
        seen.add(e.to);
        queue.push(e.to);
      }
    }
  }
  return seen;
}

function notesByPipeline(ctx: RuleContext): Map<string, StageNote[]> {
  const out = new Map<string, StageNote[]>();
  for (const node of ctx.graph.stages()) {
    if (!node.stage?.notes?.length) continue;
    const key = pipelineKey(node);
    pushAll(out, key, node.stage.notes);
  }
  return out;
}

/** A sensor on the producer DAG, or on one of its tasks (Airflow's ExternalTaskSensor). */
function waitsFor(notes: StageNote[] | undefined, pipeline: string): boolean {
  return (notes ?? []).some((n) => n.kind === 'waits-for' && n.pipeline === pipeline);
}

function triggers(notes: StageNote[] | undefined, pipeline: string): boolean {
  return (notes ?? []).some((n) => n.kind === 'triggers' && n.pipeline === pipeline);
}

/** The card's p95 for the stage (`pipeline/stage`, the stage name, or its whole pipeline), in minutes. */
function durationOf(ctx: RuleContext, stage: Stage): number | undefined {
  const names = new Set([`${stage.pipeline}/${stage.name}`, stage.name, stage.pipeline, stage.id]);
  const hits = (ctx.card?.durations ?? []).filter((d) => names.has(d.stage.trim()));
  return hits.length ? Math.max(...hits.map((d) => d.minutes)) : undefined;
}
