import type { Rule, RuleContext } from '../rule';
import type { RelatedLocation } from '../../model/finding';
import type { GraphEdge, GraphNode } from '../../model/graph';
import type { ArtifactRef } from '../../model/facts';
import { notesOf } from '../../model/stageNotes';
import { describe, sameRange } from '../helpers';
import { isRegistryStock } from '../../model/identity';

// What counts as an evaluation gate, from the files alone: a stage whose role, name or command
// says it evaluates, validates, tests, compares, approves or checks a condition (TFX's Evaluator,
// a SageMaker ConditionStep, a CI job named `evaluate`), on the way from training to the step.
const GATE_WORDS =
  /(^|[^a-z])(eval\w*|validat\w*|tests?|testing|checks?|approv\w*|gates?|conditions?|bless\w*|verif\w*|compare|comparison|quality|assess\w*|benchmark\w*|champion|challenger)([^a-z]|$)/i;
/** Pointers that every new version moves: reading through them follows training directly. */
const EVERY_VERSION = /^(latest|main|default)$/i;
/** At most this many nodes are visited from one training stage (a jungle never slows the rule down). */
const MAX_VISITED = 2000;

type Verdict = { gated: true } | { gated: false; via?: string };

export const ungatedDeploy: Rule = {
  meta: {
    id: 'pipeline/ungated-deploy',
    category: 'pipeline',
    severity: 'warning',
    description:
      'A deploy, register or serve step reachable from training with no evaluation, validation or approval step on the way: every model trained goes live.',
    fixable: false,
    sources: [
      'Breck et al. 2017, "The ML Test Score", Monitoring 2 and Infrastructure 6 (a model is validated before it serves, with a canary or rollback)',
      'Sculley et al. 2015, "Hidden Technical Debt in Machine Learning Systems" (undeclared consumers, feedback loops)',
    ],
  },
  *check(ctx) {
    // Each step once, with the training stage nearest to it.
    const found = new Map<string, { trainer: GraphNode; via?: GraphEdge; depth: number }>();
    for (const trainer of ctx.graph.stages()) {
      if (ctx.pauseDue()) yield;
      if (trainer.stage?.role !== 'train' || isGate(trainer)) continue;
      const reached = reachFrom(ctx, trainer);
      for (const [id, { via, depth }] of reached.steps) {
        const step = ctx.node(id)!;
        if ((found.get(id)?.depth ?? Infinity) <= depth) continue;
        if (jobOf(ctx, id).some((job) => reached.steps.has(job)) || dependsOnGate(ctx, step, reached.all)) continue;
        found.set(id, { trainer, via, depth });
      }
    }
    for (const [id, { trainer, via }] of found) {
      const step = ctx.node(id)!;
      ctx.report({ at: step.source!, message: message(step, trainer, via), related: relatedFor(trainer, via), nodes: [trainer.id, id] });
    }
  },
};

/** The job a CI step belongs to: one finding per job, at the job. */
function jobOf(ctx: RuleContext, id: string): string[] {
  return ctx.graph
    .incoming(id)
    .filter((e) => e.kind === 'after' && e.via === 'step')
    .map((e) => e.from);
}

function isGate(node: GraphNode): boolean {
  const s = node.stage;
  if (!s) return false;
  return s.role === 'evaluate' || GATE_WORDS.test(s.name) || GATE_WORDS.test(s.command ?? '') || environmentOf(node) !== undefined;
}

/** A GitHub Actions deployment environment: its protection rules may require a reviewer (the repository's settings say). */
function environmentOf(node: GraphNode): string | undefined {
  return notesOf(node.stage, 'deployment-environment')[0]?.name;
}

const SERVING_FORMATS = new Set(['kserve', 'bentoml', 'kubernetes']);
const RUNS_ON_ITS_OWN = new Set(['cron', 'preset', 'interval', 'dataset']);

function isStep(ctx: RuleContext, node: GraphNode): boolean {
  const role = node.stage?.role;
  if (role === 'deploy') return true;
  // A prediction step is serving when it is a service, or runs on its own schedule (a batch scorer);
  // one run by hand in a DVC or Kedro pipeline predicts for analysis.
  if (role === 'serve') return SERVING_FORMATS.has(node.format ?? '') || scheduled(ctx, node);
  // A stage that adds a version to a registry (not the trainer itself) registers it.
  return ctx.graph.outgoing(node.id).some((e) => e.kind === 'writes' && isRegistryStock(e.to));
}

function scheduled(ctx: RuleContext, node: GraphNode): boolean {
  const file = node.source?.file;
  return ctx.facts.some(
    (f) =>
      f.file === file &&
      f.schedules.some((s) => RUNS_ON_ITS_OWN.has(s.kind) && (s.pipeline === node.stage?.pipeline || s.pipeline === node.id)),
  );
}

interface Reached {
  /** Deploy, register or serve steps reached without passing a gate, with the edge that reached each and how many hops away. */
  steps: Map<string, { via?: GraphEdge; depth: number }>;
  /** Every node reached, gates included: a gate counts only if it is downstream of this training. */
  all: Set<string>;
}

