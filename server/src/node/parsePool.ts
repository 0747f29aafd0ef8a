// Cold indexing on every core: worker threads read and parse files (tree-sitter for Python is
// the expensive part) and send back their Facts; the main thread only links. Used by the CLI
// and the language server when a workspace is big enough for threads to pay off. Siblings
// (params.yaml for a dvc.yaml) are read from disk in the worker and reported back, so the
// Analysis still knows which files depend on which.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { findUp } from './findUp';
import * as path from 'node:path';
import type { FileFacts } from '../engine/model/facts';

export interface ParsedFile {
  path: string;
  text?: string;
  facts?: FileFacts;
  reads?: string[];
  skipped?: string;
}

export interface WorkerRequest {
  root: string;
  maxBytes: number;
  paths: string[];
}

/** Below this many files one thread is faster than starting workers. */
export const MIN_FILES_FOR_WORKERS = 150;
const BATCH = 25;

/**
 * How many parse workers to start. Measured on a 2-core machine, two workers parsed 1,000 DAG
 * files slower than the main thread alone (tree-sitter's WASM tiers up on background threads,
 * which busy workers starve), so workers start at 4 cores. LOOPWISE_PARSE_WORKERS overrides.
 */
export function workerCount(): number {
  const forced = Number(process.env.LOOPWISE_PARSE_WORKERS);
  if (Number.isInteger(forced) && forced >= 0) return forced;
  const cores = availableParallelism();
  return cores >= 4 ? Math.min(cores - 1, 4) : 0;
}

/** dist/parseWorker.js: beside the running bundle, or in the dist/ of the checkout (tests run from out/). */
export function workerScript(): string | undefined {
  return existsSync(path.join(__dirname, 'parseWorker.js')) ? path.join(__dirname, 'parseWorker.js') : findUp(path.join('dist', 'parseWorker.js'));
}

/**
 * Parses `paths` (relative to `root`) on up to one worker per core, calling `onParsed` as
 * batches arrive. Resolves false without parsing when workers are not available (one core,
 * no worker bundle); the caller then parses in its own thread.
 */
export async function parseInWorkers(root: string, paths: string[], maxBytes: number, onParsed: (file: ParsedFile) => void): Promise<boolean> {
  const script = workerScript();
  const threads = Math.min(workerCount(), Math.ceil(paths.length / BATCH));
  if (!script || threads < 2) return false;
  const queue: string[][] = [];
  for (let i = 0; i < paths.length; i += BATCH) queue.push(paths.slice(i, i + BATCH));
  const run = (worker: Worker) =>
    new Promise<void>((resolve, reject) => {
      const next = () => {
        const batch = queue.shift();
        if (!batch) return void worker.terminate().then(() => resolve(), resolve);
        worker.postMessage({ root, maxBytes, paths: batch } satisfies WorkerRequest);
      };
      worker.on('message', (files: ParsedFile[]) => {
        for (const f of files) onParsed(f);
        next();
      });
      worker.once('error', reject);
      next();
    });
  await Promise.all(Array.from({ length: threads }, () => run(new Worker(script))));
  return true;
}
