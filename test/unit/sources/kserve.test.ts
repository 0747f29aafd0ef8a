import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kserveAdapter, modelVersion } from '../../../server/src/engine/sources/kserve';
import { run, textAt, local, orders, value } from './yamlFacts';
import { noteTexts } from '../../../server/src/engine/model/stageNotes';

const FEAST = `apiVersion: "serving.kserve.io/v1beta1"
kind: "InferenceService"
metadata:
  name: "fraud-scorer"
  labels:
    team: risk-ml
  annotations:
    example.com/owner: "@fraud-oncall"
spec:
  transformer:
    containers:
      - image: "acme/fraud-transformer:latest"
        name: transformer
        command: ["python", "-m", "fraud_transformer"]
        args:
          - --feast_serving_url
          - "feature-server.default.svc.cluster.local:6566"
          - --feature_refs
          - "txn_stats:amount_7d"
          - "merchant_risk:score"
          - --threshold=0.83 # tuned on Q3 chargebacks
          - --predictions_table=fraud.flagged
        env:
          - name: PREDICTION_SINK
            value: s3://fraud/predictions/
          - name: FEATURE_REFS
            value: "txn_stats:count_1h,device:is_new"
          - name: DB_PASSWORD
            valueFrom:
              secretKeyRef: {name: db, key: password}
        readinessProbe:
          httpGet: {path: /ready, port: 8080}
  predictor:
    minReplicas: 2
    logger:
      mode: all
      url: http://message-dumper.default/
    model:
      modelFormat:
        name: xgboost
      storageUri: gs://acme-models/fraud/v12
      livenessProbe:
        httpGet: {path: /live, port: 8080}
`;

test('components are serving stages; the transformer runs before the predictor', () => {
  const facts = run(kserveAdapter, 'serving/fraud.yaml', FEAST);
  assert.deepEqual(facts.problems, []);
  assert.deepEqual(facts.stages.map((s) => [s.pipeline, s.name, s.role]).sort(), [
    ['fraud-scorer', 'predictor', 'serve'],
    ['fraud-scorer', 'transformer', 'serve'],
  ]);
  assert.deepEqual(orders(facts), ['fraud-scorer/transformer -> fraud-scorer/predictor (kserve transformer)']);
  const transformer = facts.stages.find((s) => s.name === 'transformer')!;
  assert.equal(textAt(FEAST, transformer.range), 'transformer');
  assert.equal(transformer.image, 'acme/fraud-transformer:latest');
  assert.deepEqual(noteTexts(transformer), ['readinessProbe']);
  assert.deepEqual(noteTexts(facts.stages.find((s) => s.name === 'predictor')), ['livenessProbe', 'modelFormat: xgboost']);
});

test('feature refs in args and env: feature references and feature-view reads', () => {
  const facts = run(kserveAdapter, 'serving/fraud.yaml', FEAST);
  assert.deepEqual(
    facts.references.map((r) => [r.kind, r.name]),
    [
      ['feature', 'txn_stats:amount_7d'],
      ['feature', 'merchant_risk:score'],
      ['feature', 'txn_stats:count_1h'],
      ['feature', 'device:is_new'],
    ],
  );
  assert.equal(textAt(FEAST, facts.references[3].range), 'device:is_new');
  const views = facts.io
    .filter((i) => i.artifact.scheme === 'feature-view')
    .map((i) => `${local(i.stage)} ${i.direction} ${i.artifact.name}`);
  assert.deepEqual(views, [
    'fraud-scorer/transformer reads txn_stats',
    'fraud-scorer/transformer reads merchant_risk',
    'fraud-scorer/transformer reads device',
  ]);
});

test('outputs named by args/env and the logger sink are writes; the model URI is a read', () => {
  const facts = run(kserveAdapter, 'serving/fraud.yaml', FEAST);
  const io = facts.io
    .filter((i) => i.artifact.scheme !== 'feature-view')
    .map((i) => `${i.stage.split('/').pop()} ${i.direction} ${i.artifact.scheme}:${i.artifact.name} ${i.artifact.kind}`);
  assert.deepEqual(io.sort(), [
    'predictor reads uri:gs://acme-models/fraud/v12 model',
    'predictor writes named:http://message-dumper.default/ predictions',
    'predictor writes xcom:predictor.response predictions',
    'transformer reads xcom:predictor.response predictions',
    'transformer writes table:fraud.flagged predictions',
    'transformer writes uri:s3://fraud/predictions/ predictions',
  ]);
});

