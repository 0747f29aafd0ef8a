// Runs every rule in one pass over the analysed workspace and turns parse problems into
// findings. A rule that throws loses its own findings, never the others'.
import type { Card } from '../card/card';
import type { FileFacts, SourceRef } from '../model/facts';
import { SystemGraph } from '../model/graph';
import type { Loop } from '../model/loops';
import { buildOwnership, type Ownership } from '../model/owners';
import type { Report, Rule, RuleContext } from './rule';
import type { Finding } from '../model/finding';
import { CORE_RULES } from './core';
import { now, type Timings } from '../timings';
import { drain, STEP_MS } from '../steps';
import { projectsOf, type ProjectOf } from '../model/projects';
import { ReadTracker, reusable, type RuleRecord, type RuleReuse } from './reuse';
import { QueryStore, queryFile, sameInputs, unwrap, type FileQuery, type GroupQuery } from './fileQuery';

export interface RuleInput {
  facts: FileFacts[];
  graph: SystemGraph;
  loops: Loop[];
  card?: Card;
  ownership: Ownership;
  today: string;
  text(file: string): string | undefined;
  /** Every loaded file; defaults to the files with facts. */
  files?(): readonly string[];
  /** The projects of this run, when the host computed them already (they are part of linking). */
  projectOf?: ProjectOf;
  /** Group indexes kept from the host's earlier runs, updated by difference. */
  queries?: QueryStore;
}

export function runRules(rules: readonly Rule[], input: RuleInput): Finding[] {
  return drain(ruleSteps(rules, input));
}

/**
 * Findings of `file`-scope rules (and parse problems) per file, kept while the file's facts are
 * the same object: an Analysis replaces a file's facts only when it parses the file again, so
 * an edit re-checks the edited file and nothing else.
 */
export class FileFindingsCache {
  private readonly byFacts = new WeakMap<FileFacts, Map<string, Finding[]>>();

  /** Takes findings computed elsewhere (where the file was parsed: a worker, the facts cache) for these facts. */
  prime(facts: FileFacts, byRule: ReadonlyArray<readonly [string, Finding[]]>): void {
    let perRule = this.byFacts.get(facts);
    if (!perRule) this.byFacts.set(facts, (perRule = new Map()));
    for (const [id, found] of byRule) perRule.set(id, found);
  }

  /** What is kept for these facts, by rule id. */
  kept(facts: FileFacts): Array<[string, Finding[]]> {
    return [...(this.byFacts.get(facts) ?? [])].filter(([id]) => id !== '' && !id.startsWith(ALL));
  }

  /** Each of `fileRules`' findings on these facts, in the rules' order: those kept, and `check` for the others. */
  ofRules(facts: FileFacts, fileRules: readonly Rule[], check: (missing: Rule[]) => Array<[string, Finding[]]>): Finding[] {
    let perRule = this.byFacts.get(facts);
    if (!perRule) this.byFacts.set(facts, (perRule = new Map()));
    const missing = fileRules.filter((r) => !perRule.has(r.meta.id));
    if (missing.length) for (const [id, found] of check(missing)) perRule.set(id, found);
    return fileRules.flatMap((r) => perRule.get(r.meta.id) ?? []);
  }

  of(facts: FileFacts, key: string, compute: () => Finding[]): Finding[] {
    let perRule = this.byFacts.get(facts);
    if (!perRule) this.byFacts.set(facts, (perRule = new Map()));
    let found = perRule.get(key);
    if (!found) perRule.set(key, (found = compute()));
    return found;
  }
}

/** The rules one at a time: the generator pauses after each, so a host can answer requests in between. */
export function* ruleSteps(
  rules: readonly Rule[],
  input: RuleInput,
  timings?: Timings,
  cache = new FileFindingsCache(),
  incremental?: { reuse?: RuleReuse; records: Map<string, RuleRecord> },
): Generator<void, Finding[]> {
  const findings: Finding[] = [];
  fileRuleFindings(rules, input, cache, findings);
  findings.push(...unsupportedSdkFindings(input.facts));
  const tracker = incremental ? new ReadTracker(input.facts) : undefined;
  for (const rule of rules) {
    if (rule.scope === 'file') continue; // in the findings already
    const timed = <T>(steps: Generator<void, T>) => (timings ? timings.steps(`rule ${rule.meta.id}`, steps) : steps);
    if (!incremental || !tracker) {
      yield* timed(checkSteps(rule, contextFor(rule, input, findings), input, findings));
    } else {
      const reused = reusable(incremental.reuse, rule.meta.id);
      const record = reused ?? (yield* timed(checkTracked(rule, input, tracker)));
      incremental.records.set(rule.meta.id, record);
      findings.push(...record.findings);
      // Reused findings cost nothing worth timing, and no pause: timings show the rules that ran.
      if (reused) continue;
    }
    yield;
  }
  return findings;
}

