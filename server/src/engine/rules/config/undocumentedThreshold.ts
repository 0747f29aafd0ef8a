import type { Rule, RuleContext } from '../rule';
import type { Fix } from '../../model/finding';
import type { ConfigValue } from '../../model/facts';
import { refKey } from '../helpers';
import type { ThresholdNote } from '../../card/card';
import { addCardEntry, cardFile } from '../../fixes/cardEdit';
import { placeholder } from '../../fixes/snippet';
import { isPlaceholderText, PLACEHOLDER } from '../../fixes/placeholders';

// Names of decision cut-offs and sampling rates; the value decides who gets flagged, sampled or alerted.
const THRESHOLD_NAME = /(^|_)(threshold|thresh|cutoff|cut_off)($|_)/;
const RATE_NAME =
  /(^|_)(sampling|sample|flag|alert|error|null|missing|positive|negative|drop|keep|acceptance|approval|rejection)_(rate|ratio)$/;
const CONFIDENCE_NAME = /(^|_)(confidence|min_score|score|percentile|quantile|significance|p_value|pvalue)$/;
const BOUND_NAME =
  /^(min|max)_(precision|recall|accuracy|auc|roc_auc|f1|f1_score|score|confidence|probability|prob|psi|drift|kl|coverage|null_rate|missing_rate|error_rate|fpr|tpr|false_positive_rate)$/;
// Significance levels are alphas of tests; a regression's `alpha` is a hyperparameter.
const ALPHA_NAME = /^alpha$/;
const TEST_CONTEXT = /(drift|monitor|test|significance|alert|check|stat)/;
// Hyperparameters and splits are tuned, not decided: they have their own rules (unseeded-training, conflicting-values).
// So are cut-offs inside a detector's own stages — region proposals (`rpn_*`, `proposal_*`) and
// non-maximum suppression (`nms_*`, the overlap at which duplicate boxes merge): they shape the
// model's output like an architecture setting, while the final score cut-off decides what is flagged.
// Likewise a vector quantiser's dead-code threshold (`threshold_ema_dead_code`: when an unused
// codebook entry is replaced during training) is a training setting of the codebook.
const HYPERPARAMETER =
  /(learning_rate|^lr$|dropout|weight_decay|momentum|decay|warmup|l1_ratio|l2|test_size|test_ratio|train_ratio|val_ratio|valid_ratio|validation_ratio|holdout|split|subsample|colsample|max_features|min_samples|min_df|max_df|label_smoothing|temperature|top_p|top_k|(^|_)(nms|rpn|proposals?|dead_code)(_|$))/;

// A threshold on a physical quantity is a simulation or controller constant (PhysX
// `bounce_threshold_velocity`, a controller's `clamp_rot_thresh`), not a decision on a score.
const PHYSICAL_WORD =
  /^(velocity|vel|speed|accel|acceleration|force|torque|friction|bounce|offset|rot|rotation|pos|position|dist|distance|angle|contact|penetration|stiffness|damping|solver|collision)$/;
const PHYSICS_SECTION = /(^|\.)(sim|physx|physics|ctrl|controller|control)(\.|$)/;
// Settings of the search for a threshold (its grid, step, range) are not the threshold.
const SEARCH_WORD = /^(grid|step|steps|search|range|length|num|count|candidates|n)$/;

/**
 * Bare numeric cut-offs — decision thresholds, sampling and alert rates, confidence or score
 * minimums, significance levels, percentiles — with no comment on or above them and no card
 * `thresholds:` entry for their key. The value decides who is flagged or sampled; without a
 * stated reason nobody can tell whether changing it is safe.
 */
export const undocumentedThreshold: Rule = {
  meta: {
    id: 'config/undocumented-threshold',
    category: 'config',
    severity: 'warning',
    description:
      'A bare numeric threshold, sampling rate or cut-off with no comment and no `thresholds:` entry in the system card saying why it has this value.',
    fixable: true,
    sources: [
      'Sculley et al. 2015, "Hidden Technical Debt in Machine Learning Systems" (configuration debt: fixed thresholds in dynamic systems)',
      'Breck et al. 2017, "The ML Test Score", Data 7 / Monitor 7 (thresholds tied to the model and checked)',
    ],
  },
  check(ctx) {
    const seen = new Set<string>();
    for (const f of ctx.facts) {
      if (f.format === 'card') continue;
      for (const v of f.values) {
        const name = thresholdName(v);
        const key = refKey(v.range);
        const notes = ctx.card?.thresholds ?? [];
        if (!name || !isPlaceholderText(v.comment) || seen.has(key) || documentedInCard(notes, v)) continue;
        seen.add(key);
        // Text a fix left to fill in is not documentation; the same fix is not offered twice.
        const leftComment = !!v.comment?.trim();
        const leftEntry = notes.find((n) => noteMatches(n, v));
        const left = [leftComment ? 'the comment above it' : '', leftEntry ? `its \`thresholds:\` entry in ${leftEntry.range.file}` : '']
          .filter(Boolean)
          .join(' and ');
        ctx.report({
          at: v.range,
          message: `\`${name}\` = ${String(v.value).trim()} is a cut-off that decides what gets flagged, sampled or alerted, and nothing says why it is ${String(v.value).trim()}${left ? ` (${left} still holds placeholder text)` : ''}; document it (a comment, or a \`thresholds:\` entry in mlsystem.yaml with the rationale) so whoever changes it knows what it trades off.`,
          related: leftEntry ? [{ ...leftEntry.range, message: 'the rationale is still to be written' }] : [],
          fixes: [...(leftComment ? [] : (commentFix(ctx, v) ?? [])), ...(leftEntry ? [] : cardFix(ctx, v, name))],
          nodes: v.stage ? [v.stage] : undefined,
        });
      }
    }
  },
};

