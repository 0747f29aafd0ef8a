import { ruleTester } from '../../../helpers/ruleTester';
import { scheduleRace } from '../../../../server/src/engine/rules/pipeline/scheduleRace';

const producer = (schedule = '"0 2 * * *"', start = 'datetime(2024, 1, 1)') => `from datetime import datetime

import pendulum
from airflow import DAG
from airflow.providers.postgres.operators.postgres import PostgresOperator

with DAG(dag_id="nightly_txn_aggregates", schedule=${schedule}, start_date=${start}, catchup=False) as dag:
    PostgresOperator(
        task_id="aggregate_transactions",
        postgres_conn_id="warehouse",
        sql="CREATE TABLE warehouse.txn_daily_agg AS SELECT card_id, count(*) AS n FROM warehouse.transactions GROUP BY 1",
    )
`;

const consumer = (dagId: string, schedule: string, extra = '') => `from datetime import datetime

from airflow import DAG, Dataset
from airflow.decorators import task
from airflow.providers.postgres.hooks.postgres import PostgresHook
from airflow.sensors.external_task import ExternalTaskSensor

with DAG(dag_id="${dagId}", schedule=${schedule}, start_date=datetime(2024, 1, 1), catchup=False):
${extra}
    @task
    def build_features():
        agg = PostgresHook(postgres_conn_id="warehouse").get_pandas_df("SELECT card_id, n FROM warehouse.txn_daily_agg")
        agg.to_parquet("s3://acme-fraud-data/features/${dagId}.parquet")

    build_features()
`;

const card = 'system: fraud\ndurations:\n  - stage: nightly_txn_aggregates/aggregate_transactions\n    p95: 90m\n';

ruleTester(scheduleRace, {
  valid: [
    {
      name: 'the consumer waits with an ExternalTaskSensor',
      files: {
        'dags/nightly.py': producer(),
        'dags/features.py': consumer(
          'merchant_features',
          '"0 3 * * *"',
          '    wait = ExternalTaskSensor(task_id="wait_for_aggregate", external_dag_id="nightly_txn_aggregates", external_task_id="aggregate_transactions")\n',
        ).replace('    build_features()', '    wait >> build_features()'),
      },
    },
    {
      name: 'the consumer is scheduled on a Dataset',
      files: { 'dags/nightly.py': producer(), 'dags/features.py': consumer('merchant_features', '[Dataset("warehouse.txn_daily_agg")]') },
    },
    {
      name: 'the consumer is triggered by hand',
      files: { 'dags/nightly.py': producer(), 'dags/features.py': consumer('merchant_features', 'None') },
    },
    {
      name: 'the producer has no clock',
      files: { 'dags/nightly.py': producer('None'), 'dags/features.py': consumer('merchant_features', '"0 3 * * *"') },
    },
  ],
  invalid: [
    {
      name: "the fraud example: three consumers within the producer's p95",
      files: {
        'mlsystem.yaml': card,
        'dags/nightly.py': producer(),
        'dags/merchant.py': consumer('merchant_risk_features', '"0 3 * * *"'),
        'dags/card.py': consumer('card_profile_features', '"0 3 * * *"'),
        'dags/kpis.py': consumer('fraud_kpi_report', '"30 3 * * *"'),
      },
      errors: [
        {
          file: 'dags/nightly.py',
          line: 11,
          severity: 'warning',
          related: 3,
          message:
            /written by `aggregate_transactions` \(DAG `nightly_txn_aggregates`, starts at 02:00 UTC; p95 90 min per mlsystem.yaml\) and read by 3 pipelines that only wait for the clock and can start before it is done: `card_profile_features` at 03:00 UTC \(60 min after it starts\), `fraud_kpi_report` at 03:30 UTC \(90 min after it starts\), `merchant_risk_features` at 03:00 UTC/,
        },
      ],
    },
    {
      name: 'a consumer long after the producer is still coupled only by clock time',
      files: { 'mlsystem.yaml': card, 'dags/nightly.py': producer(), 'dags/report.py': consumer('weekly_report', '"0 9 * * 1"') },
      errors: [
        {
          file: 'dags/nightly.py',
          line: 11,
          severity: 'info',
          related: 1,
          message: /1 pipeline coupled to it only by clock time: `weekly_report` on `0 9 \* \* 1` \(UTC\) \(7 h after it starts\)/,
        },
      ],
    },
    {
      name: 'timezones are compared in UTC, and with no duration a 15-minute gap is a race',
      files: {
        'dags/nightly.py': producer('"0 2 * * *"', 'pendulum.datetime(2024, 1, 1, tz="Europe/Berlin")'),
        'k8s/batch-scoring.yaml':
          'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: fraud-batch-scoring\nspec:\n  schedule: "15 1 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n            - name: score\n              image: ghcr.io/acme/fraud-scorer:2.3.1\n              args: ["--input_table=warehouse.txn_daily_agg", "--model=s3://acme-fraud-models/fraud/v12"]\n          restartPolicy: Never\n',
      },
      errors: [
        {
          file: 'dags/nightly.py',
          line: 11,
          severity: 'warning',
          message:
            /starts on `0 2 \* \* \*` \(Europe\/Berlin\); no duration in mlsystem.yaml.*`fraud-batch-scoring` at 01:15 UTC \(15 min after it starts\), which only waits for the clock/,
        },
      ],
    },
  ],
});