/** A `graph`-scope rule, noting what it reads so that the next run can reuse what it reports. */
function* checkTracked(rule: Rule, input: RuleInput, tracker: ReadTracker): Generator<void, RuleRecord> {
  const view = tracker.begin();
  let textsRead: Map<string, string | undefined> | undefined;
  const text = (file: string) => {
    view.texts.add(file);
    const found = input.text(file);
    textsRead?.set(file, found);
    return found;
  };
  const tracked: RuleInput = { ...input, facts: view.facts, text };
  const out: Finding[] = [];
  const seen = { linked: false, projects: false };
  // A query's result is kept across runs: the fields it declares are read whether it is derived or kept.
  const queried = new Set<string>();
  const note = (query: { id: string; fields: readonly string[] }) => {
    if (queried.has(query.id)) return;
    queried.add(query.id);
    for (const field of query.fields) view.fields.add(field);
  };
  const ctx = contextFor(rule, tracked, out);
  const perFile = <T>(facts: FileFacts, query: FileQuery<T>): T => (note(query), ctx.perFile(facts, query));
  const grouped = <T>(query: GroupQuery<T>) => (note(query), ctx.grouped(query));
  const memos = input.queries?.memosOf(rule.meta.id);
  const run = ++memoRuns;
  const memo = (key: string, inputs: readonly unknown[], part: () => void): void => {
    if (!memos || textsRead) return part(); // no store, or inside another part: checked as usual
    const kept = memos.get(key);
    // A part that read the graph or projects is not kept: they change with no input changing.
    if (kept && !kept.linked && sameInputs(kept.inputs, inputs) && [...kept.texts].every(([file, t]) => input.text(file) === t)) {
      for (const field of kept.fields) view.fields.add(field);
      for (const file of kept.texts.keys()) view.texts.add(file);
      out.push(...kept.findings);
      kept.usedAt = run;
      return;
    }
    const fields = new Set<string>();
    const texts = (textsRead = new Map());
    const from = out.length;
    const before = { ...seen };
    seen.linked = seen.projects = false;
    let linked: boolean;
    try {
      tracker.capture(fields, part);
      linked = seen.linked || seen.projects;
    } finally {
      textsRead = undefined;
      seen.linked ||= before.linked;
      seen.projects ||= before.projects;
    }
    memos.set(key, { inputs: inputs.map(unwrap), fields, texts, findings: out.slice(from), linked, usedAt: run });
  };
  yield* checkSteps(rule, noteLinked({ ...ctx, perFile, grouped, memo }, seen), tracked, out);
  // A rule that failed is run again next time rather than trusted.
  if (out.some((f) => f.ruleId === CORE_RULES.internalError.meta.id)) {
    view.fields.add('*');
    memos?.clear();
  }
  for (const [key, kept] of memos ?? []) if (kept.usedAt !== run) memos!.delete(key);
  return { findings: out, fields: view.fields, texts: view.texts, linked: seen.linked, projects: seen.projects };
}

let memoRuns = 0;

/** The context, noting whether the rule reads anything linking derives (graph, loops, card, owners) or projects. */
function noteLinked(ctx: RuleContext, seen: { linked: boolean; projects: boolean }): RuleContext {
  const linked = <T>(value: T): T => ((seen.linked = true), value);
  return {
    ...ctx,
    get graph() {
      return linked(ctx.graph);
    },
    get loops() {
      return linked(ctx.loops);
    },
    get card() {
      return linked(ctx.card);
    },
    get hasCodeowners() {
      return linked(ctx.hasCodeowners);
    },
    projectOf: (file) => ((seen.projects = true), ctx.projectOf(file)),
    ownerOf: (file) => linked(ctx.ownerOf(file)),
    ownershipGoverns: (file) => linked(ctx.ownershipGoverns(file)),
    node: (id) => linked(ctx.node(id)),
  };
}

/**
 * Each file's parse problems and `file`-scope rules' findings, into `into`, file by file: one
 * list per file, kept with its facts, so a run costs one lookup per unchanged file.
 */
function fileRuleFindings(rules: readonly Rule[], input: RuleInput, cache: FileFindingsCache, into: Finding[]): void {
  const fileRules = rules.filter((r) => r.scope === 'file');
  const key = `${ALL}${fileRules.map((r) => r.meta.id).join(',')}`;
  for (const f of input.facts) {
    const all = cache.of(f, key, () => [
      ...cache.of(f, '', () => fileProblemFindings(f)),
      ...cache.ofRules(f, fileRules, (missing) => missing.map((rule) => [rule.meta.id, checkFile(rule, f, input)])),
    ]);
    if (all.length) into.push(...all);
  }
}

/** Keys of a file's whole list in FileFindingsCache start with this (never a rule id). */
const ALL = '*';

let unlinked: { graph: SystemGraph; ownership: Ownership } | undefined;

/**
 * Each `file`-scope rule's findings on one file's facts alone, by rule id: what a parse worker
 * sends with the facts. `text` gives the file's text (and its siblings'). The rules see an
 * empty graph, made once.
 */
export function checkFileScope(
  rules: readonly Rule[],
  facts: FileFacts,
  text: (file: string) => string | undefined,
  today: string,
): Array<[string, Finding[]]> {
  unlinked ??= { graph: new SystemGraph(), ownership: buildOwnership([], undefined) };
  const input: RuleInput = { facts: [facts], ...unlinked, loops: [], today, text };
  return rules.filter((r) => r.scope === 'file').map((r) => [r.meta.id, checkFile(r, facts, input)]);
}

