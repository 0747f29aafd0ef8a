// Each fixable rule's fixes on small workspaces: applied, re-analysed, byte-exact elsewhere.
import { fixTester } from '../../helpers/fixTester';

const job = (image: string) => `apiVersion: batch/v1
kind: Job
metadata:
  name: train
spec:
  template:
    spec:
      containers:
        - name: train
          image: ${image}   # the training image
          command: ["python", "train.py"]
      restartPolicy: Never
`;

const workflow = (steps: string, extra = '') => `name: train
on:
  push:
jobs:
  train:
    runs-on: ubuntu-24.04${extra}
    steps:
${steps}`;

const digest = `sha256:${'ab12'.repeat(16)}`;

fixTester([
  {
    name: 'an image tag pinned in another manifest',
    files: {
      'k8s/job.yaml': job('ghcr.io/acme/train:latest'),
      'k8s/backfill.yaml': job('ghcr.io/acme/train:3.2.0').replace('name: train\nspec', 'name: backfill\nspec'),
    },
    ruleId: 'config/unpinned-version',
    title: /^Pin ghcr\.io\/acme\/train to 3\.2\.0 \(as in k8s\/backfill\.yaml\)$/,
    replaces: [':latest'],
    preferred: true,
    snippet: false,
    expect: { 'k8s/job.yaml': job('ghcr.io/acme/train:3.2.0') },
  },
  {
    name: 'an image digest recorded in dvc.lock',
    files: {
      'k8s/job.yaml': job('ghcr.io/acme/train:latest'),
      'dvc.lock': `schema: '2.0'\nstages:\n  train:\n    cmd: docker run ghcr.io/acme/train@${digest} python train.py\n`,
    },
    ruleId: 'config/unpinned-version',
    title: /^Pin ghcr\.io\/acme\/train to sha256:[0-9a-f]{64} \(as in dvc\.lock\)$/,
    replaces: [':latest'],
    expect: { 'k8s/job.yaml': job(`ghcr.io/acme/train@${digest}`) },
  },
  {
    name: 'an image with no tag and nothing to pin it to: a placeholder, and the finding stays until it is filled in',
    files: { 'k8s/job.yaml': job('ghcr.io/acme/train') },
    ruleId: 'config/unpinned-version',
    title: /^Pin ghcr\.io\/acme\/train to a version you fill in$/,
    replaces: [''],
    preferred: false,
    snippet: true,
    remaining: 1,
    expect: { 'k8s/job.yaml': job('ghcr.io/acme/train:TODO-version') },
  },
  {
    name: 'an action on a branch, pinned to the release another workflow uses',
    files: {
      '.github/workflows/train.yml': workflow('      - uses: actions/setup-python@main\n      - run: python train.py\n'),
      '.github/workflows/lint.yml': workflow('      - uses: actions/setup-python@v5\n      - run: ruff check\n').replace(
        'name: train',
        'name: lint',
      ),
    },
    ruleId: 'config/unpinned-version',
    title: /^Pin actions\/setup-python to v5/,
    replaces: ['@main'],
    expect: { '.github/workflows/train.yml': /- uses: actions\/setup-python@v5\n/ },
  },
  {
    name: "two releases in use elsewhere: both offered, neither preferred (the choice is the author's)",
    files: {
      '.github/workflows/train.yml': workflow('      - uses: actions/setup-python@main\n      - run: python train.py\n'),
      '.github/workflows/lint.yml': workflow('      - uses: actions/setup-python@v5\n').replace('name: train', 'name: lint'),
      '.github/workflows/docs.yml': workflow('      - uses: actions/setup-python@v4\n').replace('name: train', 'name: docs'),
    },
    ruleId: 'config/unpinned-version',
    title: /^Pin actions\/setup-python to v4 \(as in \.github\/workflows\/docs\.yml\)$/,
    replaces: ['@main'],
    preferred: false,
    snippet: false,
    expect: { '.github/workflows/train.yml': /- uses: actions\/setup-python@v4\n/ },
  },
  {
    name: 'a package with no version anywhere: a placeholder, never a made-up version',
    files: { '.github/workflows/train.yml': workflow('      - run: pip install polars\n') },
    ruleId: 'config/unpinned-version',
    title: /^Pin polars to a version you fill in$/,
    replaces: [''],
    preferred: false,
    snippet: true,
    expect: { '.github/workflows/train.yml': /run: pip install polars==TODO-version\n/ },
  },
  {
    name: 'a package pinned by requirements.txt',
    files: {
      '.github/workflows/train.yml': workflow('      - run: pip install pandas scikit-learn==1.5.0\n'),
      'requirements.txt': '# pinned\npandas==2.2.2 ; python_version >= "3.10"\nnumpy==2.0.0\n',
    },
    ruleId: 'config/unpinned-version',
    title: /^Pin pandas to 2\.2\.2 \(as in requirements\.txt\)$/,
    replaces: [''],
    expect: { '.github/workflows/train.yml': /run: pip install pandas==2\.2\.2 scikit-learn==1\.5\.0\n/ },
  },
  {
    name: 'a package pinned by poetry.lock (the nearest lock file wins)',
    files: {
      'ml/.github/workflows/train.yml': workflow('      - run: pip install Scikit_Learn pandas==2.2.2\n'),
      'ml/poetry.lock':
        '[[package]]\nname = "numpy"\nversion = "2.0.0"\n\n[[package]]\nname = "scikit-learn"\nversion = "1.5.1"\ndescription = "x"\n',
      'uv.lock': 'version = 1\n\n[[package]]\nname = "scikit-learn"\nversion = "1.4.0"\n',
    },
    ruleId: 'config/unpinned-version',
    title: /^Pin Scikit_Learn to 1\.5\.1 \(as in ml\/poetry\.lock\)$/,
    replaces: [''],
    expect: { 'ml/.github/workflows/train.yml': /run: pip install Scikit_Learn==1\.5\.1 pandas==2\.2\.2\n/ },
  },
  {
    name: 'a package pinned by uv.lock',
    files: {
      'bentofile.yaml': 'service: "service:svc"\nlabels:\n  owner: ml\npython:\n  packages:\n    - xgboost\n    - pandas==2.2.2\n',
      'uv.lock': 'version = 1\n\n[[package]]\nname = "xgboost"\nversion = "2.1.1"\nsource = { registry = "https://pypi.org/simple" }\n',
    },
    ruleId: 'config/unpinned-version',
    title: /^Pin xgboost to 2\.1\.1 \(as in uv\.lock\)$/,
    replaces: [''],
    expect: { 'bentofile.yaml': /\n {4}- xgboost==2\.1\.1\n {4}- pandas==2\.2\.2\n/ },
  },
]);

