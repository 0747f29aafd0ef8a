import { ruleTester } from '../../../helpers/ruleTester';
import { cycle } from '../../../../server/src/engine/rules/pipeline/cycle';

const job = (name: string, needs: string | undefined, run: string) =>
  `  ${name}:\n    runs-on: ubuntu-22.04\n${needs ? `    needs: ${needs}\n` : ''}    steps:\n      - run: ${run}\n`;

const dag = (chain: string) => `from datetime import datetime
from airflow import DAG
from airflow.operators.bash import BashOperator

with DAG(dag_id="nightly_etl", schedule="@daily", start_date=datetime(2024, 1, 1)) as dag:
    extract = BashOperator(task_id="extract", bash_command="python etl/extract.py")
    transform = BashOperator(task_id="transform", bash_command="python etl/transform.py")
    load = BashOperator(task_id="load", bash_command="python etl/load.py")
    ${chain}
`;

ruleTester(cycle, {
  valid: [
    {
      name: 'a chain of jobs',
      files: {
        '.github/workflows/release.yml': `on: push\njobs:\n${job('build', undefined, 'make')}${job('test', 'build', 'make test')}${job('publish', 'test', 'make publish')}`,
      },
    },
    { name: 'an Airflow chain', files: { 'dags/nightly_etl.py': dag('extract >> transform >> load') } },
    {
      name: 'a feedback loop through a stock is not an ordering cycle',
      files: {
        'dvc.yaml':
          'stages:\n  train:\n    cmd: python train.py\n    deps:\n      - data/labels.csv\n    outs:\n      - model.pkl\n  label:\n    cmd: python label.py\n    deps:\n      - model.pkl\n    outs:\n      - data/labels.csv:\n          persist: true\n',
      },
    },
    {
      name: "an Argo steps template that runs itself again behind `when:` is recursion (Argo's loop), not a circle",
      files: {
        'argo/run-simulation.yaml':
          'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  generateName: segments-\nspec:\n  entrypoint: run-all-segments\n  templates:\n    - name: run-all-segments\n      inputs:\n        parameters:\n          - name: segment\n      steps:\n        - - name: append-segment\n            template: append\n        - - name: increment-segment\n            template: increment\n        - - name: run-next-segment\n            template: run-all-segments\n            when: "{{steps.increment-segment.outputs.result}} < 10"\n            arguments:\n              parameters:\n                - {name: segment, value: "{{steps.increment-segment.outputs.result}}"}\n    - name: append\n      container:\n        image: ghcr.io/acme/run:1.0.0\n        command: [run, append]\n    - name: increment\n      script:\n        image: python:3.12-slim\n        command: [python]\n        source: print(1)\n',
      },
    },
  ],
  invalid: [
    {
      name: 'three jobs that need each other',
      files: {
        '.github/workflows/release.yml': `on: push\njobs:\n${job('build', 'publish', 'make')}${job('test', 'build', 'make test')}${job('publish', 'test', 'make publish')}`,
      },
      errors: [
        {
          file: '.github/workflows/release.yml',
          line: 10,
          message: /wait for each other in a circle: `build` → `test` → `publish` → `build`/,
          severity: 'error',
          related: 2,
        },
      ],
    },
    {
      name: 'an Airflow chain that closes on itself',
      files: { 'dags/nightly_etl.py': dag('extract >> transform >> load >> extract') },
      errors: [
        { file: 'dags/nightly_etl.py', line: 9, severity: 'error', message: /`extract` → `transform` → `load` → `extract`/, related: 2 },
      ],
    },
    {
      name: 'a circle through a sensor and a trigger across two DAGs is only a warning: no orchestrator checks it',
      files: {
        'dags/a.py': `from datetime import datetime
from airflow import DAG
from airflow.operators.trigger_dagrun import TriggerDagRunOperator
from airflow.sensors.external_task import ExternalTaskSensor

with DAG(dag_id="a", schedule="@daily", start_date=datetime(2024, 1, 1)):
    wait_b = ExternalTaskSensor(task_id="wait_b", external_dag_id="b", external_task_id="x")
    trigger_b = TriggerDagRunOperator(task_id="trigger_b", trigger_dag_id="b")
    wait_b >> trigger_b
`,
        'dags/b.py': `from datetime import datetime
from airflow import DAG
from airflow.operators.bash import BashOperator

with DAG(dag_id="b", schedule=None, start_date=datetime(2024, 1, 1)):
    BashOperator(task_id="x", bash_command="python x.py")
`,
      },
      errors: [
        {
          file: 'dags/a.py',
          line: 8,
          severity: 'warning',
          message:
            /may wait for each other in a circle: .*Loopwise assumed that the sensors and triggers between `a` and `b` wait for the same runs/,
        },
      ],
    },
  ],
});
