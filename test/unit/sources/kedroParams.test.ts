import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kedroParamsAdapter } from '../../../server/src/engine/sources/kedroParams';
import { run, textAt, value } from './yamlFacts';

const PARAMS = `model_options:
  test_size: 0.2 # hold-out share
  random_state: 3
  features:
    - amount
    - merchant_risk
threshold: 0.83
`;

test('every key path is a kedro param; leaves are values', () => {
  const facts = run(kedroParamsAdapter, 'conf/base/parameters_data_science.yml', PARAMS);
  assert.deepEqual(facts.problems, []);
  assert.deepEqual(
    facts.definitions.map((d) => [d.name, d.scope]),
    [
      ['model_options', 'kedro'],
      ['model_options.test_size', 'kedro'],
      ['model_options.random_state', 'kedro'],
      ['model_options.features', 'kedro'],
      ['threshold', 'kedro'],
    ],
  );
  assert.equal(textAt(PARAMS, facts.definitions[1].range), 'test_size');
  const testSize = value(facts, 'model_options.test_size')!;
  assert.equal(testSize.value, 0.2);
  assert.equal(testSize.isParam, true);
  assert.equal(testSize.comment, 'hold-out share');
  assert.equal(value(facts, 'model_options.features[1]')!.value, 'merchant_risk');
});

test('half-typed YAML: one problem, no throw', () => {
  const facts = run(kedroParamsAdapter, 'conf/base/parameters.yml', 'a:\n  b: [1, 2\nc: 3\n');
  assert.equal(facts.problems.length, 1);
});

const detectCases: Array<[string, string, boolean]> = [
  ['conf/base/parameters.yml', PARAMS, true],
  ['conf/local/parameters_ds.yaml', PARAMS, true],
  ['conf/base/parameters/data_science.yml', PARAMS, true],
  ['x/{{ cookiecutter.repo_name }}/conf/base/parameters_data_science.yml', PARAMS, true],
  ['conf/base/parameters.yml', '# empty\n', false],
  ['conf/base/catalog.yml', PARAMS, false],
  ['params.yaml', PARAMS, false],
  ['parameters.yml', PARAMS, false],
];
for (const [path, text, expected] of detectCases) {
  test(`detect ${path} -> ${expected}`, () => assert.equal(kedroParamsAdapter.detect({ path, text }), expected));
}
