// Workspace -> facts -> graph -> findings. Incremental by file: a file is re-parsed only when
// its text (or a sibling it read, such as params.yaml for dvc.yaml) changes; linking and rules
// then run over the cached facts. Half-typed YAML keeps the file's last good facts.
import { emptyFacts, type FileFacts, type ParseProblem } from './model/facts';
import type { SourceAdapter } from './sources/adapter';
import { ADAPTERS, detectAdapter } from './sources/index';
import { mayBeFormatFile, unreadSystemOf } from './sources/formats';
import { buildGraphSteps } from './model/build';
import { paramsFilesOf, projectsOf, type ProjectOf } from './model/projects';
import { buildOwnership, type Ownership } from './model/owners';
import { findLoopsSteps, type Loop } from './model/loops';
import { mergeCards, type Card } from './card/card';
import { markDocumentedLoops } from './card/loops';
import { RULES } from './rules/index';
import type { Rule } from './rules/rule';
import type { Finding, Severity } from './model/finding';
import { checkFileScope, FileFindingsCache, fileProblemFindings, ruleSteps } from './rules/run';
import { drain } from './steps';
import { CORE_RULES } from './rules/core';
import { SystemGraph, type GraphEdge, type GraphNode } from './model/graph';
import { applySuppressions, DirectiveCache } from './suppressions';
import { changedFields, type RuleRecord, type RuleReuse } from './rules/reuse';
import { moved, sameButMoved, textShift, type MovePosition } from './model/shift';
import { now, Timings } from './timings';
import { QueryStore } from './rules/fileQuery';
import { MapAsOf } from './text/collections';

export interface AnalysisOptions {
  adapters?: SourceAdapter[];
  rules?: Rule[];
  /** YYYY-MM-DD; defaults to the current date. */
  today?: string;
  /** Files larger than this are skipped with a notice. */
  maxFileBytes?: number;
  /** Host-level severity overrides (VS Code settings); the card's own settings win over these. */
  severities?: Record<string, Severity | 'off'>;
}

export interface AnalysisResult {
  facts: FileFacts[];
  graph: SystemGraph;
  loops: Loop[];
  loopsTruncated: boolean;
  card?: Card;
  ownership: Ownership;
  findings: Finding[];
}

interface FileEntry {
  text: string;
  facts?: FileFacts;
  /** Facts from the last version that parsed without errors. */
  lastGood?: FileFacts;
  /** Other files this file's facts depend on. */
  reads: Set<string>;
  stale: boolean;
}

/** What linking reads of a file's facts (model/build, model/owners, card): when none changed, the graph is reused. */
const LINK_FIELDS = ['file', 'format', 'stages', 'artifacts', 'io', 'orders', 'mentions', 'ownerClaims', 'ownerRules', 'card'];

/** What the last completed analysis was computed from, for the next one to reuse what did not change. */
interface LastRun {
  version: number;
  pathsVersion: number;
  /** Over the run inputs' maps, which later runs change in place. */
  facts: MapAsOf<string, FileFacts>;
  /** Each file's text as that analysis read it. */
  texts: MapAsOf<string, string>;
  /** The run inputs it was computed from (`RunInputs.generation`). */
  generation: number;
  linked: Linked;
  records: Map<string, RuleRecord>;
}

/** A run's facts in path order, by file, and every file's text. */
interface RunInputs {
  pathsVersion: number;
  /** Counts the runs that took inputs: a run whose inputs were changed by a newer one is stale. */
  generation: number;
  facts: FileFacts[];
  /** File -> its index in `facts`. */
  index: Map<string, number>;
  byFile: Map<string, FileFacts>;
  texts: Map<string, string>;
}

interface Linked {
  card?: Card;
  ownership: Ownership;
  projectOf: ProjectOf;
  graph: SystemGraph;
  loops: Loop[];
  truncated: boolean;
}

/**
 * The last analysis of a workspace as a host keeps it between sessions (beside the facts cache,
 * serialised with it so that its facts are the cache's own objects): a new session starts from
 * it as its last run, so that files whose facts came from the cache count as unchanged and the
 * rest as edits — the way TypeScript's `.tsbuildinfo` keeps a program's diagnostics.
 */
