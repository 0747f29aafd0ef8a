import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pythonSdkNoticeAdapter, unsupportedSdk } from '../../../server/src/engine/sources/pythonSdkNotice';
import { Analysis } from '../../../server/src/engine/analysis';

describe('python-sdk notice detect', () => {
  const cases: Array<[string, string | undefined]> = [
    ['from prefect import flow, task\n', 'Prefect'],
    ['import dagster as dg\n', 'Dagster'],
    ['from zenml import pipeline, step\n', undefined],
    ['from flytekit import task, workflow\n', undefined],
    ['from tfx.components import Trainer\n', 'TFX'],
    ['from sagemaker.workflow.pipeline import Pipeline\n', 'SageMaker Pipelines'],
    ['import luigi\n', 'Luigi'],
    ['import sagemaker\n', undefined],
    ['# from prefect import flow\nimport pandas\n', undefined],
    ['x = "import prefect"\n', undefined],
  ];
  for (const [text, sdk] of cases) test(`${JSON.stringify(text)} -> ${sdk}`, () => assert.equal(unsupportedSdk(text)?.sdk, sdk));
  test('only Python files', () => assert.equal(pythonSdkNoticeAdapter.detect({ path: 'a.yaml', text: 'import prefect\n' }), false));
});

describe('loopwise/unsupported-sdk', () => {
  test('said once per SDK, at the first of its files, counting the others', async () => {
    const a = new Analysis({ today: '2026-12-02' });
    a.setFile('flows/b.py', 'import os\nfrom prefect import flow\n');
    a.setFile('flows/a.py', 'from prefect import task\n');
    a.setFile('assets/x.py', 'import dagster\n');
    await a.init();
    const notices = a
      .run()
      .findings.filter((f) => f.ruleId === 'loopwise/unsupported-sdk')
      .sort((x, y) => x.file.localeCompare(y.file));
    assert.deepEqual(
      notices.map((f) => `${f.file}:${f.range.start.line} ${f.severity}`),
      ['assets/x.py:0 info', 'flows/a.py:0 info'],
    );
    assert.match(notices[1].message, /imports Prefect.*\(1 more file imports it\.\)$/);
    assert.doesNotMatch(notices[0].message, /more file/);
  });
});
