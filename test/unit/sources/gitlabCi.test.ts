import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gitlabCiAdapter } from '../../../server/src/engine/sources/gitlabCi';
import { durationMinutes } from '../../../server/src/engine/sources/durations';
import { run, textAt, local, orders, value } from './yamlFacts';

const MAIN = `image: python:3.11-slim

stages:
  - prepare
  - train
  - deploy

variables:
  DATA_DIR: data
  DB_PASSWORD: hunter2-but-longer

workflow:
  rules:
    - if: $CI_PIPELINE_SOURCE == "schedule"
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_PIPELINE_SOURCE == "push"
      when: never

.python:
  before_script:
    - pip install -r requirements.txt

prepare:
  stage: prepare
  extends: .python
  script:
    - dvc pull data/raw.csv
    - python prepare.py --out data/features.parquet
  artifacts:
    paths:
      - data/features.parquet

train:
  stage: train
  extends: .python
  image: pytorch/pytorch:latest
  timeout: 3h 30m
  script:
    - python train.py data/features.parquet --output models/model.pkl
  artifacts:
    paths:
      - models/model.pkl
  rules:
    - if: $CI_PIPELINE_SOURCE == "schedule"

lint:
  stage: prepare
  needs: []
  script:
    - pip install ruff
    - ruff check .

deploy:
  stage: deploy
  image: $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA
  dependencies: [train]
  script:
    - ./deploy.sh models/model.pkl
`;
const PATH = '.gitlab-ci.yml';