export interface AnalysisSnapshot {
  /** The date rules judged by: another day's snapshot is not used (rules read the date). */
  today: string;
  /** Every file the analysis had, in path order: another set of files is analysed from scratch. */
  paths: string[];
  facts: Map<string, FileFacts>;
  /** Texts the rules read of files that have no facts (scripts, lock files), to check they are the same. */
  texts: Map<string, string>;
  nodes: GraphNode[];
  edges: GraphEdge[];
  loops: Loop[];
  truncated: boolean;
  records: Map<string, RuleRecord>;
}

export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;

export class Analysis {
  private readonly files = new Map<string, FileEntry>();
  private readonly adapters: SourceAdapter[];
  private readonly rules: Rule[];
  private result?: AnalysisResult;
  /** The last result computed, kept when files change: what hosts show while they are still indexing. */
  private previous?: AnalysisResult;
  /** Bumped by every change, so a result computed across a change is known to be stale. */
  private version = 0;
  private initialised?: Promise<void>;
  /** Adapters whose one-time setup failed: their files get a notice instead of facts. */
  private readonly initErrors = new Map<SourceAdapter, string>();
  /** Findings of `file`-scope rules per file's facts: an edit re-checks only the edited file. */
  private readonly fileFindingsCache = new FileFindingsCache();
  /** Each file's `loopwise-ignore` directives, searched again only when its text changed. */
  private readonly directives = new DirectiveCache();
  /** The rules' cross-file group indexes, updated by difference from run to run. */
  private readonly queries = new QueryStore();
  /** Sibling file -> files whose facts read it: an edit marks exactly those for a new parse. */
  private readonly readers = new Map<string, Set<string>>();
  /** The version at which each file last changed (text, creation or removal). */
  private readonly changedAt = new Map<string, number>();
  /** Bumped when a file is created or removed: the set of files is an input of linking. */
  private pathsVersion = 0;
  /** The files in path order (the order rules meet them), kept while no file comes or goes. */
  private sortedPaths?: { at: number; paths: string[] };
  /**
   * Files whose text or facts changed since the last completed analysis (with the version of the
   * latest change): what a run looks at, instead of every file, to find what changed.
   */
  private readonly dirty = new Map<string, number>();
  /** What the last analysis started from, updated by the dirty files for the next (same files only). */
  private inputs?: RunInputs;
  /** Facts that replaced others since the rules' indexes last synced (`all`: look at every file). */
  private unsynced: Map<string, FileFacts> | 'all' = 'all';
  private lastRun?: LastRun;
  /** Counts files whose edit only moved text, so their graph and findings were moved, not recomputed (for tests). */
  moveCount = 0;
  /** Counts the runs that linked the workspace (for tests). */
  linkCount = 0;
  /** Counts parses, so tests can check that analysis is incremental. */
  parseCount = 0;
  /** Time spent per step (parsing per format, linking, loops, each rule), summed over runs. */
  readonly timings = new Timings();

  constructor(private readonly options: AnalysisOptions = {}) {
    this.adapters = options.adapters ?? ADAPTERS;
    this.rules = options.rules ?? RULES;
  }

  /** Host-level severity overrides (editor settings); takes effect on the next run. */
  setSeverities(severities: Record<string, Severity | 'off'>): void {
    this.options.severities = severities;
    this.invalidate();
  }

  /** One-time async setup of every adapter (tree-sitter). Safe to call many times. */
  init(): Promise<void> {
    this.initialised ??= Promise.all(
      this.adapters.map(async (a) => {
        try {
          await a.init?.();
        } catch (e) {
          this.initErrors.set(a, e instanceof Error ? e.message : String(e));
        }
      }),
    ).then(() => undefined);
    return this.initialised;
  }

  setFile(path: string, text: string): void {
    const entry = this.files.get(path);
    if (entry && entry.text === text) return;
    this.files.set(path, { text, reads: entry?.reads ?? new Set(), stale: true, facts: entry?.facts, lastGood: entry?.lastGood });
    this.invalidate();
    this.invalidateReaders(path);
    this.changed(path, !entry);
  }

