import { ruleTester } from '../../../helpers/ruleTester';
import { fixTester } from '../../../helpers/fixTester';
import { unknownKey } from '../../../../server/src/engine/rules/config/unknownKey';

const wf = (job: string) => `on: push\njobs:\n  train:\n    runs-on: ubuntu-22.04\n${job}    steps:\n      - run: python train.py\n`;
const dvc = (stage: string) => `stages:\n  train:\n    cmd: python train.py\n    deps:\n      - train.py\n${stage}`;
const dag = (args: string) =>
  [
    'from datetime import datetime',
    'from airflow import DAG',
    'from airflow.operators.bash import BashOperator',
    '',
    `default_args = {'owner': 'ml', ${args}}`,
    '',
    "with DAG('train', default_args=default_args, start_date=datetime(2024, 1, 1), schedule='@daily') as dag:",
    "    BashOperator(task_id='train', bash_command='python train.py')",
    '',
  ].join('\n');
const deployment = (container: string) =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: scorer',
    'spec:',
    '  replicas: 2',
    '  selector:',
    '    matchLabels: {app: scorer}',
    '  template:',
    '    metadata:',
    '      labels: {app: scorer}',
    '      annotations: {anything-goes: "yes"}',
    '    spec:',
    '      containers:',
    '        - name: trainer',
    '          image: ghcr.io/acme/train:1.4.2',
    '          command: [python, train.py]',
    container,
    '',
  ].join('\n');
const argo = (task: string) =>
  [
    'apiVersion: argoproj.io/v1alpha1',
    'kind: Workflow',
    'metadata:',
    '  generateName: train-',
    'spec:',
    '  entrypoint: main',
    '  templates:',
    '    - name: main',
    '      dag:',
    '        tasks:',
    '          - name: prepare',
    '            template: step',
    '            arguments:',
    '              parameters: [{name: x, value: "{{workflow.name}}"}]',
    task,
    '    - name: step',
    '      container:',
    '        image: python:3.11.9',
    '        command: [python, prepare.py]',
    '',
  ].join('\n');

/** kserve/kserve docs/samples/v1beta1/transformer/feast/driver_transformer.yaml, shortened. */
const isvc = (predictor: string) =>
  [
    'apiVersion: "serving.kserve.io/v1beta1"',
    'kind: "InferenceService"',
    'metadata:',
    '  name: "sklearn-driver-transformer"',
    'spec:',
    '  transformer:',
    '    containers:',
    '      - image: "kserve/driver-transformer:0.14.1"',
    '        name: driver-container',
    '  predictor:',
    predictor,
    '',
  ].join('\n');

