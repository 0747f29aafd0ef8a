// An Airflow Dataset whose URI is a file path names the same data as the path a task writes by
// hand: one artifact, so the DAG scheduled on the Dataset reads what the producer writes.
// Opaque Dataset names stay Datasets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Analysis } from '../../server/src/engine/analysis';

async function graphOf(files: Record<string, string>) {
  const analysis = new Analysis({ today: '2026-11-27' });
  for (const [path, text] of Object.entries(files)) analysis.setFile(path, text);
  await analysis.init();
  return analysis.run().graph;
}

const producer = (uri: string) => `from datetime import datetime

import pandas as pd
from airflow import DAG, Dataset
from airflow.decorators import task

with DAG(dag_id="build_features", schedule="@daily", start_date=datetime(2024, 1, 1)):
    @task(outlets=[Dataset("${uri}")])
    def build():
        pd.read_csv("raw/transactions.csv").to_parquet("data/features.parquet")

    build()
`;

const consumer = (uri: string) => `from datetime import datetime

import pandas as pd
from airflow import DAG, Dataset
from airflow.decorators import task

with DAG(dag_id="train_model", schedule=[Dataset("${uri}")], start_date=datetime(2024, 1, 1)):
    @task
    def train():
        pd.read_parquet("data/features.parquet")

    train()
`;

test('a Dataset URI that is the path a task writes is one artifact with it', async () => {
  const graph = await graphOf({ 'dags/build.py': producer('data/features.parquet'), 'dags/train.py': consumer('data/features.parquet') });
  const artifacts = graph.artifacts().map((a) => a.id);
  assert.ok(artifacts.includes('path:data/features.parquet'));
  assert.ok(!artifacts.some((id) => id.startsWith('dataset:')), `no separate Dataset node: ${artifacts.join(', ')}`);
  const writers = graph.incoming('path:data/features.parquet').filter((e) => e.kind === 'writes');
  assert.deepEqual([...new Set(writers.map((e) => e.from))], ['dags/build.py#build_features/build']);
  const readers = graph.outgoing('path:data/features.parquet').filter((e) => e.kind === 'reads' && !e.possible);
  assert.deepEqual([...new Set(readers.map((e) => e.to))], ['dags/train.py#train_model/train']);
});

test('an opaque Dataset name stays a Dataset of its own', async () => {
  const graph = await graphOf({ 'dags/build.py': producer('built_features'), 'dags/train.py': consumer('built_features') });
  const artifacts = graph.artifacts().map((a) => a.id);
  assert.ok(artifacts.includes('dataset:built_features'));
  assert.ok(artifacts.includes('path:data/features.parquet'));
  const datasetReaders = graph.outgoing('dataset:built_features').filter((e) => e.kind === 'reads');
  assert.deepEqual(
    datasetReaders.map((e) => e.to),
    ['dags/train.py#train_model/train'],
  );
});