  /** A file the host would not read (too large, binary): reported as skipped, never parsed. */
  skipFile(path: string, reason: string): void {
    const existed = this.files.has(path);
    this.files.set(path, { text: '', reads: new Set(), stale: false, facts: skippedFacts(path, reason) });
    this.invalidate();
    this.changed(path, !existed);
  }

  removeFile(path: string): void {
    if (!this.files.delete(path)) return;
    this.invalidate();
    this.invalidateReaders(path);
    this.changed(path, true);
  }

  /** Whether the file's facts are up to date with its text (parsed, or taken from a cache). */
  isParsed(path: string): boolean {
    const entry = this.files.get(path);
    return !!entry && !entry.stale;
  }

  hasFile(path: string): boolean {
    return this.files.has(path);
  }

  text(path: string): string | undefined {
    return this.files.get(path)?.text;
  }

  paths(): string[] {
    return [...this.files.keys()];
  }

  /** The sibling files the last parse of `path` read (params.yaml for a dvc.yaml). */
  readsOf(path: string): string[] {
    return [...(this.files.get(path)?.reads ?? [])];
  }

  private invalidateReaders(path: string): void {
    for (const reader of this.readers.get(path) ?? []) {
      const entry = this.files.get(reader);
      if (!entry?.reads.has(path)) continue;
      entry.stale = true;
      this.dirty.set(reader, this.version);
    }
  }

  /** Notes that `reader`'s facts were derived from `path` too (checked against `reads`, so entries may outlive the read). */
  private noteRead(reader: string, path: string): void {
    let set = this.readers.get(path);
    if (!set) this.readers.set(path, (set = new Set()));
    set.add(reader);
  }

  /** Facts of one file, parsing it if it changed. */
  factsOf(path: string): FileFacts | undefined {
    const entry = this.files.get(path);
    if (!entry) return undefined;
    if (entry.stale) this.parse(path, entry);
    return entry.facts;
  }

  private parse(path: string, entry: FileEntry): void {
    entry.stale = false;
    entry.reads = new Set();
    const skipped = this.skipReason(entry.text);
    const adapter = skipped ? undefined : detectAdapter({ path, text: entry.text }, this.adapters);
    if (!adapter) {
      const unread = skipped ? undefined : unreadSystemOf(path);
      entry.facts =
        skipped && mayBeFormatFile(path)
          ? skippedFacts(path, skipped)
          : unread
            ? skippedFacts(
                path,
                `Not read: this is a ${unread}, which Loopwise has no reader for; its stages, images and settings are not checked.`,
              )
            : undefined;
      return;
    }
    const initError = this.initErrors.get(adapter);
    if (initError) {
      entry.facts = { ...emptyOf(path, adapter), problems: [internalProblem(path, adapter.format, new Error(initError))] };
      return;
    }
    this.parseCount++;
    const siblings = { read: (p: string) => (entry.reads.add(p), this.noteRead(path, p), this.files.get(p)?.text) };
    let facts: FileFacts;
    const start = now();
    try {
      facts = adapter.parse({ path, text: entry.text }, siblings);
    } catch (e) {
      facts = { ...emptyOf(path, adapter), problems: [internalProblem(path, adapter.format, e)] };
    }
    this.timings.add(`parse ${adapter.format}`, now() - start);
    accept(entry, facts);
    this.checkFileRules(entry.facts);
  }

  /**
   * The findings of `file`-scope rules on one file's facts, kept in the per-file findings cache.
   * Called as the facts are accepted, while the parse is fresh (rules that read the file's YAML
   * again find it in parseYaml's cache), unless the facts came with them (a worker, the cache).
   */
  private checkFileRules(facts: FileFacts | undefined): Finding[] {
    if (!facts) return [];
    const fileRules = this.rules.filter((r) => r.scope === 'file');
    return this.fileFindingsCache.ofRules(facts, fileRules, (missing) =>
      this.timings.time('file rules', () => checkFileScope(missing, facts, (p) => this.text(p), this.today())),
    );
  }

