import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zenmlAdapter } from '../../../server/src/engine/sources/zenml';
import type { FileFacts } from '../../../server/src/engine/model/facts';
import { corpusFiles } from '../../helpers/paths';
import { local, orders, run } from './yamlFacts';
import { noteTexts } from '../../../server/src/engine/model/stageNotes';

const parse = (text: string, path = 'pipelines/p.py'): FileFacts => run(zenmlAdapter, path, text);
const corpus = (relative: string): string => readFileSync(join(corpusFiles(), 'zenml-io__zenml-projects', relative), 'utf8');

before(async () => {
  await zenmlAdapter.init?.();
});

describe('zenml detect', () => {
  const cases: Array<[string, string, boolean]> = [
    ['p.py', 'from zenml import pipeline, step\n@step\ndef s(): ...\n', true],
    ['p.py', 'from zenml import pipeline\n@pipeline(enable_cache=False)\ndef p(): ...\n', true],
    ['p.py', 'from zenml.client import Client\nClient().get_artifact_version("x")\n', false],
    ['p.py', '@step\ndef s(): ...\n', false],
  ];
  for (const [path, text, expected] of cases)
    test(`${JSON.stringify(text.slice(0, 40))} -> ${expected}`, () => assert.equal(zenmlAdapter.detect({ path, text }), expected));
});

describe('zenml pipelines (zenml-projects)', () => {
  test('floracast training: data passed between steps, tuple outputs by position', () => {
    const f = parse(corpus('floracast/pipelines/train_forecast_pipeline.py'));
    assert.deepEqual(
      f.stages.map((s) => local(s.id)),
      ['ingest_data', 'preprocess_data', 'train_model', 'evaluate', 'promote_model'].map((n) => `train_forecast_pipeline/${n}`),
    );
    assert.deepEqual(orders(f), [
      'train_forecast_pipeline/ingest_data -> train_forecast_pipeline/preprocess_data (output)',
      'train_forecast_pipeline/preprocess_data -> train_forecast_pipeline/train_model (output)',
      'train_forecast_pipeline/train_model -> train_forecast_pipeline/evaluate (output)',
      'train_forecast_pipeline/preprocess_data -> train_forecast_pipeline/evaluate (output)',
      'train_forecast_pipeline/evaluate -> train_forecast_pipeline/promote_model (output)',
    ]);
  });

  test('@pipeline(enable_cache=False) notes every step', () => {
    const f = parse(corpus('floracast/pipelines/batch_inference_pipeline.py'));
    assert.ok(f.stages.length > 0 && f.stages.every((s) => noteTexts(s)?.includes('cache disabled')));
  });

  test('step parameters are definitions a run config resolves to', () => {
    const f = parse(corpus('floracast/steps/train.py'), 'steps/train.py');
    assert.ok(f.definitions.some((d) => d.scope === 'zenml-step:train_model' && d.name === 'n_epochs'));
  });
});

describe('zenml options and ordering', () => {
  const HEAD = 'from zenml import pipeline, step, Schedule\nfrom zenml.config import DockerSettings\n';
  const cases: Array<[string, string, (f: FileFacts) => unknown, unknown]> = [
    [
      '.after() and after= order steps',
      `${HEAD}@step\ndef a(): ...\n@step\ndef b(): ...\n@step\ndef c(): ...\n@pipeline\ndef p():\n    x = a()\n    y = b(after=x)\n    c().after(y)\n`,
      (f) => orders(f),
      ['p/a -> p/b (after)', 'p/b -> p/c (after)'],
    ],
    [
      'DockerSettings parent image and requirements are pins',
      `${HEAD}docker = DockerSettings(parent_image="python:3.11", requirements=["pandas", "scikit-learn==1.4"])\n@pipeline(settings={"docker": docker})\ndef p(): ...\n`,
      (f) => f.versions.map((v) => `${v.subject}:${v.name}@${v.version ?? ''}`),
      ['image:python@3.11', 'package:pandas@', 'package:scikit-learn@==1.4'],
    ],
    [
      'with_options(schedule=Schedule(cron_expression=...)) schedules the pipeline',
      `${HEAD}@step\ndef a(): ...\n@pipeline(name="training")\ndef p():\n    a()\np.with_options(schedule=Schedule(cron_expression="0 3 * * *"))()\n`,
      (f) => f.schedules.map((s) => [s.pipeline, s.expression]),
      [['training', '0 3 * * *']],
    ],
    [
      'a step called twice gets the next invocation id',
      `${HEAD}@step\ndef a(): ...\n@pipeline\ndef p():\n    a()\n    a()\n`,
      (f) => f.stages.map((s) => s.name),
      ['a', 'a_2'],
    ],
  ];
  for (const [name, text, read, expected] of cases) test(name, () => assert.deepEqual(read(parse(text)), expected));
});
