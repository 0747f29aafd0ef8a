import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pythonSdkNoticeAdapter, unsupportedSdk } from '../../../server/src/engine/sources/pythonSdkNotice';
import { Analysis } from '../../../server/src/engine/analysis';

describe('python-sdk notice detect', () => {
  const cases: Array<[string, string | undefined]> = [
    // Prefect, Dagster, TFX, SageMaker Pipelines, ZenML and Flyte have adapters: no notice.
    ['from prefect import flow, task\n', undefined],
    ['import dagster as dg\n', undefined],
    ['from zenml import pipeline, step\n', undefined],
    ['from flytekit import task, workflow\n', undefined],
    ['from tfx.components import Trainer\n', undefined],
    ['from sagemaker.workflow.pipeline import Pipeline\n', undefined],
    ['import luigi\n', 'Luigi'],
    ['from azure.ai.ml import dsl, Input\n', 'Azure ML (Python SDK)'],
    ['from azure.ai.ml.dsl import pipeline\n', 'Azure ML (Python SDK)'],
    ['from azure.ai.ml import MLClient\n', undefined],
    ['from clearml import PipelineController\n', 'ClearML pipelines'],
    ['from clearml.automation.controller import PipelineDecorator\n', 'ClearML pipelines'],
    ['from clearml import Task\n', undefined],
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
    a.setFile('flows/b.py', 'import os\nimport luigi\n');
    a.setFile('flows/a.py', 'from luigi import Task\n');
    a.setFile('assets/x.py', 'from clearml import PipelineController\n');
    await a.init();
    const notices = a
      .run()
      .findings.filter((f) => f.ruleId === 'loopwise/unsupported-sdk')
      .sort((x, y) => x.file.localeCompare(y.file));
    assert.deepEqual(
      notices.map((f) => `${f.file}:${f.range.start.line} ${f.severity}`),
      ['assets/x.py:0 info', 'flows/a.py:0 info'],
    );
    assert.match(notices[1].message, /imports Luigi.*\(1 more file imports it\.\)$/);
    assert.doesNotMatch(notices[0].message, /more file/);
  });
});
