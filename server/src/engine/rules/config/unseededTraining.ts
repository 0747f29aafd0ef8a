import type { Rule, RuleContext } from '../rule';
import type { ArtifactRef, Definition, Reference, SourceRef, Stage } from '../../model/facts';
import { hasNote } from '../../model/stageNotes';
import type { GraphNode, SystemGraph } from '../../model/graph';
import { joinPath } from '../../text/paths';
import { MOVING_VERSION } from '../../fixes/versionPin';
import { parse as parseYamlValue } from 'yaml';
import { shellCommands } from '../../sources/shell';
import type { GroupQuery, Groups } from '../fileQuery';

const SEED = /(^|[._-])(seed|random_seed|random_state|rng_seed|manual_seed|set_seed|seed_everything)$/i;
const SEED_IN_COMMAND =
  /(--?(seed|random[_-]?state|random[_-]?seed)\b|\b(random_state|random_seed|manual_seed|set_seed|seed_everything)\b|\bseed\s*[=(])/i;
const TRAINING_NAME = /train|fit|tune|hyperparam/i;
// A Python script seeding its random sources itself, with a literal or a named constant (not None):
// `random.seed(0)`, `np.random.seed(SEED)`, `torch.manual_seed(SEED)`, `set_seed(42)`, `seed_everything(7)`.
const SEEDING_CALL = /^[^#\n]*\b(?:random\.seed|manual_seed(?:_all)?|set_seed|set_random_seed|seed_everything)\(\s*(?!None\b|\))[\w.]+/m;
const WHOLE_CONFIG = /(^|[._-])(config|configs|cfg)$/i;
const PYTHON = /^python(\d(\.\d+)?)?$/;
const CONFIG_FILE = /\.(ya?ml|json|toml)$/i;

/**
 * A training stage that is not reproducible: it declares its parameters (a `params:` list, MLflow
 * or Kedro parameters, workflow arguments) yet none of them is a seed, its command passes none,
 * and no config it reads sets one; or it trains on an input (dataset, feature view, base model)
 * referenced by a moving version. Stages whose parameters and code Loopwise cannot see are not
 * judged, nor are stages called "train" that write no model (label exports, registrations).
 */
export const unseededTraining: Rule = {
  meta: {
    id: 'config/unseeded-training',
    category: 'config',
    severity: 'warning',
    description:
      'A training stage with no fixed random seed among its declared parameters, or trained on unpinned inputs: two runs on the same data give different models.',
    fixable: false,
    sources: [
      'Breck et al. 2017, "The ML Test Score", Infrastructure 1 (training is reproducible)',
      'Sculley et al. 2015, "Hidden Technical Debt in Machine Learning Systems" (reproducibility debt)',
    ],
  },
  *check(ctx) {
    const facts = yield* indexFacts(ctx);
    for (const node of trainingStages(ctx)) {
      if (ctx.pauseDue()) yield;
      const stage = node.stage!;
      const refs = facts.refs.get(stage.id);
      // A whole config document handed in as one parameter (`training_config`): its keys, a seed among
      // them, are not visible here, so the stage's parameters are not all seen and it is not judged.
      const opaqueConfig = refs.some((r) => WHOLE_CONFIG.test(r.name));
      const unseeded = refs.length > 0 && !opaqueConfig && !hasSeed(ctx, stage, refs, facts);
      const unpinned = facts.unpinned.get(stage.id);
      if (!unseeded && unpinned.length === 0) continue;
      const problems: string[] = [];
      if (unseeded) problems.push(`none of its parameters (${names(refs)}) is a random seed and its command passes none`);
      if (unpinned.length)
        problems.push(
          `it trains on ${unpinned.map((p) => `\`${p.name}\` at \`${p.version ?? 'no version'}\``).join(', ')}, which moves between runs`,
        );
      const fix = [
        unseeded
          ? "add a `seed` parameter, pass it to every random source (splits, model init, sampling) and list it with the stage's parameters"
          : '',
        unpinned.length ? 'pin its inputs to fixed versions' : '',
      ]
        .filter(Boolean)
        .join(', and ');
      ctx.report({
        at: stage.range,
        message: `Training stage \`${stage.name}\` is not reproducible: ${problems.join('; and ')}, so two runs on the same code give different models — ${fix}.`,
        related: unpinned.map((p) => ({ ...p.range, message: `\`${p.name}\` is not pinned` })),
        nodes: [stage.id],
      });
    }
  },
};

