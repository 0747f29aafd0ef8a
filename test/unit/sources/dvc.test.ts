import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dvcAdapter } from '../../../server/src/engine/sources/dvc';
import type { FileFacts } from '../../../server/src/engine/model/facts';
import { run } from './yamlFacts';

const params = (f: FileFacts) => f.references.filter((r) => r.kind === 'param').map((r) => `${r.scope}:${r.name}`);
const names = (f: FileFacts) => f.stages.map((s) => s.name);
const paths = (f: FileFacts, direction: 'reads' | 'writes') =>
  f.io.filter((i) => i.direction === direction).map((i) => `${i.artifact.base ? `${i.artifact.base}/` : ''}${i.artifact.name}`);
const infos = (f: FileFacts) => f.problems.filter((p) => p.severity === 'info').map((p) => p.message);

// A monorepo pipeline whose stage runs from the repository root (`wdir: ../..`).
const MONOREPO = `stages:
  train:
    wdir: ../..
    cmd: python pipelines/churn/train.py
    deps:
      - pipelines/churn/train.py
    params:
      - pipelines/churn/params.yaml:
          - train.lr
      - seed
    outs:
      - models/churn.pkl
`;

test('dvc: every path of a stage, params files included, is relative to its wdir', () => {
  const facts = run(dvcAdapter, 'pipelines/churn/dvc.yaml', MONOREPO, {
    'pipelines/churn/params.yaml': 'train:\n  lr: 0.1\n',
  });
  assert.deepEqual(params(facts), ['pipelines/churn/params.yaml:train.lr', 'params.yaml:seed']);
  assert.deepEqual(paths(facts, 'writes'), ['models/churn.pkl']);
  assert.ok(paths(facts, 'reads').includes('pipelines/churn/params.yaml'));
  assert.deepEqual(
    facts.definitions.map((d) => d.name),
    [],
    'a params.yaml is defined by its own adapter',
  );
});

test('dvc: a custom YAML params file is defined through the stage; TOML and JSON ones are not read', () => {
  const dvc =
    'stages:\n  s:\n    cmd: x\n    params:\n      - conf/model.yaml:\n          - depth\n      - conf/model.toml:\n          - depth\n';
  const facts = run(dvcAdapter, 'dvc.yaml', dvc, { 'conf/model.yaml': 'depth: 3\n', 'conf/model.toml': 'depth: 3\n' });
  assert.deepEqual(
    facts.definitions.map((d) => `${d.scope}:${d.name}`),
    ['conf/model.yaml:depth'],
  );
});

test('dvc: top-level vars (a file, part of a file, an inline dict) resolve ${} and are not params.yaml references', () => {
  const dvc = `vars:
  - PIPELINE_DIR: pipelines/monitor
  - config.yaml:paths
stages:
  monitor:
    wdir: ../..
    cmd: python \${PIPELINE_DIR}/run.py --out \${paths.reports}
    params:
      - \${PIPELINE_DIR}/params.yaml:
          - drift.threshold
    outs:
      - \${paths.reports}/drift.html
`;
  const facts = run(dvcAdapter, 'pipelines/monitor/dvc.yaml', dvc, {
    'pipelines/monitor/config.yaml': 'paths:\n  reports: reports\nother: 1\n',
  });
  assert.equal(facts.stages[0].command, 'python pipelines/monitor/run.py --out reports');
  assert.deepEqual(params(facts), [
    'pipelines/monitor/config.yaml:paths.reports',
    'pipelines/monitor/config.yaml:paths.reports',
    'pipelines/monitor/params.yaml:drift.threshold',
  ]);
  assert.deepEqual(paths(facts, 'writes'), ['reports/drift.html']);
  assert.deepEqual(infos(facts), []);
});

test('dvc: the params.yaml beside dvc.yaml is loaded first; its ${} names are references to it', () => {
  const dvc = 'stages:\n  s:\n    cmd: python s.py --lr ${train.lr} --first ${layers[0]}\n';
  const facts = run(dvcAdapter, 'dvc.yaml', dvc, { 'params.yaml': 'train:\n  lr: 0.1\nlayers: [8, 4]\n' });
  assert.equal(facts.stages[0].command, 'python s.py --lr 0.1 --first 8');
  assert.deepEqual(params(facts), ['params.yaml:train.lr', 'params.yaml:layers']);
});

test('dvc: stage-level vars are read from the stage wdir', () => {
  const dvc = 'stages:\n  s:\n    wdir: sub\n    vars:\n      - local.yaml\n    cmd: run ${depth}\n';
  const facts = run(dvcAdapter, 'dvc.yaml', dvc, { 'sub/local.yaml': 'depth: 4\n' });
  assert.equal(facts.stages[0].command, 'run 4');
  assert.deepEqual(params(facts), ['sub/local.yaml:depth']);
});

