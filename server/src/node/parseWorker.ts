// Entry of dist/parseWorker.js: parses batches of files for the main thread (see parsePool.ts).
import { parentPort } from 'node:worker_threads';
import { initAdapters, parseFileAt } from './parseFile';
import type { WorkerRequest } from './parsePool';

const ready = initAdapters();

parentPort?.on('message', async (request: WorkerRequest) => {
  const failed = await ready;
  parentPort!.postMessage(request.paths.map((p) => parseFileAt(request.root, p, request.maxBytes, failed, request.today)));
});
