import { test } from 'node:test';
import assert from 'node:assert/strict';
import { feastConfigAdapter } from '../../server/src/engine/sources/feastConfig';
import { assertOnlyDetectedBy, corpusFile, parseClean } from './yamlCorpus';

test('EXPECTED 9: Feast local template feature_store.yaml', () => {
  const path = 'feast-dev__feast/sdk/python/feast/templates/local/feature_repo/feature_store.yaml';
  const file = corpusFile(path);
  assertOnlyDetectedBy(file, feastConfigAdapter);
  const facts = parseClean(file, feastConfigAdapter);
  const values = new Map(facts.values.map((v) => [v.key, v.value]));
  assert.equal(values.get('project'), 'my_project');
  assert.equal(values.get('provider'), 'local');
  assert.equal(values.get('registry'), 'data/registry.db');
  assert.equal(values.get('online_store.type'), 'sqlite');
  assert.equal(values.get('online_store.path'), 'data/online_store.db');
  assert.equal(values.get('entity_key_serialization_version'), 3);
  assert.equal(values.get('auth.type'), 'no_auth');
  const base = 'feast-dev__feast/sdk/python/feast/templates/local/feature_repo';
  assert.deepEqual(
    facts.artifacts.map((a) => [a.ref.scheme, a.ref.base, a.ref.name, a.ref.kind]),
    [
      ['path', base, 'data/registry.db', 'data'],
      ['path', base, 'data/online_store.db', 'features'],
    ],
  );
});
