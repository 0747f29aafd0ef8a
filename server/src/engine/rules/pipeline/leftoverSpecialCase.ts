import type { Rule, RuleContext } from '../rule';
import type { Stage } from '../../model/facts';
import { notesOf } from '../../model/stageNotes';
import { refKey } from '../helpers';

/** Name tokens that mark a step as a one-off, with how messages explain them. */
const ONE_OFF_TOKENS: Array<[RegExp, string]> = [
  [/^(hotfix|quickfix|quick_fix)$/, 'a hotfix'],
  [/^(workaround|hack|kludge)$/, 'a workaround'],
  [/^(backfill|backfilling)$/, 'a backfill'],
  [/^(one_?off|adhoc|ad_hoc)$/, 'a one-off run'],
];
// `adhoc_request`, `ad_hoc_queries`: a step that serves on-demand requests is permanent; "ad hoc" names what it answers.
const ON_DEMAND = /^(adhoc|ad_hoc|one_?off)_(requests?|quer(y|ies))$/;
// Holidays recur (an `is_holiday` feature is permanent): a holiday marker needs a date to be a one-off.
const HOLIDAY =
  /^(black_?friday|cyber_?monday|xmas|christmas|holiday|holidays|thanksgiving|easter|new_year|boxing_day|singles_day|prime_day)$/;
// `temp`/`tmp` only as the first or last word: `tmp_fix_scaler`, `train_temp`, not `temp_forecast_model`-like middles.
const TEMPORARY = /^(temp|tmp)$/;

// In commands only unambiguous markers count: `/tmp/x` or a `hack/` folder says nothing about the step.
const COMMAND_MARKERS: Array<[RegExp, string]> = [
  [/\b(black[_-]?friday|cyber[_-]?monday|christmas|xmas)\b/i, 'a holiday special case'],
  [/\b(hotfix|one[_-]?off|workaround)\b/i, 'a one-off fix'],
];

// A line that cites the issue it works around (`# Workaround for https://github.com/o/r/issues/45488`)
// is a documented, tracked fix inside a permanent step — what this rule asks for — not a leftover.
const TRACKED_ISSUE = /https?:\/\/\S+\/(issues|pull|merge_requests)\/\d+/i;

const DATE = /(?<!\d)(20\d{2})([-_/]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?!\d)/g;
const YEAR = /^(20\d{2})$/;

interface Evidence {
  reasons: string[];
  /** The latest date the step is about (YYYY-MM-DD, or YYYY when only a year is given). */
  date?: string;
}

/**
 * Dated or one-off stages left in a pipeline: holiday reweighting, hotfixes, backfills,
 * temporary steps, and stages or conditions pinned to a date that has passed. A stage is
 * reported once, at its name; `foreach` copies of one stage share that name and are not repeated.
 */
export const leftoverSpecialCase: Rule = {
  meta: {
    id: 'pipeline/leftover-special-case',
    category: 'pipeline',
    severity: 'warning',
    description:
      'One-off stages and branches (holiday special cases, hotfixes, backfills, temporary steps) or dates in stage names, arguments and conditions that are already past.',
    fixable: false,
    sources: ['Sculley et al. 2015, "Hidden Technical Debt in Machine Learning Systems" (dead experimental codepaths)'],
  },
  *check(ctx) {
    const seen = new Set<string>();
    for (const f of ctx.facts) {
      if (ctx.pauseDue()) yield;
      for (const stage of f.stages) {
        const key = refKey(stage.range);
        if (seen.has(key) || isStepOfJob(ctx, stage.id)) continue;
        const evidence = evidenceFor(stage, ctx.today);
        if (!evidence || isOwnJob(stage, evidence, f.stages)) continue;
        seen.add(key);
        ctx.report({ at: stage.range, message: messageFor(stage, evidence, ctx.today), nodes: [stage.id] });
      }
    }
  },
};

/**
 * A backfill or one-off run that is a flow or DAG of its own (the only step of its pipeline) does
 * not run with any pipeline: a dedicated backfill job is how backfills are meant to be run. It is
 * still reported when a date in its name or condition has passed.
 */
