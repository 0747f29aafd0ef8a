import { ruleTester } from '../../../helpers/ruleTester';
import { duplicateProducer } from '../../../../server/src/engine/rules/pipeline/duplicateProducer';

const kedro = (name: string) => `from kedro.pipeline import Pipeline, node, pipeline


def create_pipeline(**kwargs) -> Pipeline:
    return pipeline([node(func=${name}, inputs="companies", outputs="model_input_table", name="${name}_node")])
`;
const settings = 'CONF_SOURCE = "conf"\n';

/** Two DAGs whose tasks both produce `s3://consuming_2_task/out.txt` (Airflow's example_datasets.py). */
const twoDags = (produce: (task: string) => string[]) =>
  [
    'import pandas as pd',
    'from airflow import DAG',
    'from airflow.datasets import Dataset',
    'from airflow.decorators import task',
    'from airflow.operators.bash import BashOperator',
    '',
    ...['consuming_2', 'consuming_3'].flatMap((t) => [`with DAG(dag_id="dag_${t}", schedule="@daily") as dag_${t}:`, ...produce(t)]),
    '',
  ].join('\n');
const outlet = (t: string) => [
  `    BashOperator(task_id="${t}", outlets=[Dataset("s3://consuming_2_task/out.txt")], bash_command="sleep 5")`,
];
const writer = (t: string) => [
  '    @task',
  `    def ${t}():`,
  '        pd.DataFrame().to_csv("s3://consuming_2_task/out.txt")',
  `    ${t}()`,
];

/** A Prefect flow whose task saves the preprocessor to a path relative to where the script runs (the lesson copies of mlops-zoomcamp). */
const lesson = (flow: string) => `import pickle

from prefect import flow, task


@task
def train_best_model(dv):
    with open("models/preprocessor.b", "wb") as f_out:
        pickle.dump(dv, f_out)


@flow
def ${flow}():
    train_best_model(None)
`;

ruleTester(duplicateProducer, {
  valid: [
    {
      name: 'scripts in different folders write one relative path: each resolves it in its own working folder',
      files: { 'cohorts/2022/orchestrate.py': lesson('main_2022'), 'cohorts/2023/orchestrate.py': lesson('main_2023') },
    },
    {
      name: 'one producer per artifact',
      files: {
        'dvc.yaml':
          'stages:\n  a:\n    cmd: python a.py\n    outs:\n      - a.csv\n  b:\n    cmd: python b.py\n    deps:\n      - a.csv\n    outs:\n      - b.csv\n',
      },
    },
    {
      name: 'two Kedro projects side by side, each with its own model_input_table',
      files: {
        'shop/conf/base/catalog.yml': 'companies:\n  type: pandas.CSVDataset\n  filepath: data/companies.csv\n',
        'shop/src/shop/settings.py': settings,
        'shop/src/shop/pipelines/dp/pipeline.py': kedro('build_shop'),
        'rides/conf/base/catalog.yml': 'companies:\n  type: pandas.CSVDataset\n  filepath: data/companies.csv\n',
        'rides/src/rides/settings.py': settings,
        'rides/src/rides/pipelines/dp/pipeline.py': kedro('build_rides'),
      },
    },
    {
      name: 'several DAGs may update one Airflow Dataset: each update is an event',
      files: { 'dags/example_datasets.py': twoDags(outlet) },
    },
    {
      name: 'Kedro nodes of alternative pipelines write one dataset (Kedro refuses two producers in one pipeline)',
      files: {
        'src/proj/pipelines/gdn/pipeline.py':
          'from kedro.pipeline import Pipeline, node\n\n\ndef create_pipeline(**kwargs):\n    return Pipeline([node(load, inputs="raw_sensors", outputs="sensor_column_names", name="load_dataset_node")])\n',
        'src/proj/pipelines/nab/pipeline.py':
          'from kedro.pipeline import Pipeline, node\n\n\ndef create_pipeline(**kwargs):\n    return Pipeline([node(load, inputs="raw_sensors", outputs="sensor_column_names", name="load_dataset_node")])\n',
      },
    },
  ],
  invalid: [
    {
      name: 'two scripts of one folder write one relative path',
      files: { 'flows/orchestrate.py': lesson('main_local'), 'flows/orchestrate_s3.py': lesson('main_s3') },
      errors: [
        { file: 'flows/orchestrate_s3.py', line: 8, message: /also written by stage `train_best_model` \(flows\/orchestrate\.py\)/ },
      ],
    },
    {
      name: 'two Airflow tasks writing the same file are still two producers',
      files: { 'dags/example_datasets.py': twoDags(writer) },
      errors: [{ file: 'dags/example_datasets.py', line: 15, message: /also written by stage `consuming_2`/ }],
    },
    {
      name: 'a DVC stage and a workflow both write the model bucket',
      files: {
        'dvc.yaml': 'stages:\n  publish:\n    cmd: python publish.py\n    outs:\n      - s3://models/fraud/model.pkl\n',
        '.github/workflows/deploy.yml':
          'on: push\njobs:\n  deploy:\n    runs-on: x\n    steps:\n      - run: aws s3 cp model.pkl s3://models/fraud/model.pkl\n',
      },
      errors: [{ file: 'dvc.yaml', line: 5, message: /also written by stage `deploy`/, related: 1 }],
    },
  ],
});
