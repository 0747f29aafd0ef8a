import { test } from 'node:test';
import assert from 'node:assert/strict';
import { azuremlAdapter, assetVersion } from '../../../server/src/engine/sources/azureml';
import { detectAdapter } from '../../../server/src/engine/sources/index';
import { run, textAt, local, orders, value } from './yamlFacts';
import { noteTexts, notesOf } from '../../../server/src/engine/model/stageNotes';

const PIPELINE = `$schema: https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json
type: pipeline
display_name: fraud-training
inputs:
  min_rows: 1000
settings:
  default_compute: azureml:cpu-cluster
jobs:
  prep:
    type: command
    inputs:
      raw:
        type: uri_folder
        path: azureml:transactions:3
      rows: \${{parent.inputs.min_rows}}
    outputs:
      clean:
        mode: upload
    code: src/prep
    environment: azureml:sklearn-env@latest
    command: >-
      pip install pandas==2.1.0 lightgbm &&
      python prep.py --raw \${{inputs.raw}} --clean \${{outputs.clean}}
  train:
    type: command
    inputs:
      data: \${{parent.jobs.prep.outputs.clean}}
      C: 0.8
    outputs:
      model:
        type: mlflow_model
    environment:
      image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240101
      conda_file: conda.yaml
    limits:
      timeout: 3600
    command: python train.py --data \${{inputs.data}}
  score:
    component: ./score.yml
    inputs:
      model: \${{parent.jobs.train.outputs.model}}
      extra: \${{parent.jobs.train.outputs.metrics}}
      ghost: \${{parent.jobs.evaluate.outputs.report}}
      missing: \${{parent.inputs.threshold}}
  report:
    type: command
    command: echo done
    inputs:
      scores: \${{parent.jobs.score.outputs.anything}}
`;

test('a pipeline job: jobs are stages, ordered by their output bindings', () => {
  const facts = run(azuremlAdapter, 'ml/pipeline.yml', PIPELINE);
  const jobs = facts.stages.filter((s) => !s.name.includes('/'));
  assert.deepEqual(
    jobs.map((s) => [s.pipeline, s.name, s.role]),
    [
      ['fraud-training', 'prep', 'transform'],
      ['fraud-training', 'train', 'train'],
      ['fraud-training', 'score', 'transform'],
      ['fraud-training', 'report', 'report'],
    ],
  );
  assert.equal(textAt(PIPELINE, jobs[0].range), 'prep');
  assert.deepEqual(
    orders(facts).filter((o) => o.includes('output binding')),
    [
      'fraud-training/prep -> fraud-training/train (output binding)',
      'fraud-training/train -> fraud-training/score (output binding)',
      'fraud-training/score -> fraud-training/report (output binding)',
    ],
  );
  const read = facts.io.find((i) => local(i.stage) === 'fraud-training/train' && i.artifact.name === 'prep.clean')!;
  assert.equal(read.direction, 'reads');
  assert.equal(textAt(PIPELINE, read.range), '${{parent.jobs.prep.outputs.clean}}');
  assert.ok(facts.io.some((i) => local(i.stage) === 'fraud-training/prep' && i.direction === 'writes' && i.artifact.name === 'prep.clean'));
});

test('bindings that cannot resolve: an unknown job is an error, an undeclared output a warning, a component job is not judged', () => {
  const facts = run(azuremlAdapter, 'ml/pipeline.yml', PIPELINE);
  const problems = facts.problems.map((p) => [p.severity, textAt(PIPELINE, p.range)]);
  assert.deepEqual(problems, [
    ['warning', '${{parent.jobs.train.outputs.metrics}}'],
    ['error', '${{parent.jobs.evaluate.outputs.report}}'],
  ]);
  assert.match(facts.problems[0].message, /job `train` declares no output `metrics`/);
  assert.match(facts.problems[1].message, /not a job of pipeline `fraud-training`: Azure ML rejects/);
  // `score` is a component file's job: its outputs are declared there, so `anything` is not judged.
  assert.ok(facts.io.some((i) => i.artifact.name === 'score.anything' && i.direction === 'reads'));
});

test('pipeline inputs: definitions, values and `${{parent.inputs.x}}` references', () => {
  const facts = run(azuremlAdapter, 'ml/pipeline.yml', PIPELINE);
  assert.deepEqual(
    facts.definitions.map((d) => [d.kind, d.name, d.scope]),
    [['param', 'min_rows', 'ml/pipeline.yml#fraud-training']],
  );
  assert.deepEqual(
    facts.references.map((r) => [r.name, r.scope, textAt(PIPELINE, r.range)]),
    [
      ['min_rows', 'ml/pipeline.yml#fraud-training', '${{parent.inputs.min_rows}}'],
      ['threshold', 'ml/pipeline.yml#fraud-training', '${{parent.inputs.threshold}}'],
    ],
  );
  assert.equal(value(facts, 'inputs.min_rows')!.value, 1000);
  assert.equal(value(facts, 'jobs.train.inputs.C')!.value, 0.8);
});

test('environments, assets and packages: what is pinned and what is not', () => {
  const facts = run(azuremlAdapter, 'ml/pipeline.yml', PIPELINE);
  const versions = facts.versions.map((v) => `${v.subject} ${v.name} ${v.version ?? '-'}${v.moving ? ' moving' : ''}`);
  assert.deepEqual(versions, [
    'image azureml:sklearn-env latest',
    'dataset azureml:transactions 3',
    'package pandas 2.1.0',
    'package lightgbm -',
    'image mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04 20240101',
  ]);
  const env = facts.versions[0];
  assert.equal(textAt(PIPELINE, env.range), 'azureml:sklearn-env@latest');
});

