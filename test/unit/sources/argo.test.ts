import { test } from 'node:test';
import assert from 'node:assert/strict';
import { argoAdapter } from '../../../server/src/engine/sources/argo';
import { run, textAt, local, orders, value } from './yamlFacts';
import { noteTexts } from '../../../server/src/engine/model/stageNotes';

const STEPS = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: fraud-train-
  labels:
    owner: risk-ml
spec:
  entrypoint: main
  arguments:
    parameters:
      - name: threshold
        value: "0.83" # flag above this score
      - name: run-date
  templates:
    - name: main
      steps:
        - - name: prepare
            template: prep
        - - name: train-a
            template: train
          - name: train-b
            template: train
        - - name: evaluate
            template: eval
            arguments:
              parameters:
                - name: model
                  value: "{{steps.train-a.outputs.parameters.model-uri}}"
    - name: prep
      container:
        image: ghcr.io/acme/prep:1.4.2
        command: [python, prep.py]
        args: ["--date={{workflow.parameters.run-date}}"]
    - name: train
      outputs:
        parameters:
          - name: model-uri
            valueFrom:
              path: /tmp/model_uri
        artifacts:
          - name: model
            path: /tmp/model.pkl
            s3:
              key: models/fraud/model.pkl
      container:
        image: ghcr.io/acme/train
        command: [python, train.py]
        env:
          - name: DB_PASSWORD
            value: hunter2
          - name: AWS_SECRET_ACCESS_KEY
            valueFrom:
              secretKeyRef:
                name: aws
                key: secret
    - name: eval
      inputs:
        parameters:
          - name: model
        artifacts:
          - name: holdout
            path: /data/holdout.csv
            s3:
              bucket: fraud-data
              key: holdout/2024.csv
      script:
        image: python@sha256:abc123
        command: [bash]
        source: |
          pip install scikit-learn==1.5.0 pandas
          python evaluate.py "{{inputs.parameters.model}}" "{{inputs.parameters.missing}}"
