import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kubernetesAdapter, dataRef, directionOf } from '../../../server/src/engine/sources/kubernetes';
import { run, textAt, local, orders, value } from './yamlFacts';
import { noteTexts } from '../../../server/src/engine/model/stageNotes';

const CRONJOB = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly-retrain
  labels:
    team: risk-ml
spec:
  schedule: "0 3 * * *"
  timeZone: America/New_York
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      template:
        spec:
          initContainers:
            - name: fetch-labels
              image: acme/tools:2.1
              args: ["--input_table=fraud.reviewer_decisions", "--output=s3://fraud/labels/{{ ds }}/"]
          containers:
            - name: retrain
              image: acme/fraud-train
              command: ["python", "train.py"]
              args: ["--model_output=s3://fraud/models/", "--seed", "7"]
              env:
                - name: DB_PASSWORD
                  value: "s3cret" # TODO move to a secret
                - name: API_TOKEN
                  valueFrom:
                    secretKeyRef: {name: api, key: token}
`;

test('CronJob: containers are stages, init containers run first, schedule with time zone', () => {
  const facts = run(kubernetesAdapter, 'k8s/retrain.yaml', CRONJOB);
  assert.deepEqual(facts.problems, []);
  assert.deepEqual(
    facts.stages.map((s) => [s.pipeline, s.name, s.role]),
    [
      ['nightly-retrain', 'fetch-labels', 'ingest'],
      ['nightly-retrain', 'retrain', 'train'],
    ],
  );
  assert.equal(textAt(CRONJOB, facts.stages[1].range), 'retrain');
  assert.deepEqual(orders(facts), ['nightly-retrain/fetch-labels -> nightly-retrain/retrain (initContainers)']);
  assert.deepEqual(
    facts.schedules.map((s) => [s.pipeline, s.kind, s.expression, s.timezone]),
    [['nightly-retrain', 'cron', '0 3 * * *', 'America/New_York']],
  );
  assert.deepEqual(
    facts.ownerClaims.map((o) => [o.subject, o.owner]),
    [['nightly-retrain', 'risk-ml']],
  );
});

test('CronJob: env values (plain vs secret), args, IO from args, image pins', () => {
  const facts = run(kubernetesAdapter, 'k8s/retrain.yaml', CRONJOB);
  const password = value(facts, 'spec.jobTemplate.spec.template.spec.containers[0].env.DB_PASSWORD')!;
  assert.equal(password.value, 's3cret');
  assert.equal(password.comment, 'TODO move to a secret');
  assert.equal(local(password.stage!), 'nightly-retrain/retrain');
  assert.equal(value(facts, 'spec.jobTemplate.spec.template.spec.containers[0].env.API_TOKEN')!.value, null);
  assert.equal(value(facts, 'spec.jobTemplate.spec.template.spec.containers[0].args.seed')!.value, 7);
  assert.equal(value(facts, 'spec.concurrencyPolicy')!.value, 'Forbid');
  const io = facts.io.map(
    (i) => `${local(i.stage)} ${i.direction} ${i.artifact.scheme}:${i.artifact.name}${i.artifact.dynamic ? ' (dynamic)' : ''}`,
  );
  assert.deepEqual(io, [
    'nightly-retrain/fetch-labels reads table:fraud.reviewer_decisions',
    'nightly-retrain/fetch-labels writes uri:s3://fraud/labels/{{ ds }}/ (dynamic)',
    'nightly-retrain/retrain writes uri:s3://fraud/models/',
  ]);
  assert.deepEqual(
    facts.versions.map((v) => `${v.name} ${v.version ?? '-'}`),
    ['acme/tools 2.1', 'acme/fraud-train -'],
  );
});

test('Deployment: a model server is a serving stage with its probes noted', () => {
  const text = `apiVersion: v1
kind: Service
metadata:
  name: scorer
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: fraud-api
spec:
  replicas: 3
  template:
    spec:
      containers:
        - name: api
          image: acme/fraud-api:1.8.0
          command: [uvicorn, app:app]
          env:
            - name: MODEL_URI
              value: models:/fraud/Production
            - name: FEATURE_TABLE
              value: features.online_txn
          readinessProbe:
            httpGet: {path: /health, port: 80}
          livenessProbe:
            httpGet: {path: /health, port: 80}
        - name: log-shipper
          image: fluent/fluent-bit:2.2