  /** The `file`-scope rules' findings kept for a file's current facts, by rule id (what the facts cache stores). */
  fileRuleFindings(path: string): Array<[string, Finding[]]> {
    const facts = this.files.get(path)?.facts;
    if (!facts) return [];
    this.checkFileRules(facts);
    return this.fileFindingsCache.kept(facts);
  }

  /**
   * Facts parsed elsewhere (a worker thread) for this text; `reads` are the sibling files the
   * parse looked at. A later change re-parses here as usual.
   */
  setParsed(
    path: string,
    text: string,
    facts: FileFacts,
    reads: string[],
    fileFindings?: ReadonlyArray<readonly [string, Finding[]]>,
  ): void {
    const entry: FileEntry = { text, reads: new Set(reads), stale: false };
    for (const read of reads) this.noteRead(path, read);
    accept(entry, facts);
    // Findings checked with another rule set (a test's) are not this analysis's to trust.
    if (fileFindings && entry.facts === facts && !this.options.rules) this.fileFindingsCache.prime(facts, fileFindings);
    const existed = this.files.has(path);
    this.files.set(path, entry);
    this.checkFileRules(entry.facts);
    this.parseCount++;
    this.invalidate();
    this.changed(path, !existed);
  }

  private skipReason(text: string): string | undefined {
    const max = this.options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    if (text.length > max) return `File skipped: it is larger than ${Math.round(max / 1024)} KiB, Loopwise's limit for pipeline files.`;
    if (text.slice(0, 8000).includes('\u0000')) return 'File skipped: it looks binary.';
    return undefined;
  }

  private invalidate(): void {
    this.result = undefined;
    this.version++;
  }

  private changed(path: string, createdOrRemoved: boolean): void {
    this.changedAt.set(path, this.version);
    this.dirty.set(path, this.version);
    if (createdOrRemoved) this.pathsVersion++;
  }

  /**
   * What changed since the last completed analysis: the changed fields and texts that decide which
   * rules run again, and whether linking must run again (a field it reads changed). Undefined
   * when nothing can be reused: files were created or removed, or there is no last analysis.
   */
  private delta(
    facts: ReadonlyMap<string, FileFacts>,
    last: LastRun | undefined,
    dirty: readonly string[],
  ): Omit<RuleReuse, 'records' | 'projectsChanged'> | undefined {
    if (!last || last.pathsVersion !== this.pathsVersion || last.facts.size !== facts.size) return undefined;
    const fields = new Set<string>();
    let projectsChanged = false;
    // Only files changed since the last analysis can differ from it.
    for (const file of dirty) {
      const now = facts.get(file);
      const before = last.facts.get(file);
      if (before === now) continue;
      if (!before || !now) return undefined;
      changedFields(before, now, fields);
      projectsChanged ||= JSON.stringify(paramsFilesOf(before)) !== JSON.stringify(paramsFilesOf(now));
    }
    const texts = new Set<string>();
    for (const path of dirty) if ((this.changedAt.get(path) ?? 0) > last.version) texts.add(path);
    return { changedFields: fields, changedTexts: texts, linkChanged: projectsChanged || LINK_FIELDS.some((f) => fields.has(f)) };
  }

  /**
   * This run's facts (path order), facts by file and texts: the last run's, with the dirty files'
   * put in, while the same files are there and each keeps having facts or not; else built anew.
   */
  private runInputs(dirty: readonly string[]): Omit<RunInputs, 'pathsVersion' | 'index'> {
    const base = this.inputs;
    const generation = (base?.generation ?? 0) + 1;
    const updates = base && base.pathsVersion === this.pathsVersion ? this.updatesOf(base, dirty) : undefined;
    if (base && updates) {
      // The maps change in place; the last run's view of them keeps what it saw.
      const facts = base.facts.slice();
      const { byFile, texts } = base;
      const last = this.lastRun;
      for (const { path, text, f, i } of updates) {
        last?.texts.remember(path);
        texts.set(path, text);
        if (f && i !== undefined && facts[i] !== f) {
          last?.facts.remember(path);
          facts[i] = f;
          byFile.set(path, f);
          if (this.unsynced !== 'all') this.unsynced.set(f.file, f);
        }
      }
      this.inputs = { ...base, generation, facts };
      return { generation, facts, byFile, texts };
    }
    const facts: FileFacts[] = [];
    const index = new Map<string, number>();
    for (const path of this.orderedPaths()) {
      const f = this.factsOf(path);
      if (f) index.set(path, facts.push(f) - 1);
    }
    const byFile = new Map(facts.map((f) => [f.file, f]));
    const texts = new Map([...this.files].map(([path, entry]) => [path, entry.text]));
    this.inputs = { pathsVersion: this.pathsVersion, generation, facts, index, byFile, texts };
    this.unsynced = 'all';
    return { generation, facts, byFile, texts };
  }