`;

test('steps: each parallel group runs after every step of the group before', () => {
  const facts = run(argoAdapter, 'wf/train.yaml', STEPS);
  assert.deepEqual(facts.problems, []);
  assert.deepEqual(
    facts.stages.map((s) => `${s.pipeline}/${s.name}`),
    ['fraud-train/prepare', 'fraud-train/train-a', 'fraud-train/train-b', 'fraud-train/evaluate'],
  );
  assert.deepEqual(orders(facts), [
    'fraud-train/prepare -> fraud-train/train-a (steps)',
    'fraud-train/prepare -> fraud-train/train-b (steps)',
    'fraud-train/train-a -> fraud-train/evaluate (steps)',
    'fraud-train/train-b -> fraud-train/evaluate (steps)',
  ]);
  assert.equal(textAt(STEPS, facts.orders[2].range), 'evaluate');
  const stage = facts.stages.find((s) => s.name === 'train-a')!;
  assert.equal(textAt(STEPS, stage.range), 'train-a');
  assert.equal(stage.role, 'train');
  assert.equal(stage.image, 'ghcr.io/acme/train');
  assert.equal(stage.command, 'python train.py');
});

test('steps: outputs passed between steps are in-workflow artifacts, storage keys are URIs or names', () => {
  const facts = run(argoAdapter, 'wf/train.yaml', STEPS);
  const io = facts.io.map((i) => `${local(i.stage)} ${i.direction} ${i.artifact.scheme}:${i.artifact.name}`);
  assert.ok(io.includes('fraud-train/train-a writes xcom:train-a.model-uri'));
  assert.ok(io.includes('fraud-train/train-b writes xcom:train-b.model-uri'));
  assert.ok(io.includes('fraud-train/evaluate reads xcom:train-a.model-uri'));
  assert.ok(io.includes('fraud-train/train-a writes named:models/fraud/model.pkl'));
  assert.ok(io.includes('fraud-train/evaluate reads uri:s3://fraud-data/holdout/2024.csv'));
  const read = facts.io.find((i) => i.direction === 'reads' && i.artifact.scheme === 'xcom')!;
  assert.equal(read.artifact.scope, facts.io.find((i) => i.direction === 'writes' && i.artifact.scheme === 'xcom')!.artifact.scope);
  assert.equal(textAt(STEPS, read.range), 'steps.train-a.outputs.parameters.model-uri');
});

test('parameters: workflow and template params are defined and referenced', () => {
  const facts = run(argoAdapter, 'wf/train.yaml', STEPS);
  const threshold = value(facts, 'spec.arguments.parameters.threshold')!;
  assert.equal(threshold.value, '0.83');
  assert.equal(threshold.isParam, true);
  assert.equal(threshold.comment, 'flag above this score');
  const defs = facts.definitions.map((d) => `${d.name}@${d.scope}`);
  assert.ok(defs.includes('threshold@wf/train.yaml#fraud-train'));
  assert.ok(defs.includes('run-date@wf/train.yaml#fraud-train'));
  assert.ok(defs.includes('model@wf/train.yaml#fraud-train/eval'));
  const refs = facts.references.map((r) => `${r.name}@${r.scope}`);
  assert.ok(refs.includes('run-date@wf/train.yaml#fraud-train'));
  assert.ok(refs.includes('model@wf/train.yaml#fraud-train/eval'));
  assert.ok(refs.includes('missing@wf/train.yaml#fraud-train/eval'));
  const runDate = facts.references.find((r) => r.name === 'run-date')!;
  assert.equal(textAt(STEPS, runDate.range), 'workflow.parameters.run-date');
  assert.equal(local(runDate.stage!), 'fraud-train/prepare');
});

test('containers: images, env values (plain and from secrets), script installs', () => {
  const facts = run(argoAdapter, 'wf/train.yaml', STEPS);
  const pins = facts.versions.map((v) => `${v.subject} ${v.name} ${v.version ?? '-'}`).sort();
  assert.deepEqual(pins, [
    'image ghcr.io/acme/prep 1.4.2',
    'image ghcr.io/acme/train -',
    'image python sha256:abc123',
    'package pandas -',
    'package scikit-learn 1.5.0',
  ]);
  const password = value(facts, 'spec.templates.train.container.env.DB_PASSWORD')!;
  assert.equal(password.value, 'hunter2');
  assert.equal(local(password.stage!), 'fraud-train/train-a');
  assert.equal(textAt(STEPS, password.keyRange), 'DB_PASSWORD');
  const secret = value(facts, 'spec.templates.train.container.env.AWS_SECRET_ACCESS_KEY')!;
  assert.equal(secret.value, null);
  const pandas = facts.versions.find((v) => v.name === 'pandas')!;
  assert.equal(textAt(STEPS, pandas.range), 'pandas');
});

const DAG = `apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: features
spec:
  templates:
    - name: pipeline
      dag:
        tasks:
          - name: extract
            template: run
          - name: clean
            template: run
            dependencies: [extract]
          - name: enrich
            templateRef:
              name: shared-steps
              template: enrich
            depends: extract
          - name: publish
            template: run
            depends: "clean.Succeeded && (enrich || extract.Failed)"
            when: "{{workflow.parameters.publish}} == true"
    - name: run
      container:
        image: acme/features:2.0
        args: ["--output=s3://features/daily/", "--input_table=raw.transactions", "--threshold=0.5"]
`;

test('dag: dependencies and depends expressions are orders; templateRef is a note', () => {
  const facts = run(argoAdapter, 'wf/features.yaml', DAG);
  assert.deepEqual(facts.problems, []);
  assert.deepEqual(orders(facts), [
    'features/extract -> features/clean (dependencies)',
    'features/extract -> features/enrich (depends)',
    'features/clean -> features/publish (depends)',
    'features/enrich -> features/publish (depends)',
    'features/extract -> features/publish (depends)',
  ]);
  const publish = facts.stages.find((s) => s.name === 'publish')!;
  assert.ok(noteTexts(publish)?.some((n) => n.startsWith('depends: clean.Succeeded')));
  assert.ok(noteTexts(publish)?.some((n) => n.startsWith('when:')));
  assert.equal(textAt(DAG, facts.orders[4].range), 'extract.Failed');
  const enrich = facts.stages.find((s) => s.name === 'enrich')!;
  assert.deepEqual(noteTexts(enrich), ['templateRef shared-steps/enrich']);
});

test('dag: args naming URIs and tables are IO; numeric args are settings', () => {
  const facts = run(argoAdapter, 'wf/features.yaml', DAG);
  const clean = facts.io
    .filter((i) => local(i.stage) === 'features/clean')
    .map((i) => `${i.direction} ${i.artifact.scheme}:${i.artifact.name}`);
  assert.deepEqual(clean, ['writes uri:s3://features/daily/', 'reads table:raw.transactions']);
  const threshold = value(facts, 'spec.templates.run.container.args.threshold')!;
  assert.equal(threshold.value, 0.5);
  assert.equal(textAt(DAG, threshold.range), '0.5');
});

test('CronWorkflow: schedule, schedules and timezone', () => {
  const text = `apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata:
  name: nightly
