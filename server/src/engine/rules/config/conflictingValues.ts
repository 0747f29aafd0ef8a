import type { Rule, RuleContext } from '../rule';
import type { ConfigValue, Format } from '../../model/facts';
import { dirname } from '../../text/paths';
import { isTemplated, refKey } from '../helpers';

interface Concept {
  name: string;
  names: RegExp;
  /** Whether a training and an evaluation value are different concepts (batch size) or one (seed). */
  phased: boolean;
}

// One concept per entry. Seeds, split shares and decision thresholds are system-wide;
// hyperparameters differ legitimately between training and evaluation, so they are compared per phase.
const CONCEPTS: Concept[] = [
  { name: 'seed', names: /^(seed|random_seed|random_state|rng_seed|global_seed)$/, phased: false },
  { name: 'test_size', names: /^(test_size|test_split|test_ratio|test_fraction|holdout_size|holdout_ratio)$/, phased: false },
  { name: 'threshold', names: /^(threshold|decision_threshold|classification_threshold|score_threshold)$/, phased: false },
  { name: 'batch_size', names: /^batch_size$/, phased: true },
  { name: 'learning_rate', names: /^(learning_rate|lr)$/, phased: true },
  { name: 'epochs', names: /^(epochs|num_epochs|n_epochs|max_epochs)$/, phased: true },
  { name: 'n_estimators', names: /^(n_estimators|num_trees|n_trees)$/, phased: true },
  { name: 'max_depth', names: /^max_depth$/, phased: true },
];
const PHASES: Array<[RegExp, string]> = [
  [/^(train|training|fit|finetune|fine_tune)$/, 'train'],
  [/^(eval|evaluate|evaluation|val|valid|validation|test|testing)$/, 'eval'],
  [/^(predict|prediction|inference|serve|serving|score|scoring)$/, 'serve'],
];
const PHASE_PREFIX =
  /^(train|training|eval|evaluate|evaluation|val|valid|validation|test|predict|prediction|inference|serve|serving)_(.+)$/;
// A drift or alert threshold is not the model's decision threshold.
const THRESHOLD_CONTEXT = /(drift|monitor|alert|psi|anomal|outlier|quality|null|missing)/;
const CANONICAL_ORDER: Format[] = ['dvc-params', 'kedro-params', 'hydra', 'mlflow', 'argo', 'kfp'];
const CONFIG_ROOT = /^(configs?|conf|hydra_configs?)$/;

interface Setting {
  value: ConfigValue;
  format: Format;
  file: string;
  normalized: string | number;
}

/**
 * One concept (a seed, a split share, a decision threshold, a hyperparameter) set to different
 * values in different places of one repository: params.yaml, MLproject defaults, Kedro and
 * Hydra parameters, Argo and KFP arguments, CI and container settings. Reported once per
 * concept, at the first value that differs, with the values it was compared with as related
 * locations. Within one format only the same key path is one setting (see oneSetting).
 * The same value stated twice is reported at info: two copies of one setting drift apart at
 * the first edit of only one. Values that override each other by design (Hydra config groups
 * of one config tree, Kedro environments, workflow arguments over template defaults) are not compared,
 * nor are values of two independent projects side by side in one workspace (model/projects.ts).
 */
export const conflictingValues: Rule = {
  meta: {
    id: 'config/conflicting-values',
    category: 'config',
    severity: 'warning',
    description:
      'One concept (seed, split, threshold, hyperparameter) set to different values — or copied with the same value — in several places that feed one system.',
    fixable: false,
    sources: [
      'Sculley et al. 2015, "Hidden Technical Debt in Machine Learning Systems" (configuration debt)',
      'Breck et al. 2017, "The ML Test Score", Infrastructure 1 (reproducible training)',
    ],
  },
  *check(ctx) {
    const groups = new Map<string, Setting[]>();
    for (const f of ctx.facts) {
      if (ctx.pauseDue()) yield;
      if (f.incomplete) continue; // values of a partial parse may be misread (a list cut short)
      for (const v of f.values) {
        const concept = conceptKey(v.key);
        const normalized = normalize(v.value);
        if (!concept || normalized === undefined) continue;
        const key = `${ctx.projectOf(f.file)}\u0000${concept}`;
        const setting = { value: v, format: f.format, file: f.file, normalized };
        const group = groups.get(key);
        if (group) group.push(setting);
        else groups.set(key, [setting]);
      }
    }
    for (const settings of groups.values()) {
      if (settings.length > 1) yield* checkGroup(ctx, dedupe(settings).sort(canonical));
      if (ctx.pauseDue()) yield;
    }
  },
};

/** Pairwise over the group (a concept set in every pipeline of a monorepo is thousands of settings): it pauses as it goes. */
function* checkGroup(ctx: RuleContext, settings: Setting[]): Generator<void> {
  const comparable = (a: Setting, b: Setting) => a !== b && !overrides(a, b) && oneSetting(a, b);
  for (const anchor of settings) {
    if (ctx.pauseDue()) yield;
    const differing = settings.find((s) => comparable(anchor, s) && s.normalized !== anchor.normalized);
    if (differing) return reportConflict(ctx, differing, [differing, ...settings.filter((s) => comparable(differing, s))]);
  }
  for (let i = 0; i < settings.length; i++) {
    if (ctx.pauseDue()) yield;
    for (let j = i + 1; j < settings.length; j++)
      if (comparable(settings[i], settings[j])) return reportDuplicate(ctx, settings[j], settings[i]);
  }
}

