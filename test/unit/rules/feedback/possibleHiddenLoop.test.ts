import { ruleTester } from '../../../helpers/ruleTester';
import { possibleHiddenLoop } from '../../../../server/src/engine/rules/feedback/possibleHiddenLoop';

const training =
  'stages:\n  prepare:\n    cmd: python prepare.py\n    deps:\n      - ../labels/reviewed.parquet\n    outs:\n      - ../data/prepared\n  train:\n    cmd: python train.py\n    deps:\n      - ../data/prepared\n    outs:\n      - ../models/fraud_model.pkl\n';
const scoring =
  'stages:\n  score:\n    cmd: python score.py\n    deps:\n      - ../models/fraud_model.pkl\n    outs:\n      - ../predictions/flags.parquet\n';
/** The review queue reads `flags.csv`, while scoring writes `flags.parquet`: only a near match. */
const review = (input: string) =>
  `stages:\n  review_queue:\n    cmd: python queue.py\n    deps:\n      - ${input}\n    outs:\n      - ../labels/reviewed.parquet\n`;

/** A Feast repository whose FileSource and FeatureView are both named `credit_history`. */
const feastRepo = `from datetime import timedelta

from feast import Entity, FeatureView, Field, FileSource
from feast.types import Float32

customer = Entity(name="customer", join_keys=["customer_id"])

credit_history_source = FileSource(
    name="credit_history",
    path="data/credit_history.parquet",
    timestamp_field="event_timestamp",
)

credit_history = FeatureView(
    name="credit_history",
    entities=[customer],
    ttl=timedelta(days=90),
    schema=[Field(name="credit_card_due", dtype=Float32)],
    source=credit_history_source,
)
`;

/** Airflow's example_datasets.py: a DAG scheduled on one Dataset whose task updates a near-named one. */
const datasetDag = (outlet: string) =>
  [
    'from airflow import DAG',
    'from airflow.datasets import Dataset',
    'from airflow.operators.bash import BashOperator',
    '',
    'with DAG(',
    '    dag_id="dataset_consumes_unknown_never_scheduled",',
    '    schedule=[Dataset("s3://unrelated/dataset_other_unknown.txt")],',
    ') as dag6:',
    '    BashOperator(',
    '        task_id="unrelated_task",',
    `        ${outlet},`,
    '        bash_command="sleep 5",',
    '    )',
    '',
  ].join('\n');

ruleTester(possibleHiddenLoop, {
  valid: [
    {
      name: 'a Feast FileSource and the FeatureView of the same name built from it are one chain, not a loop',
      files: { 'feature_repo/features.py': feastRepo },
    },
    {
      name: 'a stage reading flags.csv and writing flags.parquet converts one into the other: no two-hop loop',
      files: {
        'review/dvc.yaml':
          'stages:\n  convert:\n    cmd: python convert.py\n    deps:\n      - ../predictions/flags.csv\n    outs:\n      - ../predictions/flags.parquet\n',
      },
    },
    {
      name: 'a file named like a feature view is not the view: the stage building its source does not read it back',
      files: {
        'feature_repo/features.py': feastRepo,
        'etl/dvc.yaml':
          'stages:\n  build:\n    cmd: python build.py\n    deps:\n      - ../raw/credit_history.csv\n    outs:\n      - ../feature_repo/data/credit_history.parquet\n',
      },
    },
    {
      name: 'the loop closes through exact names (feedback/undocumented-loop reports it)',
      files: { 'training/dvc.yaml': training, 'scoring/dvc.yaml': scoring, 'review/dvc.yaml': review('../predictions/flags.parquet') },
    },
    {
      name: 'names too different to be a near match',
      files: { 'training/dvc.yaml': training, 'scoring/dvc.yaml': scoring, 'review/dvc.yaml': review('../exports/cases.csv') },
    },
    {
      name: 'the card documents the loop, so the team has confirmed it',
      files: {
        'training/dvc.yaml': training,
        'scoring/dvc.yaml': scoring,
        'review/dvc.yaml': review('../predictions/flags.csv'),
        'mlsystem.yaml':
          'system: fraud\nloops:\n  - name: review-labels\n    hops: [predictions/flags.parquet, labels/reviewed.parquet, data/prepared, models/fraud_model.pkl]\n',
      },
    },
    {
      name: 'Airflow matches Datasets by exact URI: a near-named Dataset closes no loop',
      files: { 'dags/example_datasets.py': datasetDag('outlets=[Dataset("s3://unrelated_task/dataset_other_unknown.txt")]') },
    },
  ],
  invalid: [
    {
      name: 'flags.csv read where flags.parquet is written closes the reviewer-label loop',
      files: { 'training/dvc.yaml': training, 'scoring/dvc.yaml': scoring, 'review/dvc.yaml': review('../predictions/flags.csv') },
      errors: [
        {
          file: 'review/dvc.yaml',
          line: 5,
          severity: 'info',
          message:
            /^Possible reinforcing feedback loop R1 closes only if `predictions\/flags.csv` is the same as `predictions\/flags.parquet` \(through 4 stages in 3 files; its hops are the related locations\)\..*use one name and document the loop/,
        },
      ],
    },
  ],
});
