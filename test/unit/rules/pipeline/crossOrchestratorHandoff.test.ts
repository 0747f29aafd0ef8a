import { ruleTester } from '../../../helpers/ruleTester';
import { crossOrchestratorHandoff } from '../../../../server/src/engine/rules/pipeline/crossOrchestratorHandoff';

const labelsDag = `from datetime import datetime

from airflow import DAG
from airflow.operators.python import PythonOperator
from airflow.providers.postgres.hooks.postgres import PostgresHook


def export_training_labels():
    labels = PostgresHook(postgres_conn_id="warehouse").get_pandas_df("SELECT txn_id, is_fraud FROM fraud.review_labels")
    labels.to_parquet("s3://acme-fraud-data/labels/reviewed.parquet")


with DAG(dag_id="review_labels", schedule="@hourly", start_date=datetime(2024, 1, 1), catchup=False):
    PythonOperator(task_id="export_training_labels", python_callable=export_training_labels)
`;

const dvc = `stages:
  prepare:
    cmd: python src/prepare.py
    deps:
      - src/prepare.py
      - s3://acme-fraud-data/labels/reviewed.parquet
    outs:
      - data/prepared
  train:
    cmd: python src/train.py
    deps:
      - data/prepared
    outs:
      - models/fraud_model.pkl
`;

const retrain = `on:
  schedule:
    - cron: "0 4 * * 1"
jobs:
  retrain:
    runs-on: ubuntu-22.04
    steps:
      - run: dvc pull && dvc repro
      - run: python scripts/check_gate.py models/fraud_model.pkl
  deploy:
    needs: retrain
    runs-on: ubuntu-22.04
    steps:
      - run: aws s3 cp models/fraud_model.pkl s3://acme-fraud-models/fraud-detector/v12/model.pkl
`;

const inferenceService = `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: fraud-scorer
spec:
  predictor:
    model:
      modelFormat:
        name: sklearn
      storageUri: s3://acme-fraud-models/fraud-detector/v12
`;

const contract = (artifact: string) =>
  `system: fraud\ncontracts:\n  - artifact: ${artifact}\n    producer: review_labels/export_training_labels\n    consumer: prepare\n    schema: docs/contracts/reviewed_labels.md\n`;

ruleTester(crossOrchestratorHandoff, {
  valid: [
    {
      name: 'the hand-off has a contract in the card',
      files: {
        'dags/review_labels.py': labelsDag,
        'dvc.yaml': dvc,
        'mlsystem.yaml': contract('s3://acme-fraud-data/labels/reviewed.parquet'),
      },
    },
    {
      name: 'a CI job that runs the DVC pipeline reads its outputs',
      files: {
        'dvc.yaml': dvc.replace('      - s3://acme-fraud-data/labels/reviewed.parquet\n', ''),
        '.github/workflows/retrain.yml': retrain,
      },
    },
    {
      name: 'Feast reads a source written by Airflow: the feature view declares its schema',
      files: {
        'dags/features.py': `from datetime import datetime\n\nfrom airflow import DAG\nfrom airflow.decorators import task\nimport pandas as pd\n\nwith DAG(dag_id="card_features", schedule="0 3 * * *", start_date=datetime(2024, 1, 1)):\n\n    @task\n    def build():\n        pd.read_parquet("s3://acme-lake/txn.parquet").to_parquet("s3://acme-fraud-data/features/card_profile.parquet")\n\n    build()\n`,
        'features/card.py': `from datetime import timedelta\n\nfrom feast import Entity, FeatureView, Field, FileSource\nfrom feast.types import Int64\n\ncard = Entity(name="card", join_keys=["card_id"])\nsource = FileSource(name="card_profile_source", path="s3://acme-fraud-data/features/card_profile.parquet", timestamp_field="event_timestamp")\ncard_profile = FeatureView(name="card_profile", entities=[card], ttl=timedelta(days=1), schema=[Field(name="card_age_days", dtype=Int64)], source=source)\n`,
      },
    },
  ],
  invalid: [
    {
      name: 'Airflow exports labels that DVC trains on',
      files: { 'dags/review_labels.py': labelsDag, 'dvc.yaml': dvc },
      errors: [
        {
          file: 'dvc.yaml',
          line: 6,
          related: 1,
          message:
            /`s3:\/\/acme-fraud-data\/labels\/reviewed.parquet` passes from Airflow \(stage `export_training_labels` \(dags\/review_labels.py\)\) to DVC \(stage `prepare` \(dvc.yaml\)\) with no declared contract/,
        },
      ],
    },
    {
      name: 'a CI job deploys the model that KServe serves',
      files: {
        'dvc.yaml': dvc,
        '.github/workflows/retrain.yml': retrain,
        'serving/inference-service.yaml': inferenceService,
        'mlsystem.yaml': contract('some.other_table'),
      },
      errors: [
        {
          file: 'serving/inference-service.yaml',
          line: 10,
          related: 1,
          message: /passes from GitHub Actions \(stage `deploy`.*to KServe \(stage `predictor`/,
        },
      ],
    },
  ],
});
