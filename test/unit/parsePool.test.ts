// Cold indexing on worker threads yields the same facts and findings as one thread.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { generateMonorepo } from '../../bench/generate';
import { loadWorkspace } from '../../server/src/node/workspace';
import { parseInWorkers, workerScript } from '../../server/src/node/parsePool';
import { initAdapters, parseFileAt, readFacts, type ParsedFile } from '../../server/src/node/parseFile';
import { ADAPTERS } from '../../server/src/engine/sources/index';

test('workers parse a workspace exactly as the main thread does', async () => {
  assert.ok(workerScript(), 'the build writes dist/parseWorker.js');
  const dir = mkdtempSync(path.join(tmpdir(), 'loopwise-pool-'));
  process.env.LOOPWISE_PARSE_WORKERS = '1';
  try {
    generateMonorepo(dir, 300);
    const parallel = await loadWorkspace(dir);
    const single = await loadWorkspace(dir, { adapters: ADAPTERS });
    assert.ok(
      parallel.analysis.timings.entries().some(([step]) => step === 'read and parse (main thread + 1 worker)'),
      'the pool ran',
    );
    const sig = (ws: typeof single) =>
      ws.analysis
        .run()
        .findings.map((f) => `${f.file}:${f.range.start.line} ${f.ruleId} ${f.message}`)
        .sort();
    assert.deepEqual(sig(parallel), sig(single));
    assert.equal(parallel.analysis.run().graph.edges.length, single.analysis.run().graph.edges.length);
    const parsed: ParsedFile[] = [];
    assert.equal(
      await parseInWorkers(dir, ['pipelines/p0/dvc.yaml', 'dags/p0.py'], 1 << 20, (f) => parsed.push(f)),
      false,
      'two files: not worth threads',
    );
    const yaml = parallel.analysis.paths().filter((p) => !p.endsWith('.py'));
    assert.ok(yaml.length >= 150);
    assert.equal(await parseInWorkers(dir, yaml, 1 << 20, (f) => parsed.push(f)), false, 'YAML only: parsed on this thread');
    assert.equal(parsed.length, 0);
  } finally {
    delete process.env.LOOPWISE_PARSE_WORKERS;
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a worker sends a DAG back as its syntax tree, which reads into the same facts', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'loopwise-pool-'));
  try {
    generateMonorepo(dir, 2);
    const failed = await initAdapters();
    const dag = parseFileAt(dir, 'dags/p0.py', 1 << 20, failed, true);
    assert.ok(dag.pythonTree && !dag.facts, 'a tree, not facts');
    const here = parseFileAt(dir, 'dags/p0.py', 1 << 20, failed);
    assert.ok(here.facts && here.facts.stages.length > 0);
    assert.deepEqual(readFacts(dir, dag, 1 << 20).facts, here.facts);
    const yaml = parseFileAt(dir, 'pipelines/p0/dvc.yaml', 1 << 20, failed, true);
    assert.ok(yaml.facts && !yaml.pythonTree, 'YAML comes back as facts');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
