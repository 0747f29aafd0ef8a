import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hydraAdapter } from '../../../server/src/engine/sources/hydra';
import { run, textAt, value } from './yamlFacts';

const PRIMARY = `# @package _global_
defaults:
  - _self_
  - data: fraud
  - model: xgb
  - callbacks: [early_stop, checkpoint]
  - logger: null
  - override /trainer: gpu
  - optional local: default
  - db@backup: postgres
  - base_settings

seed: 7
threshold: 0.83 # flag above this
paths:
  data_dir: \${oc.env:DATA_ROOT,/data}
  out: \${paths.data_dir}/out
train:
  lr: 0.01
  warmup_lr: \${.lr}
  steps: [1_000, 2_000]
model_seed: \${oc.select:seed,0}
`;

test('the defaults list composes config files, resolved from the config root', () => {
  const facts = run(hydraAdapter, 'ml/configs/train.yaml', PRIMARY);
  assert.deepEqual(facts.problems, []);
  assert.deepEqual(
    facts.io.map((i) => [i.direction, i.artifact.scheme, i.artifact.name, i.artifact.kind]),
    [
      ['reads', 'path', 'ml/configs/data/fraud.yaml', 'code'],
      ['reads', 'path', 'ml/configs/model/xgb.yaml', 'code'],
      ['reads', 'path', 'ml/configs/callbacks/early_stop.yaml', 'code'],
      ['reads', 'path', 'ml/configs/callbacks/checkpoint.yaml', 'code'],
      ['reads', 'path', 'ml/configs/trainer/gpu.yaml', 'code'],
      ['reads', 'path', 'ml/configs/local/default.yaml', 'code'],
      ['reads', 'path', 'ml/configs/db/postgres.yaml', 'code'],
      ['reads', 'path', 'ml/configs/base_settings.yaml', 'code'],
    ],
  );
  assert.equal(textAt(PRIMARY, facts.io[0].range), 'fraud');
  assert.equal(facts.stages.length, 0);
});

test('key paths are params of the composed config; interpolations reference them', () => {
  const facts = run(hydraAdapter, 'ml/configs/train.yaml', PRIMARY);
  const defs = facts.definitions.map((d) => d.name);
  assert.deepEqual(defs, [
    'seed',
    'threshold',
    'paths',
    'paths.data_dir',
    'paths.out',
    'train',
    'train.lr',
    'train.warmup_lr',
    'train.steps',
    'model_seed',
  ]);
  assert.ok(facts.definitions.every((d) => d.scope === 'hydra:ml/configs'));
  assert.deepEqual(
    facts.references.map((r) => [r.name, r.scope]),
    [
      ['paths.data_dir', 'hydra:ml/configs'],
      ['train.lr', 'hydra:ml/configs'],
      ['seed', 'hydra:ml/configs'],
    ],
  );
  assert.equal(textAt(PRIMARY, facts.references[1].range), '${.lr}');
  const threshold = value(facts, 'threshold')!;
  assert.equal(threshold.value, 0.83);
  assert.equal(threshold.isParam, true);
  assert.equal(threshold.comment, 'flag above this');
  assert.equal(value(facts, 'train.steps[0]')!.value, 1000);
});

test('oc.env with a default is an environment value', () => {
  const facts = run(hydraAdapter, 'ml/configs/train.yaml', PRIMARY);
  const env = value(facts, 'oc.env:DATA_ROOT')!;
  assert.equal(env.value, '/data');
  assert.equal(textAt(PRIMARY, env.range), '${oc.env:DATA_ROOT,/data}');
  assert.equal(textAt(PRIMARY, env.keyRange), 'data_dir');
});

test('a group config lives under its group package; _target_ is a value', () => {
  const text = `_target_: src.data.FraudDataModule
data_dir: \${paths.data_dir}
batch_size: 128
defaults:
  - augment: none
`;
  const facts = run(hydraAdapter, 'ml/configs/data/fraud.yaml', text);
  assert.deepEqual(
    facts.definitions.map((d) => d.name),
    ['data._target_', 'data.data_dir', 'data.batch_size'],
  );
  assert.equal(value(facts, 'data._target_')!.value, 'src.data.FraudDataModule');
  assert.deepEqual(
    facts.io.map((i) => i.artifact.name),
    ['ml/configs/data/augment/none.yaml'],
  );
  const pkg = run(hydraAdapter, 'ml/configs/experiment/big.yaml', '# @package _global_\nmodel:\n  depth: 12\n');
  assert.deepEqual(
    pkg.definitions.map((d) => d.name),
    ['model', 'model.depth'],
  );
});

