// `loopwise check --cache`: each file's facts are kept on disk between runs, keyed by a hash of
// its text and of the sibling files its parse read (params.yaml for a dvc.yaml), so a run after a
// small change parses only what changed, and its `file`-scope rules' findings are kept with the
// facts (they read nothing else). The last analysis of each root is kept too (AnalysisSnapshot):
// a run that finds the same files starts from it, linking and checking only what changed.
// Like ESLint's .eslintcache, the cache is one file, written by Node's structured serializer
// (facts hold Maps), and thrown away whole when Loopwise itself changes. Its key names the
// installed build (size and time of the running code), so a cache committed to a repository or
// copied from another machine is never trusted: crafted facts could otherwise hide findings.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import * as path from 'node:path';
import type { Analysis, AnalysisSnapshot } from '../engine/analysis';
import type { FileFacts } from '../engine/model/facts';
import type { Finding } from '../engine/model/finding';
import { sameItems } from '../engine/text/collections';

export interface CacheEntry {
  hash: string;
  facts: FileFacts;
  /** Sibling files the parse read, with the hash of the text it saw (null: it was missing). */
  reads: Array<[string, string | null]>;
  /** The `file`-scope rules' findings on the facts, by rule id. */
  fileFindings: Array<[string, Finding[]]>;
}

interface Stored {
  loopwise: string;
  entries: Map<string, CacheEntry>;
  /** The last analysis of each root analysed (absolute path). */
  snapshots: Map<string, AnalysisSnapshot>;
}

function textHash(text: string): string {
  return createHash('sha1').update(text).digest('base64');
}

/** What changes when Loopwise changes: its version and the code that is running. */
function fingerprint(version: string): string {
  try {
    const code = statSync(__filename);
    return `${version} ${code.size} ${code.mtimeMs}`;
  } catch {
    return version;
  }
}

/** Whether a new snapshot holds the same objects as the kept one (a session that changed nothing need not write the cache). */
function sameSnapshot(a: AnalysisSnapshot, b: AnalysisSnapshot): boolean {
  return (
    a.today === b.today &&
    a.truncated === b.truncated &&
    sameItems(a.paths, b.paths) &&
    sameItems([...a.facts.values()], [...b.facts.values()]) &&
    a.texts.size === b.texts.size &&
    [...a.texts].every(([file, text]) => b.texts.get(file) === text) &&
    sameItems(a.nodes, b.nodes) &&
    sameItems(a.edges, b.edges) &&
    sameItems(a.loops, b.loops) &&
    sameItems([...a.records.values()], [...b.records.values()])
  );
}

export class FactsCache {
  private loaded?: Pick<Stored, 'entries' | 'snapshots'>;
  private readonly key: string;
  private dirty = false;
  /** Why the file on disk was not used, if it was not. */
  discarded?: string;

  constructor(
    readonly file: string,
    version: string,
  ) {
    this.key = fingerprint(version);
  }

  /** The cache of one workspace folder, as a file in `storage` (the language server's: one per folder). */
  static forFolder(storage: string, root: string, version: string): FactsCache {
    return new FactsCache(path.join(storage, `facts-${createHash('sha1').update(root).digest('hex').slice(0, 16)}.cache`), version);
  }

  /** Read on first use, so the time shows in the step that needs it. */
  private get entries(): Map<string, CacheEntry> {
    return (this.loaded ??= this.load()).entries;
  }

  private get snapshots(): Map<string, AnalysisSnapshot> {
    return (this.loaded ??= this.load()).snapshots;
  }

  private load(): Pick<Stored, 'entries' | 'snapshots'> {
    let stored: Stored;
    try {
      stored = deserialize(readFileSync(this.file)) as Stored;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.discarded = `unreadable (${(e as Error).message})`;
      return { entries: new Map(), snapshots: new Map() };
    }
    if (stored?.loopwise === this.key && stored.entries instanceof Map && stored.snapshots instanceof Map) return stored;
    this.discarded = 'written by another version of Loopwise';
    return { entries: new Map(), snapshots: new Map() };
  }

  /** The last analysis kept for `root` (absolute), if any. */
  snapshotOf(root: string): AnalysisSnapshot | undefined {
    return this.snapshots.get(root);
  }

  /**
   * The cached facts of `file` (absolute) if its text and every sibling it read are as they
   * were; `textOf` gives the current text of a workspace file by its relative path.
   */
  lookup(file: string, text: string, textOf: (rel: string) => string | undefined): CacheEntry | undefined {
    const entry = this.entries.get(file);
    if (!entry || entry.hash !== textHash(text)) return undefined;
    for (const [rel, hash] of entry.reads) {
      const sibling = textOf(rel);
      if ((sibling === undefined ? null : textHash(sibling)) !== hash) return undefined;
    }
    return entry;
  }

  /** Records every parsed file of `analysis` (rooted at `root`), and forgets files under `root` it no longer has. */
  remember(root: string, analysis: Analysis): void {
    const current = new Set<string>();
    for (const rel of analysis.paths()) {
      const text = analysis.text(rel);
      const facts = analysis.factsOf(rel);
      if (text === undefined || !facts || facts.format === 'other') continue;
      const file = path.join(root, rel);
      current.add(file);
      if (this.entries.get(file)?.facts === facts) continue; // a cache hit, still unchanged: nothing new to hash or store
      const reads = analysis.readsOf(rel).map((p): [string, string | null] => {
        const sibling = analysis.text(p);
        return [p, sibling === undefined ? null : textHash(sibling)];
      });
      this.entries.set(file, { hash: textHash(text), facts, reads, fileFindings: analysis.fileRuleFindings(rel) });
      this.dirty = true;
    }
    const prefix = root.endsWith(path.sep) ? root : root + path.sep;
    for (const file of this.entries.keys()) {
      if (file.startsWith(prefix) && !current.has(file)) {
        this.entries.delete(file);
        this.dirty = true;
      }
    }
    const snapshot = analysis.snapshot();
    const kept = this.snapshots.get(root);
    if (snapshot && !(kept && sameSnapshot(kept, snapshot))) {
      this.snapshots.set(root, snapshot);
      this.dirty = true;
    } else if (!snapshot && kept) {
      this.snapshots.delete(root);
      this.dirty = true;
    }
  }

  /** Writes the cache if anything changed (to a temporary file first, so a crash never leaves half a cache). */
  save(): void {
    if (!this.dirty) return;
    mkdirSync(path.dirname(this.file), { recursive: true });
    this.removeAbandonedTemps();
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, serialize({ loopwise: this.key, entries: this.entries, snapshots: this.snapshots } satisfies Stored));
    renameSync(temp, this.file);
    this.dirty = false;
  }

  /**
   * Temporary files an earlier process left when it was stopped while writing (an editor gives a
   * language server a few seconds to shut down, and a big cache takes that long to write): each
   * is as big as the cache. Those older than ABANDONED_MS are removed; a newer one may be being
   * written by another process.
   */
  private removeAbandonedTemps(): void {
    const dir = path.dirname(this.file);
    const prefix = `${path.basename(this.file)}.`;
    for (const name of readdirSync(dir)) {
      if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
      const temp = path.join(dir, name);
      try {
        if (Date.now() - statSync(temp).mtimeMs > ABANDONED_MS) unlinkSync(temp);
      } catch {
        // gone meanwhile, or not ours to remove: the next save tries again
      }
    }
  }
}

const ABANDONED_MS = 10 * 60 * 1000;
