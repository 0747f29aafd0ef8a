import { ruleTester } from '../../../helpers/ruleTester';
import { ungatedDeploy } from '../../../../server/src/engine/rules/pipeline/ungatedDeploy';

const workflow = (between: string, deployNeeds: string, deployExtra = '') => `name: ml
on: push
jobs:
  train:
    runs-on: ubuntu-latest
    steps:
      - run: python train.py --output models/model.pkl
      - run: aws s3 cp models/model.pkl s3://models/fraud/model.pkl
${between}  deploy:
    needs: ${deployNeeds}
    runs-on: ubuntu-latest${deployExtra}
    steps:
      - run: python deploy.py --model s3://models/fraud/model.pkl
`;

const evaluate = `  evaluate:
    needs: train
    runs-on: ubuntu-latest
    steps:
      - run: python evaluate.py --model s3://models/fraud/model.pkl
`;

const registering = (promote = '') => `from datetime import datetime
import mlflow
import pandas as pd
from airflow.decorators import dag, task

@dag(schedule="@weekly", start_date=datetime(2026, 1, 1), catchup=False)
def train_fraud():
    @task
    def train():
        df = pd.read_parquet("s3://lake/fraud/training.parquet")
        mlflow.sklearn.log_model(fit(df), "model", registered_model_name="fraud")
${promote}
    train()

train_fraud()
`;

const promoteTask = (name: string) => `    @task
    def ${name}():
        client = mlflow.MlflowClient()
        client.set_registered_model_alias("fraud", "champion", "3")

    ${name}()
`;

const isvc = (uri: string) => `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: fraud
spec:
  predictor:
    model:
      modelFormat:
        name: mlflow
      storageUri: ${uri}
`;

ruleTester(ungatedDeploy, {
  valid: [
    {
      name: 'deploy needs an evaluation job that needs training',
      files: { '.github/workflows/ml.yml': workflow(evaluate, '[train, evaluate]') },
    },
    {
      name: 'deploy runs in a deployment environment (its reviewers are set in the repository)',
      files: { '.github/workflows/ml.yml': workflow('', 'train', '\n    environment: production') },
    },
    {
      name: 'the server loads a pinned registry version',
      files: { 'dags/train.py': registering(), 'serving/isvc.yaml': isvc('models:/fraud/12') },
    },
    {
      name: 'the server follows an alias that nothing in the files moves (promoted in the registry)',
      files: { 'dags/train.py': registering(), 'serving/isvc.yaml': isvc('models:/fraud@champion') },
    },
    {
      name: 'the alias is moved by a validation step',
      files: { 'dags/train.py': registering(promoteTask('validate_and_promote')), 'serving/isvc.yaml': isvc('models:/fraud@champion') },
    },
    {
      name: 'no training in the workspace',
      files: { '.github/workflows/deploy.yml': workflow('', 'train').replace(/train/g, 'prepare') },
    },
  ],
  invalid: [
    {
      name: 'a deploy job that needs only training',
      files: { '.github/workflows/ml.yml': workflow('', 'train') },
      errors: [
        {
          file: '.github/workflows/ml.yml',
          line: 9,
          message:
            /stage `deploy` .* deploys or registers what stage `train` .* trains with no evaluation gate on the way.*Assumed: a gate is/,
          severity: 'warning',
          related: 2,
        },
      ],
    },
    {
      name: 'a server that follows every new version (`latest`)',
      files: { 'dags/train.py': registering(), 'serving/isvc.yaml': isvc('models:/fraud/latest') },
      errors: [{ file: 'serving/isvc.yaml', line: 6, message: /serves what stage `train` .* trains \(through `fraud`\)/, related: 2 }],
    },
    {
      name: 'an alias moved by a step that evaluates nothing',
      files: { 'dags/train.py': registering(promoteTask('promote')), 'serving/isvc.yaml': isvc('models:/fraud@champion') },
      errors: [{ file: 'serving/isvc.yaml', line: 6, message: /serves what stage `train`/ }],
    },
  ],
});
