// `check --cache`: facts kept between runs give the same findings as parsing everything, and a
// file is parsed again exactly when its text or a sibling its parse read has changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FactsCache } from '../../server/src/node/factsCache';
import { loadWorkspace, type LoadedWorkspace } from '../../server/src/node/workspace';
import { fraudExample } from '../helpers/paths';
import { RULES } from '../../server/src/engine/rules/index';

const VERSION = '0.1.0';

function copyOfExample(): { dir: string; cacheFile: string; done: () => void } {
  const tmp = mkdtempSync(path.join(tmpdir(), 'loopwise-cache-'));
  const dir = path.join(tmp, 'repo');
  cpSync(fraudExample(), dir, { recursive: true });
  return { dir, cacheFile: path.join(tmp, 'facts.cache'), done: () => rmSync(tmp, { recursive: true, force: true }) };
}

/** One CLI-like run: load with the cache, analyse, remember, save. */
async function run(
  dir: string,
  cacheFile: string,
  version = VERSION,
): Promise<{ ws: LoadedWorkspace; cache: FactsCache; findings: string[]; parsed: string[] }> {
  const cache = new FactsCache(cacheFile, version);
  const ws = await loadWorkspace(dir, { today: '2026-11-27' }, cache);
  const result = ws.analysis.run();
  cache.remember(ws.root, ws.analysis);
  cache.save();
  const parsed = ws.analysis.timings
    .entries()
    .filter(([step]) => step.startsWith('parse '))
    .map(([step]) => step);
  return {
    ws,
    cache,
    findings: result.findings.map((f) => `${f.file}:${f.range.start.line}:${f.range.start.character} ${f.ruleId} ${f.message}`).sort(),
    parsed,
  };
}

async function uncachedFindings(dir: string): Promise<string[]> {
  const ws = await loadWorkspace(dir, { today: '2026-11-27' });
  return ws.analysis
    .run()
    .findings.map((f) => `${f.file}:${f.range.start.line}:${f.range.start.character} ${f.ruleId} ${f.message}`)
    .sort();
}

test('a second run takes every file from the cache, parses nothing, and finds the same', async () => {
  const { dir, cacheFile, done } = copyOfExample();
  try {
    const first = await run(dir, cacheFile);
    assert.equal(first.ws.cached, 0);
    assert.ok(first.parsed.length > 3, 'the first run parses');
    const second = await run(dir, cacheFile);
    assert.ok(second.ws.cached >= 10, `cached ${second.ws.cached}`);
    assert.deepEqual(second.parsed, [], 'nothing parsed');
    assert.deepEqual(second.findings, first.findings);
    assert.ok(first.findings.length >= 8, 'the example has findings to compare');
    const fileRulesRan = (ws: LoadedWorkspace) => ws.analysis.timings.entries().some(([step]) => step === 'file rules');
    assert.ok(fileRulesRan(first.ws), 'the first run checks the file rules');
    assert.ok(!fileRulesRan(second.ws), 'their findings came with the cached facts');
  } finally {
    done();
  }
});

test('an edited file is parsed again and its findings follow the edit', async () => {
  const { dir, cacheFile, done } = copyOfExample();
  try {
    const first = await run(dir, cacheFile);
    const dag = path.join(dir, 'dags', 'review_labels.py');
    writeFileSync(dag, readFileSync(dag, 'utf8').replace(/fraud\.flagged_transactions/g, 'fraud.flagged_transactions_v2'));
    const second = await run(dir, cacheFile);
    assert.equal(second.ws.cached, first.ws.files - 1 - skippedCount(first.ws));
    assert.deepEqual(second.parsed, ['parse airflow']);
    assert.deepEqual(second.findings, await uncachedFindings(dir));
    assert.notDeepEqual(second.findings, first.findings, 'reading another table breaks the loop');
  } finally {
    done();
  }
});

test('a file whose sibling changed is parsed again (dvc.yaml after params.yaml)', async () => {
  const { dir, cacheFile, done } = copyOfExample();
  try {
    await run(dir, cacheFile);
    const params = path.join(dir, 'params.yaml');
    writeFileSync(params, `${readFileSync(params, 'utf8')}\nextra_setting: 3\n`);
    const second = await run(dir, cacheFile);
    const reparsed = second.parsed.sort();
    assert.ok(reparsed.includes('parse dvc'), `dvc.yaml read params.yaml: ${reparsed.join(', ')}`);
    assert.deepEqual(second.findings, await uncachedFindings(dir));
  } finally {
    done();
  }
});

test('a deleted file leaves the cache and the findings', async () => {
  const { dir, cacheFile, done } = copyOfExample();
  try {
    await run(dir, cacheFile);
    unlinkSync(path.join(dir, 'dags', 'review_labels.py'));
    const second = await run(dir, cacheFile);
    assert.deepEqual(second.findings, await uncachedFindings(dir));
    assert.ok(!second.findings.some((f) => f.startsWith('dags/review_labels.py')));
    const third = await run(dir, cacheFile);
    assert.equal(third.ws.cached, second.ws.cached, 'nothing left to re-parse');
  } finally {
    done();
  }
});

