import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kedroParamsAdapter } from '../../server/src/engine/sources/kedroParams';
import { assertOnlyDetectedBy, corpusFile, parseClean } from './yamlCorpus';

test('EXPECTED 8: Kedro spaceflights-pandas parameters_data_science.yml', () => {
  const file = corpusFile(
    'kedro-org__kedro-starters/spaceflights-pandas/{{ cookiecutter.repo_name }}/conf/base/parameters_data_science.yml',
  );
  assertOnlyDetectedBy(file, kedroParamsAdapter);
  const facts = parseClean(file, kedroParamsAdapter);
  assert.deepEqual(
    facts.definitions.map((d) => [d.name, d.scope]),
    [
      ['model_options', 'kedro'],
      ['model_options.test_size', 'kedro'],
      ['model_options.random_state', 'kedro'],
      ['model_options.features', 'kedro'],
    ],
  );
  const values = facts.values.map((v) => [v.key, v.value]);
  assert.deepEqual(values.slice(0, 2), [
    ['model_options.test_size', 0.2],
    ['model_options.random_state', 3],
  ]);
  assert.deepEqual(
    facts.values.filter((v) => v.key.startsWith('model_options.features[')).map((v) => v.value),
    [
      'engines',
      'passenger_capacity',
      'crew',
      'd_check_complete',
      'moon_clearance_complete',
      'iata_approved',
      'company_rating',
      'review_scores_rating',
    ],
  );
  assert.ok(facts.values.every((v) => v.isParam));
});