/** A `file`-scope rule on one file's facts alone. */
export function checkFile(rule: Rule, facts: FileFacts, input: RuleInput): Finding[] {
  const out: Finding[] = [];
  const one = { ...input, facts: [facts], projectOf: undefined };
  check(rule, contextFor(rule, one, out), one, out);
  return out;
}

function check(rule: Rule, ctx: RuleContext, input: RuleInput, out: Finding[]): void {
  drain(checkSteps(rule, ctx, input, out));
}

/** When the rule's current step began: `ctx.pauseDue()` measures from it. */
let stepStart = 0;

/** The rule's check, pausing where a generator rule yields. */
function* checkSteps(rule: Rule, ctx: RuleContext, input: RuleInput, out: Finding[]): Generator<void> {
  stepStart = now();
  try {
    const steps = rule.check(ctx);
    if (steps)
      for (let next = steps.next(); !next.done; next = steps.next()) {
        yield;
        stepStart = now();
      }
  } catch (e) {
    const first = input.facts[0];
    out.push({
      ruleId: CORE_RULES.internalError.meta.id,
      severity: 'warning',
      message: `Rule ${rule.meta.id} failed (${e instanceof Error ? e.message : String(e)}); its findings are missing. Please report this.`,
      file: input.card?.file ?? first?.file ?? '',
      range: zero(),
      related: [],
    });
  }
}

function contextFor(rule: Rule, input: RuleInput, out: Finding[]): RuleContext {
  const files = input.files ?? (() => input.facts.map((f) => f.file));
  let projectOf: ProjectOf | undefined;
  let queries = input.queries;
  return {
    facts: input.facts,
    graph: input.graph,
    loops: input.loops,
    card: input.card,
    today: input.today,
    text: input.text,
    files,
    projectOf: (file) => (projectOf ??= input.projectOf ?? projectsOf(input.facts, files()))(file),
    hasCodeowners: input.ownership.hasCodeowners,
    ownershipGoverns: (file) => input.ownership.governs(file),
    ownerOf: (file) => input.ownership.ownerOf(file),
    node: (id) => input.graph.nodes.get(id),
    perFile: queryFile,
    memo: (_key, _inputs, part) => part(),
    grouped: (query) => (queries ??= new QueryStore()).groupsOf(input.facts, query),
    report: (r: Report) => out.push(toFinding(rule, r)),
    pauseDue: () => now() - stepStart >= STEP_MS,
  };
}

export function toFinding(rule: Rule, r: Report): Finding {
  const finding: Finding = {
    ruleId: rule.meta.id,
    severity: r.severity ?? rule.meta.severity,
    message: r.message,
    file: r.at.file,
    range: r.at.range,
    related: r.related ?? [],
  };
  if (r.fixes?.length) finding.fixes = r.fixes;
  if (r.nodes?.length) finding.nodes = r.nodes;
  if (r.loop) finding.loop = r.loop;
  return finding;
}

export function problemFindings(facts: readonly FileFacts[]): Finding[] {
  return [...facts.flatMap(fileProblemFindings), ...unsupportedSdkFindings(facts)];
}

/** A file's own problems; the notice of an SDK no adapter reads is said once across files (unsupportedSdkFindings). */
export function fileProblemFindings(f: FileFacts): Finding[] {
  return readingFindings([{ ...f, problems: f.problems.filter((p) => !p.unsupportedSdk) }]);
}

/** One notice per SDK no adapter reads, at the first of its files, however many there are. */
function unsupportedSdkFindings(facts: readonly FileFacts[]): Finding[] {
  const bySdk = new Map<string, Array<{ file: string; problem: FileFacts['problems'][number] }>>();
  for (const f of facts)
    for (const p of f.problems)
      if (p.unsupportedSdk) bySdk.set(p.unsupportedSdk, [...(bySdk.get(p.unsupportedSdk) ?? []), { file: f.file, problem: p }]);
  return [...bySdk.values()].map((uses) => {
    const sorted = uses.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    const { problem } = sorted[0];
    const others = sorted.length - 1;
    const message =
      others > 0 ? `${problem.message} (${others} more ${others === 1 ? 'file imports' : 'files import'} it.)` : problem.message;
    return toFinding(CORE_RULES.unsupportedSdk, { at: problem.range, message, severity: problem.severity });
  });
}

function readingFindings(facts: readonly FileFacts[]): Finding[] {
  return facts.flatMap((f) =>
    f.problems.map((p) => {
      const rule = p.syntax
        ? CORE_RULES.syntax
        : p.template
          ? CORE_RULES.template
          : f.format === 'other'
            ? CORE_RULES.skipped
            : p.internal
              ? CORE_RULES.internalError
              : f.format === 'card'
                ? CORE_RULES.invalidCard
                : CORE_RULES.invalidConfig;
      return toFinding(rule, { at: p.range, message: p.message, severity: p.severity });
    }),
  );
}

function zero(): SourceRef['range'] {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}
