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

/** An Argo CronWorkflow writing the table at 02:00 UTC; `deadline` lines go under `workflowSpec`. */
const argoProducer = (deadline = '', template = '') => `apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata:
  name: nightly-aggregates
spec:
  schedule: "0 2 * * *"
  workflowSpec:
    entrypoint: aggregate
${deadline}    templates:
      - name: aggregate
${template}        container:
          image: ghcr.io/acme/aggregates:1.4.0
          args: ["--output_table=warehouse.txn_daily_agg"]
`;

/** A Kubernetes CronJob reading the table at `schedule`. */
const cronJobConsumer = (schedule: string, deadline = '', input = '--input_table=warehouse.txn_daily_agg') => `apiVersion: batch/v1
kind: CronJob
metadata:
  name: fraud-batch-scoring
spec:
  schedule: "${schedule}"
  jobTemplate:
    spec:
${deadline}      template:
        spec:
          containers:
            - name: score
              image: ghcr.io/acme/fraud-scorer:2.3.1
              args: ["${input}"]
          restartPolicy: Never
`;

/** A GitHub Actions workflow whose `publish` job (after `prepare`) writes the aggregates at 02:00 UTC. */
const ghaOutput = '--input=s3://acme-fraud-data/agg/txn_daily.parquet';
const ghaProducer = (prepare = '', publish = '') => `name: nightly-aggregates
on:
  schedule:
    - cron: "0 2 * * *"
jobs:
  prepare:
    runs-on: ubuntu-latest
${prepare}    steps:
      - run: echo ready
  publish:
    needs: prepare
    runs-on: ubuntu-latest
${publish}    steps:
      - run: python aggregate.py --output s3://acme-fraud-data/agg/txn_daily.parquet
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
    {
      name: 'the Argo workflow is stopped after 30 min (activeDeadlineSeconds) and the consumer starts 90 min after it',
      files: { 'argo/nightly.yaml': argoProducer('    activeDeadlineSeconds: 1800\n'), 'k8s/scoring.yaml': cronJobConsumer('30 3 * * *') },
    },
    {
      name: "an Argo template's activeDeadlineSeconds bounds its only step",
      files: {
        'argo/nightly.yaml': argoProducer('', '        activeDeadlineSeconds: 3600\n'),
        'k8s/scoring.yaml': cronJobConsumer('30 3 * * *'),
      },
    },
    {
      name: 'the DAG run is failed after 45 min (dagrun_timeout) and the consumer starts 60 min after it',
      files: {
        'dags/nightly.py': producer('"0 2 * * *", dagrun_timeout=timedelta(minutes=45)'),
        'dags/features.py': consumer('merchant_features', '"0 3 * * *"'),
      },
    },
    {
      name: "the task's execution_timeout in default_args (no retries) ends it before the consumer starts",
      files: {
        'dags/nightly.py': producer('"0 2 * * *", default_args={"execution_timeout": timedelta(minutes=50)}'),
        'dags/features.py': consumer('merchant_features', '"0 3 * * *"'),
      },
    },
    {
      name: 'GitHub cancels each job after 360 min by default: two chained jobs are over 12 h after the start',
      files: { '.github/workflows/nightly.yml': ghaProducer(), 'k8s/scoring.yaml': cronJobConsumer('30 14 * * *', '', ghaOutput) },
    },
    {
      name: "a Kubernetes CronJob's activeDeadlineSeconds (in jobTemplate) ends the producer 45 min after it starts",
      files: {
        'k8s/aggregates.yaml': cronJobConsumer(
          '0 2 * * *',
          '      activeDeadlineSeconds: 2700\n',
          '--output_table=warehouse.txn_daily_agg',
        ),
        'dags/features.py': consumer('merchant_features', '"0 3 * * *"'),
      },
    },
  ],
  invalid: [
    {
      name: 'an Argo deadline longer than the gap: the consumer can still see the producer running',
      files: { 'argo/nightly.yaml': argoProducer('    activeDeadlineSeconds: 7200\n'), 'k8s/scoring.yaml': cronJobConsumer('30 3 * * *') },
      errors: [
        {
          file: 'argo/nightly.yaml',
          line: 14,
          severity: 'info',
          message:
            /it is stopped after at most 2 h by `activeDeadlineSeconds: 7200` in argo\/nightly.yaml, time queued before it starts aside\) and read by 1 pipeline coupled to it only by clock time: `fraud-batch-scoring` at 03:30 UTC \(90 min after it starts\)/,
        },
      ],
    },
    {
      name: 'retries multiply the execution_timeout: three 30-min tries and two 5-min waits outlast a 60-min gap',
      files: {
        'dags/nightly.py': producer('"0 2 * * *", default_args={"execution_timeout": timedelta(minutes=30), "retries": 2}'),
        'dags/features.py': consumer('merchant_features', '"0 3 * * *"'),
      },
      errors: [
        {
          file: 'dags/nightly.py',
          line: 11,
          severity: 'info',
          message:
            /it is stopped after at most 100 min by `execution_timeout=timedelta\(minutes=30\)` over 3 tries with 5 min between them in dags\/nightly.py, time queued/,
        },
      ],
    },
    {
      name: "a job's timeout-minutes adds to the jobs it needs: 360 (default) + 120 outlasts a 7-hour gap",
      files: {
        '.github/workflows/nightly.yml': ghaProducer('', '    timeout-minutes: 120\n'),
        'k8s/scoring.yaml': cronJobConsumer('0 9 * * *', '', ghaOutput),
      },
      errors: [
        {
          file: '.github/workflows/nightly.yml',
          line: 15,
          severity: 'info',
          message:
            /it is stopped after at most 8 h by GitHub's default `timeout-minutes` \+ `timeout-minutes: 120` in .github\/workflows\/nightly.yml, time queued/,
        },
      ],
    },
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
            /written by `aggregate_transactions` \(DAG `nightly_txn_aggregates`, starts at 02:00 UTC; p95 90 min per mlsystem.yaml; no run limit stated, so it may run for any time\) and read by 3 pipelines that only wait for the clock and can start before it is done: `card_profile_features` at 03:00 UTC \(60 min after it starts\), `fraud_kpi_report` at 03:30 UTC \(90 min after it starts\), `merchant_risk_features` at 03:00 UTC/,
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