test('the predictor response flows back through the transformer: what it writes depends on the model', () => {
  const facts = run(kserveAdapter, 'serving/fraud.yaml', FEAST);
  const response = facts.io.filter((i) => i.artifact.name === 'predictor.response');
  assert.deepEqual(
    response.map((i) => [local(i.stage), i.direction, i.artifact.scope]),
    [
      ['fraud-scorer/predictor', 'writes', 'serving/fraud.yaml#fraud-scorer'],
      ['fraud-scorer/transformer', 'reads', 'serving/fraud.yaml#fraud-scorer'],
    ],
  );
  // Without a transformer nobody reads the response, so it is not stated.
  const alone = run(kserveAdapter, 'serving/alone.yaml', FEAST.replace(/ {2}transformer:[\s\S]*?(?= {2}predictor:)/, ''));
  assert.deepEqual(
    alone.io.filter((i) => i.artifact.scheme === 'xcom'),
    [],
  );
});

test('settings: numeric args with their comment, env values, replicas', () => {
  const facts = run(kserveAdapter, 'serving/fraud.yaml', FEAST);
  const threshold = value(facts, 'spec.transformer.containers[0].args.threshold')!;
  assert.equal(threshold.value, 0.83);
  assert.equal(threshold.comment, 'tuned on Q3 chargebacks');
  assert.equal(textAt(FEAST, threshold.range), '0.83');
  assert.equal(value(facts, 'spec.transformer.containers[0].env.DB_PASSWORD')!.value, null);
  assert.equal(value(facts, 'spec.predictor.minReplicas')!.value, 2);
  assert.equal(value(facts, 'spec.predictor.model.modelFormat.name')!.value, 'xgboost');
});

test('pins: images and model versions; owners from labels and annotations', () => {
  const facts = run(kserveAdapter, 'serving/fraud.yaml', FEAST);
  assert.deepEqual(facts.versions.map((v) => `${v.subject} ${v.name} ${v.version}`).sort(), [
    'image acme/fraud-transformer latest',
    'model gs://acme-models/fraud v12',
  ]);
  assert.deepEqual(
    facts.ownerClaims.map((o) => [o.subject, o.owner]),
    [
      ['fraud-scorer', 'risk-ml'],
      ['fraud-scorer', '@fraud-oncall'],
    ],
  );
});

const versionCases: Array<[string, string, string | undefined]> = [
  ['gs://kfserving-examples/models/feast/driver', 'gs://kfserving-examples/models/feast/driver', undefined],
  ['s3://models/fraud/latest', 's3://models/fraud', 'latest'],
  ['s3://models/fraud/3/', 's3://models/fraud', '3'],
  ['pvc://models/fraud/v1.2.0', 'pvc://models/fraud', 'v1.2.0'],
  ['s3://latest', 's3://latest', undefined],
];
for (const [uri, name, version] of versionCases) {
  test(`modelVersion ${uri}`, () => assert.deepEqual(modelVersion(uri), version ? { name, version } : { name }));
}

test('framework predictor, v1alpha1 default/canary, and a Deployment in the same file', () => {
  const text = `apiVersion: serving.kubeflow.org/v1alpha2
kind: InferenceService
metadata:
  name: legacy
spec:
  default:
    predictor:
      sklearn:
        storageUri: gs://m/legacy/latest
  canary:
    predictor:
      sklearn:
        storageUri: gs://m/legacy/v2
---
apiVersion: v1
kind: Service
metadata:
  name: svc
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: feature-sync
spec:
  template:
    spec:
      containers:
        - name: sync
          image: acme/feature-sync:0.3
          command: [python, sync_features.py]
`;
  const facts = run(kserveAdapter, 'multi.yaml', text);
  assert.deepEqual(facts.problems, []);
  assert.deepEqual(
    facts.stages.map((s) => `${s.pipeline}/${s.name}`),
    ['legacy/predictor', 'legacy/canary-predictor', 'feature-sync/sync'],
  );
  assert.deepEqual(
    facts.versions.filter((v) => v.subject === 'model').map((v) => v.version),
    ['latest', 'v2'],
  );
});

