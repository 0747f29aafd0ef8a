import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kedroCredentialsAdapter } from '../../../server/src/engine/sources/kedroCredentials';
import { run, value } from './yamlFacts';

const CREDENTIALS =
  'dev_s3:\n  client_kwargs:\n    aws_access_key_id: ${oc.env:AWS_ACCESS_KEY_ID}\nwarehouse_creds:\n  con: postgresql://u:p@host/db\n';

test('every leaf of a credentials file is a value (no parameter)', () => {
  const facts = run(kedroCredentialsAdapter, 'conf/local/credentials.yml', CREDENTIALS);
  assert.deepEqual(facts.problems, []);
  assert.equal(value(facts, 'warehouse_creds.con')!.value, 'postgresql://u:p@host/db');
  assert.equal(
    facts.values.some((v) => v.isParam),
    false,
  );
  assert.deepEqual(facts.definitions, []);
});

// Kedro's loader: files starting with `credentials`, or inside a folder starting with it, under conf/<env>/.
const detectCases: Array<[string, boolean]> = [
  ['conf/local/credentials.yml', true],
  ['conf/base/credentials_s3.yaml', true],
  ['conf/prod/credentials/warehouse.yml', true],
  ['credentials.yml', false],
  ['conf/base/catalog.yml', false],
];
for (const [path, expected] of detectCases) {
  test(`detect ${path} -> ${expected}`, () => assert.equal(kedroCredentialsAdapter.detect({ path, text: CREDENTIALS }), expected));
}