ruleTester(unknownKey, {
  valid: [
    {
      name: 'a KServe InferenceService with known keys',
      files: { 'isvc.yaml': isvc('    minReplicas: 1\n    sklearn:\n      storageUri: "gs://kfserving-examples/models/feast/driver"') },
    },
    {
      name: 'a workflow with only known keys',
      files: { '.github/workflows/ci.yml': wf('    timeout-minutes: 30\n    env: {ANY_NAME: 1}\n') },
    },
    {
      name: 'a reusable workflow call job',
      files: {
        '.github/workflows/ci.yml':
          'on: push\njobs:\n  call:\n    uses: acme/ci/.github/workflows/t.yml@v1\n    with: {x: 1}\n    secrets: inherit\n',
      },
    },
    {
      name: 'a DVC stage with known keys and output flags',
      files: { 'dvc.yaml': dvc('    outs:\n      - model.pkl:\n          cache: false\n          persist: true\n') },
    },
    {
      name: 'default_args a custom operator may take (not near any BaseOperator argument)',
      files: { 'dags/train.py': dag("'gcp_conn_id': 'gcp', 'retries': 2") },
    },
    {
      name: 'a container with known fields, annotations take any key',
      files: { 'k8s/scorer.yaml': deployment('          imagePullPolicy: IfNotPresent') },
    },
    { name: 'an Argo DAG task with known keys', files: { 'wf.yaml': argo('            depends: "other"') } },
    {
      name: 'an MLproject key far from any known one is left alone',
      files: { MLproject: 'name: demo\nconda_env: conda.yaml\nowner_team: ml\nentry_points:\n  main:\n    command: python train.py\n' },
    },
  ],
  invalid: [
    {
      name: 'a misspelt KServe predictor key',
      files: { 'isvc.yaml': isvc('    minReplica: 2\n    sklearn:\n      storageUri: "gs://kfserving-examples/models/feast/driver"') },
      errors: [
        {
          file: 'isvc.yaml',
          line: 11,
          severity: 'warning',
          message: /`minReplica` is not a field of the `predictor`: KServe drops it.*`minReplicas`/,
          fixes: 1,
        },
      ],
    },
    {
      name: 'a misspelt key of a KServe model spec',
      files: { 'isvc.yaml': isvc('    sklearn:\n      storageURI: "gs://kfserving-examples/models/feast/driver"') },
      errors: [{ file: 'isvc.yaml', line: 12, message: /`storageURI` is not a field of `predictor.sklearn`.*`storageUri`/ }],
    },
    {
      name: 'a misspelt job key: GitHub rejects the workflow',
      files: { '.github/workflows/ci.yml': wf('    timeout_minutes: 30\n') },
      errors: [
        {
          file: '.github/workflows/ci.yml',
          line: 5,
          severity: 'error',
          message: /`timeout_minutes` is not a key of a job: GitHub Actions rejects the file.*Did you mean `timeout-minutes`\?/,
          fixes: 1,
        },
      ],
    },
    {
      name: 'an unknown step key with no near candidate',
      files: {
        '.github/workflows/ci.yml':
          'on: push\njobs:\n  t:\n    runs-on: ubuntu-22.04\n    steps:\n      - run: make\n        description: build\n',
      },
      errors: [
        {
          file: '.github/workflows/ci.yml',
          line: 7,
          severity: 'error',
          message: /^`description` is not a key of a step: GitHub Actions rejects the file \(`Unexpected value`\)\.$/,
          fixes: 0,
        },
      ],
    },
    {
      name: 'a misspelt DVC stage key',
      files: { 'dvc.yaml': dvc('    always_change: true\n') },
      errors: [{ file: 'dvc.yaml', line: 6, severity: 'error', message: /DVC rejects the file.*`always_changed`/ }],
    },
    {
      name: "Airflow's `retry` in default_args is dropped",
      files: { 'dags/train.py': dag("'retry': 3") },
      errors: [
        { file: 'dags/train.py', line: 5, severity: 'warning', message: /`retry` in `default_args`.*drops it.*`retries`/, fixes: 1 },
      ],
    },
    {
      name: 'a misspelt container field',
      files: { 'k8s/scorer.yaml': deployment('          imagePullPolicies: IfNotPresent') },
      errors: [
        {
          file: 'k8s/scorer.yaml',
          line: 18,
          severity: 'warning',
          message: /`imagePullPolicies` is not a field of a container.*`imagePullPolicy`/,
        },
      ],
    },
    {
      name: 'a misspelt Argo DAG task key',
      files: { 'wf.yaml': argo('            dependencys: [other]') },
      errors: [{ file: 'wf.yaml', line: 15, severity: 'warning', message: /`dependencys` is not a field of a DAG task.*`dependencies`/ }],
    },
    {
      name: 'a misspelt MLproject entry-point key is ignored by MLflow',
      files: {
        MLproject:
          'name: demo\nentry_points:\n  main:\n    parameter:\n      alpha: {type: float, default: 0.1}\n    command: python train.py --alpha {alpha}\n',
      },
      errors: [{ file: 'MLproject', line: 4, severity: 'warning', message: /MLflow ignores it.*`parameters`/ }],
    },
  ],
});

fixTester([
  {
    name: 'renames the GitHub job key',
    files: { '.github/workflows/ci.yml': wf('    timeout_minutes: 30\n') },
    ruleId: 'config/unknown-key',
    title: /Rename `timeout_minutes` to `timeout-minutes`/,
    replaces: ['timeout_minutes'],
    expect: { '.github/workflows/ci.yml': wf('    timeout-minutes: 30\n') },
  },
  {
    name: 'renames the Airflow default_args key, keeping its quotes',
    files: { 'dags/train.py': dag("'retry': 3") },
    ruleId: 'config/unknown-key',
    title: /Rename `retry` to `retries`/,
    replaces: ["'retry'"],
    expect: { 'dags/train.py': dag("'retries': 3") },
  },
]);