  /** The dirty files' new texts and facts, if each is still there and keeps having facts or not. */
  private updatesOf(
    base: RunInputs,
    dirty: readonly string[],
  ): Array<{ path: string; text: string; f?: FileFacts; i?: number }> | undefined {
    const out: Array<{ path: string; text: string; f?: FileFacts; i?: number }> = [];
    for (const path of dirty) {
      const entry = this.files.get(path);
      const f = this.factsOf(path);
      const i = base.index.get(path);
      if (!entry || (i === undefined) !== (f === undefined)) return undefined;
      out.push({ path, text: entry.text, f, i });
    }
    return out;
  }

  /** The last analysis, to start the next session from (undefined while files changed since, or with a test's rules or adapters). */
  snapshot(): AnalysisSnapshot | undefined {
    const last = this.lastRun;
    if (!last || last.version !== this.version || this.options.rules || this.options.adapters) return undefined;
    const texts = new Map<string, string>();
    for (const record of last.records.values())
      for (const file of record.texts) {
        const text = this.text(file);
        if (text !== undefined && !last.facts.has(file)) texts.set(file, text);
      }
    const graph = last.linked.graph;
    return {
      today: this.today(),
      paths: this.orderedPaths(),
      facts: last.facts.toMap(),
      texts,
      nodes: [...graph.nodes.values()],
      edges: graph.edges,
      loops: last.linked.loops,
      truncated: last.linked.truncated,
      records: last.records,
    };
  }

  /**
   * Starts from an earlier session's snapshot, once every file is in (the cache's facts set with
   * setParsed): the next run takes it as its last run, so linking and each rule run only if what
   * they read changed since. Not used (false) for another set of files, another day, after a run
   * of this analysis, or with a test's rules or adapters.
   */
  restore(snapshot: AnalysisSnapshot): boolean {
    if (this.lastRun || this.options.rules || this.options.adapters || snapshot.today !== this.today()) return false;
    const paths = this.orderedPaths();
    if (paths.length !== snapshot.paths.length || paths.some((p, i) => p !== snapshot.paths[i])) return false;
    const facts = [...snapshot.facts.values()];
    const { card, ownership } = cardAndOwnership(facts);
    const graph = new SystemGraph();
    for (const node of snapshot.nodes) graph.nodes.set(node.id, node);
    for (const edge of snapshot.edges) graph.addEdge(edge);
    // Found only if a rule that runs again asks (a restart with nothing changed never does).
    let projects: ProjectOf | undefined;
    const projectOf: ProjectOf = (file) => (projects ??= projectsOf(facts, paths))(file);
    const linked = { card, ownership, projectOf, graph, loops: snapshot.loops, truncated: snapshot.truncated };
    this.lastRun = {
      version: this.version,
      pathsVersion: this.pathsVersion,
      facts: MapAsOf.of(snapshot.facts),
      texts: MapAsOf.of(new Map()),
      generation: 0,
      linked,
      records: snapshot.records,
    };
    // What differs from the snapshot is an edit since it: files parsed again (not from the cache), texts the rules read.
    this.invalidate();
    for (const [path, entry] of this.files) {
      const kept = snapshot.facts.get(path);
      if (
        (kept && (entry.stale || entry.facts !== kept)) ||
        (!kept && snapshot.texts.has(path) && snapshot.texts.get(path) !== entry.text)
      ) {
        this.changedAt.set(path, this.version);
        this.dirty.set(path, this.version);
      }
    }
    return true;
  }

  private orderedPaths(): string[] {
    if (this.sortedPaths?.at !== this.pathsVersion) this.sortedPaths = { at: this.pathsVersion, paths: [...this.files.keys()].sort() };
    return this.sortedPaths.paths;
  }

