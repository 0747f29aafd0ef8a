import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyse, ruleTester } from '../../../helpers/ruleTester';
import { secretInConfig } from '../../../../server/src/engine/rules/config/secretInConfig';

const wf = (env: string) =>
  `on: push\njobs:\n  train:\n    runs-on: ubuntu-22.04\n    env:\n${env}    steps:\n      - run: python train.py\n`;

/** A DAG passing a Kubernetes Secret to a pod (mozilla/telemetry-airflow's mad_server.py). */
const dag = (arg: string) =>
  [
    'from airflow import DAG',
    'from airflow.providers.cncf.kubernetes.secret import Secret',
    'from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator',
    '',
    'amo_secret = Secret(',
    '    deploy_type="env",',
    '    deploy_target="AMO_CRED_SECRET",',
    `    ${arg},`,
    '    key="mad_server_secret__amo_cred_secret",',
    ')',
    'with DAG("mad_server", schedule="@daily") as dag:',
    '    KubernetesPodOperator(task_id="train", image="mad:1.2.0", secrets=[amo_secret])',
    '',
  ].join('\n');

ruleTester(secretInConfig, {
  valid: [
    { name: 'a CI secret reference', files: { '.github/workflows/t.yml': wf('      DB_PASSWORD: ${{ secrets.DB_PASSWORD }}\n') } },
    {
      name: 'names and paths of secrets, not secrets',
      files: {
        '.github/workflows/t.yml': wf('      TOKEN_FILE: /run/secrets/token\n      SECRET_NAME: fraud-db\n      API_KEY: <set me>\n'),
      },
    },
    {
      name: 'a credentials variable holding the path of a mounted key file names where the secret is',
      files: {
        '.github/workflows/t.yml': wf(
          '      GOOGLE_APPLICATION_CREDENTIALS: /secret/gcp-credentials/key.json\n      SERVICE_ACCOUNT_CREDENTIALS: keys/sa.json\n',
        ),
      },
    },
    {
      name: "a connection URL whose password is a placeholder shows the URL's shape, not a secret",
      files: {
        'params.yaml':
          "redis_url: 'redis://default:*****@10.22.33.44:12345'\ndb: 'postgresql+psycopg://user:password@postgresql-server:5432/vectordb'\n",
      },
    },
    { name: 'an environment variable reference', files: { 'params.yaml': 'db:\n  password: ${DB_PASSWORD}\n' } },
    {
      name: 'kedro: `credentials:` in the catalog names a key of credentials.yml, whose values come from the environment',
      files: {
        'conf/base/catalog.yml':
          'companies:\n  type: pandas.SQLTableDataset\n  table_name: companies\n  credentials: warehouse_creds\nraw_events:\n  type: partitions.PartitionedDataset\n  path: s3://events/raw\n  dataset:\n    type: pandas.CSVDataset\n  credentials: dev_s3\n',
        'conf/local/credentials.yml':
          'warehouse_creds:\n  con: ${oc.env:WAREHOUSE_URL}\ndev_s3:\n  key: ${oc.env:AWS_ACCESS_KEY_ID}\n  secret: ${oc.env:AWS_SECRET_ACCESS_KEY}\n',
      },
    },
    {
      name: 'the Kubernetes Secret an Airflow Secret(...) mounts is named, not written',
      files: { 'dags/mad_server.py': dag('secret="airflow-gke-restricted-secrets"') },
    },
  ],
  invalid: [
    {
      name: 'a plaintext password',
      files: { '.github/workflows/t.yml': wf('      DB_PASSWORD: hunter2-prod\n') },
      errors: [{ file: '.github/workflows/t.yml', line: 6, message: /`DB_PASSWORD` holds a plaintext secret/, severity: 'error' }],
    },
    {
      name: 'an AWS key under any name',
      files: { 'params.yaml': 'aws:\n  id: AKIAABCDEFGHIJKLMNOP\n' },
      errors: [{ file: 'params.yaml', line: 2, message: /AWS access key id/ }],
    },
    {
      name: 'kedro: a literal secret in a committed credentials file (base or local) and inline in the catalog',
      files: {
        'conf/base/credentials.yml': 'warehouse_creds:\n  con: postgresql://scott:tiger-9f8e@db.internal/dw\n',
        'conf/local/credentials/s3.yml':
          'dev_s3:\n  client_kwargs:\n    aws_access_key_id: AKIAABCDEFGHIJKLMNOP\n  password: hunter2-prod\n',
        'conf/base/catalog.yml':
          'companies:\n  type: pandas.SQLTableDataset\n  table_name: companies\n  credentials:\n    password: hunter2-prod\n',
      },
      errors: [
        { file: 'conf/base/catalog.yml', line: 5, message: /`password` holds a plaintext secret/ },
        { file: 'conf/base/credentials.yml', line: 2, message: /password inside a URL/ },
        { file: 'conf/local/credentials/s3.yml', line: 3, message: /AWS access key id/ },
        { file: 'conf/local/credentials/s3.yml', line: 4, message: /`password` holds a plaintext secret/ },
      ],
    },
    {
      name: 'a password inside a URL',
      files: { 'params.yaml': 'db: postgresql://fraud:s3cret@db:5432/x\n' },
      errors: [{ file: 'params.yaml', line: 1, message: /password inside a URL/ }],
    },
    {
      name: 'a token written into the same Airflow DAG is still one',
      files: { 'dags/mad_server.py': dag('secret="airflow-gke-restricted-secrets"') + 'amo_token = "tok-9f8e7d6c5b4a"\n' },
      errors: [{ file: 'dags/mad_server.py', line: 13, message: /`amo_token` holds a plaintext secret/, severity: 'error' }],
    },
  ],
});

test('config/secret-in-config never prints the secret', async () => {
  const findings = await analyse({ 'params.yaml': 'api_token: tok-9f8e7d6c5b4a\n' }, [secretInConfig]);
  assert.equal(findings.length, 1);
  assert.doesNotMatch(JSON.stringify(findings), /tok-9f8e7d6c5b4a/);
});
