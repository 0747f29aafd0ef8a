import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hydraAdapter } from '../../server/src/engine/sources/hydra';
import { assertOnlyDetectedBy, corpusFile, parseClean } from './yamlCorpus';

const ROOT = 'ashleve__lightning-hydra-template/configs';

test('lightning-hydra-template configs/train.yaml: the defaults list composes group configs', () => {
  const file = corpusFile(`${ROOT}/train.yaml`);
  assertOnlyDetectedBy(file, hydraAdapter);
  const facts = parseClean(file, hydraAdapter);
  assert.deepEqual(
    facts.io.map((i) => i.artifact.name.slice(ROOT.length + 1)),
    [
      'data/mnist.yaml',
      'model/mnist.yaml',
      'callbacks/default.yaml',
      'trainer/default.yaml',
      'paths/default.yaml',
      'extras/default.yaml',
      'hydra/default.yaml',
      'local/default.yaml',
    ],
  );
  assert.equal(facts.stages.length, 0);
  const values = new Map(facts.values.map((v) => [v.key, v.value]));
  assert.equal(values.get('task_name'), 'train');
  assert.equal(values.get('train'), true);
  assert.equal(values.get('seed'), null);
  assert.ok(facts.definitions.every((d) => d.scope === `hydra:${ROOT}`));
});

test('lightning-hydra-template configs/data/mnist.yaml and model/mnist.yaml: group packages', () => {
  const data = parseClean(corpusFile(`${ROOT}/data/mnist.yaml`), hydraAdapter);
  assertOnlyDetectedBy(corpusFile(`${ROOT}/data/mnist.yaml`), hydraAdapter);
  assert.deepEqual(
    data.references.map((r) => [r.name, r.scope]),
    [['paths.data_dir', `hydra:${ROOT}`]],
  );
  const values = new Map(data.values.map((v) => [v.key, v.value]));
  assert.equal(values.get('data._target_'), 'src.data.mnist_datamodule.MNISTDataModule');
  assert.equal(values.get('data.batch_size'), 128);
  assert.deepEqual(
    [0, 1, 2].map((i) => values.get(`data.train_val_test_split[${i}]`)),
    [55000, 5000, 10000],
  );

  const modelFile = corpusFile(`${ROOT}/model/mnist.yaml`);
  assertOnlyDetectedBy(modelFile, hydraAdapter);
  const model = parseClean(modelFile, hydraAdapter);
  const modelValues = new Map(model.values.map((v) => [v.key, v.value]));
  assert.equal(modelValues.get('model.optimizer._target_'), 'torch.optim.Adam');
  assert.equal(modelValues.get('model.optimizer.lr'), 0.001);
  assert.equal(modelValues.get('model.net.output_size'), 10);
  assert.ok(model.definitions.some((d) => d.name === 'model.scheduler.patience'));
});
