// Where the time went: the engine's step timings and the `--timing` table the CLI prints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Timings } from '../../server/src/engine/timings';
import { Analysis } from '../../server/src/engine/analysis';
import { formatTimings } from '../../server/src/cli/format/timing';

test('Timings sums a step over calls, keeps first-recorded order, and times work that throws', () => {
  const t = new Timings();
  t.add('link', 5);
  t.add('loops', 2);
  t.add('link', 7);
  assert.throws(() =>
    t.time('rule a', () => {
      throw new Error('boom');
    }),
  );
  assert.deepEqual(
    t.entries().map(([step]) => step),
    ['link', 'loops', 'rule a'],
  );
  assert.equal(t.get('link'), 12);
  assert.equal(t.get('never'), 0);
});

test('an analysis records parsing per format, linking, loops, each rule and suppressions', async () => {
  const analysis = new Analysis({ today: '2026-01-01' });
  analysis.setFile('dvc.yaml', 'stages:\n  train:\n    cmd: python train.py\n    deps: [data/x.csv]\n    outs: [model.pkl]\n');
  await analysis.init();
  analysis.run();
  const steps = analysis.timings.entries().map(([step]) => step);
  for (const step of ['parse dvc', 'link', 'loops', 'suppressions']) assert.ok(steps.includes(step), `${step} in ${steps.join(', ')}`);
  assert.ok(steps.filter((s) => s.startsWith('rule ')).length >= 30, 'one entry per rule');
});

test('the table sums rules into one line, names the slowest under it, and ends with the total', () => {
  const out = formatTimings(
    'repo (3 files)',
    [
      ['read', 10],
      ['parse airflow', 100],
      ['link', 20],
      ['rule a/slow', 30],
      ['rule b/fast', 1],
      ['rule c/mid', 5],
      ['suppressions', 2],
    ],
    2,
  );
  const lines = out.trimEnd().split('\n');
  assert.equal(lines[0], 'Loopwise timing for repo (3 files)');
  assert.deepEqual(
    lines.slice(1).map((l) => l.trim().replace(/\s+/g, ' ')),
    [
      'read 10 ms',
      'parse airflow 100 ms',
      'link 20 ms',
      'rules (3) 36 ms',
      'a/slow 30 ms',
      'c/mid 5 ms',
      'suppressions 2 ms',
      'total 168 ms',
    ],
  );
});