const dvc =
  'stages:\n  prep:\n    cmd: python prep.py\n    deps:\n      - prep.py\n      - data/raw.csv\n    outs:\n      - data/prepared\n';

fixTester([
  {
    name: 'a raw input declared external in a card without an external: section',
    files: { 'dvc.yaml': dvc, 'mlsystem.yaml': 'system: s   # the system\n' },
    ruleId: 'pipeline/dangling-input',
    title: /^Declare data\/raw\.csv as an external input in mlsystem\.yaml$/,
    replaces: [''],
    preferred: false,
    snippet: true,
    // Declaring the input external answers the finding; where it comes from and who owns it are left to fill in.
    remaining: 0,
    expect: {
      'mlsystem.yaml':
        'system: s   # the system\n\nexternal:\n  - name: data/raw.csv\n    kind: data\n    description: where it comes from\n    owner: TODO-team\n',
    },
  },
  {
    name: 'appended to an existing external: list, the rest byte-identical',
    files: {
      'dvc.yaml': dvc.replace('      - data/raw.csv\n', '      - data/raw.csv\n      - warehouse/events.parquet\n'),
      'mlsystem.yaml':
        'system: s\nexternal:\n  # from the ledger\n  - name: warehouse/events.parquet   # nightly\n    owner: data-eng\n# monitors come later\nmonitors: []\n',
    },
    ruleId: 'pipeline/dangling-input',
    title: /^Declare data\/raw\.csv as an external input/,
    remaining: 0,
    expect: {
      'mlsystem.yaml':
        'system: s\nexternal:\n  # from the ledger\n  - name: warehouse/events.parquet   # nightly\n    owner: data-eng\n  - name: data/raw.csv\n    kind: data\n    description: where it comes from\n    owner: TODO-team\n# monitors come later\nmonitors: []\n',
    },
  },
  {
    name: 'a file CODEOWNERS does not cover gets the last line',
    files: { 'dvc.yaml': dvc, 'serving/dvc.yaml': dvc, '.github/CODEOWNERS': '# owners\n/serving/ @acme/platform' },
    ruleId: 'ownership/unowned',
    title: /^Add an owner for dvc\.yaml to \.github\/CODEOWNERS$/,
    replaces: [''],
    preferred: false,
    snippet: true,
    expect: { '.github/CODEOWNERS': '# owners\n/serving/ @acme/platform\n/dvc.yaml @acme/platform\n' },
  },
  {
    name: 'a card states ownership and there is no CODEOWNERS: one is created',
    files: {
      'ml/dvc.yaml': dvc,
      'etl/dvc.yaml': dvc,
      'mlsystem.yaml': 'teams:\n  - name: ml\n    role: research\n    members: ["@acme/ml"]\nowners:\n  - path: "ml/**"\n    team: ml\n',
    },
    ruleId: 'ownership/unowned',
    title: /^Add an owner for etl\/dvc\.yaml to \.github\/CODEOWNERS$/,
    expect: { '.github/CODEOWNERS': '/etl/dvc.yaml @acme/ml\n' },
  },
]);