function isOwnJob(stage: Stage, evidence: Evidence, stages: readonly Stage[]): boolean {
  if (evidence.date || !evidence.reasons.every((r) => r === 'a backfill' || r === 'a one-off run')) return false;
  return stage.pipeline !== undefined && stages.filter((s) => s.pipeline === stage.pipeline).length === 1;
}

/** A `python x.py` step inside a workflow job: the job itself is judged. */
function isStepOfJob(ctx: RuleContext, id: string): boolean {
  return ctx.graph.incoming(id).some((e) => e.kind === 'after' && e.via === 'step');
}

// A stage's evidence depends on the stage alone (and today): kept per stage object, so a
// re-analysis after an edit reads again only the stages of the edited file.
const evidenceByStage = new WeakMap<Stage, { today: string; evidence: Evidence | undefined }>();

function evidenceFor(stage: Stage, today: string): Evidence | undefined {
  const known = evidenceByStage.get(stage);
  if (known?.today === today) return known.evidence;
  const evidence = evidenceOf(stage, today);
  evidenceByStage.set(stage, { today, evidence });
  return evidence;
}

function evidenceOf(stage: Stage, today: string): Evidence | undefined {
  const name = baseName(stage.name);
  const tokens = tokensOf(name);
  const words = [...tokens, ...tokens.slice(1).map((t, i) => `${tokens[i]}_${t}`)];
  const reasons = new Set<string>();
  const onDemand = words.some((w) => ON_DEMAND.test(w));
  for (const [re, why] of ONE_OFF_TOKENS) if (!(onDemand && why === 'a one-off run') && words.some((w) => re.test(w))) reasons.add(why);
  if (tokens.length > 1 && (TEMPORARY.test(tokens[0]) || TEMPORARY.test(tokens[tokens.length - 1]))) reasons.add('a temporary step');
  const untracked = untrackedLines(stage.command ?? '');
  for (const [re, why] of COMMAND_MARKERS) if (re.test(untracked)) reasons.add(why);
  const nameDates = [...datesIn(name), ...tokens.filter((t) => YEAR.test(t))];
  // Two dates in a name delimit a window or pair of data (`build_site_2013-2014`): the data's identity, not a one-off.
  const years = new Set(nameDates.map((d) => d.slice(0, 4)));
  const ownDates = [...(years.size === 1 ? nameDates : []), ...conditionDates(stage)];
  const dates = [...ownDates, ...datesIn(stage.command ?? '')];
  if (dates.length > 0 && words.some((w) => HOLIDAY.test(w))) reasons.add('a holiday special case');
  const past = dates.filter((d) => isPast(d, today)).sort();
  const latest = past[past.length - 1];
  // A date alone makes a one-off only in the stage's name or condition: arguments carry ordinary run dates too.
  const datedItself = ownDates.some((d) => isPast(d, today));
  if (reasons.size === 0 && !datedItself) return undefined;
  if (dates.length > 0 && !latest) return undefined; // dated, and the date is still ahead
  return { reasons: [...reasons], date: latest };
}

function messageFor(stage: Stage, evidence: Evidence, today: string): string {
  const what = evidence.reasons.length ? evidence.reasons.join(' and ') : 'a dated special case';
  const when = evidence.date ? `; its date (${evidence.date}) is past (today is ${today})` : '';
  return `Stage \`${stage.name}\` looks like ${what}${when}, yet it still runs with the pipeline — delete it, or turn it into a documented, parameterised step (or add \`# loopwise-ignore pipeline/leftover-special-case until <date>: <reason>\` if it must stay for now).`;
}

/** The command without the lines that cite a tracked issue. */
function untrackedLines(command: string): string {
  return command
    .split('\n')
    .filter((line) => !TRACKED_ISSUE.test(line))
    .join('\n');
}

/** `stage@item` (DVC foreach) and `group.task` (Airflow) name the same written stage. */
function baseName(name: string): string {
  return name.replace(/@.*$/, '');
}

function tokensOf(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function datesIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(DATE)) out.push(`${m[1]}-${m[3]}-${m[4]}`);
  return out;
}

function conditionDates(stage: Stage): string[] {
  return notesOf(stage, 'condition').flatMap((n) => datesIn(n.expression));
}

function isPast(date: string, today: string): boolean {
  if (YEAR.test(date)) return Number(date) < Number(today.slice(0, 4));
  return date < today;
}