interface Pin {
  name: string;
  version?: string;
  range: SourceRef;
}

/**
 * What each stage references, sets, reads and pins, grouped across files: indexes kept from run
 * to run and updated by difference, so an edit costs the edited file's entries.
 */
interface FactIndex {
  refs: Groups<Reference>;
  defs: Groups<Definition>;
  /** Stages that set a non-null seed value. */
  seededStages: Groups<true>;
  /** What each stage reads (resolved to workspace paths only for the training stages judged). */
  reads: Groups<ArtifactRef>;
  /** Config files (Hydra and other parameter files) that set a non-null seed. */
  seededConfigs: Groups<true>;
  unpinned: Groups<Pin>;
}

const isSeedValue = (v: { key: string; value: unknown }) => SEED.test(v.key) && v.value !== null;

const REFS: GroupQuery<Reference> = {
  id: 'config/unseeded-training/refs',
  fields: ['references'],
  // Airflow Variables are deployment settings read at run time, not the stage's declared hyperparameters.
  *entries(f) {
    for (const r of f.references) if (r.kind === 'param' && r.stage && r.scope !== 'airflow') yield [r.stage, r];
  },
};

const DEFS: GroupQuery<Definition> = {
  id: 'config/unseeded-training/defs',
  fields: ['values', 'definitions'],
  *entries(f) {
    // `seed: null` states that the run is unseeded: its key does not seed a section that brings it along.
    const nullSeeds = new Set(f.values.filter((v) => SEED.test(v.key) && v.value === null).map((v) => v.key));
    for (const d of f.definitions) if (d.kind === 'param' && d.scope && !nullSeeds.has(d.name)) yield [d.scope, d];
  },
};

const SEEDED_STAGES: GroupQuery<true> = {
  id: 'config/unseeded-training/seeded-stages',
  fields: ['values'],
  *entries(f) {
    for (const v of f.values) if (v.stage && isSeedValue(v)) yield [v.stage, true];
  },
};

const SEEDED_CONFIGS: GroupQuery<true> = {
  id: 'config/unseeded-training/seeded-configs',
  fields: ['file', 'values'],
  *entries(f) {
    if (CONFIG_FILE.test(f.file) && f.values.some(isSeedValue)) yield [f.file, true];
  },
};

const READS: GroupQuery<ArtifactRef> = {
  id: 'config/unseeded-training/reads',
  fields: ['io'],
  *entries(f) {
    for (const io of f.io) if (io.direction === 'reads') yield [io.stage, io.artifact];
  },
};

const UNPINNED: GroupQuery<Pin> = {
  id: 'config/unseeded-training/unpinned',
  fields: ['versions'],
  *entries(f) {
    for (const pin of f.versions) {
      if (!pin.stage || !['dataset', 'feature-view', 'model'].includes(pin.subject)) continue;
      if (!pin.version || MOVING_VERSION.test(pin.version.trim()))
        yield [pin.stage, { name: pin.name, version: pin.version, range: pin.range }];
    }
  },
};

/** The rule's indexes; building one the first time is a pass over every file, so it pauses between them. */
function* indexFacts(ctx: RuleContext): Generator<void, FactIndex> {
  const pause = function* () {
    if (ctx.pauseDue()) yield;
  };
  const refs = ctx.grouped(REFS);
  yield* pause();
  const defs = ctx.grouped(DEFS);
  yield* pause();
  const seededStages = ctx.grouped(SEEDED_STAGES);
  yield* pause();
  const reads = ctx.grouped(READS);
  yield* pause();
  const seededConfigs = ctx.grouped(SEEDED_CONFIGS);
  yield* pause();
  return { refs, defs, seededStages, reads, seededConfigs, unpinned: ctx.grouped(UNPINNED) };
}

const trainingOf = new WeakMap<SystemGraph, GraphNode[]>();

/** The training stages of the graph, found once per linked graph (an edit that does not link again keeps it). */
function trainingStages(ctx: RuleContext): readonly GraphNode[] {
  let found = trainingOf.get(ctx.graph);
  if (!found) trainingOf.set(ctx.graph, (found = ctx.graph.stages().filter((node) => node.stage && isTraining(ctx, node))));
  return found;
}

