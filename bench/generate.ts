// Generates a monorepo of N ML pipelines in the formats Loopwise reads, linked across
// formats the way real ones are (Airflow exports → DVC trains → CI deploys → KServe serves).
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export interface Generated {
  root: string;
  files: number;
}

export function generateMonorepo(root: string, pipelines: number): Generated {
  let files = 0;
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
    files++;
  };
  write('CODEOWNERS', '* @acme/ml\n/serving/ @acme/platform\n');
  for (let i = 0; i < pipelines; i++) {
    const p = `p${i}`;
    write(`pipelines/${p}/params.yaml`, `seed: ${i}\ntrain:\n  n_estimators: ${100 + i}\n  max_depth: 8\n`);
    write(`pipelines/${p}/dvc.yaml`, dvc(p));
    write(`.github/workflows/${p}.yml`, workflow(p));
    if (i % 2 === 0) write(`dags/${p}.py`, dag(p));
    if (i % 3 === 0) write(`serving/${p}.yaml`, kserve(p));
  }
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

/** A DAG of about 300 lines: many tasks with SQL, chains and TaskFlow calls. */
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
