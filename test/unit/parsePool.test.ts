// Cold indexing on worker threads yields the same facts and findings as one thread.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { generateMonorepo } from '../../bench/generate';
import { acceptParsed, loadWorkspace } from '../../server/src/node/workspace';
import { Analysis } from '../../server/src/engine/analysis';
import { parseInWorkers, workerScript } from '../../server/src/node/parsePool';
import { initAdapters, parseFileAt, type ParsedFile } from '../../server/src/node/parseFile';
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
      await parseInWorkers(dir, ['pipelines/p0/dvc.yaml', 'dags/p0.py'], 1 << 20, '2026-01-01', (f) => parsed.push(f)),
      false,
      'two files: not worth threads',
    );
    const yaml = parallel.analysis.paths().filter((p) => !p.endsWith('.py'));
    assert.ok(yaml.length >= 150);
    assert.equal(
      await parseInWorkers(dir, yaml.slice(0, 300), 1 << 20, '2026-01-01', (f) => parsed.push(f)),
      false,
      '300 files: parsed on this thread',
    );
    assert.equal(parsed.length, 0);
  } finally {
    delete process.env.LOOPWISE_PARSE_WORKERS;
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a file parsed away from the Analysis comes with its file rules' findings, which the Analysis keeps", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'loopwise-pool-'));
  try {
    const workflow = [
      'on: push',
      'jobs:',
      '  deploy:',
      '    runs_on: ubuntu-latest',
      '    steps:',
      "      - if: ${{ github.ref }} == 'refs/heads/main'",
      '        run: echo deploy',
      '',
    ].join('\n');
    mkdirSync(path.join(dir, '.github/workflows'), { recursive: true });
    writeFileSync(path.join(dir, '.github/workflows/ci.yml'), workflow);
    const failed = await initAdapters();
    const parsed = parseFileAt(dir, '.github/workflows/ci.yml', 1 << 20, failed, '2026-01-01');
    const ids = new Map(parsed.fileFindings);
    assert.equal(ids.get('config/unknown-key')?.length, 1, 'runs_on is not a key of a job');
    assert.equal(ids.get('config/constant-condition')?.length, 1, 'the condition is a non-empty string');
    const here = new Analysis({ today: '2026-01-01' });
    here.setFile('.github/workflows/ci.yml', workflow);
    const given = new Analysis({ today: '2026-01-01' });
    acceptParsed(given, parsed);
    const sig = (a: Analysis) => a.run().findings.map((f) => `${f.ruleId} ${f.range.start.line} ${f.message}`);
    assert.deepEqual(sig(given), sig(here));
    assert.ok(!given.timings.entries().some(([step]) => step === 'file rules'), 'the findings that came with the facts are used');
    assert.ok(here.timings.entries().some(([step]) => step === 'file rules'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
