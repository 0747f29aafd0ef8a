import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kfpAdapter } from '../../server/src/engine/sources/kfp';
import { assertOnlyDetectedBy, corpusFile, parseClean, local } from './yamlCorpus';

const IR = 'kubeflow__pipelines/test_data/sdk_compiled_pipelines/valid/essential/lightweight_python_functions_pipeline.yaml';

test('kubeflow lightweight_python_functions_pipeline: KFP IR v2', () => {
  const file = corpusFile(IR);
  assertOnlyDetectedBy(file, kfpAdapter);
  const facts = parseClean(file, kfpAdapter);
  assert.deepEqual(
    facts.stages.map((s) => [s.pipeline, s.name, s.image, s.role]),
    [
      ['my-test-pipeline-beta', 'preprocess', 'python:3.11', 'transform'],
      ['my-test-pipeline-beta', 'train', 'python:3.11', 'train'],
    ],
  );
  assert.deepEqual(
    facts.orders.map((o) => `${local(o.before)} -> ${local(o.after)} (${o.via})`),
    ['my-test-pipeline-beta/preprocess -> my-test-pipeline-beta/train (dependentTasks)'],
  );
  const reads = facts.io
    .filter((i) => i.direction === 'reads')
    .map((i) => `${i.artifact.name} ${i.artifact.kind ?? '-'}`)
    .sort();
  assert.deepEqual(reads, [
    'preprocess.output_bool_parameter_path -',
    'preprocess.output_dataset_one data',
    'preprocess.output_dataset_two_path data',
    'preprocess.output_dict_parameter_path -',
    'preprocess.output_list_parameter_path -',
    'preprocess.output_parameter_path -',
  ]);
  assert.ok(facts.io.some((i) => i.direction === 'writes' && i.artifact.name === 'train.model' && i.artifact.kind === 'model'));
  // Pipeline inputs: input_dict (default {'A': 1.0, 'B': 2.0}) and message (no default).
  assert.deepEqual(
    facts.definitions.map((d) => d.name),
    ['input_dict', 'message'],
  );
  const params = facts.values.filter((v) => v.isParam).map((v) => [v.key, v.value]);
  assert.deepEqual(params, [
    ['input_dict.A', 1],
    ['input_dict.B', 2],
  ]);
  assert.deepEqual(
    facts.references.map((r) => [r.name, local(r.stage!)]),
    [
      ['input_dict', 'my-test-pipeline-beta/preprocess'],
      ['message', 'my-test-pipeline-beta/preprocess'],
    ],
  );
  assert.equal(facts.values.find((v) => v.key === 'components.comp-train.num_steps')?.value, 100);
  assert.deepEqual(
    facts.versions.map((v) => `${v.subject} ${v.name}:${v.version}`),
    ['image python:3.11', 'image python:3.11'],
  );
});