const deployment = (env: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: scorer
spec:
  template:
    spec:
      containers:
        - name: scorer
          image: ghcr.io/acme/scorer:1.0.0
          env:
${env}`;

fixTester([
  {
    name: 'a Kubernetes env value becomes a secretKeyRef',
    files: {
      'k8s/scorer.yaml': deployment(
        '            - name: DB_PASSWORD\n              value: "hunter2-prod"   # rotate me\n            - name: LOG_LEVEL\n              value: info\n',
      ),
    },
    ruleId: 'config/secret-in-config',
    title: /^Read DB_PASSWORD from a Kubernetes Secret/,
    replaces: ['value: "hunter2-prod"'],
    preferred: false,
    snippet: true,
    // The plaintext is gone for good; only the Secret's name is left to fill in.
    remaining: 0,
    expect: {
      'k8s/scorer.yaml': deployment(
        '            - name: DB_PASSWORD\n              valueFrom:\n                secretKeyRef:\n                  name: secret\n                  key: DB_PASSWORD   # rotate me\n            - name: LOG_LEVEL\n              value: info\n',
      ),
    },
  },
  {
    name: 'a flow-style env entry gets a flow secretKeyRef',
    files: { 'k8s/scorer.yaml': deployment('            - {name: API_TOKEN, value: tok-2f9c81d}\n') },
    ruleId: 'config/secret-in-config',
    title: /^Read API_TOKEN from a Kubernetes Secret/,
    replaces: ['value: tok-2f9c81d'],
    remaining: 0,
    expect: {
      'k8s/scorer.yaml': deployment('            - {name: API_TOKEN, valueFrom: {secretKeyRef: {name: secret, key: API_TOKEN}}}\n'),
    },
  },
  {
    name: 'a Hydra config reads the environment with oc.env',
    files: { 'conf/config.yaml': 'defaults:\n  - _self_\n  - model: xgb\ndb:\n  user: fraud\n  password: hunter2-prod\n' },
    ruleId: 'config/secret-in-config',
    title: /^Read DB_PASSWORD from the environment \(\$\{oc\.env:DB_PASSWORD\}\)$/,
    replaces: ['hunter2-prod'],
    preferred: true,
    expect: { 'conf/config.yaml': /\n {2}password: \$\{oc\.env:DB_PASSWORD\}\n$/ },
  },
  {
    name: 'elsewhere an environment variable reference, not preferred',
    files: { 'params.yaml': 'db_password: hunter2-prod\n' },
    ruleId: 'config/secret-in-config',
    title: /^Read DB_PASSWORD from the environment \(\$\{DB_PASSWORD\}\)$/,
    replaces: ['hunter2-prod'],
    preferred: false,
    expect: { 'params.yaml': 'db_password: ${DB_PASSWORD}\n' },
  },
  {
    name: 'only the password of a URL is replaced',
    files: {
      '.github/workflows/train.yml': workflow(
        '      - run: python train.py\n',
        '\n    env:\n      WAREHOUSE_URL: postgresql://fraud:s3cr3t-Pw@db.internal:5432/fraud',
      ),
    },
    ruleId: 'config/secret-in-config',
    title: /^Read WAREHOUSE_URL_PASSWORD from the GitHub Actions secret/,
    replaces: ['postgresql://fraud:s3cr3t-Pw@db.internal:5432/fraud'],
    expect: {
      '.github/workflows/train.yml':
        /WAREHOUSE_URL: postgresql:\/\/fraud:\$\{\{ secrets\.WAREHOUSE_URL_PASSWORD \}\}@db\.internal:5432\/fraud\n/,
    },
  },
]);

const producerWorkflow = `name: nightly-export
on:
  schedule:
    - cron: "0 2 * * *"   # after the ledger closes
jobs:
  export:
    runs-on: ubuntu-24.04
    steps:
      - run: aws s3 cp out/transactions.parquet s3://acme/exports/transactions.parquet
`;
const consumerWorkflow = `name: retrain
on:
  workflow_dispatch:
  schedule:
    - cron: "10 2 * * *"
jobs:
  train:
    runs-on: ubuntu-24.04
    steps:
      - run: aws s3 cp s3://acme/exports/transactions.parquet data/transactions.parquet
`;

const taskflowProducer = `from datetime import datetime

from airflow.decorators import dag, task


@dag(schedule="0 1 * * *", start_date=datetime(2024, 1, 1), catchup=False)
def export_scores():
    @task(retries=2)
    def export():
        import pandas as pd
        pd.DataFrame().to_parquet("s3://acme/scores/daily.parquet")

    export()


export_scores()
`;
const taskflowConsumer = `from datetime import datetime

from airflow import DAG
from airflow.decorators import task

with DAG("score_report", schedule_interval="5 1 * * *", start_date=datetime(2024, 1, 1)):
    @task
    def report():
        import pandas as pd
        return pd.read_parquet("s3://acme/scores/daily.parquet").shape

    report()
`;

fixTester([
  {
    name: 'GitHub Actions: the consumer runs on workflow_run of the producer',
    files: { '.github/workflows/export.yml': producerWorkflow, '.github/workflows/retrain.yml': consumerWorkflow },
    ruleId: 'pipeline/schedule-race',
    title: /^Run retrain when workflow nightly-export completes \(workflow_run\) instead of on a clock$/,
    replaces: ['schedule:\n    - cron: "10 2 * * *"'],
    preferred: true,
    snippet: false,
    expect: {
      '.github/workflows/retrain.yml': consumerWorkflow.replace(
        '  schedule:\n    - cron: "10 2 * * *"\n',
        '  workflow_run:\n    workflows: ["nightly-export"]\n    types: [completed]\n',
      ),
    },
  },
  {
    name: "Airflow TaskFlow: the producer task's decorator gets outlets, the consumer a Dataset schedule",
    files: { 'dags/export_scores.py': taskflowProducer, 'dags/score_report.py': taskflowConsumer },
    ruleId: 'pipeline/schedule-race',
    title: /^Schedule score_report on Dataset\("s3:\/\/acme\/scores\/daily\.parquet"\), updated by export$/,
    replaces: ['', '', 'schedule_interval="5 1 * * *"', ''],
    expect: {
      'dags/export_scores.py': taskflowProducer
        .replace('@task(retries=2)', '@task(retries=2, outlets=[Dataset("s3://acme/scores/daily.parquet")])')
        .replace(
          'from airflow.decorators import dag, task\n',
          'from airflow.decorators import dag, task\nfrom airflow.datasets import Dataset\n',
        ),
      'dags/score_report.py': taskflowConsumer
        .replace('schedule_interval="5 1 * * *"', 'schedule=[Dataset("s3://acme/scores/daily.parquet")]')
        .replace('from airflow.decorators import task\n', 'from airflow.decorators import task\nfrom airflow.datasets import Dataset\n'),
    },
  },
]);
