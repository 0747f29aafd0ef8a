import { test } from 'node:test';
import assert from 'node:assert/strict';
import { identify, match, normalizeUri } from '../../server/src/engine/model/identity';

const cases: Array<[string, string]> = [
  ['s3a://bucket//a/b/', 's3://bucket/a/b'],
  ['GS://bucket/x', 'gs://bucket/x'],
  ['file:///opt/data/x.csv', '/opt/data/x.csv'],
];
for (const [input, expected] of cases) {
  test(`normalizeUri ${input}`, () => assert.equal(normalizeUri(input), expected));
}

test('relative paths resolve against their base', () => {
  assert.equal(identify({ scheme: 'path', name: './data/x.csv', base: 'ml' }).key, 'path:ml/data/x.csv');
  assert.equal(identify({ scheme: 'path', name: 'data/x.csv' }).key, identify({ scheme: 'path', name: './data//x.csv' }).key);
});

test('tables are case-insensitive and unquoted', () => {
  assert.equal(identify({ scheme: 'table', name: '"Fraud"."Flags"' }).key, 'table:fraud.flags');
});

test('an Airflow Dataset that is a URI is the same stock as the URI', () => {
  assert.equal(identify({ scheme: 'dataset', name: 's3://b/k' }).key, identify({ scheme: 'uri', name: 's3://b/k/' }).key);
});

test('match: exact, contained, possible, none', () => {
  const eval_ = identify({ scheme: 'path', name: 'eval' });
  const metrics = identify({ scheme: 'path', name: 'eval/metrics.json' });
  assert.deepEqual(match(eval_, eval_), { kind: 'exact', confidence: 1 });
  assert.equal(match(eval_, metrics)?.kind, 'contained');
  const a = identify({ scheme: 'path', name: 'out/predictions.parquet' });
  const b = identify({ scheme: 'table', name: 'fraud.predictions' });
  assert.equal(match(a, b)?.kind, 'possible');
  assert.equal(
    match(identify({ scheme: 'path', name: 'data/model.pkl' }), identify({ scheme: 'path', name: 'other/model.pkl' })),
    undefined,
  );
});