`;
  const facts = run(kubernetesAdapter, 'k8s/api.yaml', text);
  assert.deepEqual(
    facts.stages.map((s) => [s.name, s.role, noteTexts(s)]),
    [
      ['api', 'serve', ['readinessProbe', 'livenessProbe']],
      ['log-shipper', 'serve', undefined],
    ],
  );
  assert.deepEqual(
    facts.io.map((i) => `${i.direction} ${i.artifact.scheme}:${i.artifact.name} ${i.artifact.kind}`),
    // MODEL_URI names the MLflow registry's `fraud`: a read of that registry stock.
    ['reads model:fraud model', 'reads table:features.online_txn features'],
  );
  assert.equal(value(facts, 'spec.replicas')!.value, 3);
});

test('Job with an unquoted Jinja template value', () => {
  const text = `apiVersion: batch/v1
kind: Job
metadata:
  name: backfill-scores
spec:
  template:
    spec:
      containers:
        - name: score
          image: acme/score:3
          args: [--date, {{ ds }}, --predictions_table, fraud.scores]
`;
  const facts = run(kubernetesAdapter, 'k8s/job.yaml', text);
  assert.deepEqual(facts.problems, []);
  assert.equal(value(facts, 'spec.template.spec.containers[0].args.date')!.value, '{{ ds }}');
  assert.deepEqual(
    facts.io.map((i) => `${i.direction} ${i.artifact.name}`),
    ['writes fraud.scores'],
  );
});

test('a model URI ending in latest is an unpinned model', () => {
  const text = `apiVersion: batch/v1
kind: Job
metadata:
  name: batch-score
spec:
  template:
    spec:
      containers:
        - name: score
          image: acme/score:3
          env:
            - name: MODEL_URI
              value: s3://models/fraud/latest
            - name: MODEL_VERSION_URI
              value: s3://models/fraud-scaler/v4
`;
  const facts = run(kubernetesAdapter, 'k8s/score.yaml', text);
  assert.deepEqual(
    facts.io.map((i) => `${i.direction} ${i.artifact.name} ${i.artifact.kind}`),
    ['reads s3://models/fraud/latest model', 'reads s3://models/fraud-scaler/v4 model'],
  );
  assert.deepEqual(
    facts.versions.filter((v) => v.subject === 'model').map((v) => [v.name, v.version]),
    [['s3://models/fraud', 'latest']],
  );
});

test('half-typed YAML: one problem, no throw', () => {
  const text = `apiVersion: batch/v1
kind: Job
metadata:
  name: train
spec:
  template:
    spec:
      containers:
        - name: train
          image: acme/train:1
          command: ["python", "train.py
`;
  const facts = run(kubernetesAdapter, 'k8s/job.yaml', text);
  assert.equal(facts.problems.length, 1);
});

const detectCases: Array<[string, string, boolean]> = [
  ['k8s/retrain.yaml', CRONJOB, true],
  [
    'deploy/web.yaml',
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.25\n',
    false,
  ],
  ['deploy/svc.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: predict}\n', false],
  [
    'deploy/tf.yaml',
    'apiVersion: apps/v1\nkind: StatefulSet\nspec:\n  template:\n    spec:\n      containers:\n        - name: tfs\n          image: tensorflow/serving:2.14.0\n',
    true,
  ],
  [
    'deploy/env.yaml',
    'apiVersion: batch/v1\nkind: Job\nspec:\n  template:\n    spec:\n      containers:\n        - name: job\n          image: busybox\n          env:\n            - name: MODEL_PATH\n              value: /m\n',
    true,
  ],
  ['README.md', CRONJOB, false],
];
for (const [path, text, expected] of detectCases) {
  test(`detect ${path} -> ${expected}`, () => assert.equal(kubernetesAdapter.detect({ path, text }), expected));
}

const directionCases: Array<[string, 'reads' | 'writes' | undefined]> = [
  ['PREDICTION_SINK', 'writes'],
  ['predictions_table', 'writes'],
  ['MODEL_OUTPUT_PATH', 'writes'],
  ['inputTable', 'reads'],
  ['FEATURE_TABLE', 'reads'],
  ['MODEL_URI', 'reads'],
  ['TABLE', 'writes'],
  ['MLFLOW_TRACKING_URI', undefined],
  ['CATALOG_NAME', undefined],
];
for (const [name, expected] of directionCases) {
  test(`directionOf ${name} -> ${expected}`, () => assert.equal(directionOf(name), expected));
}

const dataCases: Array<[string, string | undefined]> = [
  ['s3://b/k', 'uri'],
  ['fraud.flagged', 'table'],
  ['db.schema.t', 'table'],
  ['postgres.data.svc.cluster.local', undefined],
  ['model.pkl', undefined],
  ['http://mlflow:5000', undefined],
  ['/data/x.csv', undefined],
];
for (const [text, scheme] of dataCases) {
  test(`dataRef ${text} -> ${scheme}`, () => assert.equal(dataRef(text, 'OUTPUT')?.scheme, scheme));
}