test('dvc: a vars file not in the workspace leaves names unresolved, with one info and no references', () => {
  const dvc =
    'vars:\n  - shared/paths.yaml\nstages:\n  s:\n    cmd: run ${PIPELINE_DIR} ${other}\n    deps:\n      - ${PIPELINE_DIR}/in.csv\n';
  const facts = run(dvcAdapter, 'dvc.yaml', dvc, { 'params.yaml': 'seed: 1\n' });
  assert.deepEqual(params(facts), []);
  const [info, ...rest] = infos(facts);
  assert.deepEqual(rest, []);
  assert.match(info, /`shared\/paths.yaml` is not in the workspace/);
  assert.match(info, /`\$\{PIPELINE_DIR\}`/);
  assert.equal(facts.io[0].artifact.dynamic, true);
});

test('dvc: with every source read, a ${} no source defines is a params.yaml reference (DVC fails on it)', () => {
  const facts = run(dvcAdapter, 'dvc.yaml', 'vars:\n  - a: 1\nstages:\n  s:\n    cmd: run ${b}\n', { 'params.yaml': 'seed: 1\n' });
  assert.deepEqual(params(facts), ['params.yaml:b']);
});

// The dict foreach of DVC's documentation (`build@uk`, `build@us`), in short form.
test('dvc: foreach over a dict names stages by key and resolves ${key} and ${item.x}', () => {
  const dvc = `stages:
  build:
    foreach:
      uk: {epochs: 3}
      us: {epochs: 10}
    do:
      cmd: python train.py \${key} \${item.epochs}
      outs:
        - model-\${key}.hdf5
`;
  const facts = run(dvcAdapter, 'dvc.yaml', dvc);
  assert.deepEqual(names(facts), ['build@uk', 'build@us']);
  assert.deepEqual(
    facts.stages.map((s) => s.command),
    ['python train.py uk 3', 'python train.py us 10'],
  );
  assert.deepEqual(paths(facts, 'writes'), ['model-uk.hdf5', 'model-us.hdf5']);
  assert.deepEqual(params(facts), []);
});

test('dvc: foreach over a ${} list from params.yaml, and over a list of dicts (named by index)', () => {
  const dvc = `stages:
  prep:
    foreach: \${datasets}
    do:
      cmd: python prep.py \${item}
  fit:
    foreach:
      - {os: linux}
      - {os: mac}
    do:
      cmd: echo \${item.os}
`;
  const facts = run(dvcAdapter, 'dvc.yaml', dvc, { 'params.yaml': 'datasets: [a, b]\n' });
  assert.deepEqual(names(facts), ['prep@a', 'prep@b', 'fit@0', 'fit@1']);
});

test('dvc: a foreach over an unknown var expands nothing and says so', () => {
  const dvc = 'vars:\n  - missing.yaml\nstages:\n  prep:\n    foreach: ${datasets}\n    do:\n      cmd: python prep.py ${item}\n';
  const facts = run(dvcAdapter, 'dvc.yaml', dvc);
  assert.deepEqual(names(facts), []);
  assert.match(infos(facts)[0], /`foreach` of stage `prep`/);
});

// The matrix of DVC's documentation (model x feature), in short form.
test('dvc: matrix expands every combination, named value-value, with ${item.<name>}', () => {
  const dvc = `stages:
  train:
    matrix:
      model: [cnn, xgb]
      feature: \${features}
    cmd: ./train.py --feature \${item.feature} \${item.model}
    outs:
      - \${item.model}-\${item.feature}.pkl
`;
  const facts = run(dvcAdapter, 'dvc.yaml', dvc, { 'params.yaml': 'features: [f1, f2]\n' });
  assert.deepEqual(names(facts), ['train@cnn-f1', 'train@cnn-f2', 'train@xgb-f1', 'train@xgb-f2']);
  assert.equal(facts.stages[3].command, './train.py --feature f2 xgb');
  assert.deepEqual(paths(facts, 'writes'), ['cnn-f1.pkl', 'cnn-f2.pkl', 'xgb-f1.pkl', 'xgb-f2.pkl']);
});

test('dvc: a params entry under a foreach resolves ${item} in its file name and keys', () => {
  const dvc = `stages:
  eval:
    foreach: [us, uk]
    do:
      cmd: python eval.py \${item}
      params:
        - conf/\${item}.yaml:
            - threshold
`;
  const facts = run(dvcAdapter, 'dvc.yaml', dvc, { 'conf/us.yaml': 'threshold: 1\n', 'conf/uk.yaml': 'threshold: 2\n' });
  assert.deepEqual(params(facts), ['conf/us.yaml:threshold', 'conf/uk.yaml:threshold']);
});
