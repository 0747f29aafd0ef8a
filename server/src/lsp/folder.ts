// One workspace folder: its files on disk, its incremental Analysis, and indexing that keeps
// the server answering requests meanwhile (worker threads, or batches that yield).
import * as path from 'node:path';
import { Analysis, DEFAULT_MAX_FILE_BYTES } from '../engine/analysis';
import { isCandidatePath } from '../engine/sources/index';
import { acceptParsed, addTextsSteps, isSkippedPath, listCandidates } from '../node/workspace';
import { readText, readTextSync } from '../node/readText';
import { parseInWorkers } from '../node/parsePool';
import type { ParsedFile } from '../node/parseFile';
import type { Severity } from '../engine/model/finding';
import type { FactsCache } from '../node/factsCache';

const BATCH = 20;

export class Folder {
  readonly analysis = new Analysis();
  /** Files whose facts the last indexing took from the cache. */
  cached = 0;
  /** Whether the last indexing started from the analysis the cache kept. */
  restored = false;

  constructor(
    readonly root: string,
    private readonly cache?: FactsCache,
  ) {}

  accepts(rel: string): boolean {
    return isCandidatePath(rel) && !isSkippedPath(rel);
  }

  setSeverities(severities: Record<string, Severity | 'off'>): void {
    this.analysis.setSeverities(severities);
  }

  /**
   * With a cache, unchanged files take their facts from it and the rest are parsed here.
   * Without one, big folders are parsed here and on worker threads (from 2 cores), small ones
   * here; this thread works in batches that yield to the event loop, so requests are answered.
   */
  async index(progress: (done: number, total: number) => void): Promise<void> {
    await this.analysis.init();
    const files = await listCandidates(this.root);
    if (this.cache) return this.indexWithCache(files, this.cache, progress);
    let done = 0;
    const onParsed = (f: ParsedFile) => {
      acceptParsed(this.analysis, f);
      if (++done % BATCH === 0 || done === files.length) progress(done, files.length);
    };
    if (await parseInWorkers(this.root, files, DEFAULT_MAX_FILE_BYTES, this.analysis.today(), onParsed).catch(() => false)) return;
    for (let i = 0; i < files.length; i += BATCH) {
      await Promise.all(files.slice(i, i + BATCH).map((rel) => this.reload(rel)));
      for (const rel of files.slice(i, i + BATCH)) this.analysis.factsOf(rel);
      progress(Math.min(i + BATCH, files.length), files.length);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /**
   * Reads every file, takes the cached facts of those unchanged since, and parses the rest: on
   * worker threads when there are enough of them, else here in batches.
   */
  private async indexWithCache(files: string[], cache: FactsCache, progress: (done: number, total: number) => void): Promise<void> {
    const texts = new Map<string, string>();
    // Read synchronously, a batch at a time: small files read faster one after another than
    // through the thread pool's four threads, and the event loop still turns between batches.
    for (let i = 0; i < files.length; i += BATCH * 5) {
      for (const rel of files.slice(i, i + BATCH * 5)) {
        const read = readTextSync(path.join(this.root, rel), DEFAULT_MAX_FILE_BYTES);
        if (typeof read === 'string') texts.set(rel, read);
        else if ('skipped' in read) acceptParsed(this.analysis, { path: rel, skipped: read.skipped });
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    const steps = addTextsSteps(this.analysis, this.root, texts, cache);
    for (let step = steps.next(); ; step = steps.next()) {
      if (step.done) {
        this.cached = step.value;
        break;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    const misses = [...texts.keys()].filter((rel) => !this.analysis.isParsed(rel));
    let done = this.cached;
    const onParsed = (f: ParsedFile) => {
      acceptParsed(this.analysis, f);
      if (++done % BATCH === 0) progress(done, files.length);
    };
    if (!(await parseInWorkers(this.root, misses, DEFAULT_MAX_FILE_BYTES, this.analysis.today(), onParsed).catch(() => false))) {
      const paths = [...texts.keys()];
      for (let i = 0; i < paths.length; i += BATCH) {
        for (const rel of paths.slice(i, i + BATCH)) this.analysis.factsOf(rel); // a cached file is not parsed again
        progress(Math.min(i + BATCH, paths.length), files.length);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    // The last session's analysis: the first run then links and checks only what changed since.
    const snapshot = cache.snapshotOf(this.root);
    this.restored = !!snapshot && this.analysis.restore(snapshot);
    progress(files.length, files.length);
  }

  /** Keeps what this folder parsed for the next session (errors are the caller's to log). */
  saveCache(): void {
    if (!this.cache) return;
    this.cache.remember(this.root, this.analysis);
    this.cache.save();
  }

  /** Reads a file from disk again (after close or an external change); removes it if gone. */
  async reload(rel: string): Promise<void> {
    if (!this.accepts(rel)) return;
    const read = await readText(path.join(this.root, rel), DEFAULT_MAX_FILE_BYTES);
    if (typeof read !== 'string' && 'unreadable' in read) this.analysis.removeFile(rel);
    else acceptParsed(this.analysis, typeof read === 'string' ? { path: rel, text: read } : { path: rel, skipped: read.skipped });
  }

  remove(rel: string): void {
    this.analysis.removeFile(rel);
  }
}
