// Loads a workspace from disk for the CLI: walks folders (skipping vendored and generated
// ones, never following a symlink twice nor out of the workspace), reads only files some adapter may want.
import { readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import * as path from 'node:path';
import ignore from 'ignore';
import { Analysis, DEFAULT_MAX_FILE_BYTES, type AnalysisOptions } from '../engine/analysis';
import { isCandidatePath, isLockFile } from '../engine/sources/index';
import { parseInWorkers, poolLabel } from './parsePool';
import type { ParsedFile } from './parseFile';
import { readTextSync } from './readText';
import './pythonWasm'; // tells the engine where tree-sitter's WASM files are
import { isWithin } from './boundary';
import type { CacheEntry, FactsCache } from './factsCache';
import { drain } from '../engine/steps';

const SKIP_DIRS = new Set([
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  '.venv',
  'venv',
  '__pycache__',
  '.tox',
  '.mypy_cache',
  '.pytest_cache',
  'dist',
  'out',
  '.dvc',
  'site-packages',
  '.idea',
  '.vscode-test',
  'mlruns',
  'wandb',
]);
const MAX_FILES = 50_000;

/**
 * A Python environment folder: `pyvenv.cfg` marks a virtualenv (PEP 405), `conda-meta/` a conda
 * environment. Detected by content, because `env/` is also a common config folder name (Hydra groups).
 */
function isPythonEnvironmentMarker(entry: { name: string }): boolean {
  return entry.name === 'pyvenv.cfg' || entry.name === 'conda-meta';
}

/**
 * setuptools' build output (`build/lib`, `build/lib.linux-x86_64-3.11`, `build/bdist.*`, `build/temp.*`,
 * `build/scripts-3.11`): copies of the package's sources, read once already. A `build/` folder is
 * otherwise read, because it is also where teams keep their CI and Cloud Build configs.
 */
const BUILD_OUTPUT = /^(lib|bdist|temp|scripts)([.-]|$)/;

function isSkippedFolder(parts: readonly string[], i: number): boolean {
  return SKIP_DIRS.has(parts[i]) || (i > 0 && parts[i - 1] === 'build' && BUILD_OUTPUT.test(parts[i]));
}

/** Whether a workspace-relative path lies in a folder indexing skips (vendored, generated, VCS). */
export function isSkippedPath(rel: string): boolean {
  if (/(^|\/)\.dvc\/config$/.test(rel)) return isSkippedPath(rel.slice(0, -'.dvc/config'.length) + 'x');
  const parts = rel.split('/');
  return parts.slice(0, -1).some((_, i) => isSkippedFolder(parts, i));
}

/** A `build/` folder the `.gitignore` next to it ignores is generated output (the common `build/` line of Python projects). */
function isIgnoredBuildFolder(dir: string, name: string): boolean {
  if (name !== 'build') return false;
  const text = orUndefined(() => readFileSync(path.join(dir, '.gitignore'), 'utf8')) ?? '';
  return text !== '' && ignore().add(text).ignores('build/');
}

function orUndefined<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** Folders listed between pauses of the walk: listing is synchronous (a thread-pool round trip per folder cost more than the listing), the server still answers between. */
const FOLDERS_PER_PAUSE = 200;

export interface LoadedWorkspace {
  root: string;
  analysis: Analysis;
  files: number;
  /** Files whose facts came from the cache. */
  cached: number;
  notices: string[];
  /** Symlinks out of the workspace (not read) and files or folders that could not be read. */
  walk: WalkReport;
}

export async function loadWorkspace(root: string, options: AnalysisOptions = {}, cache?: FactsCache): Promise<LoadedWorkspace> {
  const analysis = new Analysis(options);
  const notices: string[] = [];
  const absRoot = path.resolve(root);
  const t = analysis.timings;
  let start = performance.now();
  const walk: WalkReport = { outside: [], unreadable: [] };
  const paths = await listCandidates(absRoot, notices, walk);
  t.add('find files', performance.now() - start);
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  start = performance.now();
  let cached = 0;
  const parallel =
    !cache &&
    !options.adapters &&
    !options.rules &&
    (await parseInWorkers(absRoot, paths, maxBytes, analysis.today(), (f) => acceptParsed(analysis, f, walk.unreadable)).catch(
      () => false,
    ));
  if (parallel) t.add(`read and parse (${poolLabel()})`, performance.now() - start);
  else {
    const { texts, skipped, unreadable } = readTexts(absRoot, paths, maxBytes);
    for (const [rel, reason] of skipped) acceptParsed(analysis, { path: rel, skipped: reason });
    walk.unreadable.push(...unreadable);
    cached = addTexts(analysis, absRoot, texts, cache);
    const snapshot = cache?.snapshotOf(absRoot);
    const restored = !!snapshot && analysis.restore(snapshot);
    t.add(
      cache ? `read (${cached} of ${texts.size} from the cache${restored ? ', and the last analysis' : ''})` : 'read',
      performance.now() - start,
    );
  }
  start = performance.now();
  await analysis.init();
  t.add('start parsers', performance.now() - start);
  walk.unreadable.sort((a, b) => a.path.localeCompare(b.path));
  if (walk.unreadable.length)
    notices.push(
      `Could not read ${walk.unreadable.length} file${walk.unreadable.length === 1 ? '' : 's'} or folder${walk.unreadable.length === 1 ? '' : 's'}: ${walk.unreadable.map((u) => `${u.path} (${u.reason})`).join(', ')}.`,
    );
  return { root: absRoot, analysis, files: paths.length, cached, notices, walk };
}

/**
 * One read after another: the CLI waits for all of them anyway, and a thousand reads in
 * flight at once measured twice as slow as a plain loop.
 */
function readTexts(
  root: string,
  paths: string[],
  maxBytes: number,
): { texts: Map<string, string>; skipped: Array<[string, string]>; unreadable: WalkReport['unreadable'] } {
  const texts = new Map<string, string>();
  const skipped: Array<[string, string]> = [];
  const unreadable: WalkReport['unreadable'] = [];
  for (const rel of paths) {
    const read = readTextSync(path.join(root, rel), maxBytes);
    if (typeof read === 'string') texts.set(rel, read);
    else if ('skipped' in read) skipped.push([rel, read.skipped]);
    else unreadable.push({ path: rel, reason: read.unreadable });
  }
  return { texts, skipped, unreadable };
}

/**
 * Puts files into the analysis; with a cache, those whose text and siblings are as the cache
 * saw them come with their facts. Returns how many did.
 */
export function addTexts(analysis: Analysis, root: string, texts: Map<string, string>, cache?: FactsCache): number {
  return drain(addTextsSteps(analysis, root, texts, cache));
}

/** Files put in per step of addTextsSteps: a server answers requests between steps. */
const FILES_PER_STEP = 500;

/** The same, pausing (`yield`) every few hundred files. */
export function* addTextsSteps(analysis: Analysis, root: string, texts: Map<string, string>, cache?: FactsCache): Generator<void, number> {
  const hits: Array<{ rel: string; text: string; entry: CacheEntry }> = [];
  let done = 0;
  for (const [rel, text] of texts) {
    const entry = cache?.lookup(path.join(root, rel), text, (p) => texts.get(p));
    if (entry) hits.push({ rel, text, entry });
    if (++done % FILES_PER_STEP === 0) yield;
  }
  const hit = new Set(hits.map((h) => h.rel));
  // Changed files first: setting a file marks the files that read it for a new parse, and a
  // hit's siblings are as it saw them, so hits go in after and stay parsed.
  for (const [rel, text] of texts) if (!hit.has(rel)) analysis.setFile(rel, text);
  for (const { rel, text, entry } of hits) {
    analysis.setParsed(
      rel,
      text,
      entry.facts,
      entry.reads.map(([p]) => p),
      entry.fileFindings,
    );
    if (++done % FILES_PER_STEP === 0) yield;
  }
  return hits.length;
}

/** A file a worker parsed (or only read) becomes part of the Analysis; a lock file too big to read is not worth a notice. */
export function acceptParsed(analysis: Analysis, f: ParsedFile, unreadable?: WalkReport['unreadable']): void {
  if (f.unreadable !== undefined) unreadable?.push({ path: f.path, reason: f.unreadable });
  else if (f.skipped) {
    if (!isLockFile(path.basename(f.path))) analysis.skipFile(f.path, f.skipped);
  } else if (f.text !== undefined && f.facts) analysis.setParsed(f.path, f.text, f.facts, f.reads ?? [], f.fileFindings);
  else if (f.text !== undefined) analysis.setFile(f.path, f.text);
}

/** What the walk found besides candidate files: links out of the workspace, folders it could not read. */
export interface WalkReport {
  /** Workspace-relative paths of symlinks that resolve outside the root, with their targets. */
  outside: Array<{ path: string; target: string }>;
  /** Workspace-relative folders and files that could not be read, with the reason. */
  unreadable: Array<{ path: string; reason: string }>;
}

/** An analysed root that cannot be listed: the CLI reports it as an error, never as "no findings". */
export class UnreadableRootError extends Error {}

export async function listCandidates(absRoot: string, notices: string[] = [], report?: WalkReport): Promise<string[]> {
  const out: string[] = [];
  const visited = new Set<string>();
  let folders = 0;
  const walk = async (dir: string, rel: string): Promise<void> => {
    if (++folders % FOLDERS_PER_PAUSE === 0) await new Promise((resolve) => setImmediate(resolve));
    let real: string;
    try {
      real = realpathSync(dir);
    } catch (e) {
      report?.unreadable.push({ path: rel || '.', reason: errorCode(e) });
      return;
    }
    if (visited.has(real)) return; // symlink loop or a folder reached twice
    visited.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      if (rel === '') throw new UnreadableRootError(`Cannot read the folder ${absRoot}: ${errorCode(e)}`);
      if (report) report.unreadable.push({ path: rel, reason: errorCode(e) });
      else notices.push(`Cannot read folder ${rel}: ${(e as Error).message}`);
      return;
    }
    if (rel && entries.some(isPythonEnvironmentMarker)) return; // a virtualenv or conda env, whatever its name
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (out.length >= MAX_FILES) {
        notices.push(`Stopped after ${MAX_FILES} candidate files.`);
        return;
      }
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      const child = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = orUndefined(() => realpathSync(child));
        if (target === undefined) continue; // a dangling link: nothing to read
        if (!isWithin(absRoot, target)) {
          if (!SKIP_DIRS.has(entry.name)) report?.outside.push({ path: childRel, target });
          continue;
        }
        const stat = orUndefined(() => statSync(child));
        isDir = !!stat?.isDirectory();
        isFile = !!stat?.isFile();
      }
      if (isDir && entry.name === '.dvc') listDvcConfig(child, childRel, out);
      else if (isDir && !isSkippedPath(`${childRel}/x`) && !isIgnoredBuildFolder(dir, entry.name)) await walk(child, childRel);
      else if (isFile && isCandidatePath(childRel)) out.push(childRel);
    }
  };
  await walk(absRoot, '');
  if (report?.outside.length)
    notices.push(
      `Not read: ${report.outside.length} symlink${report.outside.length === 1 ? '' : 's'} lead${report.outside.length === 1 ? 's' : ''} outside the workspace (${report.outside.map((o) => `${o.path} -> ${o.target}`).join(', ')}).`,
    );
  return out;
}

function errorCode(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ?? err.message ?? String(e);
}

/** A DVC repository's `.dvc/` is not walked (its cache is huge), but its config marks the repository's root. */
function listDvcConfig(dir: string, rel: string, out: string[]): void {
  if (orUndefined(() => statSync(path.join(dir, 'config')))?.isFile()) out.push(`${rel}/config`);
}
