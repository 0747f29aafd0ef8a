import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mlflowAdapter } from '../../../server/src/engine/sources/mlflow';
import { run, textAt, local, value } from './yamlFacts';
import { noteTexts } from '../../../server/src/engine/model/stageNotes';

const PROJECT = `name: fraud-model

docker_env:
  image: acme/fraud-train
  environment: [["MLFLOW_TRACKING_URI", "http://mlflow:5000"], "AWS_PROFILE"]

conda_env: conda.yaml

entry_points:
  featurize:
    parameters:
      window_days: {type: int, default: 30}
      out: path
    command: "python featurize.py --window {window_days} --out {out}"
  train:
    parameters:
      alpha: {type: float, default: 0.5} # L2 strength
      seed: int
    command: |
      python train.py \\
        --alpha {alpha} \\
        --seed {seed} --max-depth {max_depth}
`;

test('entry points are stages of the project; commands reference parameters', () => {
  const facts = run(mlflowAdapter, 'ml/MLproject', PROJECT);
  assert.deepEqual(facts.problems, []);
  assert.deepEqual(
    facts.stages.map((s) => [s.pipeline, s.name, s.role, s.image]),
    [
      ['fraud-model', 'featurize', 'transform', 'acme/fraud-train'],
      ['fraud-model', 'train', 'train', 'acme/fraud-train'],
    ],
  );
  assert.equal(textAt(PROJECT, facts.stages[1].range), 'train');
  assert.equal(facts.stages[0].command, 'python featurize.py --window {window_days} --out {out}');
  assert.deepEqual(
    facts.references.map((r) => [r.name, local(r.stage!), r.scope]),
    [
      ['window_days', 'fraud-model/featurize', 'ml/MLproject'],
      ['out', 'fraud-model/featurize', 'ml/MLproject'],
      ['alpha', 'fraud-model/train', 'ml/MLproject'],
      ['seed', 'fraud-model/train', 'ml/MLproject'],
      ['max_depth', 'fraud-model/train', 'ml/MLproject'],
    ],
  );
  assert.equal(textAt(PROJECT, facts.references[4].range), '{max_depth}');
  assert.equal(facts.orders.length, 0);
});

test('parameters: definitions for all, values for defaults', () => {
  const facts = run(mlflowAdapter, 'ml/MLproject', PROJECT);
  assert.deepEqual(
    facts.definitions.map((d) => d.name),
    ['window_days', 'out', 'alpha', 'seed'],
  );
  const alpha = value(facts, 'entry_points.train.parameters.alpha')!;
  assert.equal(alpha.value, 0.5);
  assert.equal(alpha.isParam, true);
  assert.equal(alpha.comment, 'L2 strength');
  assert.equal(textAt(PROJECT, alpha.range), '0.5');
  assert.equal(value(facts, 'entry_points.train.parameters.seed'), undefined);
  assert.equal(value(facts, 'docker_env.environment.MLFLOW_TRACKING_URI')!.value, 'http://mlflow:5000');
});

test('environment: unpinned docker image, conda env and scripts are read', () => {
  const facts = run(mlflowAdapter, 'ml/MLproject', PROJECT);
  assert.deepEqual(
    facts.versions.map((v) => [v.subject, v.name, v.version]),
    [['image', 'acme/fraud-train', undefined]],
  );
  const reads = facts.io.map((i) => `${local(i.stage)} ${i.artifact.base}/${i.artifact.name} ${i.artifact.kind}`);
  assert.deepEqual(reads, [
    'fraud-model/featurize ml/featurize.py code',
    'fraud-model/train ml/train.py code',
    'fraud-model/featurize ml/conda.yaml code',
    'fraud-model/train ml/conda.yaml code',
  ]);
});

test('one entry point running several steps: prefixes are noted as implied stages, no order invented', () => {
  const text = `name: cifar10_initial
entry_points:
  main:
    parameters:
      preprocess_data: {type: string, default: cifar10}
      train_epochs: {type: int, default: 1}
      building_model_filename: {type: string, default: cifar10_0.onnx}
      evaluate_downstream: {type: string, default: ./evaluate/}
      num_gpus: {type: int, default: 0}
    command: python -m main --preprocess_data {preprocess_data} --train_epochs {train_epochs}
`;
  const facts = run(mlflowAdapter, 'cifar10/MLproject', text);
  assert.deepEqual(
    facts.stages.map((s) => [s.name, s.role, noteTexts(s)]),
    [['main', 'train', ['implied stages (by parameter prefix, order not stated): preprocess, train, building, evaluate']]],
  );
  assert.equal(facts.orders.length, 0);
});

test('half-typed YAML: one problem, no throw', () => {
  const text = 'name: p\nentry_points:\n  main:\n    parameters:\n      a: {type: int, default: 1\n    command: "python x.py {a}"\n';
  const facts = run(mlflowAdapter, 'MLproject', text);
  assert.equal(facts.problems.length, 1);
});

const detectCases: Array<[string, string, boolean]> = [
  ['MLproject', PROJECT, true],
  ['sub/dir/MLproject', 'name: x\nentry_points: {}\n', true],
  ['MLproject.yaml', 'name: x\nentry_points: {}\n', true],
  ['examples/flows/MLProject', 'name: x\nentry_points: {}\n', true],
  ['MLproject', 'this is not yaml\n', false],
  ['mlproject.txt', PROJECT, false],
  ['MLproject.py', PROJECT, false],
];
for (const [path, text, expected] of detectCases) {
  test(`detect ${path} -> ${expected}`, () => assert.equal(mlflowAdapter.detect({ path, text }), expected));
}