  /** The current result if nothing changed since, else the last one computed (possibly stale), without analysing. */
  latest(): AnalysisResult | undefined {
    return this.result ?? this.previous;
  }

  run(): AnalysisResult {
    return this.result ?? drain(this.analyse());
  }

  /**
   * The same analysis, pausing (`await pause()`) between its steps — linking, loops, each rule —
   * so a host's event loop keeps answering requests. Files that change meanwhile make the
   * result stale: it is returned, but the next run analyses again.
   */
  async runAsync(pause: () => Promise<void>): Promise<AnalysisResult> {
    if (this.result) return this.result;
    const steps = this.analyse();
    for (;;) {
      const next = steps.next();
      if (next.done) return next.value;
      await pause();
    }
  }

  /**
   * Like runAsync, but a change to any file while it runs cancels it: it returns undefined at
   * the next pause, so a newer edit never waits for an older one's analysis to finish.
   */
  async runCancellable(pause: () => Promise<void>): Promise<AnalysisResult | undefined> {
    if (this.result) return this.result;
    const version = this.version;
    const steps = this.analyse();
    for (;;) {
      const next = steps.next();
      if (next.done) return next.value;
      await pause();
      if (this.version !== version) return undefined;
    }
  }

  /**
   * The first stage after an edit, in about the time it takes to parse the file: its parse
   * problems and `file`-scope rules, fresh; for the other rules, what the last full analysis
   * found in it (kept until the next one replaces them, so diagnostics do not flicker).
   */
  fileFindings(path: string): Finding[] {
    const facts = this.factsOf(path);
    const previous = this.latest();
    if (!facts) return previous?.findings.filter((f) => f.file === path) ?? [];
    const today = this.today();
    const fileRules = this.rules.filter((r) => r.scope === 'file');
    const fresh = [...this.fileFindingsCache.of(facts, '', () => fileProblemFindings(facts)), ...this.checkFileRules(facts)];
    // The unsupported-SDK notice is said once across files: stage 2 recomputes it.
    const freshIds = new Set([
      ...fileRules.map((r) => r.meta.id),
      ...Object.values(CORE_RULES)
        .map((r) => r.meta.id)
        .filter((id) => id !== CORE_RULES.unsupportedSdk.meta.id),
    ]);
    // Whether a suppression is used depends on every rule's findings: the last full analysis says.
    const unused = CORE_RULES.unusedSuppression.meta.id;
    freshIds.delete(unused);
    const kept = (previous?.findings ?? []).filter((f) => f.file === path && !freshIds.has(f.ruleId));
    const suppressed = applySuppressions(fresh, {
      facts: [facts],
      card: previous?.card,
      today,
      severities: this.options.severities,
      text: (p) => this.text(p),
      parsed: this.directives,
    });
    return [...suppressed.filter((f) => f.ruleId !== unused), ...kept];
  }

  /** The date rules judge by (YYYY-MM-DD): the options' or today's. */
  today(): string {
    return this.options.today ?? new Date().toISOString().slice(0, 10);
  }

