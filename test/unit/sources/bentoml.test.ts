import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bentomlAdapter } from '../../../server/src/engine/sources/bentoml';
import { run, textAt, value } from './yamlFacts';

const BENTO = `service: "service:FraudScorer"
labels:
  owner: risk-ml
  project: fraud
include:
  - "*.py"
python:
  packages:
    - scikit-learn==1.5.0
    - pandas
    - xgboost>=2.0
  requirements_txt: ./requirements.txt
models:
  - fraud_clf:v12
  - tag: fraud_scaler:latest
    alias: scaler
  - iris_clf
docker:
  base_image: python:3.11-slim
envs:
  - name: THRESHOLD
    value: "0.83"
`;

test('the service is a serving stage of its project, owned by labels.owner', () => {
  const facts = run(bentomlAdapter, 'serving/bentofile.yaml', BENTO);
  assert.deepEqual(facts.problems, []);
  assert.deepEqual(
    facts.stages.map((s) => [s.pipeline, s.name, s.role, s.image]),
    [['fraud', 'service:FraudScorer', 'serve', 'python:3.11-slim']],
  );
  assert.equal(textAt(BENTO, facts.stages[0].range), '"service:FraudScorer"');
  assert.deepEqual(
    facts.ownerClaims.map((o) => [o.subject, o.owner]),
    [['fraud', 'risk-ml']],
  );
});

test('models are reads with their tags; packages and the base image are pins', () => {
  const facts = run(bentomlAdapter, 'serving/bentofile.yaml', BENTO);
  assert.deepEqual(
    facts.versions.map((v) => `${v.subject} ${v.name} ${v.version ?? '-'}`),
    [
      'model fraud_clf v12',
      'model fraud_scaler latest',
      'model iris_clf latest',
      'package scikit-learn 1.5.0',
      'package pandas -',
      'package xgboost -',
      'image python 3.11-slim',
    ],
  );
  const reads = facts.io.map((i) => `${i.artifact.scheme}:${i.artifact.name}`);
  assert.deepEqual(reads, ['path:service.py', 'model:fraud_clf', 'model:fraud_scaler', 'model:iris_clf', 'path:./requirements.txt']);
  assert.equal(facts.io[0].artifact.base, 'serving');
  assert.equal(value(facts, 'envs.THRESHOLD')!.value, '0.83');
  assert.equal(value(facts, 'labels.owner')!.value, 'risk-ml');
});

test('half-typed YAML: one problem, no throw', () => {
  const facts = run(bentomlAdapter, 'bentofile.yaml', 'service: "svc.py:svc"\npython:\n  packages: [pandas\n');
  assert.equal(facts.problems.length, 1);
});

const detectCases: Array<[string, string, boolean]> = [
  ['bentofile.yaml', BENTO, true],
  ['x/bentofile.yml', 'service: svc:Svc\n', true],
  ['bentofile.yaml', 'name: x\n', false],
  ['bento.yaml', BENTO, false],
];
for (const [path, text, expected] of detectCases) {
  test(`detect ${path} -> ${expected}`, () => assert.equal(bentomlAdapter.detect({ path, text }), expected));
}
