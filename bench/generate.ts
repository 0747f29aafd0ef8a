// Generates a monorepo of N ML pipelines, as dense as a real one: every pipeline mixes the
// formats Loopwise reads (DVC + params, a CI workflow, an Airflow DAG, KServe, MLflow, Argo,
// BentoML, and in turn KFP, Feast, Hydra, Kedro, Kubernetes), at least 8 files each, linked
// across formats the way real ones are (Airflow exports → DVC trains → CI deploys → KServe serves).
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export interface Generated {
  root: string;
  files: number;
}

/** The files of one pipeline, workspace-relative path -> text. */
export function pipelineFiles(i: number): Array<[string, string]> {
  const p = `p${i}`;
  const dir = `pipelines/${p}`;
  const files: Array<[string, string]> = [
    [`${dir}/params.yaml`, `seed: ${i}\ntrain:\n  n_estimators: ${100 + i}\n  max_depth: 8\n`],
    [`${dir}/dvc.yaml`, dvc(p)],
    [`.github/workflows/${p}.yml`, workflow(p)],
    [`dags/${p}.py`, dag(p, 6)],
    [`serving/${p}.yaml`, kserve(p)],
    [`${dir}/MLproject`, mlproject(p)],
    [`${dir}/argo/batch-score.yaml`, argo(p)],
    [`${dir}/bentofile.yaml`, bentofile(p)],
  ];
  switch (i % 5) {
    case 0:
      files.push([`${dir}/kfp/pipeline.yaml`, kfp(p)]);
      break;
    case 1:
      files.push([`${dir}/feature_repo/feature_store.yaml`, `project: ${p}\nregistry: data/registry.db\nprovider: local\n`]);
      files.push([`${dir}/feature_repo/features.py`, feast(p)]);
      break;
    case 2:
      files.push([`${dir}/conf/config.yaml`, hydra(p)]);
      break;
    case 3:
      files.push([`${dir}/conf/base/catalog.yml`, kedroCatalog(p)]);
      files.push([`${dir}/conf/base/parameters.yml`, `learning_rate: 0.0${(i % 9) + 1}\nepochs: 10\n`]);
      break;
    default:
      files.push([`${dir}/k8s/cronjob.yaml`, cronjob(p)]);
  }
  return files;
}

export function generateMonorepo(root: string, pipelines: number): Generated {
  let files = 0;
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
    files++;
  };
  write('CODEOWNERS', '* @acme/ml\n/serving/ @acme/platform\n');
  for (let i = 0; i < pipelines; i++) for (const [rel, text] of pipelineFiles(i)) write(rel, text);
  return { root, files };
}

function dvc(p: string): string {
  return `stages:
  prepare:
    cmd: python src/prepare.py
    deps:
      - src/prepare.py
      - s3://lake/${p}/labels.parquet
    params:
      - seed
    outs:
      - data/prepared
  train:
    cmd: python src/train.py --depth \${train.max_depth}
    deps:
      - data/prepared
    params:
      - train.n_estimators
      - train.max_depth
    outs:
      - models/model.pkl
  evaluate:
    cmd: python src/evaluate.py
    deps:
      - models/model.pkl
    metrics:
      - metrics.json:
          cache: false
`;
}

function workflow(p: string): string {
  return `name: ${p}-retrain
on:
  schedule:
    - cron: "0 4 * * 1"
jobs:
  retrain:
    runs-on: ubuntu-22.04
    steps:
      - uses: actions/checkout@v4
      - run: dvc repro pipelines/${p}/dvc.yaml
      - run: aws s3 cp pipelines/${p}/models/model.pkl s3://models/${p}/v1/model.pkl
`;
}

function kserve(p: string): string {
  return `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: ${p}-scorer
spec:
  predictor:
    model:
      modelFormat:
        name: sklearn
      storageUri: s3://models/${p}/v1
  transformer:
    containers:
      - name: kserve-container
        image: ghcr.io/acme/${p}-transformer:1.0.0
        env:
          - name: PREDICTIONS_TABLE
            value: scores.${p}_flags
`;
}

function mlproject(p: string): string {
  return `name: ${p}
python_env: python_env.yaml
entry_points:
  main:
    parameters:
      alpha: {type: float, default: 0.5}
      data: {type: uri, default: s3://lake/${p}/labels.parquet}
    command: "python train.py --alpha {alpha} --data {data}"
`;
}

