import type { Rule, RuleContext } from '../rule';
import type { Reference, SourceRef } from '../../model/facts';
import type { GraphNode } from '../../model/graph';
import { nearest } from './danglingReference';
import type { GroupQuery, Groups } from '../fileQuery';
import { factsOfFile, PARAM_REFS_BY_SCOPE } from '../helpers';

const FEATURE_LIST =
  /^(.*?(?:^|\.)(?:features|feature_list|feature_names|feature_columns|feature_cols|input_features|model_features))\[(\d+)\]$/;
const MAX_VISITED = 5000;

interface TrainingSet {
  /** What messages call the list: `train.features` in params.yaml, FeatureService `x`. */
  label: string;
  at: SourceRef;
  names: string[];
  /** Stages that train on it. */
  stages: string[];
}

/**
 * The features a model is trained on (a params feature list its training stage references, or a
 * Feast FeatureService its training stage reads) against the features its serving path fetches
 * (the `view:feature` refs of the serving stages its model reaches, e.g. a KServe transformer).
 * A serving ref that is itself dangling (not in its feature view) is left to
 * config/dangling-reference, and so is the training feature it was renamed from, so that one
 * broken rename is reported once.
 */
export const trainServeSkew: Rule = {
  meta: {
    id: 'config/train-serve-skew',
    category: 'config',
    severity: 'warning',
    description:
      'The features a model is trained on differ from the features its serving path fetches (params feature list vs Feast refs in a transformer).',
    fixable: false,
    sources: [
      'Breck et al. 2017, "The ML Test Score", Monitor 3 (training and serving features compute the same values)',
      'Sculley et al. 2015, "Hidden Technical Debt in Machine Learning Systems" (unstable data dependencies)',
    ],
  },
  *check(ctx) {
    const services = featureServices(ctx);
    const definitions = ctx.grouped(FEATURE_DEFS);
    for (const training of [...paramLists(ctx), ...serviceTrainingSets(ctx, services)]) {
      if (ctx.pauseDue()) yield;
      for (const serving of servingPaths(ctx, training.stages)) {
        const refs = fetchedFeatures(ctx, serving, services);
        if (refs.length) compare(ctx, training, serving, refs, definitions);
      }
    }
  },
};

function compare(ctx: RuleContext, training: TrainingSet, serving: GraphNode[], refs: Reference[], definitions: Groups<string>): void {
  const trained = new Set(training.names);
  const dangling = refs.filter((r) => isDangling(r, definitions));
  const renamedFrom = new Set(dangling.flatMap((r) => renameSource(r, definitions, trained)));
  const sound = refs.filter((r) => !dangling.includes(r));
  const fetched = new Set(refs.map((r) => bare(r.name)));
  const extra = dedupe(sound.filter((r) => !trained.has(bare(r.name))));
  const missing = training.names.filter((n) => !fetched.has(n) && !renamedFrom.has(n));
  if (extra.length === 0 && missing.length === 0) return;
  const service = serving[0].pipeline ?? serving[0].label;
  const parts: string[] = [];
  if (extra.length) parts.push(`fetches ${list(extra.map((r) => bare(r.name)))} that the model is not trained on`);
  if (missing.length) parts.push(`does not fetch ${list(missing)} that it is trained on`);
  ctx.report({
    at: (extra[0] ?? sound[0] ?? refs[0]).range,
    message: `Serving \`${service}\` ${parts.join(', and ')} (${training.label}); a model scored on other features than it learned from gives silently wrong scores (train/serve skew) — make training and serving read one feature list, e.g. one Feast FeatureService.`,
    related: [
      { ...training.at, message: `the model is trained on ${training.label}` },
      ...extra.slice(1).map((r) => ({ ...r.range, message: `also fetched but not trained on: \`${bare(r.name)}\`` })),
    ],
    nodes: [...training.stages, ...serving.map((s) => s.id)],
  });
}

// ---------------------------------------------------------------------------------------------
// Training side

/** One entry of a feature list in a parameter file (`train.features[2]: amount`). */
interface ListEntry {
  file: string;
  key: string;
  scope: string;
  name: string;
  at: SourceRef;
}

const FEATURE_LISTS: GroupQuery<ListEntry> = {
  id: 'config/train-serve-skew/lists',
  fields: ['format', 'file', 'values'],
  *entries(f) {
    const scope = f.format === 'kedro-params' ? 'kedro' : f.file;
    for (const v of f.values) {
      const m = v.isParam && typeof v.value === 'string' ? FEATURE_LIST.exec(v.key) : null;
      if (m) yield ['', { file: f.file, key: m[1], scope, name: String(v.value), at: v.range }];
    }
  },
};

/** `train.features: [a, b]` lists in parameter files, with the stages that reference them. */
function paramLists(ctx: RuleContext): TrainingSet[] {
  const lists = new Map<string, TrainingSet & { scope: string; key: string }>();
  for (const e of ctx.grouped(FEATURE_LISTS).get('')) {
    const id = `${e.file}\u0000${e.key}`;
    const set = lists.get(id) ?? { label: `\`${e.key}\` in ${e.file}`, at: e.at, names: [], stages: [], scope: e.scope, key: e.key };
    set.names.push(e.name);
    lists.set(id, set);
  }
  const refs = ctx.grouped(PARAM_REFS_BY_SCOPE);
  for (const set of lists.values()) {
    const key = set.key;
    set.stages = [
      ...new Set(
        refs
          .get(set.scope)
          .filter((r) => r.stage && (r.name === key || r.name === '*' || key.startsWith(`${r.name}.`)))
          .map((r) => r.stage!),
      ),
    ];
  }
  return [...lists.values()].filter((s) => s.stages.length > 0);
}

