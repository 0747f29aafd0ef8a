import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zenmlConfigAdapter } from '../../../server/src/engine/sources/zenmlConfig';
import { Analysis } from '../../../server/src/engine/analysis';
import { corpusFiles } from '../../helpers/paths';
import { run } from './yamlFacts';

const corpus = (relative: string): string => readFileSync(join(corpusFiles(), 'zenml-io__zenml-projects', relative), 'utf8');

describe('zenml run-config detect (by content, not name)', () => {
  const cases: Array<[string, string, boolean]> = [
    ['configs/training.yaml', corpus('floracast/configs/training.yaml'), true],
    ['configs/baseline.yaml', corpus('bank_subscription_prediction/configs/baseline.yaml'), true],
    ['x.yaml', 'schedule:\n  cron_expression: "0 3 * * *"\n', true],
    ['config.yaml', 'steps:\n  - name: gcr.io/cloud-builders/docker\n    args: [build]\n', false],
    ['config.yaml', 'model:\n  name: resnet\ntrainer:\n  epochs: 3\n', false],
    ['config.yaml', 'steps:\n  train:\n    lr: 0.1\n', false],
  ];
  for (const [path, text, expected] of cases)
    test(`${path} ${JSON.stringify(text.slice(0, 30))} -> ${expected}`, () =>
      assert.equal(zenmlConfigAdapter.detect({ path, text }), expected));
});

describe('zenml run-config facts', () => {
  test('steps.<name>.parameters are assumed references to that step function', () => {
    const f = run(zenmlConfigAdapter, 'configs/training.yaml', corpus('floracast/configs/training.yaml'));
    const refs = f.references.filter((r) => r.scope === 'zenml-step:train_model');
    assert.equal(refs.length, 14);
    assert.ok(refs.every((r) => r.kind === 'param' && r.assumed));
  });
  test('settings.docker.requirements are package pins; a requirements file is not', () => {
    const bank = run(zenmlConfigAdapter, 'configs/baseline.yaml', corpus('bank_subscription_prediction/configs/baseline.yaml'));
    assert.deepEqual(
      bank.versions.map((v) => v.name),
      ['matplotlib', 'xgboost', 'plotly', 'click', 'pyarrow'],
    );
    const flora = run(zenmlConfigAdapter, 'configs/training.yaml', corpus('floracast/configs/training.yaml'));
    assert.deepEqual(flora.versions, []);
  });
  test('schedule.cron_expression is a schedule', () => {
    const f = run(zenmlConfigAdapter, 'c.yaml', 'schedule:\n  cron_expression: "0 3 * * *"\n');
    assert.deepEqual(
      f.schedules.map((s) => s.expression),
      ['0 3 * * *'],
    );
  });
});

describe('zenml run-config parameters against step signatures', () => {
  test('a parameter no step function takes is a dangling reference (warning, assumed)', async () => {
    const a = new Analysis({ today: '2026-12-02' });
    a.setFile('steps/train.py', 'from zenml import step\n@step\ndef train_model(data: int, lr: float = 0.1) -> int: ...\n');
    a.setFile('configs/training.yaml', 'steps:\n  train_model:\n    parameters:\n      lr: 0.01\n      n_epoch: 3\n');
    await a.init();
    const found = a.run().findings.filter((f) => f.ruleId === 'config/dangling-reference');
    assert.deepEqual(
      found.map((f) => [f.file, f.severity, f.range.start.line, /n_epoch/.test(f.message)]),
      [['configs/training.yaml', 'warning', 4, true]],
    );
  });
});