test('detects .gitlab-ci.yml by name and included files by their jobs, not other formats with scripts', () => {
  const cases: Array<[string, string, boolean]> = [
    [PATH, MAIN, true],
    ['ci/train.yml', 'train:\n  stage: train\n  script:\n    - python train.py\n', true],
    ['ci/templates.yml', '.python:\n  image: python:3.11\n  before_script:\n    - pip install x\n', false],
    ['.github/workflows/ci.yml', 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n', false],
    ['.travis.yml', 'language: python\nscript:\n  - pytest\njobs:\n  include:\n    - stage: test\n      script: make\n', false],
    ['docker-compose.yml', 'services:\n  app:\n    image: app:1.0\n', false],
    ['.circleci/config.yml', 'version: 2.1\njobs:\n  build:\n    steps:\n      - run: make\n', false],
    ['conf/train.yaml', 'train:\n  lr: 0.1\n  script_name: train.py\n', false],
  ];
  for (const [path, text, expected] of cases) assert.equal(gitlabCiAdapter.detect({ path, text }), expected, path);
});

test('jobs are stages: each runs after the jobs of the closest earlier stage, or after its `needs`', () => {
  const facts = run(gitlabCiAdapter, PATH, MAIN);
  assert.deepEqual(
    facts.stages.filter((s) => !s.name.includes('/')).map((s) => [local(s.id), s.role]),
    [
      ['gitlab-ci/prepare', 'transform'],
      ['gitlab-ci/train', 'train'],
      ['gitlab-ci/lint', 'transform'],
      ['gitlab-ci/deploy', 'deploy'],
    ],
  );
  assert.equal(textAt(MAIN, facts.stages[0].range), 'prepare');
  const jobOrders = orders(facts).filter((o) => !o.endsWith('(step)'));
  assert.deepEqual(jobOrders, [
    'gitlab-ci/prepare -> gitlab-ci/train (stage)',
    'gitlab-ci/lint -> gitlab-ci/train (stage)',
    'gitlab-ci/train -> gitlab-ci/deploy (stage)',
  ]);
});

test('`extends` and the global image apply to the job; a job image overrides them', () => {
  const facts = run(gitlabCiAdapter, PATH, MAIN);
  const stage = (name: string) => facts.stages.find((s) => s.name === name)!;
  assert.equal(stage('prepare').image, 'python:3.11-slim');
  assert.equal(stage('train').image, 'pytorch/pytorch:latest');
  assert.match(stage('prepare').command ?? '', /^pip install -r requirements\.txt\ndvc pull/);
  assert.deepEqual(stage('train').limits, [
    { minutes: 210, scope: 'run', origin: '`timeout: 3h 30m`', range: stage('train').limits![0].range },
  ]);
});

test('script commands: dvc pull reads, a python script is a step of its own, `artifacts:paths` are CI artifacts of the job', () => {
  const facts = run(gitlabCiAdapter, PATH, MAIN);
  const io = facts.io.map(
    (i) => `${local(i.stage)} ${i.direction} ${i.artifact.scheme}:${i.artifact.name}${i.artifact.scope ? `@${i.artifact.scope}` : ''}`,
  );
  assert.deepEqual(io, [
    'gitlab-ci/prepare reads path:data/raw.csv',
    'gitlab-ci/prepare/prepare.py reads path:prepare.py',
    'gitlab-ci/prepare/prepare.py writes path:data/features.parquet',
    'gitlab-ci/prepare writes ci-artifact:data/features.parquet@.gitlab-ci.yml#prepare',
    'gitlab-ci/train/train.py reads path:train.py',
    'gitlab-ci/train/train.py reads path:data/features.parquet',
    'gitlab-ci/train/train.py writes path:models/model.pkl',
    'gitlab-ci/train writes ci-artifact:models/model.pkl@.gitlab-ci.yml#train',
    'gitlab-ci/deploy reads ci-artifact:models/model.pkl@.gitlab-ci.yml#train',
  ]);
  const dvc = facts.io[0];
  assert.equal(textAt(MAIN, dvc.range), 'dvc pull data/raw.csv');
});

test('images and installed packages are versions; an image tag built from CI variables is said to be unchecked', () => {
  const facts = run(gitlabCiAdapter, PATH, MAIN);
  assert.deepEqual(
    facts.versions.map((v) => `${v.subject} ${v.name}@${v.version ?? '-'}`),
    ['image python@3.11-slim', 'image pytorch/pytorch@latest', 'package ruff@-'],
  );
  const notice = facts.problems.find((p) => p.severity === 'info');
  assert.match(notice?.message ?? '', /\$CI_REGISTRY_IMAGE:\$CI_COMMIT_SHA/);
  assert.match(notice?.message ?? '', /scheduled pipelines is set in the project's settings/);
});

test('workflow rules give the pipeline sources; a job whose rules all ask for a schedule runs on schedules only', () => {
  const facts = run(gitlabCiAdapter, PATH, MAIN);
  assert.deepEqual(
    facts.schedules.map((s) => `${s.pipeline.includes('#') ? local(s.pipeline) : s.pipeline} ${s.kind} ${s.expression}`),
    ['gitlab-ci event schedule', 'gitlab-ci event merge_request_event', 'gitlab-ci/train event schedule'],
  );
});

test('variables are configuration values, per job where a job states them', () => {
  const facts = run(gitlabCiAdapter, PATH, MAIN);
  assert.equal(value(facts, 'variables.DB_PASSWORD')?.value, 'hunter2-but-longer');
  assert.equal(value(facts, 'variables.DATA_DIR')?.stage, undefined);
});

const INCLUDED = `train:
  stage: train
  extends: .gpu
  needs: [prepare, missing-job]
  script:
    - !reference [.setup, script]
    - python train.py
`;
const ROOT_WITH_INCLUDE = `stages: [prepare, train]
include:
  - local: ci/train.yml
  - local: ci/absent.yml
.gpu:
  image: nvcr.io/nvidia/pytorch:24.01-py3
.setup:
  script:
    - pip install torch
prepare:
  stage: prepare
  script: [echo]
`;

test('an included file is read with the pipeline it belongs to: templates, !reference, needs across files', () => {
  const facts = run(gitlabCiAdapter, 'ci/train.yml', INCLUDED, { '.gitlab-ci.yml': ROOT_WITH_INCLUDE });
  const train = facts.stages.find((s) => s.name === 'train')!;
  assert.equal(train.image, 'nvcr.io/nvidia/pytorch:24.01-py3');
  assert.equal(train.command, 'pip install torch\npython train.py');
  assert.deepEqual(
    orders(facts).filter((o) => o.endsWith('(needs)')),
    ['gitlab-ci/prepare -> gitlab-ci/train (needs)'],
  );
  assert.equal(facts.orders.find((o) => o.via === 'needs')!.before, '.gitlab-ci.yml#gitlab-ci/prepare');
  // ci/absent.yml is not in the workspace: the pipeline is incomplete, so the unknown `needs` is not an error.
  assert.deepEqual(
    facts.problems.filter((p) => p.severity === 'error'),
    [],
  );
});

test('with every file read, a `needs` that names no job is an error; a missing local include is a warning', () => {
  const root = ROOT_WITH_INCLUDE.replace('  - local: ci/absent.yml\n', '');
  const facts = run(gitlabCiAdapter, 'ci/train.yml', INCLUDED, { '.gitlab-ci.yml': root });
  const errors = facts.problems.filter((p) => p.severity === 'error');
  assert.deepEqual(
    errors.map((e) => [e.message, textAt(INCLUDED, e.range)]),
    [['`needs: missing-job`: no job of this pipeline is named `missing-job`: GitLab refuses to create the pipeline.', 'missing-job']],
  );
  const main = run(gitlabCiAdapter, '.gitlab-ci.yml', ROOT_WITH_INCLUDE, { 'ci/train.yml': INCLUDED });
  const warning = main.problems.find((p) => p.severity === 'warning');
  assert.match(warning?.message ?? '', /`include: ci\/absent.yml`: no such file/);
});

test('a child pipeline from an artifact reads that artifact of the named job', () => {
  const text = `generate:
  stage: build
  script: [python gen.py]
  artifacts:
    paths: [child-$ENV.yml]
run-child:
  stage: test
  variables:
    ENV: prod
  trigger:
    include:
      - artifact: child-$ENV.yml
        job: generate
`;
  const facts = run(gitlabCiAdapter, PATH, text);
  assert.deepEqual(
    facts.io.filter((i) => i.artifact.scheme === 'ci-artifact').map((i) => `${local(i.stage)} ${i.direction} ${i.artifact.name}`),
    ['gitlab-ci/generate writes child-$ENV.yml', 'gitlab-ci/run-child reads child-prod.yml'],
  );
});

test("GitLab's durations", () => {
  assert.equal(durationMinutes('3h 30m'), 210);
  assert.equal(durationMinutes('1 hour'), 60);
  assert.equal(durationMinutes('90 minutes'), 90);
  assert.equal(durationMinutes('3600'), 60);
  assert.equal(durationMinutes('soon'), undefined);
});

test('a variable that names an image with a tag is a version pin; a bare repository name is not', () => {
  const text = `variables:
  BASE_IMAGE: nvcr.io/nvidia/nemo:nightly
  CI_IMAGE: \${GITLAB_ENDPOINT}:5005/team/ci
  LR: "0.1"
build:
  script: [docker build --build-arg BASE_IMAGE .]
`;
  const facts = run(gitlabCiAdapter, PATH, text);
  assert.deepEqual(
    facts.versions.map((v) => [`${v.name}@${v.version}`, textAt(text, v.range)]),
    [['nvcr.io/nvidia/nemo@nightly', 'nvcr.io/nvidia/nemo:nightly']],
  );
});

test('configuration included from another project is pinned by its `ref`; a component by its version', () => {
  const text = `include:
  - project: ml/ci-templates
    ref: main
    file: /train.yml
  - project: ml/ci-templates
    ref: v1.4.0
    file: /deploy.yml
  - component: gitlab.example.com/ml/components/lint@~latest
nightly:
  only: [schedules]
  script: [python retrain.py]
`;
  const facts = run(gitlabCiAdapter, PATH, text);
  assert.deepEqual(
    facts.versions.map((v) => [`${v.subject} ${v.name}@${v.version ?? '-'}`, textAt(text, v.range)]),
    [
      ['action ml/ci-templates:/train.yml@main', 'main'],
      ['action ml/ci-templates:/deploy.yml@v1.4.0', 'v1.4.0'],
      ['action gitlab.example.com/ml/components/lint@latest', 'gitlab.example.com/ml/components/lint@~latest'],
    ],
  );
  assert.deepEqual(
    facts.schedules.map((s) => `${local(s.pipeline)} ${s.expression}`),
    ['gitlab-ci/nightly schedule'],
  );
  assert.match(facts.problems.find((p) => p.severity === 'info')?.message ?? '', /project: ml\/ci-templates/);
});

test('a file no `.gitlab-ci.yml` includes is read alone, and says so', () => {
  const facts = run(gitlabCiAdapter, 'templates/jobs.yml', 'train:\n  extends: .base\n  script: [python train.py]\n');
  assert.equal(facts.stages[0].name, 'train');
  assert.match(
    facts.problems.find((p) => p.severity === 'info')?.message ?? '',
    /no `.gitlab-ci.yml` of this workspace includes this file/,
  );
  assert.deepEqual(
    facts.problems.filter((p) => p.severity === 'error'),
    [],
  );
});
