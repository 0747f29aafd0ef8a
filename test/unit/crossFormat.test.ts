// A feedback loop that closes across four formats: KServe writes predictions to a table, an
// Airflow DAG joins them with chargeback labels, DVC trains on the result, GitHub Actions
// deploys the model the KServe predictor loads. The loop is reported with every hop in
// order, each with its file and range.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadWorkspace } from '../../server/src/node/workspace';
import { repoRoot } from '../helpers/paths';

test('the loop across KServe, Airflow, DVC and GitHub Actions is found with all hops in order', async () => {
  const ws = await loadWorkspace(path.join(repoRoot(), 'test', 'fixtures', 'cross-format'), { today: '2026-11-27' });
  const result = ws.analysis.run();
  assert.equal(result.loops.length, 1);
  const loop = result.findings.find((f) => f.ruleId === 'feedback/undocumented-loop');
  assert.ok(loop, 'the loop is reported');
  assert.equal(`${loop.file}:${loop.range.start.line + 1}`, 'dvc.yaml:5', 'reported where the labels enter training');
  assert.match(
    loop.message,
    /the model's output `risk\.predictions` comes back as `s3:\/\/lake\/risk\/training\.parquet`, read here, through 6 stages in 4 files\./,
  );
  // The chain, hop by hop, in the related locations: each hop starts where the previous one ended.
  const chain = loop.related.map(
    (r) => / (is read by|writes) /.exec(r.message) && r.message.replace(/^hop \d+: /, '').split(/ is read by | writes /),
  );
  assert.deepEqual(
    chain.map((c) => c![0]),
    [
      's3://lake/risk/training.parquet',
      'train (dvc.yaml)',
      'models/risk.pkl',
      'deploy (.github/workflows/deploy.yml)',
      's3://models/risk/v3/model.pkl',
      'predictor (serving/risk-scorer.yaml)',
      'predictor.response',
      'transformer (serving/risk-scorer.yaml)',
      'risk.predictions',
      'join_chargebacks (dags/chargeback_labels.py)',
      'risk.training_labels',
      'export_training_set (dags/chargeback_labels.py)',
    ],
  );
  chain.forEach((c, i) => assert.equal(c![1], chain[(i + 1) % chain.length]![0], `hop ${i + 1} ends where hop ${i + 2} starts`));
  const hops = loop.related.map((r) => `${r.file}:${r.range.start.line + 1}`);
  assert.deepEqual(hops, [
    'dvc.yaml:5',
    'dvc.yaml:7',
    '.github/workflows/deploy.yml:9',
    '.github/workflows/deploy.yml:10',
    'serving/risk-scorer.yaml:10',
    'serving/risk-scorer.yaml:6',
    'serving/risk-scorer.yaml:11',
    'serving/risk-scorer.yaml:17',
    'dags/chargeback_labels.py:14',
    'dags/chargeback_labels.py:12',
    'dags/chargeback_labels.py:20',
    'dags/chargeback_labels.py:21',
  ]);
  assert.equal(hops.length, 12);
  for (const r of loop.related)
    assert.ok(
      r.range.end.line > r.range.start.line || r.range.end.character > r.range.start.character,
      `hop ${r.message} has a real range`,
    );
});