/** Feast FeatureService stages by the artifact id they write. */
function featureServices(ctx: RuleContext): Map<string, GraphNode> {
  const out = new Map<string, GraphNode>();
  for (const node of ctx.graph.stages()) {
    if (node.format !== 'feast' || node.stage?.command !== 'FeatureService') continue;
    for (const e of ctx.graph.outgoing(node.id)) if (e.kind === 'writes') out.set(e.to, node);
  }
  return out;
}

/** A training stage that reads a FeatureService trains on the service's features. */
function serviceTrainingSets(ctx: RuleContext, services: Map<string, GraphNode>): TrainingSet[] {
  const out: TrainingSet[] = [];
  for (const [artifact, service] of services) {
    const trainers = ctx.graph
      .outgoing(artifact)
      .filter((e) => e.kind === 'reads' && ctx.node(e.to)?.stage?.role === 'train')
      .map((e) => e.to);
    if (trainers.length === 0) continue;
    const names = [...new Set(referencesOf(ctx, service.id).map((r) => bare(r.name)))];
    if (names.length) out.push({ label: `FeatureService \`${service.label}\``, at: service.source!, names, stages: trainers });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Serving side

/** The serving pipelines (all their stages) that a model written downstream of the training stages reaches. */
function servingPaths(ctx: RuleContext, trainers: string[]): GraphNode[][] {
  const seen = new Set<string>(trainers);
  const queue = [...trainers];
  const pipelines = new Map<string, GraphNode[]>();
  while (queue.length && seen.size < MAX_VISITED) {
    const id = queue.shift()!;
    const node = ctx.node(id);
    if (node?.kind === 'stage' && node.stage?.role === 'serve' && !trainers.includes(id)) {
      const key = `${node.source?.file}\u0000${node.pipeline}`;
      if (!pipelines.has(key))
        pipelines.set(
          key,
          ctx.graph.stages().filter((s) => s.source?.file === node.source?.file && s.pipeline === node.pipeline),
        );
      continue;
    }
    for (const e of ctx.graph.outgoing(id)) {
      if ((e.kind === 'writes' || e.kind === 'reads') && !e.possible && !seen.has(e.to)) {
        seen.add(e.to);
        queue.push(e.to);
      }
    }
  }
  return [...pipelines.values()];
}

/** Feature refs of the serving stages, and the features of FeatureServices they read. */
function fetchedFeatures(ctx: RuleContext, serving: GraphNode[], services: Map<string, GraphNode>): Reference[] {
  const refs: Reference[] = [];
  for (const stage of serving) {
    refs.push(...referencesOf(ctx, stage.id));
    for (const e of ctx.graph.incoming(stage.id)) {
      const service = e.kind === 'reads' ? services.get(e.from) : undefined;
      if (service) refs.push(...referencesOf(ctx, service.id));
    }
  }
  return refs;
}

function referencesOf(ctx: RuleContext, stage: string): Reference[] {
  const file = ctx.node(stage)?.source?.file;
  const facts = factsOfFile(ctx, file);
  return (facts?.references ?? []).filter((r) => r.kind === 'feature' && r.stage === stage);
}

// ---------------------------------------------------------------------------------------------
// Dangling refs (config/dangling-reference's findings)

/** Feature names (`view:feature`) by their view. */
const FEATURE_DEFS: GroupQuery<string> = {
  id: 'config/train-serve-skew/feature-defs',
  fields: ['definitions'],
  *entries(f) {
    for (const d of f.definitions) if (d.kind === 'feature' && d.name.includes(':')) yield [d.name.slice(0, d.name.indexOf(':')), d.name];
  },
};

function isDangling(ref: Reference, definitions: Groups<string>): boolean {
  const defs = definitions.get(ref.name.split(':')[0]);
  return defs.length > 0 && !defs.includes(ref.name);
}

/** The training feature a dangling ref was most likely renamed from (the name dangling-reference suggests). */
function renameSource(ref: Reference, definitions: Groups<string>, trained: Set<string>): string[] {
  const suggestion = nearest(ref.name, [...definitions.get(ref.name.split(':')[0])]);
  if (suggestion && trained.has(bare(suggestion))) return [bare(suggestion)];
  const name = bare(ref.name);
  return [...trained].filter((t) => t.startsWith(name) || name.startsWith(t)).slice(0, 1);
}

function bare(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

function dedupe(refs: Reference[]): Reference[] {
  const seen = new Set<string>();
  return refs.filter((r) => !seen.has(bare(r.name)) && seen.add(bare(r.name)));
}

function list(names: string[]): string {
  const shown = names.slice(0, 6).map((n) => `\`${n}\``);
  return shown.join(', ') + (names.length > 6 ? ` and ${names.length - 6} more` : '');
}