/** The setting's own name if it is a threshold-like key with a numeric value, else undefined. */
export function thresholdName(v: Pick<ConfigValue, 'key' | 'value'>): string | undefined {
  const value = numeric(v.value);
  if (value === undefined) return undefined;
  const raw = v.key
    .replace(/\[\d+\]$/, '')
    .split('.')
    .pop()!
    .replace(/^--?/, '');
  const name = raw
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .replace(/-/g, '_')
    .toLowerCase();
  const path = v.key.toLowerCase();
  if (HYPERPARAMETER.test(name) || !decidesOnScore(name, path)) return undefined;
  const probability = value > 0 && value < 1;
  if (THRESHOLD_NAME.test(name)) return probability || !Number.isInteger(value) || value === 0 ? raw : undefined;
  if (RATE_NAME.test(name) || BOUND_NAME.test(name)) return probability ? raw : undefined;
  if (CONFIDENCE_NAME.test(name)) return probability || (/percentile|quantile/.test(name) && value > 0 && value <= 100) ? raw : undefined;
  if (ALPHA_NAME.test(name) && TEST_CONTEXT.test(path)) return probability ? raw : undefined;
  return undefined;
}

/** Whether the key is a cut-off on a score or rate, rather than a physics constant or a search setting. */
function decidesOnScore(name: string, path: string): boolean {
  const words = name.split('_');
  if (words.some((w) => SEARCH_WORD.test(w))) return false;
  return !words.some((w) => PHYSICAL_WORD.test(w)) && !PHYSICS_SECTION.test(path);
}

function numeric(value: ConfigValue['value']): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?([eE][-+]?\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

/** A card entry documents a value when it is about the value and its rationale is written. */
function documentedInCard(notes: ThresholdNote[], v: ConfigValue): boolean {
  return notes.some((n) => noteMatches(n, v) && !isPlaceholderText(n.rationale));
}

/** A card entry is about a value when its key is the value's key, a suffix of it, or its last segment (and its file, if given, matches). */
function noteMatches(n: ThresholdNote, v: ConfigValue): boolean {
  const key = v.key.toLowerCase();
  const last = key.split('.').pop()!;
  const k = n.key.trim().toLowerCase();
  const keyMatches = k === key || key.endsWith(`.${k}`) || k === last;
  return keyMatches && (!n.file || v.range.file === n.file || v.range.file.endsWith(`/${n.file}`));
}

/** Insert a comment line above the value, in the file's own comment syntax, for the author to fill in. */
function commentFix(ctx: RuleContext, v: ConfigValue): Fix[] | undefined {
  const text = ctx.text(v.range.file);
  if (text === undefined) return undefined;
  const line = v.range.range.start.line;
  const lineText = text.split('\n')[line] ?? '';
  const indent = /^\s*(-\s+)?/.exec(lineText)?.[0].replace(/-/, ' ') ?? '';
  const position = { line, character: 0 };
  return [
    {
      title: 'Add a comment saying why this value',
      snippet: true,
      edits: [
        {
          file: v.range.file,
          range: { start: position, end: position },
          newText: `${indent}# ${placeholder(1, PLACEHOLDER.thresholdComment)}\n`,
        },
      ],
    },
  ];
}

/** A `thresholds:` entry in the card: the value's key (its own name where that is unambiguous), file, value and a rationale to fill in. */
function cardFix(ctx: RuleContext, v: ConfigValue, name: string): Fix[] {
  const last = v.key.split('.').pop()!;
  const key = /\[\d+\]$/.test(last) || last !== name ? v.key : last;
  const value = typeof v.value === 'number' ? v.value : String(v.value).trim();
  const edit = addCardEntry(
    ctx,
    'thresholds',
    [
      ['key', key],
      ['file', v.range.file],
      ['value', typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value],
      ['rationale', { raw: placeholder(1, PLACEHOLDER.thresholdRationale) }],
    ],
    true,
  );
  return edit ? [{ title: `Add a thresholds: entry for ${name} to ${cardFile(ctx)}`, edits: [edit], snippet: true }] : [];
}
