// Entry of dist/parseWorker.js: parses batches of files for the main thread (see parsePool.ts).
import { parentPort } from 'node:worker_threads';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { ADAPTERS, detectAdapter, isCandidatePath } from '../engine/sources/index';
import type { SourceAdapter } from '../engine/sources/adapter';
import type { ParsedFile, WorkerRequest } from './parsePool';

const failed = new Set<SourceAdapter>();
const ready = Promise.all(ADAPTERS.map((a) => Promise.resolve(a.init?.()).catch(() => failed.add(a))));

function read(file: string, maxBytes: number): string | { skipped: string } | undefined {
  try {
    const size = statSync(file).size;
    if (size > maxBytes) return { skipped: `File skipped: it is ${Math.round(size / 1024)} KiB, over Loopwise's limit of ${Math.round(maxBytes / 1024)} KiB for pipeline files.` };
    const buf = readFileSync(file);
    if (buf.subarray(0, 8000).includes(0)) return { skipped: 'File skipped: it looks binary.' };
    return buf.toString('utf8');
  } catch {
    return undefined;
  }
}

function parseOne(root: string, rel: string, maxBytes: number): ParsedFile {
  const text = read(path.join(root, rel), maxBytes);
  if (text === undefined) return { path: rel };
  if (typeof text !== 'string') return { path: rel, skipped: text.skipped };
  const adapter = detectAdapter({ path: rel, text });
  if (!adapter || failed.has(adapter)) return { path: rel, text };
  const reads: string[] = [];
  const siblings = {
    read: (p: string) => {
      reads.push(p);
      const sibling = isCandidatePath(p) ? read(path.join(root, p), maxBytes) : undefined;
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
