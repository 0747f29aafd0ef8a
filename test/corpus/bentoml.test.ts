import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bentomlAdapter } from '../../server/src/engine/sources/bentoml';
import { assertOnlyDetectedBy, corpusFile, parseClean } from './yamlCorpus';

test('EXPECTED 12: BentoML quickstart bentofile.yaml', () => {
  const file = corpusFile('bentoml__BentoML/examples/quickstart/bentofile.yaml');
  assertOnlyDetectedBy(file, bentomlAdapter);
  const facts = parseClean(file, bentomlAdapter);
  assert.deepEqual(
    facts.stages.map((s) => [s.name, s.pipeline, s.role]),
    [['service.py:svc', 'gallery', 'serve']],
  );
  assert.deepEqual(
    facts.ownerClaims.map((o) => [o.subject, o.owner]),
    [['gallery', 'bentoml-team']],
  );
  assert.deepEqual(
    facts.versions.map((v) => [v.subject, v.name, v.version]),
    [
      ['package', 'scikit-learn', undefined],
      ['package', 'pandas', undefined],
    ],
  );
  const values = new Map(facts.values.map((v) => [v.key, v.value]));
  assert.equal(values.get('labels.project'), 'gallery');
  assert.equal(values.get('include[0]'), '*.py');
});
