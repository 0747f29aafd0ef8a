// Cold indexing on every core: the main thread and worker threads take batches of files from
// one queue, read and parse them and check the `file`-scope rules on them, and the main thread
// puts the facts and findings into the Analysis, which then only links. Used by the CLI and the
// language server for big workspaces. Siblings (params.yaml for a dvc.yaml) are read from disk
// where the file is parsed and reported back, so the Analysis still knows which files depend
// on which.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { findUp } from './findUp';
import * as path from 'node:path';
import { initAdapters, parseFileAt, type ParsedFile } from './parseFile';
import type { SourceAdapter } from '../engine/sources/adapter';

export interface WorkerRequest {
  root: string;
  maxBytes: number;
  /** The date rules judge by (YYYY-MM-DD). */
  today: string;
  paths: string[];
}

/** Below this many files one thread is faster than starting workers (a worker takes ~150 ms to load). */
const MIN_FILES_FOR_WORKERS = 400;
/** Files per batch: small enough that the main thread answers requests between batches, and the last batches even out the threads. */
const BATCH = 25;

/**
 * Worker threads to start beside the main thread: one per further core, at most four.
 * LOOPWISE_PARSE_WORKERS overrides (0: the main thread alone).
 */
export function workerCount(): number {
  const forced = Number(process.env.LOOPWISE_PARSE_WORKERS);
  if (Number.isInteger(forced) && forced >= 0) return forced;
  return Math.min(availableParallelism() - 1, 4);
}

/** How `loopwise check --timing` names the threads that read and parse. */
export function poolLabel(): string {
  const n = workerCount();
  return `main thread + ${n} worker${n === 1 ? '' : 's'}`;
}

/** dist/parseWorker.js: beside the running bundle, or in the dist/ of the checkout (tests run from out/). */
export function workerScript(): string | undefined {
  return existsSync(path.join(__dirname, 'parseWorker.js'))
    ? path.join(__dirname, 'parseWorker.js')
    : findUp(path.join('dist', 'parseWorker.js'));
}

/**
 * Parses `paths` (relative to `root`) on this thread and up to `workerCount()` workers,
 * calling `onParsed` for each file. Every file goes to one shared queue: copying a file's
 * facts and findings from a worker (structured clone) costs this thread about a fifth of
 * parsing the file and checking it. Python goes first, its parse being the dearest, so the
 * threads even out on the YAML. This thread takes one batch at a time and lets the event loop
 * run between batches, so workers' results arrive and a server keeps answering. Resolves false
 * without parsing when workers would not pay (too few files, one core, no worker bundle); the
 * caller then parses in its own way.
 */
export async function parseInWorkers(
  root: string,
  paths: string[],
  maxBytes: number,
  today: string,
  onParsed: (file: ParsedFile) => void,
): Promise<boolean> {
  const threads = Math.min(workerCount(), Math.ceil(paths.length / BATCH) - 1);
  if (paths.length < MIN_FILES_FOR_WORKERS || threads < 1) return false;
  const script = workerScript();
  if (!script) return false;
  const python = paths.filter((p) => p.endsWith('.py'));
  const shared = [...batches(python), ...batches(paths.filter((p) => !p.endsWith('.py')))];
  const ready = initAdapters();
  const workers = Array.from({ length: threads }, () => drainOnWorker(new Worker(script), shared, { root, maxBytes, today }, onParsed));
  try {
    await Promise.all([...workers, drainHere(shared, root, maxBytes, today, ready, onParsed)]);
  } catch (error) {
    shared.length = 0; // the caller parses everything again: stop handing out batches
    throw error;
  }
  return true;
}

function batches(paths: string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < paths.length; i += BATCH) out.push(paths.slice(i, i + BATCH));
  return out;
}

/** Keeps two batches in flight, so the worker never waits for this thread to hand it the next. */
function drainOnWorker(
  worker: Worker,
  queue: string[][],
  request: Omit<WorkerRequest, 'paths'>,
  onParsed: (file: ParsedFile) => void,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let inFlight = 0;
    let done = false;
    const next = () => {
      const batch = queue.shift();
      if (batch) {
        inFlight++;
        worker.postMessage({ ...request, paths: batch } satisfies WorkerRequest);
      } else if (inFlight === 0) {
        done = true;
        void worker.terminate().then(() => resolve(), resolve);
      }
    };
    worker.on('message', (files: ParsedFile[]) => {
      inFlight--;
      next();
      for (const f of files) onParsed(f);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => done || reject(new Error(`parse worker exited with code ${code}`)));
    next();
    next();
  });
}

/** Empties the queue, one batch at a time. */
async function drainHere(
  queue: string[][],
  root: string,
  maxBytes: number,
  today: string,
  ready: Promise<ReadonlySet<SourceAdapter>>,
  onParsed: (file: ParsedFile) => void,
): Promise<void> {
  const failed = await ready;
  const pause = () => new Promise((resolve) => setImmediate(resolve));
  for (;;) {
    await pause();
    const batch = queue.shift();
    if (!batch) return;
    // A batch of Python files is a hundred milliseconds of parsing: requests are answered within it.
    let turn = performance.now();
    for (const rel of batch) {
      onParsed(parseFileAt(root, rel, maxBytes, failed, today));
      if (performance.now() - turn < TURN_MS) continue;
      await pause();
      turn = performance.now();
    }
  }
}

/** This thread's longest stretch of parsing between two turns of the event loop. */
const TURN_MS = 10;