test('InferenceGraph: a Sequence runs its steps in order', () => {
  const text = `apiVersion: serving.kserve.io/v1alpha1
kind: InferenceGraph
metadata:
  name: fraud-graph
spec:
  nodes:
    root:
      routerType: Sequence
      steps:
        - serviceName: enrich
          name: enrich
        - serviceName: fraud-scorer
          name: score
          data: $response
`;
  const facts = run(kserveAdapter, 'graph.yaml', text);
  assert.deepEqual(
    facts.stages.map((s) => s.name),
    ['root.enrich', 'root.score'],
  );
  assert.deepEqual(orders(facts), ['fraud-graph/root.enrich -> fraud-graph/root.score (Sequence)']);
});

test('half-typed YAML: one problem, no throw', () => {
  const text = `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: x
spec:
  predictor:
    model:
      storageUri: "gs://m/x
`;
  const facts = run(kserveAdapter, 'x.yaml', text);
  assert.equal(facts.problems.length, 1);
});

test('a ServingRuntime: its name, the formats it is auto-selected for, its probes; no stage of its own', () => {
  const text = [
    'apiVersion: serving.kserve.io/v1alpha1',
    'kind: ServingRuntime',
    'metadata:',
    '  name: tgis-runtime-grpc',
    'spec:',
    '  supportedModelFormats:',
    '    - autoSelect: true',
    '      name: pytorch',
    '    - name: onnx',
    '  containers:',
    '    - name: kserve-container',
    '      image: quay.io/opendatahub/text-generation-inference:stable',
    '      readinessProbe:',
    '        exec: {command: [curl, localhost:3000/health]}',
    '      livenessProbe:',
    '        exec: {command: [curl, localhost:3000/health]}',
    '',
  ].join('\n');
  const facts = run(kserveAdapter, 'rt.yaml', text);
  assert.deepEqual(facts.stages, []);
  assert.deepEqual(
    facts.servingRuntimes?.map((r) => [r.name, r.autoSelectFormats, r.probes, r.range.range.start.line]),
    [['tgis-runtime-grpc', ['pytorch'], ['readinessProbe', 'livenessProbe'], 3]],
  );
});

test('a predictor notes the runtime it names and the ModelMesh deployment mode', () => {
  const text =
    'apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: cifar\n  annotations:\n    serving.kserve.io/deploymentMode: ModelMesh\nspec:\n  predictor:\n    model:\n      modelFormat:\n        name: pytorch\n      runtime: triton-2.x\n';
  const facts = run(kserveAdapter, 'isvc.yaml', text);
  assert.deepEqual(noteTexts(facts.stages[0]), ['modelFormat: pytorch', 'runtime: triton-2.x', 'deploymentMode: ModelMesh']);
});

const detectCases: Array<[string, string, boolean]> = [
  ['k/isvc.yaml', 'apiVersion: "serving.kserve.io/v1beta1"\nkind: "InferenceService"\n', true],
  ['k/isvc.yaml', 'apiVersion: v1\nkind: Service\n---\napiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\n', true],
  ['k/graph.yml', 'apiVersion: serving.kserve.io/v1alpha1\nkind: InferenceGraph\n', true],
  ['k/rt.yaml', 'apiVersion: serving.kserve.io/v1alpha1\nkind: ServingRuntime\n', true],
  ['k/crt.yaml', 'apiVersion: serving.kserve.io/v1alpha1\nkind: ClusterServingRuntime\n', true],
  ['k/dep.yaml', 'apiVersion: apps/v1\nkind: Deployment\n', false],
];
for (const [path, text, expected] of detectCases) {
  test(`detect ${JSON.stringify(text.slice(0, 50))} -> ${expected}`, () => assert.equal(kserveAdapter.detect({ path, text }), expected));
}

test('a storageUri naming a whole PVC mounts a volume (a model cache the runtime fills): no model version is asked of it', () => {
  const isvc = (uri: string) =>
    `apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: llama\nspec:\n  predictor:\n    model:\n      modelFormat:\n        name: nvidia-nim-llama\n      runtime: nvidia-nim-llama-1.1.0\n      storageUri: ${uri}\n`;
  const whole = run(kserveAdapter, 'isvc.yaml', isvc('pvc://nvidia-nim-pvc/'));
  assert.deepEqual(
    whole.versions.filter((v) => v.subject === 'model'),
    [],
  );
  assert.equal(whole.io.filter((io) => io.direction === 'reads').length, 1);
  const path = run(kserveAdapter, 'isvc.yaml', isvc('pvc://models/fraud'));
  assert.deepEqual(
    path.versions.filter((v) => v.subject === 'model').map((v) => v.name),
    ['pvc://models/fraud'],
  );
});