function reportConflict(ctx: RuleContext, at: Setting, settings: Setting[]): void {
  const others = settings.filter((s) => s !== at);
  const elsewhere = others.filter((s) => s.normalized !== at.normalized).map((s) => `${show(s)} in \`${s.file}\` (\`${s.value.key}\`)`);
  ctx.report({
    at: at.value.range,
    message: `\`${at.value.key}\` is ${show(at)} here, but the same parameter is ${elsewhere.join(', ')}; one concept with different values means stages or runs silently disagree — define it once and reference it everywhere it is needed.`,
    related: others.map((s) => ({ ...s.value.range, message: `\`${s.value.key}\` = ${show(s)}` })),
    nodes: at.value.stage ? [at.value.stage] : undefined,
  });
}

function reportDuplicate(ctx: RuleContext, duplicate: Setting, first: Setting): void {
  ctx.report({
    at: duplicate.value.range,
    severity: 'info',
    message: `\`${duplicate.value.key}\` repeats the value ${show(first)} of \`${first.value.key}\` (${first.file}); two copies of one setting drift apart at the first edit of only one — define it once and reference it (for DVC, one top-level key that every stage lists under \`params:\`).`,
    related: [{ ...first.value.range, message: `\`${first.value.key}\` = ${show(first)}` }],
    nodes: duplicate.value.stage ? [duplicate.value.stage] : undefined,
  });
}

/** `concept` or `concept@phase` for a key path, if its last segment names a known concept. */
export function conceptKey(key: string): string | undefined {
  const segments = key
    .toLowerCase()
    .replace(/\[\d+\]/g, '')
    .replace(/-/g, '_')
    .split('.')
    .filter(Boolean);
  const last = segments.pop();
  if (!last) return undefined;
  let concept = CONCEPTS.find((c) => c.names.test(last));
  let phase = [...segments]
    .reverse()
    .map(phaseOf)
    .find((p) => p !== undefined);
  const prefixed = concept ? undefined : PHASE_PREFIX.exec(last);
  if (prefixed) {
    concept = CONCEPTS.find((c) => c.names.test(prefixed[2]));
    phase = phaseOf(prefixed[1]) ?? phase;
  }
  if (!concept) return undefined;
  if (concept.name === 'threshold') {
    const context = segments.find((s) => THRESHOLD_CONTEXT.test(s));
    return context ? `threshold:${context}` : 'threshold';
  }
  return concept.phased && phase ? `${concept.name}@${phase}` : concept.name;
}

function phaseOf(segment: string): string | undefined {
  return PHASES.find(([re]) => re.test(segment))?.[1];
}

function normalize(value: ConfigValue['value']): string | number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (!text || isTemplated(text) || /\{\{|\$\(/.test(text)) return undefined;
  return /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text) ? Number(text) : text.toLowerCase();
}

function show(s: Setting): string {
  return typeof s.value.value === 'string' ? `\`${s.value.value}\`` : String(s.value.value);
}

/**
 * Whether two same-named settings are one setting rather than the settings of two models, stages
 * or random sources. Across formats they are (a params file and the MLproject or workflow that
 * passes it on). Within one format, different sections and files configure different things (a
 * pre-training and a classifier, a data split and a model init): only the very same key path
 * stated twice is one setting.
 */
function oneSetting(a: Setting, b: Setting): boolean {
  return a.format !== b.format || a.value.key === b.value.key;
}

/** Settings that override each other by design are alternatives, not a conflict. */
function overrides(a: Setting, b: Setting): boolean {
  if (a.format === 'hydra' && b.format === 'hydra') return sameHydraTree(a.file, b.file);
  if (a.format === 'kedro-params' && b.format === 'kedro-params') return kedroEnv(a.file) !== kedroEnv(b.file);
  if ((a.format === 'argo' || a.format === 'kfp') && a.format === b.format) return a.file === b.file;
  return false;
}

/**
 * Files of one Hydra config tree are alternatives or overrides of each other (group options, the
 * primary config, experiments at `_global_`): one config root, or one folder inside the other's.
 */
function sameHydraTree(a: string, b: string): boolean {
  if (configRoot(a) === configRoot(b)) return true;
  const [da, db] = [dirname(a), dirname(b)];
  const inside = (x: string, y: string) => y === '' || x === y || x.startsWith(`${y}/`);
  return inside(da, db) || inside(db, da);
}

const configRoots = new Map<string, string>();

function configRoot(file: string): string {
  let root = configRoots.get(file);
  if (root === undefined) configRoots.set(file, (root = findConfigRoot(file)));
  return root;
}

function findConfigRoot(file: string): string {
  const parts = dirname(file).split('/');
  for (let i = parts.length - 1; i >= 0; i--) if (CONFIG_ROOT.test(parts[i])) return parts.slice(0, i + 1).join('/');
  return dirname(file);
}

function kedroEnv(file: string): string {
  return /(^|\/)conf\/([^/]+)\//.exec(file)?.[0] ?? dirname(file);
}

function canonical(a: Setting, b: Setting): number {
  const rank = (s: Setting) => {
    const i = CANONICAL_ORDER.indexOf(s.format);
    return i < 0 ? CANONICAL_ORDER.length : i;
  };
  return rank(a) - rank(b) || a.file.localeCompare(b.file) || a.value.range.range.start.line - b.value.range.range.start.line;
}

function dedupe(settings: Setting[]): Setting[] {
  const seen = new Set<string>();
  return settings.filter((s) => {
    const key = refKey(s.value.range);
    return !seen.has(key) && seen.add(key);
  });
}
