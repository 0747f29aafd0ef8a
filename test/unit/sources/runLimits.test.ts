// Run limits as facts: what each format states about how long a run may take, and what it
// leaves unbounded (an expression, a retried template, retries with exponential backoff).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { argoAdapter } from '../../../server/src/engine/sources/argo';
import { kubernetesAdapter } from '../../../server/src/engine/sources/kubernetes';
import { githubActionsAdapter } from '../../../server/src/engine/sources/githubActions';
import { airflowAdapter } from '../../../server/src/engine/sources/airflow';
import type { FileFacts } from '../../../server/src/engine/model/facts';
import { run, textAt, local } from './yamlFacts';

before(async () => {
  await airflowAdapter.init?.();
});

/** `pipeline/stage: 30 min run (origin)` per limit, with the text its range covers. */
function limits(facts: FileFacts, text: string): string[] {
  return facts.stages.flatMap((s) =>
    (s.limits ?? []).map((l) => `${local(s.id)}: ${+l.minutes.toFixed(2)} min ${l.scope} ${l.origin} @${textAt(text, l.range) ?? '-'}`),
  );
}

const argo = (spec: string, template: string) => `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: nightly
spec:
  entrypoint: main
${spec}  templates:
    - name: main
      steps:
        - - name: extract
            template: extract
        - - name: load
            template: load
    - name: extract
${template}      container:
        image: python:3.12
    - name: load
      container:
        image: python:3.12
`;

test('Argo: the workflow deadline bounds every step; a template deadline bounds the step that runs it', () => {
  const text = argo('  activeDeadlineSeconds: 5400\n', '      activeDeadlineSeconds: 600\n');
  assert.deepEqual(limits(run(argoAdapter, 'wf.yaml', text), text).sort(), [
    'nightly/extract: 10 min run `activeDeadlineSeconds: 600` @activeDeadlineSeconds: 600',
    'nightly/extract: 90 min pipeline `activeDeadlineSeconds: 5400` @activeDeadlineSeconds: 5400',
    'nightly/load: 90 min pipeline `activeDeadlineSeconds: 5400` @activeDeadlineSeconds: 5400',
  ]);
});

test('Argo: a retried template, or a deadline given as a parameter, bounds nothing', () => {
  const retried = argo('', '      activeDeadlineSeconds: 600\n      retryStrategy:\n        limit: 3\n');
  assert.deepEqual(limits(run(argoAdapter, 'wf.yaml', retried), retried), []);
  const everyRetried = argo('  retryStrategy:\n    limit: 2\n', '      activeDeadlineSeconds: 600\n');
  assert.deepEqual(limits(run(argoAdapter, 'wf.yaml', everyRetried), everyRetried), []);
  const templated = argo('  activeDeadlineSeconds: "{{workflow.parameters.deadline}}"\n', '');
  assert.deepEqual(limits(run(argoAdapter, 'wf.yaml', templated), templated), []);
});

test("Kubernetes: a CronJob's jobTemplate deadline bounds its containers; a Deployment has none", () => {
  const text = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: scoring
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      activeDeadlineSeconds: 1800
      template:
        spec:
          containers:
            - name: score
              image: ghcr.io/acme/scorer:1.0.0
              args: ["--input_table=warehouse.features"]
`;
  assert.deepEqual(limits(run(kubernetesAdapter, 'k8s/scoring.yaml', text), text), [
    'scoring/score: 30 min pipeline `activeDeadlineSeconds: 1800` @activeDeadlineSeconds: 1800',
  ]);
  const deployment = text.replace('kind: CronJob', 'kind: Deployment');
  assert.deepEqual(limits(run(kubernetesAdapter, 'k8s/scoring.yaml', deployment), deployment), []);
});

test("GitHub Actions: a job's timeout-minutes, GitHub's 360 when absent, nothing for an expression", () => {
  const text = `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    timeout-minutes: 45
    steps:
      - run: make
  test:
    runs-on: ubuntu-latest
    steps:
      - run: make test
  deploy:
    runs-on: ubuntu-latest
    timeout-minutes: \${{ inputs.timeout }}
    steps:
      - run: make deploy
`;
  assert.deepEqual(limits(run(githubActionsAdapter, '.github/workflows/ci.yml', text), text), [
    'ci/build: 45 min run `timeout-minutes: 45` @timeout-minutes: 45',
    "ci/test: 360 min run GitHub's default `timeout-minutes` @-",
  ]);
});

const dag = (dagArgs: string, taskArgs = '') => `from datetime import datetime, timedelta
from airflow import DAG
from airflow.operators.bash import BashOperator

with DAG(dag_id="nightly", schedule="@daily", start_date=datetime(2024, 1, 1)${dagArgs}):
    BashOperator(task_id="load", bash_command="python load.py"${taskArgs})
`;

function airflowLimits(text: string): string[] {
  return limits(airflowAdapter.parse({ path: 'dags/nightly.py', text }, { read: () => undefined }), text);
}

test('Airflow: dagrun_timeout bounds the run; execution_timeout each try, multiplied by retries', () => {
  assert.deepEqual(airflowLimits(dag(', dagrun_timeout=timedelta(hours=2)')), [
    'nightly/load: 120 min pipeline `dagrun_timeout=timedelta(hours=2)` @timedelta(hours=2)',
  ]);
  assert.deepEqual(airflowLimits(dag(', default_args={"execution_timeout": timedelta(minutes=20)}')), [
    'nightly/load: 20 min run `execution_timeout=timedelta(minutes=20)` @timedelta(minutes=20)',
  ]);
  assert.deepEqual(
    airflowLimits(dag(', default_args={"retries": 1}', ', execution_timeout=timedelta(minutes=20), retry_delay=timedelta(seconds=120)')),
    ['nightly/load: 42 min run `execution_timeout=timedelta(minutes=20)` over 2 tries with 2 min between them @timedelta(minutes=20)'],
  );
});

test('Airflow: exponential backoff or retries that are not a literal leave the task unbounded', () => {
  assert.deepEqual(airflowLimits(dag('', ', execution_timeout=timedelta(minutes=20), retries=2, retry_exponential_backoff=True')), []);
  assert.deepEqual(airflowLimits(dag('', ', execution_timeout=timedelta(minutes=20), retries=RETRIES')), []);
  assert.deepEqual(airflowLimits(dag('', ', execution_timeout=TIMEOUT')), []);
});