test('an option in a nested folder may be selected from either group: its keys are defined at each package', () => {
  // `search_config: gpt3/5b` puts it at `search_config`; `search_config/gpt3: 5b` at `search_config.gpt3`.
  const facts = run(hydraAdapter, 'conf/search_config/gpt3/5b.yaml', 'train_settings:\n  gpu_memory_gb: 80\n');
  assert.deepEqual(
    facts.definitions.map((d) => d.name),
    [
      'search_config.gpt3.train_settings',
      'search_config.gpt3.train_settings.gpu_memory_gb',
      'search_config.train_settings',
      'search_config.train_settings.gpu_memory_gb',
    ],
  );
  const global = run(hydraAdapter, 'conf/experiment/eda/am.yaml', '# @package _global_\nseed: 1\n');
  assert.deepEqual(
    global.definitions.map((d) => d.name),
    ['seed'],
  );
});

test("Hydra's own runtime node and resolvers are not param references; relative keys resolve", () => {
  const text = `run:
  dir: out/\${hydra.job.override_dirname}/\${hydra.job.num}
  cwd: \${hydra:runtime.cwd}
  at: \${now:%Y-%m-%d}
  dflt: \${resolve_default:cpu,\${trainer.accelerator}}
  tie: \${model.tie_dropout,null}
model:
  enc:
    dim: \${..hidden}
  hidden: 64
`;
  const facts = run(hydraAdapter, 'cfgs/config.yaml', text);
  assert.deepEqual(
    facts.references.map((r) => r.name),
    ['trainer.accelerator', 'model.hidden'],
  );
});

test('defaults options may carry the .yaml extension', () => {
  const facts = run(hydraAdapter, 'configs/main.yaml', 'defaults:\n  - env: default.yaml\n  - base.yaml\n  - debug: ???\n');
  assert.deepEqual(
    facts.io.map((i) => i.artifact.name),
    ['configs/env/default.yaml', 'configs/base.yaml'],
  );
});

test('half-typed YAML: one problem, no throw', () => {
  const facts = run(hydraAdapter, 'configs/train.yaml', 'defaults:\n  - data: mnist\nmodel:\n  lr: [0.1, 0.01\n');
  assert.equal(facts.problems.length, 1);
});

const detectCases: Array<[string, string, boolean]> = [
  ['configs/train.yaml', PRIMARY, true],
  ['train.yaml', 'defaults:\n  - _self_\n  - data: mnist\n', true],
  ['anywhere/model.yaml', '_target_: torch.nn.Linear\nin_features: 10\n', true],
  ['anywhere/app.yaml', 'hydra:\n  run:\n    dir: outputs\n', true],
  ['conf/model/xgb.yaml', 'depth: 6\nlr: ${optim.lr}\n', true],
  ['conf/db/mysql.yaml', 'defaults:\n  - base\nhost: localhost\n', true],
  ['anywhere/settings.yaml', 'depth: 6\nlr: ${optim.lr}\n', false],
  ['isaacgymenvs/conf/task/Ant.yaml', 'name: Ant\nphysics_engine: ${..physics_engine}\n', true],
  ['isaacgymenvs/conf/task/Cartpole.yaml', 'env:\n  numEnvs: ${resolve_default:512,${...num_envs}}\n', true],
  ['conf/task/walker.yaml', 'batch_size: 512\n', false],
  ['configs/compose.yaml', 'image: ${REGISTRY:-ghcr.io}/app\nport: ${PORT}\n', false],
  ['config/docker-compose.yml', 'services:\n  db:\n    image: postgres:${PG_VERSION}\n', false],
  ['configs/deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  x: ${a.b}\n', false],
  ['.github/workflows/ci.yml', 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n', false],
  ['configs/plain.yaml', 'name: x\nvalue: 3\n', false],
];
for (const [path, text, expected] of detectCases) {
  test(`detect ${path} -> ${expected}`, () => assert.equal(hydraAdapter.detect({ path, text }), expected));
}
