// Cold indexing on every core: the main thread and worker threads take batches of Python files
// from one queue, read and parse them (tree-sitter is the expensive part), and the main thread
// puts the facts into the Analysis, which then only links. Used by the CLI and the
// language server for big workspaces. Siblings (params.yaml for a dvc.yaml) are read from disk
// where the file is parsed and reported back, so the Analysis still knows which files depend
// on which.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { findUp } from './findUp';
import * as path from 'node:path';
import { initAdapters, parseFileAt, readFacts, type ParsedFile } from './parseFile';
import type { SourceAdapter } from '../engine/sources/adapter';

export interface WorkerRequest {
  root: string;
  maxBytes: number;
  paths: string[];
}

/** Below this many Python files one thread is faster than starting workers. */
const MIN_FILES_FOR_WORKERS = 150;
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
 * calling `onParsed` for each file. Only Python files go to workers: tree-sitter's parse is
 * what is worth spreading, and a worker sends each back as its packed syntax tree, which this
 * thread reads into facts (see parseFile.ts). YAML and the rest parse here: they are cheap to
 * parse and their facts would cost as much to copy between threads. This thread takes one
 * batch at a time (its own files first, then Python) and lets the event loop run between
 * batches, so workers' results arrive and a server keeps answering. Resolves false without
 * parsing when workers would not pay (too few Python files, one core, no worker bundle); the
 * caller then parses in its own way.
 */
export async function parseInWorkers(
  root: string,
  paths: string[],
  maxBytes: number,
  onParsed: (file: ParsedFile) => void,
): Promise<boolean> {
  const python = paths.filter((p) => p.endsWith('.py'));
  const threads = Math.min(workerCount(), Math.ceil(python.length / BATCH) - 1);
  if (python.length < MIN_FILES_FOR_WORKERS || threads < 1) return false;
  const script = workerScript();
  if (!script) return false;
  const shared = batches(python);
  const own = batches(paths.filter((p) => !p.endsWith('.py')));
  const ready = initAdapters();
  const fromWorker = (f: ParsedFile) => onParsed(f.pythonTree ? readFacts(root, f, maxBytes) : f);
  const workers = Array.from({ length: threads }, () => drainOnWorker(new Worker(script), shared, { root, maxBytes }, ready, fromWorker));
  try {
    await Promise.all([...workers, drainHere([own, shared], root, maxBytes, ready, onParsed)]);
  } catch (error) {
    own.length = shared.length = 0; // the caller parses everything again: stop handing out batches
    throw error;
  }
  return true;
}

function batches(paths: string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < paths.length; i += BATCH) out.push(paths.slice(i, i + BATCH));
  return out;
}

/**
 * Keeps two batches in flight, so the worker never waits for this thread to hand it the next.
 * Results are read once this thread's adapters are ready (they read the trees).
 */
function drainOnWorker(
  worker: Worker,
  queue: string[][],
  request: Omit<WorkerRequest, 'paths'>,
  ready: Promise<unknown>,
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
      void ready.then(() => {
        inFlight--;
        for (const f of files) onParsed(f);
        next();
      });
    });
    worker.once('error', reject);
    worker.once('exit', (code) => done || reject(new Error(`parse worker exited with code ${code}`)));
    next();
    next();
  });
}

/** Empties the queues in order, one batch at a time. */
async function drainHere(
  queues: string[][][],
  root: string,
  maxBytes: number,
  ready: Promise<ReadonlySet<SourceAdapter>>,
  onParsed: (file: ParsedFile) => void,
): Promise<void> {
  const failed = await ready;
  for (;;) {
    await new Promise((resolve) => setImmediate(resolve));
    const batch = queues.find((q) => q.length > 0)?.shift();
    if (!batch) return;
    for (const rel of batch) onParsed(parseFileAt(root, rel, maxBytes, failed));
  }
}