  private *analyse(): Generator<void, AnalysisResult> {
    const version = this.version;
    const pathsVersion = this.pathsVersion;
    const dirty = [...this.dirty.keys()];
    const { generation, facts, byFile, texts } = this.runInputs(dirty);
    const last = this.lastRun;
    if (last) this.timings.time('move', () => this.moveUnchanged(byFile, last, dirty));
    const delta = this.delta(byFile, last, dirty);
    const linked = delta && last && !delta.linkChanged ? last.linked : yield* this.link(facts);
    // Linked again: rules that asked only for projects are reused if every file kept its project.
    const projectsChanged = !!delta?.linkChanged && !!last && this.paths().some((p) => last.linked.projectOf(p) !== linked.projectOf(p));
    const { card, ownership, graph, loops, truncated } = linked;
    const today = this.today();
    const records = new Map<string, RuleRecord>();
    this.queries.sync(facts, this.unsynced === 'all' ? undefined : [...this.unsynced.values()]);
    this.unsynced = new Map();
    const raw = yield* ruleSteps(
      this.rules,
      {
        facts,
        graph,
        loops,
        card,
        ownership,
        today,
        text: (p) => this.text(p),
        files: () => this.paths(),
        projectOf: linked.projectOf,
        queries: this.queries,
      },
      this.timings,
      this.fileFindingsCache,
      { reuse: delta && last ? { ...delta, projectsChanged, records: last.records } : undefined, records },
    );
    const findings = this.timings.time('suppressions', () =>
      applySuppressions(raw, {
        facts,
        card,
        today,
        severities: this.options.severities,
        text: (p) => this.text(p),
        directives: this.directives.sync(byFile, (p) => this.text(p), pathsVersion, dirty),
      }),
    );
    const result = { facts, graph, loops, loopsTruncated: truncated, card, ownership, findings };
    // A newer run changed the inputs meanwhile (it was cancelled, this one went on): the files no longer say what this run saw.
    if (this.inputs?.generation !== generation) return result;
    this.previous = result;
    this.lastRun = { version, pathsVersion, facts: MapAsOf.of(byFile), texts: MapAsOf.of(texts), generation, linked, records };
    for (const [path, at] of this.dirty) if (at <= version) this.dirty.delete(path);
    if (version === this.version) this.result = result;
    return result;
  }

  /**
   * Files whose text only moved (their new facts are the old ones at moved positions): the last
   * run's graph and findings get the new positions and the new facts, so this run reuses them as
   * if the file had not changed. Runs without pausing, so the last run stays consistent.
   */
  private moveUnchanged(facts: ReadonlyMap<string, FileFacts>, last: LastRun, dirty: readonly string[]): void {
    if (last.pathsVersion !== this.pathsVersion) return;
    for (const file of dirty) {
      const now = facts.get(file);
      const before = last.facts.get(file);
      if (!now) continue;
      const [oldText, newText] = [last.texts.get(file), this.files.get(file)?.text];
      if (!before || before === now || now.format === 'card' || before.format === 'card') continue;
      if (oldText === undefined || newText === undefined || oldText === newText) continue;
      const move = textShift(oldText, newText);
      const pairs = sameButMoved(before, now, file, move);
      if (!pairs || !moveLinked(last, file, move, pairs)) continue;
      last.facts.set(file, now);
      last.texts.set(file, newText);
      this.moveCount++;
    }
  }

  /** Facts -> card, owners, projects, graph and loops, pausing between the steps. */
  private *link(facts: FileFacts[]): Generator<void, Linked> {
    const t = this.timings;
    this.linkCount++;
    const { card, ownership, projectOf } = t.time('link', () => ({
      ...cardAndOwnership(facts),
      projectOf: projectsOf(facts, this.paths()),
    }));
    yield;
    const graph = yield* t.steps('link', buildGraphSteps(facts, card, ownership, projectOf));
    yield;
    const { loops, truncated } = yield* t.steps('loops', findLoopsSteps(graph));
    t.time('loops', () => markDocumentedLoops(graph, loops, card));
    yield;
    return { card, ownership, projectOf, graph, loops, truncated };
  }
}

/** The workspace's card (every card file merged) and who owns what (CODEOWNERS rules, then the card). */
function cardAndOwnership(facts: readonly FileFacts[]): { card?: Card; ownership: Ownership } {
  const card = mergeCards(facts.map((f) => f.card).filter((c): c is Card => !!c));
  return {
    card,
    ownership: buildOwnership(
      facts.flatMap((f) => f.ownerRules),
      card,
    ),
  };
}

/**
 * Moves one file's places in the last run's graph (in place: the graph is the last run's own) and
 * in its rules' findings. Nothing changes unless every place can be moved.
 */
