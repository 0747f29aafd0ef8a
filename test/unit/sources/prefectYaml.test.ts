import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { prefectYamlAdapter } from '../../../server/src/engine/sources/prefectYaml';
import type { FileFacts } from '../../../server/src/engine/model/facts';
import { corpusFiles } from '../../helpers/paths';
import { local, run, textAt } from './yamlFacts';

const FILE = 'proj/prefect.yaml';
const FLOW = 'from prefect import flow\n@flow\ndef train(): ...\n';
const parse = (text: string, siblings: Record<string, string> = { 'proj/flows/train.py': FLOW }): FileFacts =>
  run(prefectYamlAdapter, FILE, text, siblings);

describe('prefect.yaml detect', () => {
  const cases: Array<[string, string, boolean]> = [
    ['prefect.yaml', 'name: p\ndeployments:\n- name: d\n  entrypoint: f.py:f\n', true],
    ['ops/prod.prefect.yaml', 'deployments:\n- name: d\n', true],
    ['deploy.yaml', 'deployments:\n- name: d\n', false],
    // A Kubernetes manifest that happens to be called prefect.yaml (PrefectHQ/prefect-recipes has one).
    ['prefect.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: orion\n', false],
    ['prefect.yaml', 'name: p\nbuild: null\n', false],
  ];
  for (const [path, text, expected] of cases)
    test(`${path} ${JSON.stringify(text.slice(0, 30))} -> ${expected}`, () =>
      assert.equal(prefectYamlAdapter.detect({ path, text }), expected));
});

const PROJECT = `name: ml
prefect-version: 3.1.0
pull:
- prefect.deployments.steps.git_clone:
    repository: https://github.com/acme/ml.git
    branch: main
deployments:
- name: nightly-train
  entrypoint: flows/train.py:train
  schedules:
  - cron: "0 3 * * *"
    timezone: Europe/Berlin
  - interval: 3600
    active: false
  work_pool:
    name: k8s
    job_variables:
      image: ghcr.io/acme/train:latest
- name: pinned
  entrypoint: flows/train.py:train
  schedule:
    cron: "30 4 * * *"
  pull:
  - prefect.deployments.steps.git_clone:
      repository: https://github.com/acme/ml.git
      commit_sha: 4f2a9c1
`;

describe('prefect.yaml deployments', () => {
  const f = parse(PROJECT);
  test('one stage for the shared pull steps and one per deployment', () =>
    assert.deepEqual(
      f.stages.map((s) => [local(s.id), s.command]),
      [
        ['ml/pull', 'git clone --depth 1 --branch main https://github.com/acme/ml.git'],
        ['ml/nightly-train', undefined],
        ['ml/pinned', 'git clone --depth 1 https://github.com/acme/ml.git && git checkout 4f2a9c1'],
      ],
    ));
  test('schedules go to the flow the entrypoint names, in its file; inactive ones are left out', () =>
    assert.deepEqual(
      f.schedules.map((s) => [s.pipeline, s.file, s.kind, s.expression, s.timezone]),
      [
        ['train', 'proj/flows/train.py', 'cron', '0 3 * * *', 'Europe/Berlin'],
        ['train', 'proj/flows/train.py', 'cron', '30 4 * * *', undefined],
      ],
    ));
  test('the work pool image is a version pin of the deployment', () => {
    assert.deepEqual(
      f.versions.map((v) => [v.name, v.version, textAt(PROJECT, v.range)]),
      [['ghcr.io/acme/train', 'latest', 'ghcr.io/acme/train:latest']],
    );
  });
  test('entrypoints that resolve raise no problem', () => assert.deepEqual(f.problems, []));
});

describe('prefect.yaml entrypoints', () => {
  const cases: Array<[string, Record<string, string>, RegExp | undefined]> = [
    ['flows/train.py:train', { 'proj/flows/train.py': FLOW }, undefined],
    ['flows/train.py:train', {}, /names `flows\/train.py`, which is not in the workspace/],
    ['flows/train.py:evaluate', { 'proj/flows/train.py': FLOW }, /defines no function `evaluate`/],
    ['{{ $ENTRY }}', {}, undefined],
  ];
  for (const [entry, siblings, problem] of cases)
    test(`${entry} -> ${problem ?? 'no problem'}`, () => {
      const f = parse(`deployments:\n- name: d\n  entrypoint: "${entry}"\n`, siblings);
      if (!problem) return assert.deepEqual(f.problems, []);
      assert.equal(f.problems.length, 1);
      assert.match(f.problems[0].message, problem);
      assert.equal(f.problems[0].severity, 'warning');
    });
});

describe('prefect.yaml on a real file', () => {
  test('PrefectHQ/prefect-recipes using_state_hooks: a branch clone for all, two entrypoints in a file that is not there', () => {
    const dir = 'PrefectHQ__prefect-recipes/flows-advanced/using_state_hooks';
    const text = readFileSync(join(corpusFiles(), dir, 'prefect.yaml'), 'utf8');
    const flow = readFileSync(join(corpusFiles(), dir, 'run_deployment_on_completion.py'), 'utf8');
    const f = run(prefectYamlAdapter, `${dir}/prefect.yaml`, text, { [`${dir}/run_deployment_on_completion.py`]: flow });
    assert.equal(f.stages[0].command, 'git clone --depth 1 --branch events https://github.com/PrefectHQ/prefect-recipes.git');
    assert.deepEqual(
      f.problems.map((p) => p.range.range.start.line + 1),
      [36, 41],
    );
  });
});
