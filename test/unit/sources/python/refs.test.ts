// How strings in pipeline code become artifact references (python/refs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isPlaceholder, pathRef } from '../../../../server/src/engine/sources/python';

const cases: Array<[string, boolean, string, boolean]> = [
  // value, dynamic as read, scheme, dynamic reference
  ['data/raw.csv', false, 'path', false],
  ['s3://bucket/key.parquet', false, 'uri', false],
  ['data/{{ ds }}/raw.csv', false, 'path', true],
  ['%PARQUET_PATH%', false, 'path', true],
  ['${BUCKET}/raw.csv', false, 'path', true],
  ['$HOME/raw.csv', false, 'path', false],
  ['data/{name}.csv', true, 'path', true],
];
for (const [value, dynamic, scheme, expected] of cases)
  test(`${value} -> ${scheme}${expected ? ' (dynamic)' : ''}`, () => {
    const ref = pathRef({ value, dynamic });
    assert.equal(ref.scheme, scheme);
    assert.equal(ref.dynamic ?? false, expected);
    assert.equal(isPlaceholder(value), expected && !dynamic);
  });