function moveLinked(last: LastRun, file: string, move: MovePosition, pairs: Map<object, object>): boolean {
  const swap = <T extends object>(x: T): T | undefined => (pairs.get(x) as T | undefined) ?? moved(x, file, move);
  const records = new Map<string, RuleRecord>();
  for (const [id, record] of last.records) {
    if (!filesOfRecord(record).has(file)) continue;
    const findings: Finding[] = [];
    for (const f of record.findings) {
      const next = placesIn(f, file) ? moved(f, file, move) : f;
      if (!next) return false;
      findings.push(next);
    }
    records.set(id, { ...record, findings });
  }
  const placed = placesOf(last.linked.graph).get(file) ?? { nodes: [], edges: [] };
  const nodes: Array<() => void> = [];
  for (const node of placed.nodes) {
    const source = node.source && swap(node.source);
    const stage = node.stage && swap(node.stage);
    const mentions = node.mentions.map((m) => (m.file === file ? swap(m) : m));
    if ((node.source && !source) || (node.stage && !stage) || mentions.some((m) => !m)) return false;
    nodes.push(() => {
      node.source = source;
      node.stage = stage;
      node.mentions = mentions as typeof node.mentions;
    });
  }
  for (const edge of placed.edges) {
    const source = swap(edge.source!);
    if (!source) return false;
    nodes.push(() => (edge.source = source));
  }
  for (const apply of nodes) apply();
  last.linked.graph.revision++;
  for (const [id, record] of records) last.records.set(id, record);
  return true;
}

const recordFiles = new WeakMap<RuleRecord, Set<string>>();

/** The files a rule's findings have places in (kept with the record: most records outlive many edits). */
function filesOfRecord(record: RuleRecord): Set<string> {
  let files = recordFiles.get(record);
  if (!files) {
    files = new Set(record.findings.flatMap(filesOfFinding));
    recordFiles.set(record, files);
  }
  return files;
}

const graphPlaces = new WeakMap<SystemGraph, Map<string, { nodes: GraphNode[]; edges: GraphEdge[] }>>();

/**
 * The nodes and edges with places in each file, found once per graph: moving places keeps
 * every place in its file, so the index holds while the graph is reused.
 */
function placesOf(graph: SystemGraph): Map<string, { nodes: GraphNode[]; edges: GraphEdge[] }> {
  let byFile = graphPlaces.get(graph);
  if (byFile) return byFile;
  byFile = new Map();
  const at = (file: string) => {
    let placed = byFile!.get(file);
    if (!placed) byFile!.set(file, (placed = { nodes: [], edges: [] }));
    return placed;
  };
  for (const node of graph.nodes.values()) {
    const files = new Set<string>();
    if (node.source) files.add(node.source.file);
    if (node.stage) files.add(node.stage.range.file);
    for (const m of node.mentions) files.add(m.file);
    for (const file of files) at(file).nodes.push(node);
  }
  for (const edge of graph.edges) if (edge.source) at(edge.source.file).edges.push(edge);
  graphPlaces.set(graph, byFile);
  return byFile;
}

/** The files a finding has places in: its own, its related places', its fixes' edits'. */
function filesOfFinding(f: Finding): string[] {
  return [f.file, ...f.related.map((r) => r.file), ...(f.fixes ?? []).flatMap((x) => x.edits.map((e) => e.file))];
}

/** Whether a finding, its related places or its fixes are in `file`. */
function placesIn(f: Finding, file: string): boolean {
  return filesOfFinding(f).includes(file);
}

/** Half-typed files keep their last good facts, with the new syntax problem; with none, their facts are marked incomplete. */
function accept(entry: FileEntry, facts: FileFacts): void {
  const broken = facts.problems.some((p) => p.syntax);
  if (!broken) entry.lastGood = facts;
  entry.facts = !broken ? facts : entry.lastGood ? { ...entry.lastGood, problems: facts.problems } : { ...facts, incomplete: true };
}

function emptyOf(path: string, adapter: SourceAdapter): FileFacts {
  return emptyFacts(path, adapter.format);
}

function internalProblem(path: string, format: string, e: unknown): ParseProblem {
  const message = e instanceof Error ? e.message : String(e);
  return {
    message: `Loopwise could not read this ${format} file (internal error: ${message}). Other files are still analysed.`,
    range: { file: path, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
    severity: 'warning',
    internal: true,
  };
}

function skippedFacts(path: string, reason: string): FileFacts {
  const facts = emptyFacts(path, 'other');
  facts.problems.push({
    message: reason,
    range: { file: path, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
    severity: 'info',
  });
  return facts;
}
