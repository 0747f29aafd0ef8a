import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tektonAdapter } from '../../../server/src/engine/sources/tekton';
import { goDurationMinutes } from '../../../server/src/engine/sources/durations';
import { run, textAt, local, orders, value } from './yamlFacts';

const PIPELINE = `apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: train-and-deploy
spec:
  params:
    - name: model-name
      default: fraud
    - name: bucket
  workspaces:
    - name: shared
  tasks:
    - name: fetch-data
      taskRef:
        name: gcs-download
      params:
        - name: uri
          value: $(params.bucket)/data.csv
      workspaces:
        - name: output
          workspace: shared
    - name: train
      runAfter: [fetch-data]
      params:
        - name: name
          value: $(params.model-name)
        - name: epochs
          value: "10"
      taskSpec:
        params:
          - name: name
        results:
          - name: model-uri
        steps:
          - name: fit
            image: python:3.11
            script: |
              pip install scikit-learn
              python train.py --output models/model.pkl
    - name: deploy
      params:
        - name: model
          value: $(tasks.train.results.model-uri)
        - name: typo
          value: $(params.model_name)
      taskRef:
        resolver: hub
        params:
          - name: name
            value: kserve-deploy
    - name: report
      runAfter: [evaluate]
      taskRef:
        name: notify
  finally:
    - name: cleanup
      taskRef:
        name: cleanup
`;
const PATH = 'tekton/pipeline.yaml';

test('detects Tekton resources by apiVersion and kind', () => {
  assert.equal(tektonAdapter.detect({ path: PATH, text: PIPELINE }), true);
  const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n';
  assert.equal(tektonAdapter.detect({ path: 'k8s/deploy.yaml', text: deployment }), false);
  const trigger = 'apiVersion: triggers.tekton.dev/v1beta1\nkind: TriggerTemplate\n';
  assert.equal(tektonAdapter.detect({ path: 'k8s/trigger.yaml', text: trigger }), false);
});

test('pipeline tasks are stages, ordered by runAfter, result references and finally', () => {
  const facts = run(tektonAdapter, PATH, PIPELINE);
  assert.deepEqual(
    facts.stages.filter((s) => !s.name.includes('/')).map((s) => [local(s.id), s.role]),
    [
      ['train-and-deploy/fetch-data', 'ingest'],
      ['train-and-deploy/train', 'train'],
      ['train-and-deploy/deploy', 'deploy'],
      ['train-and-deploy/report', 'report'],
      ['train-and-deploy/cleanup', 'transform'],
    ],
  );
  assert.deepEqual(
    orders(facts).filter((o) => !o.endsWith('(step)') && !o.endsWith('(finally)')),
    ['train-and-deploy/fetch-data -> train-and-deploy/train (runAfter)', 'train-and-deploy/train -> train-and-deploy/deploy (results)'],
  );
  assert.equal(orders(facts).filter((o) => o.endsWith('(finally)')).length, 4);
  assert.deepEqual(
    facts.io.filter((i) => i.artifact.scheme === 'xcom').map((i) => `${local(i.stage)} ${i.direction} ${i.artifact.name}`),
    ['train-and-deploy/train writes train.model-uri', 'train-and-deploy/deploy reads train.model-uri'],
  );
});

test('a runAfter naming no task of the pipeline is an error where it is written', () => {
  const facts = run(tektonAdapter, PATH, PIPELINE);
  const errors = facts.problems.filter((p) => p.severity === 'error');
  assert.deepEqual(
    errors.map((e) => textAt(PIPELINE, e.range)),
    ['evaluate'],
  );
  assert.match(errors[0].message, /Tekton rejects the pipeline/);
});

test("`$(params.x)` references the pipeline's declared params", () => {
  const facts = run(tektonAdapter, PATH, PIPELINE);
  const scope = `${PATH}#train-and-deploy`;
  assert.deepEqual(
    facts.definitions.filter((d) => d.scope === scope).map((d) => d.name),
    ['model-name', 'bucket'],
  );
  assert.deepEqual(
    facts.references.filter((r) => r.scope === scope).map((r) => [r.name, textAt(PIPELINE, r.range)]),
    [
      ['bucket', '$(params.bucket'],
      ['model-name', '$(params.model-name'],
      ['model_name', '$(params.model_name'],
    ],
  );
  assert.equal(value(facts, 'spec.params.model-name')?.value, 'fraud');
});

test('inline steps: image pins, script commands, and a coverage notice for tasks resolved remotely', () => {
  const facts = run(tektonAdapter, PATH, PIPELINE);
  assert.deepEqual(
    facts.versions.map((v) => `${v.subject} ${v.name}@${v.version ?? '-'}`),
    ['image python@3.11', 'package scikit-learn@-'],
  );
  const train = facts.stages.find((s) => s.name === 'train')!;
  assert.equal(train.image, 'python:3.11');
  assert.ok(
    facts.io.some(
      (i) => local(i.stage) === 'train-and-deploy/train/train.py' && i.direction === 'writes' && i.artifact.name === 'models/model.pkl',
    ),
  );
  const notice = facts.problems.find((p) => p.severity === 'info');
  assert.match(notice?.message ?? '', /kserve-deploy|deploy \(hub resolver\)/);
});

const TASK = `apiVersion: tekton.dev/v1beta1
kind: Task
metadata:
  name: evaluate-model
spec:
  params:
    - name: threshold
      default: "0.8"
  steps:
    - name: score
      image: registry.example.com/eval
      command: ["python", "evaluate.py"]
      args: ["--threshold", "$(params.threshold)", "--min", "$(params.min-recall)"]
      env:
        - name: API_TOKEN
          value: tok_live_abcdefghijklmnop
`;

test('a Task is one stage: step images, env values, and param references scoped to the task', () => {
  const facts = run(tektonAdapter, 'tekton/task.yaml', TASK);
  assert.deepEqual(
    facts.stages.map((s) => [local(s.id), s.role]),
    [['evaluate-model/evaluate-model', 'evaluate']],
  );
  assert.deepEqual(
    facts.versions.map((v) => `${v.name}@${v.version ?? '-'}`),
    ['registry.example.com/eval@-'],
  );
  assert.deepEqual(
    facts.references.map((r) => r.name),
    ['threshold', 'min-recall'],
  );
  assert.ok(facts.values.some((v) => v.key.endsWith('env.API_TOKEN') && v.value === 'tok_live_abcdefghijklmnop'));
});

test("Go durations (Tekton's timeouts)", () => {
  assert.equal(goDurationMinutes('1h30m'), 90);
  assert.equal(goDurationMinutes('600s'), 10);
  assert.equal(goDurationMinutes('0'), undefined);
  assert.equal(goDurationMinutes('1 hour'), undefined);
});
