// Cold indexing on worker threads yields the same facts and findings as one thread.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { generateMonorepo } from '../../bench/generate';
import { loadWorkspace } from '../../server/src/node/workspace';
import { parseInWorkers, workerScript, type ParsedFile } from '../../server/src/node/parsePool';
import { ADAPTERS } from '../../server/src/engine/sources/index';

test('workers parse a workspace exactly as the main thread does', async () => {
  assert.ok(workerScript(), 'the build writes dist/parseWorker.js');
  const dir = mkdtempSync(path.join(tmpdir(), 'loopwise-pool-'));
  process.env.LOOPWISE_PARSE_WORKERS = '2';
  try {
    generateMonorepo(dir, 60);
    const parallel = await loadWorkspace(dir);
    const single = await loadWorkspace(dir, { adapters: ADAPTERS });
    assert.ok(parallel.files >= 150, 'big enough to use workers');
    const sig = (ws: typeof single) => ws.analysis.run().findings.map((f) => `${f.file}:${f.range.start.line} ${f.ruleId} ${f.message}`).sort();
    assert.deepEqual(sig(parallel), sig(single));
    assert.equal(parallel.analysis.run().graph.edges.length, single.analysis.run().graph.edges.length);
    const parsed: ParsedFile[] = [];
    assert.equal(await parseInWorkers(dir, ['pipelines/p0/dvc.yaml', 'dags/p0.py'], 1 << 20, (f) => parsed.push(f)), false, 'two files: not worth threads');
  } finally {
    delete process.env.LOOPWISE_PARSE_WORKERS;
    rmSync(dir, { recursive: true, force: true });
  }
});