test('the command runs in the `code` folder; its script is read from there', () => {
  const facts = run(azuremlAdapter, 'ml/pipeline.yml', PIPELINE);
  const script = facts.stages.find((s) => s.name === 'prep/prep.py')!;
  assert.equal(script.cwd, 'ml/src/prep');
  const io = facts.io.find((i) => i.stage === script.id && i.artifact.name === 'prep.py')!;
  assert.equal(io.artifact.base, 'ml/src/prep');
  const code = facts.io.find((i) => i.artifact.name === 'src/prep')!;
  assert.deepEqual([code.artifact.base, code.artifact.kind], ['ml', 'code']);
  const train = facts.stages.find((s) => s.name === 'train')!;
  assert.deepEqual(train.limits, [{ minutes: 60, scope: 'run', origin: '`limits.timeout: 3600`', range: train.limits![0].range }]);
  assert.ok(noteTexts(train)!.includes('compute: azureml:cpu-cluster'), 'settings.default_compute applies to jobs that name none');
});

const versionCases: Array<[string, ReturnType<typeof assetVersion>]> = [
  ['azureml:fraud-model:3', { name: 'azureml:fraud-model', version: '3', moving: undefined }],
  ['azureml:sklearn-env@latest', { name: 'azureml:sklearn-env', version: 'latest', moving: true }],
  ['azureml:sklearn-env', { name: 'azureml:sklearn-env', version: undefined, moving: undefined }],
  [
    'azureml://registries/azureml/environments/sklearn-1.5/labels/latest',
    { name: 'azureml://registries/azureml/environments/sklearn-1.5', version: 'latest', moving: true },
  ],
  [
    'azureml://registries/azureml/models/phi-3/versions/4',
    { name: 'azureml://registries/azureml/models/phi-3', version: '4', moving: undefined },
  ],
  ['azureml://datastores/workspaceblobstore/paths/data/', undefined],
];

for (const [ref, expected] of versionCases)
  test(`assetVersion(${ref})`, () => {
    assert.deepEqual(assetVersion(ref), expected);
  });

const detectCases: Array<[string, string, boolean]> = [
  ['job.yml', '$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json\ncommand: echo hi\n', true],
  ['job.yml', 'type: command\ncommand: python x.py\nenvironment: azureml:env:1\n', true],
  ['job.yml', 'type: command\ncommand: python x.py\n', false],
  ['.github/workflows/ci.yml', 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n', false],
];

for (const [path, text, expected] of detectCases)
  test(`detect ${JSON.stringify(text.split('\n')[0])} -> ${expected}`, () => {
    assert.equal(azuremlAdapter.detect({ path, text }), expected);
    if (expected) assert.equal(detectAdapter({ path, text })?.format, 'azureml');
  });

const SCHEDULE = `$schema: https://azuremlschemas.azureedge.net/latest/schedule.schema.json
name: nightly
trigger:
  type: cron
  expression: "0 2 * * *"
  time_zone: "UTC"
create_job: ./train-pipeline.yml
`;

test('a schedule runs the job its `create_job` file names', () => {
  const siblings = { 'ml/train-pipeline.yml': 'type: pipeline\ndisplay_name: fraud-training\njobs: {}\n' };
  const facts = run(azuremlAdapter, 'ml/schedule.yml', SCHEDULE, siblings);
  assert.deepEqual(
    facts.schedules.map((s) => [s.pipeline, s.kind, s.expression, s.timezone, textAt(SCHEDULE, s.range)]),
    [['fraud-training', 'cron', '0 2 * * *', 'UTC', '"0 2 * * *"']],
  );
  const recurrence = SCHEDULE.replace('type: cron\n  expression: "0 2 * * *"', 'type: recurrence\n  frequency: day\n  interval: 1');
  const r = run(azuremlAdapter, 'ml/schedule.yml', recurrence);
  assert.deepEqual(
    r.schedules.map((s) => [s.pipeline, s.kind, s.expression]),
    [['nightly', 'interval', 'every 1 day']],
  );
});

const DEPLOYMENT = `$schema: https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json
name: blue
endpoint_name: fraud-endpoint
model: azureml:fraud-model:7
environment: azureml:serving-env:2
instance_type: Standard_DS3_v2
instance_count: 2
`;

test('an online deployment is a serving stage of its endpoint that reads its model', () => {
  const facts = run(azuremlAdapter, 'deploy/blue.yml', DEPLOYMENT);
  assert.deepEqual(
    facts.stages.map((s) => [s.pipeline, s.name, s.role, noteTexts(s)]),
    [['fraud-endpoint', 'blue', 'serve', ['environment: azureml:serving-env:2']]],
  );
  // The runtime environment (image and packages) is no deployment environment with reviewers.
  assert.deepEqual(notesOf(facts.stages[0], 'deployment-environment'), []);
  assert.deepEqual(
    facts.versions.map((v) => `${v.subject} ${v.name} ${v.version}`),
    ['image azureml:serving-env 2', 'model azureml:fraud-model 7'],
  );
  assert.equal(facts.io[0].artifact.kind, 'model');
  assert.equal(value(facts, 'instance_count')!.value, 2);
  const batch = run(
    azuremlAdapter,
    'deploy/batch.yml',
    DEPLOYMENT.replace('managedOnlineDeployment', 'batchDeployment').replace('instance_count: 2', 'mini_batch_size: 10'),
  );
  assert.deepEqual(noteTexts(batch.stages[0]), ['runs to completion (batch deployment)', 'environment: azureml:serving-env:2']);
});
