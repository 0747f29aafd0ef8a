import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cloudBuildAdapter } from '../../../server/src/engine/sources/cloudBuild';
import { run, textAt, local, orders, value } from './yamlFacts';

const BUILD = `steps:
- name: 'gcr.io/cloud-builders/gsutil'
  id: fetch
  args: ['cp', 'gs://my-bucket/data/train.csv', 'data/train.csv']
- name: 'python:3.11'
  id: train
  entrypoint: 'bash'
  args:
  - '-c'
  - |
    pip install -r requirements.txt xgboost
    python train.py data/train.csv --output models/model.pkl
  env:
  - 'EPOCHS=10'
  timeout: 1800s
- name: 'gcr.io/cloud-builders/docker'
  id: build-image
  args: ['build', '-t', 'gcr.io/$PROJECT_ID/serving:$SHORT_SHA', '.']
  waitFor: ['-']
- name: 'gcr.io/$PROJECT_ID/deployer:$_TAG'
  id: deploy
  waitFor: ['train', 'build-image', 'evaluate']
images: ['gcr.io/$PROJECT_ID/serving:$SHORT_SHA']
artifacts:
  objects:
    location: 'gs://my-bucket/models/'
    paths: ['models/model.pkl']
substitutions:
  _TAG: v1
timeout: 7200s
`;
const PATH = 'cloudbuild.yaml';

test('detects build configs by their steps, not other step formats', () => {
  assert.equal(cloudBuildAdapter.detect({ path: PATH, text: BUILD }), true);
  assert.equal(cloudBuildAdapter.detect({ path: 'ci/build.yaml', text: BUILD }), true);
  const drone = 'kind: pipeline\nsteps:\n- name: test\n  image: golang\n  commands: [go test]\n';
  assert.equal(cloudBuildAdapter.detect({ path: '.drone.yml', text: drone }), false);
  const azure = 'trigger: [main]\npool:\n  vmImage: ubuntu-latest\nsteps:\n- script: make\n';
  assert.equal(cloudBuildAdapter.detect({ path: 'azure-pipelines.yml', text: azure }), false);
});

test('steps are stages: no waitFor waits for every earlier step, `-` starts with the build, ids order', () => {
  const facts = run(cloudBuildAdapter, PATH, BUILD);
  assert.deepEqual(
    facts.stages.filter((s) => !s.name.includes('/')).map((s) => [local(s.id), s.role]),
    [
      ['cloudbuild/fetch', 'ingest'],
      ['cloudbuild/train', 'train'],
      ['cloudbuild/build-image', 'transform'],
      ['cloudbuild/deploy', 'deploy'],
    ],
  );
  assert.deepEqual(
    orders(facts).filter((o) => !o.endsWith('(step)')),
    [
      'cloudbuild/fetch -> cloudbuild/train (step order)',
      'cloudbuild/train -> cloudbuild/deploy (waitFor)',
      'cloudbuild/build-image -> cloudbuild/deploy (waitFor)',
    ],
  );
  const errors = facts.problems.filter((p) => p.severity === 'error');
  assert.deepEqual(
    errors.map((e) => textAt(BUILD, e.range)),
    ["'evaluate'"],
  );
});

test('what steps read and write: gsutil cp, the script of a shell step, pushed images and uploaded objects', () => {
  const facts = run(cloudBuildAdapter, PATH, BUILD);
  assert.deepEqual(
    facts.io.map((i) => `${local(i.stage)} ${i.direction} ${i.artifact.scheme}:${i.artifact.name}`),
    [
      'cloudbuild/fetch reads uri:gs://my-bucket/data/train.csv',
      'cloudbuild/fetch writes path:data/train.csv',
      'cloudbuild/train/train.py reads path:train.py',
      'cloudbuild/train/train.py reads path:data/train.csv',
      'cloudbuild/train/train.py writes path:models/model.pkl',
      'cloudbuild/deploy writes named:gcr.io/$PROJECT_ID/serving:$SHORT_SHA',
      'cloudbuild/deploy reads path:models/model.pkl',
      'cloudbuild/deploy writes uri:gs://my-bucket/models/model.pkl',
    ],
  );
});

test('builder images and installed packages are versions; a tag from a substitution is said to be unchecked', () => {
  const facts = run(cloudBuildAdapter, PATH, BUILD);
  assert.deepEqual(
    facts.versions.map((v) => `${v.subject} ${v.name}@${v.version ?? '-'}`),
    ['image gcr.io/cloud-builders/gsutil@-', 'image python@3.11', 'package xgboost@-', 'image gcr.io/cloud-builders/docker@-'],
  );
  assert.match(facts.problems.find((p) => p.severity === 'info')?.message ?? '', /deployer:\$_TAG/);
});

test('timeouts, env and substitutions', () => {
  const facts = run(cloudBuildAdapter, PATH, BUILD);
  const train = facts.stages.find((s) => s.name === 'train')!;
  assert.deepEqual(
    train.limits?.map((l) => [l.minutes, l.scope]),
    [
      [30, 'run'],
      [120, 'pipeline'],
    ],
  );
  assert.equal(value(facts, 'steps[1].env.EPOCHS')?.value, '10');
  assert.equal(value(facts, 'substitutions._TAG')?.value, 'v1');
});

test('an env setting that names an image with a tag is a version pin', () => {
  const text = `steps:
- name: 'gcr.io/cloud-builders/gcloud'
  args: ['ai', 'models', 'upload']
  env:
  - 'SERVING_CONTAINER_IMAGE_URI=us-docker.pkg.dev/vertex-ai/prediction/sklearn-cpu.0-20:latest'
  - 'MODEL_DIR=gs://bucket/model'
`;
  const facts = run(cloudBuildAdapter, PATH, text);
  assert.deepEqual(
    facts.versions.map((v) => `${v.name}@${v.version ?? '-'}`),
    ['gcr.io/cloud-builders/gcloud@-', 'us-docker.pkg.dev/vertex-ai/prediction/sklearn-cpu.0-20@latest'],
  );
});
