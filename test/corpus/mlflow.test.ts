import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mlflowAdapter } from '../../server/src/engine/sources/mlflow';
import { assertOnlyDetectedBy, corpusFile, parseClean } from './yamlCorpus';
import { noteTexts } from '../../server/src/engine/model/stageNotes';

test('EXPECTED 10: MLproject cifar10_initial', () => {
  const file = corpusFile('shibuiwilliam__ml-system-in-actions/chapter2_training/cifar10/MLproject');
  assertOnlyDetectedBy(file, mlflowAdapter);
  const facts = parseClean(file, mlflowAdapter);
  assert.deepEqual(
    facts.stages.map((s) => [s.pipeline, s.name]),
    [['cifar10_initial', 'main']],
  );
  const main = facts.stages[0];
  assert.match(main.command!, /^python -m main/);
  assert.deepEqual(noteTexts(main), ['implied stages (by parameter prefix, order not stated): preprocess, train, building, evaluate']);
  assert.equal(facts.orders.length, 0);
  const params = facts.values.filter((v) => v.isParam).map((v) => [v.key.replace('entry_points.main.parameters.', ''), v.value]);
  assert.deepEqual(params, [
    ['preprocess_data', 'cifar10'],
    ['preprocess_downstream', '/opt/data/preprocess/'],
    ['preprocess_cached_data_id', ''],
    ['train_downstream', '/opt/data/model/'],
    ['train_tensorboard', '/opt/data/tensorboard/'],
    ['train_epochs', 1],
    ['train_batch_size', 32],
    ['train_num_workers', 4],
    ['train_learning_rate', 0.001],
    ['train_model_type', 'vgg11'],
    ['building_dockerfile_path', './Dockerfile'],
    ['building_model_filename', 'cifar10_0.onnx'],
    ['building_entrypoint_path', './onnx_runtime_server_entrypoint.sh'],
    ['evaluate_downstream', './evaluate/'],
  ]);
  assert.equal(facts.definitions.length, 14);
  // Every parameter is used by the command through `{param}`.
  assert.deepEqual(
    facts.references.map((r) => r.name),
    params.map(([name]) => name),
  );
});