test('a corrupt cache or one from another version is discarded, never trusted, and rewritten', async () => {
  const { dir, cacheFile, done } = copyOfExample();
  try {
    writeFileSync(cacheFile, 'not a cache \u0000\u0001');
    const corrupt = await run(dir, cacheFile);
    assert.match(corrupt.cache.discarded ?? '', /unreadable/);
    assert.equal(corrupt.ws.cached, 0);
    assert.equal((await run(dir, cacheFile)).cache.discarded, undefined, 'rewritten readable');
    const other = await run(dir, cacheFile, '9.9.9');
    assert.match(other.cache.discarded ?? '', /another version/);
    assert.equal(other.ws.cached, 0);
    assert.deepEqual(other.findings, await uncachedFindings(dir));
  } finally {
    done();
  }
});

function skippedCount(ws: LoadedWorkspace): number {
  return ws.analysis.paths().filter((p) => ws.analysis.factsOf(p)?.format === 'other' || !ws.analysis.factsOf(p)).length;
}

test('a run that finds the same files starts from the last analysis: nothing is linked or checked again', async () => {
  const { dir, cacheFile, done } = copyOfExample();
  try {
    const first = await run(dir, cacheFile);
    const second = await run(dir, cacheFile);
    assert.equal(second.ws.analysis.linkCount, 0, 'the graph came from the cache');
    const graphRules = new Set(RULES.filter((r) => r.scope !== 'file').map((r) => `rule ${r.meta.id}`));
    const ran = second.ws.analysis.timings.entries().filter(([step]) => graphRules.has(step));
    assert.deepEqual(ran, [], 'every graph rule reused');
    assert.ok(second.ws.analysis.timings.entries().some(([step]) => step.endsWith('and the last analysis)')));
    assert.deepEqual(second.findings, first.findings);
    const graph = (ws: LoadedWorkspace) => {
      const g = ws.analysis.run().graph;
      return { nodes: [...g.nodes.keys()].sort(), edges: g.edges.map((e) => `${e.from}>${e.to}:${e.kind}`).sort() };
    };
    assert.deepEqual(graph(second.ws), graph(first.ws));
    assert.deepEqual(
      second.ws.analysis.run().loops.map((l) => l.nodes.join('>')),
      first.ws.analysis.run().loops.map((l) => l.nodes.join('>')),
    );
  } finally {
    done();
  }
});

test('after a restart, a change to a file with no facts that a rule read is seen (a config the training stage reads)', async () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'loopwise-cache-'));
  const dir = path.join(tmp, 'repo');
  const cacheFile = path.join(tmp, 'facts.cache');
  try {
    mkdirSync(path.join(dir, 'configs'), { recursive: true });
    writeFileSync(path.join(dir, 'params.yaml'), 'lr: 0.1\n');
    writeFileSync(
      path.join(dir, 'dvc.yaml'),
      'stages:\n  train:\n    cmd: python train.py --config configs/train.yaml\n    deps:\n      - configs/train.yaml\n    params:\n      - lr\n    outs:\n      - models/model.pkl\n',
    );
    writeFileSync(path.join(dir, 'configs/train.yaml'), 'trainer:\n  max_epochs: 3\n');
    const unseeded = (r: { findings: string[] }) => r.findings.filter((f) => f.includes('config/unseeded-training'));
    const first = await run(dir, cacheFile);
    assert.equal(unseeded(first).length, 1, first.findings.join('\n'));
    writeFileSync(path.join(dir, 'configs/train.yaml'), 'seed_everything: 42\ntrainer:\n  max_epochs: 3\n');
    const second = await run(dir, cacheFile);
    assert.ok(
      second.ws.analysis.timings.entries().some(([step]) => step.endsWith('and the last analysis)')),
      'restored',
    );
    assert.deepEqual(unseeded(second), [], 'the seed in the config is seen');
    assert.deepEqual(second.findings, await uncachedFindings(dir));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('the last analysis is not used for another set of files or on another day', async () => {
  const { dir, cacheFile, done } = copyOfExample();
  try {
    await run(dir, cacheFile);
    writeFileSync(path.join(dir, 'dags', 'new_dag.py'), 'from airflow import DAG\n');
    const added = await run(dir, cacheFile);
    assert.ok(added.ws.analysis.linkCount > 0, 'a new file: linked again');
    assert.deepEqual(added.findings, await uncachedFindings(dir));
    const cache = new FactsCache(cacheFile, VERSION);
    const tomorrow = await loadWorkspace(dir, { today: '2026-11-28' }, cache);
    tomorrow.analysis.run();
    assert.ok(tomorrow.analysis.linkCount > 0, 'another day: rules that read the date run again');
  } finally {
    done();
  }
});

test('writing the cache removes temporary files an earlier process abandoned, not one being written', async () => {
  const { dir, cacheFile, done } = copyOfExample();
  try {
    const abandoned = `${cacheFile}.12345.tmp`;
    const recent = `${cacheFile}.23456.tmp`;
    writeFileSync(abandoned, 'half a cache');
    writeFileSync(recent, 'another process is writing');
    const hourAgo = new Date(Date.now() - 60 * 60 * 1000);
    utimesSync(abandoned, hourAgo, hourAgo);
    await run(dir, cacheFile);
    assert.ok(!existsSync(abandoned), 'the abandoned one is gone');
    assert.ok(existsSync(recent), 'a recent one may be another writer: kept');
    assert.ok(existsSync(cacheFile));
  } finally {
    done();
  }
});
