import { test } from 'node:test';
import assert from 'node:assert/strict';
import { feastConfigAdapter } from '../../../server/src/engine/sources/feastConfig';
import { run, textAt, value } from './yamlFacts';

test('local store: registry and online store are artifacts relative to the file', () => {
  const text = `project: fraud_features
registry: data/registry.db
provider: local
online_store:
    type: sqlite
    path: data/online_store.db
entity_key_serialization_version: 3
`;
  const facts = run(feastConfigAdapter, 'features/feature_store.yaml', text);
  assert.deepEqual(facts.problems, []);
  assert.deepEqual(
    facts.artifacts.map((a) => [a.ref.scheme, a.ref.name, a.ref.base, a.ref.kind, a.label, a.description]),
    [
      ['path', 'data/registry.db', 'features', 'data', 'fraud_features registry', undefined],
      ['path', 'data/online_store.db', 'features', 'features', 'fraud_features online store', 'sqlite store'],
    ],
  );
  assert.equal(textAt(text, facts.artifacts[1].range), 'data/online_store.db');
  assert.equal(value(facts, 'provider')!.value, 'local');
  assert.equal(value(facts, 'entity_key_serialization_version')!.value, 3);
});

test('%PLACEHOLDER% template values are tolerated and kept as written', () => {
  const text = `project: %PROJECT_NAME%
registry: %REGISTRY_PATH%
provider: gcp
offline_store:
    type: bigquery
    dataset: feast_fraud
online_store:
    type: redis
    connection_string: "localhost:6379"
`;
  const facts = run(feastConfigAdapter, 'repo/feature_store.yaml', text);
  assert.deepEqual(facts.problems, []);
  assert.equal(value(facts, 'project')!.value, '%PROJECT_NAME%');
  assert.deepEqual(
    facts.artifacts.map((a) => [a.ref.scheme, a.ref.name, a.ref.dynamic]),
    [
      ['path', '%REGISTRY_PATH%', true],
      ['named', 'localhost:6379', undefined],
    ],
  );
  assert.equal(value(facts, 'offline_store.dataset')!.value, 'feast_fraud');
});

test('SQL registry in map form is a URI', () => {
  const text = `project: p
registry:
    registry_type: sql
    path: postgresql://feast:feast@db:5432/feast
    cache_ttl_seconds: 60
provider: local
`;
  const facts = run(feastConfigAdapter, 'feature_store.yaml', text);
  assert.deepEqual(
    facts.artifacts.map((a) => [a.ref.scheme, a.description]),
    [['uri', 'sql store']],
  );
  assert.equal(value(facts, 'registry.cache_ttl_seconds')!.value, 60);
});

test('half-typed YAML: one problem, no throw', () => {
  const facts = run(feastConfigAdapter, 'feature_store.yaml', 'project: p\nonline_store:\n    type: "sqlite\n');
  assert.equal(facts.problems.length, 1);
});

const detectCases: Array<[string, string, boolean]> = [
  ['feature_repo/feature_store.yaml', 'project: p\nprovider: local\n', true],
  ['feature_store.yml', 'project: p\n', true],
  ['feature_repo/feature_store.yaml', 'services:\n  feast: {}\n', false],
  ['feature_repo/store.yaml', 'project: p\nprovider: local\n', false],
];
for (const [path, text, expected] of detectCases) {
  test(`detect ${path} -> ${expected}`, () => assert.equal(feastConfigAdapter.detect({ path, text }), expected));
}
