import { ruleTester } from '../../../helpers/ruleTester';
import { silentDefault } from '../../../../server/src/engine/rules/config/silentDefault';

const dag = (lookup: string) => `from datetime import datetime

import pandas as pd
from airflow.decorators import dag, task
from airflow.models import Variable


@dag(schedule="@daily", start_date=datetime(2024, 1, 1), catchup=False)
def payments_features():
    @task
    def normalise_amounts():
        currency = ${lookup}
        df = pd.read_parquet("s3://acme-lake/raw/payments.parquet")
        df["currency"] = df["currency"].fillna(currency)
        df.to_parquet("s3://acme-lake/features/payments.parquet")

    normalise_amounts()


payments_features()
`;

const card = (stock: string) =>
  `system: payments\nmonitors:\n  - stock: ${stock}\n    name: currency mix\n    checks: [share of USD per day]\n`;

ruleTester(silentDefault, {
  valid: [
    { name: 'a Variable with no default fails loudly', files: { 'dags/payments.py': dag('Variable.get("default_currency")') } },
    {
      name: 'a monitor watches what the task writes',
      files: {
        'dags/payments.py': dag('Variable.get("default_currency", default_var="USD")'),
        'mlsystem.yaml': card('s3://acme-lake/features/payments.parquet'),
      },
    },
    {
      name: 'an environment lookup with no default',
      files: { 'configs/train.yaml': 'defaults:\n  - _self_\npaths:\n  data_dir: ${oc.env:DATA_DIR}\n' },
    },
  ],
  invalid: [
    {
      name: 'a Variable default with nothing watching its output',
      files: { 'dags/payments.py': dag('Variable.get("default_currency", default_var="USD")') },
      errors: [
        {
          file: 'dags/payments.py',
          line: 12,
          severity: 'warning',
          message:
            /`Variable.get\("default_currency"\)` silently falls back to `USD` when it is missing, and no monitor in mlsystem.yaml watches what stage `normalise_amounts` \(dags\/payments.py\) writes/,
        },
      ],
    },
    {
      name: 'a monitor on another stock does not cover it',
      files: {
        'dags/payments.py': dag('Variable.get("default_currency", default_var="USD")'),
        'mlsystem.yaml': card('s3://acme-lake/features/refunds.parquet'),
      },
      errors: [{ file: 'dags/payments.py', line: 12, message: /silently falls back to `USD`/ }],
    },
    {
      name: 'a Hydra environment default',
      files: { 'configs/train.yaml': 'defaults:\n  - _self_\npaths:\n  data_dir: ${oc.env:DATA_DIR,/tmp/data}\n' },
      errors: [
        {
          file: 'configs/train.yaml',
          line: 4,
          message:
            /`\$\{oc.env:DATA_DIR\}` silently falls back to `\/tmp\/data` when it is missing, and no monitor in mlsystem.yaml watches what this configuration feeds/,
        },
      ],
    },
    {
      name: 'a secret default is never printed',
      files: { 'dags/payments.py': dag('Variable.get("api_token", default_var="tok-9f8e7d6c5b4a")') },
      errors: [{ file: 'dags/payments.py', line: 12, message: /falls back to a hard-coded default \(a secret, not shown\)/ }],
    },
  ],
});
