// Entry of dist/parseWorker.js: parses batches of files for the main thread (see parsePool.ts).
import { parentPort } from 'node:worker_threads';
import * as path from 'node:path';
import { ADAPTERS, detectAdapter, isCandidatePath } from '../engine/sources/index';
import type { SourceAdapter } from '../engine/sources/adapter';
import type { ParsedFile, WorkerRequest } from './parsePool';
import { readTextSync } from './workspace';

const failed = new Set<SourceAdapter>();
const ready = Promise.all(ADAPTERS.map((a) => Promise.resolve(a.init?.()).catch(() => failed.add(a))));


function parseOne(root: string, rel: string, maxBytes: number): ParsedFile {
  const text = readTextSync(path.join(root, rel), maxBytes);
  if (text === undefined) return { path: rel };
  if (typeof text !== 'string') return { path: rel, skipped: text.skipped };
  const adapter = detectAdapter({ path: rel, text });
  if (!adapter || failed.has(adapter)) return { path: rel, text };
  const reads: string[] = [];
  const siblings = {
    read: (p: string) => {
      reads.push(p);
      const sibling = isCandidatePath(p) ? readTextSync(path.join(root, p), maxBytes) : undefined;
      return typeof sibling === 'string' ? sibling : undefined;
    },
  };
  try {
    return { path: rel, text, facts: adapter.parse({ path: rel, text }, siblings), reads };
  } catch {
    return { path: rel, text }; // the main thread parses it again and reports the error
  }
}

parentPort?.on('message', async (request: WorkerRequest) => {
  await ready;
  parentPort!.postMessage(request.paths.map((p) => parseOne(request.root, p, request.maxBytes)));
});
