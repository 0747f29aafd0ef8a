// Loops that close through a model registry: training registers `fraud` in MLflow's registry, a
// batch scorer loads `models:/fraud/12`, and its scores flow back into the training data. Where
// only a name links the two ends, the loop is reported as possible, with the evidence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadWorkspace } from '../../server/src/node/workspace';
import { Analysis } from '../../server/src/engine/analysis';
import { repoRoot } from '../helpers/paths';

async function analyse(files: Record<string, string>) {
  const analysis = new Analysis({ today: '2026-11-27' });
  for (const [p, text] of Object.entries(files)) analysis.setFile(p, text);
  await analysis.init();
  return analysis.run();
}

test('a loop through the MLflow registry is found: register `fraud`, score with `models:/fraud/12`, train on the scores', async () => {
  const ws = await loadWorkspace(path.join(repoRoot(), 'test', 'fixtures', 'registry-loop'), { today: '2026-11-27' });
  const result = ws.analysis.run();
  assert.equal(result.loops.length, 1);
  const [loop] = result.loops;
  assert.equal(loop.possible, false, 'the registry links writer and reader exactly');
  assert.ok(loop.nodes.includes('model:mlflow/fraud'), 'the registry entry is a stock of the loop');
  const finding = result.findings.find((f) => f.ruleId === 'feedback/undocumented-loop');
  assert.ok(finding, 'the loop is reported');
  const hops = finding.related.map((r) => `${r.file}:${r.range.start.line + 1} ${r.message.replace(/^hop \d+: /, '')}`);
  assert.ok(hops.includes('dags/train_fraud.py:15 train (dags/train_fraud.py) writes models:/fraud'), hops.join('\n'));
  assert.ok(hops.includes('dags/score_fraud.py:15 models:/fraud is read by score (dags/score_fraud.py)'), hops.join('\n'));
  // A pinned version is neither unpinned nor an ungated deployment, and a registry does not race on the clock.
  assert.deepEqual(
    result.findings
      .filter(
        (f) =>
          ['config/unpinned-version', 'pipeline/ungated-deploy'].includes(f.ruleId) ||
          (/models:\/fraud/.test(f.message) && f.ruleId === 'pipeline/schedule-race'),
      )
      .map((f) => f.ruleId),
    [],
  );
});

const training = `from datetime import datetime
import pandas as pd
import wandb
from airflow.decorators import dag, task

@dag(schedule="@weekly", start_date=datetime(2026, 1, 1), catchup=False)
def train_fraud():
    @task
    def train():
        df = pd.read_parquet("s3://lake/fraud/training.parquet")
        run = wandb.init()
        artifact = wandb.Artifact("fraud-detector", type="model")
        run.log_artifact(artifact)
    train()

train_fraud()
`;

const scoring = (load: string) => `from datetime import datetime
import pandas as pd
import wandb
from airflow.decorators import dag, task

@dag(schedule="@daily", start_date=datetime(2026, 1, 1), catchup=False)
def score_fraud():
    @task
    def score():
        run = wandb.init()
        model = ${load}
        df = pd.read_parquet("s3://lake/fraud/transactions.parquet")
        df.to_parquet("s3://lake/fraud/scores.parquet")
    score()

score_fraud()
`;

const labels = `name: labels
on:
  schedule:
    - cron: "0 6 * * *"
jobs:
  build-training-set:
    runs-on: ubuntu-latest
    steps:
      - run: python join_labels.py --scores s3://lake/fraud/scores.parquet --output s3://lake/fraud/training.parquet
`;