/** Forward from a training stage (and the job it is a step of) over writes, reads and orderings. */
function reachFrom(ctx: RuleContext, trainer: GraphNode): Reached {
  const steps = new Map<string, { via?: GraphEdge; depth: number }>();
  const all = new Set<string>([trainer.id]);
  const depth = new Map<string, number>();
  const queue = [trainer.id, ...jobOf(ctx, trainer.id)];
  for (const id of queue) {
    all.add(id);
    depth.set(id, 0);
  }
  while (queue.length && all.size < MAX_VISITED) {
    const id = queue.shift()!;
    const d = depth.get(id)! + 1;
    for (const edge of ctx.graph.outgoing(id)) {
      if (edge.possible || (edge.kind !== 'writes' && edge.kind !== 'reads' && edge.kind !== 'after')) continue;
      const next = ctx.node(edge.to);
      if (!next || all.has(next.id)) continue;
      if (edge.kind === 'reads' && registryRead(ctx, edge).gated) continue;
      all.add(next.id);
      depth.set(next.id, d);
      if (next.kind === 'stage') {
        if (isGate(next)) continue;
        if (isStep(ctx, next) && next.stage?.role !== 'train') {
          steps.set(next.id, { via: edge, depth: d });
          continue;
        }
      }
      queue.push(next.id);
    }
  }
  return { steps, all };
}

/**
 * A read of a registry stock: a pinned version was chosen by whoever wrote the pin; a pointer
 * (`Production`, `@champion`, `Approved`) is moved by a promotion, which is a gate when it is
 * done outside the files (in the registry, by a person) or by a stage that is one; `latest`,
 * `main` and `default` follow every new version.
 */
function registryRead(ctx: RuleContext, edge: GraphEdge): Verdict {
  if (!isRegistryStock(edge.from)) return { gated: false };
  const ref = refAt(ctx, edge);
  if (!ref) return { gated: false };
  if (ref.pointer === undefined) return { gated: isPinned(ctx, edge) };
  if (EVERY_VERSION.test(ref.pointer)) return { gated: false, via: ref.pointer };
  const promoters = ctx.graph
    .incoming(edge.from)
    .filter((e) => e.kind === 'writes' && refAt(ctx, e)?.promotes)
    .map((e) => ctx.node(e.from)!);
  if (promoters.length === 0 || promoters.some(isGate)) return { gated: true };
  return { gated: false, via: ref.pointer };
}

function isPinned(ctx: RuleContext, edge: GraphEdge): boolean {
  return ctx.facts.some((f) =>
    f.versions.some((v) => v.stage === edge.to && v.version && !v.moving && edge.source && sameRange(v.range, edge.source)),
  );
}

/** The reference the edge was made from (its pointer and whether it promotes). */
function refAt(ctx: RuleContext, edge: GraphEdge): ArtifactRef | undefined {
  const stage = edge.kind === 'writes' ? edge.from : edge.to;
  const direction = edge.kind === 'writes' ? 'writes' : 'reads';
  for (const f of ctx.facts)
    for (const io of f.io)
      if (io.stage === stage && io.direction === direction && edge.source && sameRange(io.range, edge.source)) return io.artifact;
  return undefined;
}

/** Whether the step waits for (orders after, or reads from) a gate downstream of the training. */
function dependsOnGate(ctx: RuleContext, step: GraphNode, downstream: Set<string>): boolean {
  const seen = new Set<string>([step.id]);
  const queue = [step.id];
  while (queue.length && seen.size < MAX_VISITED) {
    const id = queue.shift()!;
    for (const edge of ctx.graph.incoming(id)) {
      if (edge.possible || (edge.kind !== 'writes' && edge.kind !== 'reads' && edge.kind !== 'after') || seen.has(edge.from)) continue;
      const prev = ctx.node(edge.from);
      if (!prev) continue;
      // A step that reads the model's metrics can check them before it goes on.
      if (edge.to === step.id && edge.kind === 'reads' && prev.artifactKind === 'metrics') return true;
      if (prev.kind === 'stage' && isGate(prev) && (downstream.has(prev.id) || prev.pipeline === step.pipeline)) return true;
      seen.add(prev.id);
      queue.push(prev.id);
    }
  }
  return false;
}

function message(step: GraphNode, trainer: GraphNode, via: GraphEdge | undefined): string {
  const verb = step.stage?.role === 'serve' ? 'serves' : 'deploys or registers';
  const pointer = via && via.kind === 'reads' ? ` (through \`${via.from.replace(/^model:\w+\//, '')}\`)` : '';
  return (
    `${describe(step)} ${verb} what ${describe(trainer)} trains${pointer} with no evaluation gate on the way: ` +
    'no stage between them, and none it depends on, evaluates, validates, tests or approves the model, so every model trained goes live. ' +
    'Assumed: a gate is a stage whose role, name or command says evaluate, validate, test, check, compare or approve, a deployment environment, ' +
    'a pinned registry version, or a registry alias or stage moved outside these files or by such a stage. ' +
    'Make the step depend on an evaluation that can fail, or deploy a version chosen after review.'
  );
}

function relatedFor(trainer: GraphNode, via: GraphEdge | undefined): RelatedLocation[] {
  const out: RelatedLocation[] = [];
  if (trainer.source) out.push({ ...trainer.source, message: `${describe(trainer)} trains the model` });
  if (via?.source) out.push({ ...via.source, message: 'the step gets it here, with no gate before' });
  return out;
}
