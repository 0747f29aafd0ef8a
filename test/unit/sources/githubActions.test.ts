import { test } from 'node:test';
import assert from 'node:assert/strict';
import { githubActionsAdapter } from '../../../server/src/engine/sources/githubActions';
import { run, textAt, local, orders } from './yamlFacts';

const WORKFLOW = `name: train
on:
  schedule:
    - cron: "0 3 * * *"
jobs:
  build:
    runs-on: ubuntu-22.04
    steps:
      - uses: actions/checkout@v4
      - run: dvc repro
      - uses: actions/upload-artifact@v4
        with:
          name: model
          path: models/model.pkl
  deploy:
    needs: build
    runs-on: ubuntu-22.04
    container:
      image: ghcr.io/acme/deploy:latest
    steps:
      - uses: actions/download-artifact@v4
        with:
          name: model
`;
const PATH = '.github/workflows/train.yml';

test('detects workflow files under .github/workflows only', () => {
  assert.equal(githubActionsAdapter.detect({ path: PATH, text: WORKFLOW }), true);
  assert.equal(githubActionsAdapter.detect({ path: 'ci/train.yml', text: WORKFLOW }), false);
});

test('jobs are stages of the workflow; `needs` orders them', () => {
  const facts = run(githubActionsAdapter, PATH, WORKFLOW);
  assert.deepEqual(facts.problems, []);
  assert.deepEqual(
    facts.stages.map((s) => [local(s.id), s.role]),
    [
      ['train/build', 'transform'],
      ['train/deploy', 'deploy'],
    ],
  );
  assert.equal(textAt(WORKFLOW, facts.stages[0].range), 'build');
  assert.equal(facts.stages[1].image, 'ghcr.io/acme/deploy:latest');
  assert.deepEqual(orders(facts), ['train/build -> train/deploy (needs)']);
});

test('an uploaded artifact links the job that uploads it to the job that downloads it', () => {
  const facts = run(githubActionsAdapter, PATH, WORKFLOW);
  assert.deepEqual(
    facts.io.map((i) => `${local(i.stage)} ${i.direction} ${i.artifact.scheme}:${i.artifact.name}`),
    ['train/build reads path:models/model.pkl', 'train/build writes ci-artifact:model', 'train/deploy reads ci-artifact:model'],
  );
});

test('the cron schedule, and the version of every action and image', () => {
  const facts = run(githubActionsAdapter, PATH, WORKFLOW);
  assert.deepEqual(
    facts.schedules.map((s) => [s.kind, s.expression]),
    [['cron', '0 3 * * *']],
  );
  assert.deepEqual(
    facts.versions.map((v) => [v.subject, v.name, v.version]),
    [
      ['action', 'actions/checkout', 'v4'],
      ['action', 'actions/upload-artifact', 'v4'],
      ['image', 'ghcr.io/acme/deploy', 'latest'],
      ['action', 'actions/download-artifact', 'v4'],
    ],
  );
});