test('a loop linked only by the model name is possible, and says why', async () => {
  const result = await analyse({
    'dags/train.py': training,
    'dags/score.py': scoring('run.use_artifact("acme/risk/fraud-detector:v12")'),
    '.github/workflows/labels.yml': labels,
  });
  assert.equal(result.loops.length, 1);
  assert.equal(result.loops[0].possible, true);
  assert.equal(result.findings.filter((f) => f.ruleId === 'feedback/undocumented-loop').length, 0);
  const possible = result.findings.find((f) => f.ruleId === 'feedback/possible-hidden-loop');
  assert.ok(possible);
  assert.match(
    possible.message,
    /`wandb:risk\/fraud-detector` is the same as `wandb:fraud-detector` \(both are W&B entries named `fraud-detector`; only one states the project/,
  );
  assert.ok(
    possible.related.some((r) => r.file === 'dags/train.py' && /written here/.test(r.message)),
    'the write is evidence',
  );
});

test('with the same name and project on both ends, the W&B loop is exact', async () => {
  const result = await analyse({
    'dags/train.py': training,
    'dags/score.py': scoring('run.use_artifact("fraud-detector:latest")'),
    '.github/workflows/labels.yml': labels,
  });
  assert.equal(result.loops.length, 1);
  assert.equal(result.loops[0].possible, false);
  const unpinned = result.findings.find((f) => f.ruleId === 'config/unpinned-version');
  assert.ok(unpinned, 'reading `latest` follows a moving pointer');
  assert.match(unpinned.message, /registry pointer `latest`, which moves whenever a new version is published or promoted/);
});

test('YAML-side registry reads: KServe storageUri, a Kubernetes env value, an MLflow CLI step, a bentofile, an MLproject default', async () => {
  const result = await analyse({
    'serving/isvc.yaml': `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: fraud
spec:
  predictor:
    model:
      modelFormat:
        name: mlflow
      storageUri: models:/fraud@champion
`,
    'k8s/scorer.yaml': `apiVersion: batch/v1
kind: CronJob
metadata:
  name: scorer
spec:
  schedule: "0 1 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: scorer
              image: acme/scorer:1.0.0
              env:
                - name: MODEL_URI
                  value: models:/fraud/Production
`,
    '.github/workflows/serve.yml': `name: serve
on: push
jobs:
  serve:
    runs-on: ubuntu-latest
    steps:
      - run: mlflow models build-docker -m models:/fraud/12 -n acme/fraud
`,
    'bentofile.yaml': `service: "service:svc"
models:
  - fraud:latest
`,
    MLproject: `name: scoring
entry_points:
  main:
    parameters:
      model_uri: {type: str, default: "models:/fraud/3"}
    command: "python score.py --model {model_uri}"
`,
  });
  const readers = result.graph
    .outgoing('model:mlflow/fraud')
    .filter((e) => e.kind === 'reads')
    .map((e) => `${e.source!.file}:${e.source!.range.start.line + 1}`)
    .sort();
  assert.deepEqual(readers, ['.github/workflows/serve.yml:7', 'MLproject:5', 'k8s/scorer.yaml:16', 'serving/isvc.yaml:10']);
  assert.equal(result.graph.outgoing('model:bentoml/fraud').length, 1, 'the bentofile reads the Bento model `fraud`, not the MLflow one');
  const pins = result.facts
    .flatMap((f) => f.versions)
    .filter((v) => v.subject === 'model')
    .map((v) => `${v.name} ${v.version}${v.moving ? ' (moving)' : ''}`)
    .sort();
  assert.deepEqual(pins, [
    'fraud latest (moving)',
    'models:/fraud 12',
    'models:/fraud 3',
    'models:/fraud @champion (moving)',
    'models:/fraud Production (moving)',
  ]);
  const unpinned = result.findings.filter((f) => f.ruleId === 'config/unpinned-version').map((f) => `${f.file}:${f.range.start.line + 1}`);
  assert.deepEqual(unpinned.sort(), ['bentofile.yaml:3', 'k8s/scorer.yaml:16', 'serving/isvc.yaml:10']);
});

test('Airflow operators: a Bash command and an operator argument that name a registry model read it', async () => {
  const result = await analyse({
    'dags/score.py': `from datetime import datetime
from airflow import DAG
from airflow.operators.bash import BashOperator
from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator

with DAG("score", schedule="@daily", start_date=datetime(2026, 1, 1)) as dag:
    predict = BashOperator(task_id="predict", bash_command="mlflow models predict -m models:/fraud/Production -i in.csv")
    pod = KubernetesPodOperator(task_id="pod", name="p", image="acme/s:1", env_vars={"MODEL_URI": "models:/fraud/7"})
`,
  });
  const readers = result.graph
    .outgoing('model:mlflow/fraud')
    .map((e) => `${e.kind} ${e.to.replace(/^.*\//, '')}`)
    .sort();
  assert.deepEqual(readers, ['reads pod', 'reads predict']);
  const pins = result.facts.flatMap((f) => f.versions).filter((v) => v.subject === 'model');
  assert.deepEqual(
    pins.map((v) => `${v.version}${v.moving ? ' (moving)' : ''}`),
    ['Production (moving)', '7'],
  );
});
