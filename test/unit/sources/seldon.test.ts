import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seldonAdapter } from '../../../server/src/engine/sources/seldon';
import { detectAdapter } from '../../../server/src/engine/sources/index';
import { run, textAt, orders, value } from './yamlFacts';
import { noteTexts } from '../../../server/src/engine/model/stageNotes';

const DEPLOYMENT = `apiVersion: machinelearning.seldon.io/v1
kind: SeldonDeployment
metadata:
  name: fraud
  labels:
    team: risk-ml
spec:
  predictors:
  - name: main
    traffic: 90
    componentSpecs:
    - spec:
        containers:
        - name: features
          image: acme/fraud-features:1.4
    graph:
      name: features
      type: TRANSFORMER
      children:
      - name: ensemble
        type: COMBINER
        children:
        - name: xgb
          type: MODEL
          implementation: XGBOOST_SERVER
          modelUri: gs://acme-models/fraud/xgb/v12
        - name: lgbm
          type: MODEL
          implementation: SKLEARN_SERVER
          modelUri: s3://acme-models/fraud/lgbm/latest
  - name: canary
    traffic: 5
    graph:
      name: xgb
      implementation: MLFLOW_SERVER
      modelUri: models:/fraud-xgb/Production
`;

test('graph nodes are serving stages; a combiner works on its children’s output', () => {
  const facts = run(seldonAdapter, 'serving/fraud.yaml', DEPLOYMENT);
  assert.deepEqual(
    facts.stages.map((s) => [s.pipeline, s.name, s.role, noteTexts(s)]),
    [
      ['fraud', 'main/features', 'serve', ['type: TRANSFORMER']],
      ['fraud', 'main/ensemble', 'serve', ['type: COMBINER']],
      ['fraud', 'main/xgb', 'serve', ['type: MODEL', 'implementation: XGBOOST_SERVER']],
      ['fraud', 'main/lgbm', 'serve', ['type: MODEL', 'implementation: SKLEARN_SERVER']],
      ['fraud', 'canary/xgb', 'serve', ['type: MODEL', 'implementation: MLFLOW_SERVER']],
    ],
  );
  assert.deepEqual(orders(facts), [
    'fraud/main/features -> fraud/main/ensemble (graph TRANSFORMER)',
    'fraud/main/xgb -> fraud/main/ensemble (graph COMBINER)',
    'fraud/main/lgbm -> fraud/main/ensemble (graph COMBINER)',
  ]);
  assert.equal(textAt(DEPLOYMENT, facts.stages[2].range), 'xgb');
  assert.equal(facts.stages[0].image, 'acme/fraud-features:1.4');
  assert.deepEqual(
    facts.ownerClaims.map((o) => [o.subject, o.owner]),
    [['fraud', 'risk-ml']],
  );
});

test('modelUri is the model a node loads: versioned, `latest`, or through a registry stage', () => {
  const facts = run(seldonAdapter, 'serving/fraud.yaml', DEPLOYMENT);
  assert.deepEqual(
    facts.versions.map((v) => `${v.subject} ${v.name} ${v.version ?? '-'}`),
    [
      'model gs://acme-models/fraud/xgb v12',
      'model s3://acme-models/fraud/lgbm latest',
      'image acme/fraud-features 1.4',
      'model models:/fraud-xgb Production',
    ],
  );
  const uri = facts.io.find((i) => i.artifact.name === 'gs://acme-models/fraud/xgb/v12')!;
  assert.deepEqual([uri.direction, uri.artifact.kind, textAt(DEPLOYMENT, uri.range)], ['reads', 'model', 'gs://acme-models/fraud/xgb/v12']);
});

test('traffic: values per predictor, and a split that does not add up to 100 is a warning', () => {
  const facts = run(seldonAdapter, 'serving/fraud.yaml', DEPLOYMENT);
  assert.equal(value(facts, 'spec.predictors[0].traffic')!.value, 90);
  assert.deepEqual(
    facts.problems.map((p) => [p.severity, textAt(DEPLOYMENT, p.range)]),
    [['warning', '90']],
  );
  assert.match(facts.problems[0].message, /adds up to 95, not 100/);
  assert.deepEqual(run(seldonAdapter, 'serving/fraud.yaml', DEPLOYMENT.replace('traffic: 5', 'traffic: 10')).problems, []);
});

const PIPELINE = `apiVersion: mlops.seldon.io/v1alpha1
kind: Pipeline
metadata:
  name: income-production
spec:
  steps:
    - name: income
    - name: income-preprocess
    - name: income-outlier
      inputs:
      - income-preprocess.outputs.preprocessed
    - name: income-drift
      inputs:
      - income-production.inputs
      - income-preproces
  output:
    steps:
    - income
    - income-outlier.outputs.is_outlier
    - income-explainer
`;

test('v2 Pipeline: steps ordered by their inputs; inputs and outputs naming no step are errors', () => {
  const facts = run(seldonAdapter, 'pipelines/income.yaml', PIPELINE);
  assert.deepEqual(
    facts.stages.map((s) => s.name),
    ['income', 'income-preprocess', 'income-outlier', 'income-drift'],
  );
  assert.deepEqual(orders(facts), ['income-production/income-preprocess -> income-production/income-outlier (pipeline inputs)']);
  assert.deepEqual(
    facts.problems.map((p) => [p.severity, textAt(PIPELINE, p.range)]),
    [
      ['error', 'income-preproces'],
      ['error', 'income-explainer'],
    ],
  );
  assert.match(
    facts.problems[0].message,
    /step `income-drift` takes its input from `income-preproces`, which is no step of pipeline `income-production`: Seldon's scheduler rejects/,
  );
});

const MODEL = `apiVersion: mlops.seldon.io/v1alpha1
kind: Model
metadata:
  name: income
spec:
  storageUri: "gs://seldon-models/income/classifier"
  requirements:
  - sklearn
  replicas: 2
---
apiVersion: mlops.seldon.io/v1alpha1
kind: Experiment
metadata:
  name: income-ab
spec:
  default: income
  candidates:
  - name: income
    weight: 80
  - name: income-v2
    weight: 20
`;

test('v2 Model and Experiment: the model read and the traffic weights', () => {
  const facts = run(seldonAdapter, 'models/income.yaml', MODEL);
  assert.deepEqual(
    facts.stages.map((s) => [s.pipeline, s.name, noteTexts(s)]),
    [
      ['income', 'income', ['requirements: sklearn']],
      ['income-ab', 'income-ab', ['candidate: income (weight 80)', 'candidate: income-v2 (weight 20)', 'default: income']],
    ],
  );
  assert.deepEqual(
    facts.versions.map((v) => `${v.name} ${v.version ?? '-'}`),
    ['gs://seldon-models/income/classifier -'],
  );
  assert.equal(value(facts, 'spec.replicas')!.value, 2);
  assert.equal(value(facts, 'spec.candidates[1].income-v2.weight')!.value, 20);
});

const detectCases: Array<[string, boolean]> = [
  [DEPLOYMENT, true],
  [PIPELINE, true],
  [MODEL, true],
  ['apiVersion: mlops.seldon.io/v1alpha1\nkind: Server\nmetadata:\n  name: mlserver\n', false],
  ['apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\n', false],
];

for (const [text, expected] of detectCases)
  test(`detect ${text.split('\n')[1]} -> ${expected}`, () => {
    assert.equal(seldonAdapter.detect({ path: 'x.yaml', text }), expected);
    if (expected) assert.equal(detectAdapter({ path: 'x.yaml', text })?.format, 'seldon');
  });
