import { ruleTester } from '../../../helpers/ruleTester';
import { orphanOutput } from '../../../../server/src/engine/rules/pipeline/orphanOutput';

const pipeline = (prepareOuts: string) => `stages:
  prepare:
    cmd: python src/prepare.py data/raw.csv
    deps:
      - src/prepare.py
      - data/raw.csv
    outs:
${prepareOuts}
  train:
    cmd: python src/train.py data/prepared model.pkl
    deps:
      - data/prepared
    outs:
      - model.pkl
  evaluate:
    cmd: python src/evaluate.py model.pkl data/prepared
    deps:
      - model.pkl
      - data/prepared
    outs:
      - eval/predictions.csv
    metrics:
      - eval/metrics.json:
          cache: false
    plots:
      - eval/roc.json
`;

const dag = (extractBody: string) => `from datetime import datetime

import pandas as pd
from airflow.decorators import dag, task


@dag(schedule="@daily", start_date=datetime(2024, 1, 1), catchup=False)
def churn_features():
    @task
    def extract():
        df = pd.read_csv("s3://acme-lake/raw/events.csv")
        df.to_parquet("s3://acme-lake/staging/events.parquet")
${extractBody}
    @task
    def build():
        events = pd.read_parquet("s3://acme-lake/staging/events.parquet")
        events.groupby("user_id").size().to_frame("n").to_parquet("s3://acme-lake/features/churn.parquet")

    extract() >> build()


churn_features()
`;

/** ask-astro's evaluate_rag_quality.py: the first task writes a CSV and returns its path through XCom. */
const handoff = (returned: string) => `import pandas as pd
from airflow.decorators import dag, task

test_question_template_path = "include/data/test_questions_template.csv"


@dag(schedule=None)
def evaluate_rag_quality():
    @task
    def download_test_questions(sheet_id: str):
        pd.DataFrame(get_values(sheet_id)).to_csv(test_question_template_path, index=False)
        return ${returned}

    @task
    def generate_test_answers(questions_path: str):
        questions_df = pd.read_csv(questions_path)
        questions_df.to_csv("include/data/results.csv")

    generate_test_answers(download_test_questions("sheet"))


evaluate_rag_quality()
`;

ruleTester(orphanOutput, {
  valid: [
    {
      name: "every intermediate is read; metrics, plots, predictions and the last stage's outputs are products",
      files: { 'dvc.yaml': pipeline('      - data/prepared\n') },
    },
    { name: "the last task's table is the DAG's product", files: { 'dags/churn_features.py': dag('') } },
    {
      name: 'a `persist: true` output is state the stage resumes from on its next run (an Optuna study)',
      files: {
        'dvc.yaml': pipeline('      - data/prepared\n      - studies/study.db:\n          cache: false\n          persist: true\n'),
      },
    },
    {
      name: 'a run log, a PDF figure and a data-docs site are read by people, not by stages',
      files: {
        'dvc.yaml': pipeline(
          '      - data/prepared\n      - logs/prepare.log\n      - reports/distribution.pdf\n      - outputs/data_docs/index\n',
        ),
      },
    },
    {
      name: 'a CI artifact kept for download is not an orphan',
      files: {
        '.github/workflows/train.yml':
          'on: push\njobs:\n  train:\n    runs-on: ubuntu-22.04\n    steps:\n      - run: python train.py\n      - uses: actions/upload-artifact@v4\n        with:\n          name: model\n          path: models/model.joblib\n',
      },
    },
    {
      name: 'a path returned through XCom is read by the task that receives it',
      files: { 'dags/evaluate_rag_quality.py': handoff('test_question_template_path') },
    },
  ],
  invalid: [
    {
      name: 'a written file whose path is not what the task returns is still an orphan',
      files: { 'dags/evaluate_rag_quality.py': handoff('len(get_values(sheet_id))') },
      errors: [
        { file: 'dags/evaluate_rag_quality.py', line: 11, message: /`include\/data\/test_questions_template.csv` is written by stage/ },
      ],
    },
    {
      name: 'a DVC stage writes a file nobody reads',
      files: { 'dvc.yaml': pipeline('      - data/prepared\n      - data/prepared_stats.csv\n') },
      errors: [
        {
          file: 'dvc.yaml',
          line: 9,
          message: /`data\/prepared_stats.csv` is written by stage `prepare` \(dvc.yaml\) but no stage reads it/,
          severity: 'info',
        },
      ],
    },
    {
      name: 'an Airflow task writes a debug sample nobody reads',
      files: { 'dags/churn_features.py': dag('        df.sample(1000).to_csv("s3://acme-lake/debug/events_sample.csv")\n') },
      errors: [
        { file: 'dags/churn_features.py', line: 13, message: /`s3:\/\/acme-lake\/debug\/events_sample.csv` is written by stage `extract`/ },
      ],
    },
  ],
});