spec:
  schedules:
    - "0 2 * * *"
    - "30 14 * * 5"
  timezone: Europe/Berlin
  workflowSpec:
    entrypoint: score
    templates:
      - name: score
        container:
          image: acme/score:1.0
          command: [python, score.py]
`;
  const facts = run(argoAdapter, 'cron.yaml', text);
  assert.deepEqual(
    facts.schedules.map((s) => [s.pipeline, s.kind, s.expression, s.timezone]),
    [
      ['nightly', 'cron', '0 2 * * *', 'Europe/Berlin'],
      ['nightly', 'cron', '30 14 * * 5', 'Europe/Berlin'],
    ],
  );
  // A container template nobody calls is a stage of its own.
  assert.deepEqual(
    facts.stages.map((s) => [s.name, s.role]),
    [['score', 'serve']],
  );
});

test('multi-document files, unquoted templates, and foreign documents', () => {
  const text = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  x: "1"
---
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: one
spec:
  entrypoint: a
  arguments:
    parameters:
      - name: day
        value: {{workflow.creationTimestamp}}
  templates:
    - name: a
      container:
        image: alpine:3
        args: [--day, {{workflow.parameters.day}}]
---
apiVersion: argoproj.io/v1alpha1
kind: ClusterWorkflowTemplate
metadata:
  name: two
spec:
  templates:
    - name: b
      container:
        image: alpine:3
`;
  const facts = run(argoAdapter, 'multi.yaml', text);
  assert.deepEqual(facts.problems, []);
  assert.deepEqual(
    facts.stages.map((s) => `${s.pipeline}/${s.name}`),
    ['one/a', 'two/b'],
  );
  assert.equal(value(facts, 'spec.arguments.parameters.day')!.value, '{{workflow.creationTimestamp}}');
  assert.equal(value(facts, 'spec.templates.a.container.args.day')!.value, '{{workflow.parameters.day}}');
  assert.deepEqual(
    facts.references.map((r) => r.name),
    ['day'],
  );
});

test('nested templates: a step running a dag template starts its first tasks', () => {
  const text = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: nest
spec:
  templates:
    - name: main
      steps:
        - - name: inner
            template: sub
    - name: sub
      dag:
        tasks:
          - name: a
            template: leaf
          - name: b
            template: leaf
            dependencies: [a]
    - name: leaf
      container:
        image: busybox
`;
  const facts = run(argoAdapter, 'nest.yaml', text);
  assert.deepEqual(orders(facts), ['nest/a -> nest/b (dependencies)', 'nest/inner -> nest/a (template)']);
  assert.deepEqual(noteTexts(facts.stages.find((s) => s.name === 'inner')), ['runs template sub']);
});

test('half-typed YAML: one problem, no throw, what parsed is kept', () => {
  const text = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: broken
spec:
  templates:
    - name: prep
      container:
        image: acme/prep:1
    - name: train
      container:
        image: "acme/train:1
        command: [python
`;
  const facts = run(argoAdapter, 'broken.yaml', text);
  assert.equal(facts.problems.length, 1);
  assert.equal(facts.problems[0].severity, 'error');
  assert.equal(facts.stages[0].name, 'prep');
  assert.equal(facts.stages[0].image, 'acme/prep:1');
});

const detectCases: Array<[string, string, boolean]> = [
  ['a/wf.yaml', 'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\n', true],
  ['a/wf.yml', 'apiVersion: "argoproj.io/v1alpha1"\nkind: "CronWorkflow"\n', true],
  ['a/wf.yaml', 'apiVersion: argoproj.io/v1alpha1\nkind: WorkflowTemplate\n', true],
  ['a/wf.yaml', 'apiVersion: argoproj.io/v1alpha1\nkind: ClusterWorkflowTemplate\n', true],
  ['a/app.yaml', 'apiVersion: argoproj.io/v1alpha1\nkind: Application\n', false],
  ['a/wf.yaml', 'apiVersion: apps/v1\nkind: Deployment\n', false],
  ['a/wf.py', 'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\n', false],
  ['a/notes.yaml', '# kind: Workflow\nname: argoproj.io\n', false],
];
for (const [path, text, expected] of detectCases) {
  test(`detect ${path} ${JSON.stringify(text.slice(0, 40))} -> ${expected}`, () =>
    assert.equal(argoAdapter.detect({ path, text }), expected));
}