function argo(p: string): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: ${p}-batch-score-
spec:
  entrypoint: main
  templates:
    - name: main
      dag:
        tasks:
          - name: score
            template: score
          - name: publish
            template: publish
            dependencies: [score]
    - name: score
      container:
        image: ghcr.io/acme/${p}-scorer:1.0.0
        command: [python, score.py]
      outputs:
        artifacts:
          - name: scores
            path: /tmp/scores.parquet
            s3:
              key: ${p}/scores.parquet
    - name: publish
      container:
        image: ghcr.io/acme/${p}-publisher:1.0.0
        command: [python, publish.py]
`;
}

function bentofile(p: string): string {
  return `service: "service:${p}_svc"
labels:
  owner: ml-team
include:
  - "*.py"
python:
  packages:
    - scikit-learn==1.5.0
models:
  - ${p}_model:latest
`;
}

function kfp(p: string): string {
  return `pipelineInfo:
  name: ${p}-kfp
root:
  dag:
    tasks:
      train:
        componentRef:
          name: comp-train
        taskInfo:
          name: train
      deploy:
        componentRef:
          name: comp-deploy
        dependentTasks:
          - train
        taskInfo:
          name: deploy
components:
  comp-train:
    executorLabel: exec-train
  comp-deploy:
    executorLabel: exec-deploy
deploymentSpec:
  executors:
    exec-train:
      container:
        image: ghcr.io/acme/${p}-train:1.0.0
        command: [python, train.py]
    exec-deploy:
      container:
        image: ghcr.io/acme/${p}-deploy:1.0.0
        command: [python, deploy.py]
schemaVersion: 2.1.0
sdkVersion: kfp-2.7.0
`;
}

function feast(p: string): string {
  return `from datetime import timedelta
from feast import Entity, FeatureView, Field, FileSource
from feast.types import Float32

customer = Entity(name="customer", join_keys=["customer_id"])

${p}_source = FileSource(path="s3://lake/${p}/features.parquet", timestamp_field="ts")

${p}_stats = FeatureView(
    name="${p}_stats",
    entities=[customer],
    ttl=timedelta(days=1),
    schema=[Field(name="spend", dtype=Float32)],
    source=${p}_source,
)
`;
}

function hydra(p: string): string {
  return `defaults:
  - _self_
model:
  _target_: sklearn.ensemble.RandomForestClassifier
  n_estimators: 100
data:
  path: s3://lake/${p}/labels.parquet
seed: \${oc.env:SEED,42}
`;
}

function kedroCatalog(p: string): string {
  return `${p}_raw:
  type: pandas.ParquetDataset
  filepath: s3://lake/${p}/raw.parquet
${p}_model:
  type: pickle.PickleDataset
  filepath: data/06_models/${p}.pkl
`;
}

function cronjob(p: string): string {
  return `apiVersion: batch/v1
kind: CronJob
metadata:
  name: ${p}-retrain
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: train
              image: ghcr.io/acme/${p}-train:1.0.0
              command: ["python", "train.py", "--model-out", "s3://models/${p}/v2/model.pkl"]
              env:
                - name: MODEL_PATH
                  value: s3://models/${p}/v2
          restartPolicy: OnFailure
`;
}

/** A DAG of about 12 lines per task: tasks with SQL, a chain and a TaskFlow export. */
export function dag(p: string, tasks = 24): string {
  const lines = [
    'from datetime import datetime',
    'from airflow import DAG',
    'from airflow.decorators import task',
    'from airflow.providers.postgres.operators.postgres import PostgresOperator',
    '',
    `with DAG(dag_id="${p}_labels", schedule="@hourly", start_date=datetime(2024, 1, 1), catchup=False, default_args={"owner": "data"}) as dag:`,
  ];
  for (let t = 0; t < tasks; t++) {
    lines.push(
      `    t${t} = PostgresOperator(`,
      `        task_id="step_${t}",`,
      `        postgres_conn_id="warehouse",`,
      `        sql="""`,
      `            INSERT INTO work.${p}_s${t} (id, v)`,
      `            SELECT id, v FROM ${t === 0 ? `scores.${p}_flags` : `work.${p}_s${t - 1}`}`,
      `            WHERE v > 0`,
      `        """,`,
      `    )`,
      '',
    );
  }
  lines.push(
    '    @task',
    '    def export():',
    `        import pandas as pd`,
    `        df = pd.read_parquet("s3://lake/${p}/raw.parquet")`,
    `        df.to_parquet("s3://lake/${p}/labels.parquet")`,
    '',
  );
  lines.push(`    ${Array.from({ length: tasks }, (_, t) => `t${t}`).join(' >> ')} >> export()`, '');
  return `${lines.join('\n')}\n`;
}
