import { ruleTester } from '../../../helpers/ruleTester';
import { undocumentedLoop } from '../../../../server/src/engine/rules/feedback/undocumentedLoop';

const dvc = [
  'stages:',
  '  train:',
  '    cmd: python train.py',
  '    deps:',
  '      - data/labels.csv',
  '    outs:',
  '      - model.pkl',
  '  score:',
  '    cmd: python score.py',
  '    deps:',
  '      - model.pkl',
  '    outs:',
  '      - data/flags.csv',
  '  review:',
  '    cmd: python review.py',
  '    deps:',
  '      - data/flags.csv',
  '    outs:',
  '      - data/labels.csv',
  '',
].join('\n');

/** An Airflow task that reads `path` if it exists, else builds it and writes it (ask-astro's ingestion DAG). */
const cachedTask = (task: string, path: string, read: string, write: string) =>
  [
    'import os',
    'import pandas as pd',
    'from airflow.decorators import dag, task',
    '',
    '@dag(schedule="@daily")',
    'def ingest():',
    '    @task',
    `    def ${task}():`,
    `        parquet_file = "${path}"`,
    '        if os.path.isfile(parquet_file):',
    `            df = ${read}(parquet_file)`,
    '        else:',
    '            df = build()',
    `            ${write}`,
    '        return df',
    `    ${task}()`,
    '',
    'ingest()',
    '',
  ].join('\n');

ruleTester(undocumentedLoop, {
  valid: [
    {
      name: 'a read-through cache: one task reads the parquet if it exists, else builds and writes it',
      files: {
        'dags/ingest.py': cachedTask('extract_docs', 'include/data/docs.parquet', 'pd.read_parquet', 'df.to_parquet(parquet_file)'),
      },
    },
    {
      name: 'a pipeline without a loop',
      files: {
        'dvc.yaml': 'stages:\n  a:\n    cmd: python a.py\n    outs:\n      - a.csv\n  b:\n    cmd: python b.py\n    deps:\n      - a.csv\n',
      },
    },
    {
      name: 'an entry whose owner, monitor and brake are written',
      files: {
        'dvc.yaml': dvc,
        'mlsystem.yaml':
          'loops:\n  - name: review-labels\n    hops: [data/flags.csv, model.pkl, data/labels.csv]\n    owner: fraud-ml\n    monitor: weekly label-rate dashboard\n    brake: random audit of 1% of unflagged items\n',
      },
    },
    {
      name: 'a loop the card documents (any order, stocks only)',
      files: {
        'dvc.yaml': dvc,
        'mlsystem.yaml': 'loops:\n  - name: review-labels\n    hops: [data/flags.csv, model.pkl, data/labels.csv]\n',
      },
    },
  ],
  invalid: [
    {
      name: 'a task that predicts from its own earlier predictions closes a loop through one stage',
      files: {
        'dags/ingest.py': cachedTask('predict_churn', 'include/data/predictions.parquet', 'pd.read_parquet', 'df.to_parquet(parquet_file)'),
      },
      errors: [
        {
          file: 'dags/ingest.py',
          line: 11,
          message: /`include\/data\/predictions.parquet`, read here, flows back into itself through 1 stage/,
        },
      ],
    },
    {
      name: 'the review-label loop',
      files: { 'dvc.yaml': dvc },
      errors: [
        {
          file: 'dvc.yaml',
          line: 5,
          message:
            /^Undocumented reinforcing feedback loop R1: the model's output `data\/flags.csv` comes back as `data\/labels.csv`, read here, through 3 stages in 1 file\. Document it under `loops:`/,
          related: 6,
        },
      ],
    },
    {
      name: 'an entry with the placeholders the fix writes is incompletely documented',
      files: {
        'dvc.yaml': dvc,
        'mlsystem.yaml':
          'loops:\n  - name: review-labels\n    hops: [data/flags.csv, model.pkl, data/labels.csv]\n    owner: TODO-team\n    monitor: what watches this loop\n    brake: what keeps this loop from running away\n',
      },
      errors: [
        {
          file: 'dvc.yaml',
          line: 5,
          message:
            /^Feedback loop R1 is incompletely documented: loop `review-labels` in mlsystem\.yaml still has placeholder text in `owner:`, `monitor:`, `brake:`\./,
          related: 7,
        },
      ],
    },
    {
      name: 'TODO and <...> values are placeholders too',
      files: {
        'dvc.yaml': dvc,
        'mlsystem.yaml':
          'loops:\n  - name: review-labels\n    hops: [data/flags.csv, model.pkl, data/labels.csv]\n    owner: fraud-ml\n    monitor: TODO\n    brake: <brake>\n',
      },
      errors: [{ file: 'dvc.yaml', line: 5, message: /placeholder text in `monitor:` and `brake:`/ }],
    },
    {
      name: 'a card entry that misses a stock does not document the loop',
      files: { 'dvc.yaml': dvc, 'mlsystem.yaml': 'loops:\n  - name: partial\n    hops: [data/flags.csv, model.pkl]\n' },
      errors: [{ file: 'dvc.yaml', line: 5 }],
    },
    {
      name: 'a negative influence in the card makes it balancing',
      files: {
        'dvc.yaml': dvc,
        'mlsystem.yaml':
          'influences:\n  - from: data/flags.csv\n    to: fraudsters\n    sign: "-"\n  - from: fraudsters\n    to: data/labels.csv\n    sign: "+"\n',
      },
      errors: [
        { file: 'dvc.yaml', line: 5, message: /reinforcing feedback loop R1/ },
        {
          file: 'dvc.yaml',
          line: 5,
          message:
            /^Undocumented balancing feedback loop B1: the model's output `data\/flags.csv` comes back as `data\/labels.csv`, read here, through 2 stages in 1 file\./,
        },
      ],
    },
  ],
});