/** Role `train`, and it either says so in its name or writes a model; stages that write only labels or data are not training. */
function isTraining(ctx: RuleContext, node: GraphNode): boolean {
  // A branch task only chooses the path; the training happens in the task it chooses.
  if (node.stage?.role !== 'train' || hasNote(node.stage, 'branch')) return false;
  const written = ctx.graph
    .outgoing(node.id)
    .filter((e) => e.kind === 'writes')
    .map((e) => ctx.node(e.to)?.artifactKind);
  if (written.includes('model')) return true;
  return (
    TRAINING_NAME.test(node.stage.name) && written.every((k) => k === 'model' || k === 'metrics' || k === undefined || k === 'unknown')
  );
}

function hasSeed(ctx: RuleContext, stage: Stage, refs: readonly Reference[], facts: FactIndex): boolean {
  if (SEED_IN_COMMAND.test(stage.command ?? '') || facts.seededStages.get(stage.id).length > 0) return true;
  if (refs.some((r) => SEED.test(r.name))) return true;
  // A section (`params: [train]`) or all parameters (`parameters`) bring their seed along.
  for (const r of refs) {
    const scoped = facts.defs.get(r.scope ?? '');
    if (scoped.some((d) => (r.name === '*' || d.name.startsWith(`${r.name}.`)) && SEED.test(d.name))) return true;
  }
  // A config file it reads (a Hydra config, a custom params file, a LightningCLI `--config`) that sets one.
  const read = readPaths(facts.reads.get(stage.id));
  if (read.some((file) => facts.seededConfigs.get(file).length > 0 || configSetsSeed(ctx, file))) return true;
  return scriptsRun(stage).some((file) => SEEDING_CALL.test(ctx.text(file) ?? ''));
}

const scriptsOf = new WeakMap<Stage, string[]>();

/** The workspace paths of the Python scripts a stage's command runs (`python src/train.py …`), from its working directory. */
function scriptsRun(stage: Stage): string[] {
  let scripts = scriptsOf.get(stage);
  if (!scripts) scriptsOf.set(stage, (scripts = commandScripts(stage)));
  return scripts;
}

function commandScripts(stage: Stage): string[] {
  return shellCommands(stage.command ?? '').flatMap(({ argv }) => {
    if (!PYTHON.test(argv[0] ?? '')) return [];
    const script = argv.slice(1).find((a) => !a.startsWith('-'));
    return script?.endsWith('.py') ? [joinPath(stage.cwd ?? '', script)] : [];
  });
}

const pathsOf = new WeakMap<readonly ArtifactRef[], string[]>();

/** Workspace paths of what a stage reads, kept while its reads are the same list (groups keep a list until it changes). */
function readPaths(reads: readonly ArtifactRef[]): string[] {
  let paths = pathsOf.get(reads);
  if (!paths) pathsOf.set(reads, (paths = reads.map((a) => joinPath(a.base ?? '', a.name))));
  return paths;
}

/**
 * A config file no adapter parses (a LightningCLI or tool config passed to the command) that sets
 * a non-null seed (`seed_everything: 1234`) at any depth.
 */
function configSetsSeed(ctx: RuleContext, file: string): boolean {
  if (!/\.ya?ml$/i.test(file)) return false;
  const text = ctx.text(file);
  if (text === undefined) return false;
  try {
    return setsSeed(parseYamlValue(text) as unknown, 0);
  } catch {
    return false;
  }
}

function setsSeed(node: unknown, depth: number): boolean {
  if (depth > 20 || node === null || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.some((item) => setsSeed(item, depth + 1));
  return Object.entries(node as Record<string, unknown>).some(
    ([key, value]) => (SEED.test(key) && value !== null && typeof value !== 'object' && value !== false) || setsSeed(value, depth + 1),
  );
}

function names(refs: readonly Reference[]): string {
  const unique = [...new Set(refs.map((r) => r.name))];
  return (
    unique
      .slice(0, 5)
      .map((n) => `\`${n}\``)
      .join(', ') + (unique.length > 5 ? ', …' : '')
  );
}
