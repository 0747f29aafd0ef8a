import { ruleTester } from '../../../helpers/ruleTester';
import { leftoverSpecialCase } from '../../../../server/src/engine/rules/pipeline/leftoverSpecialCase';

const dvc = (name: string, cmd: string) =>
  `stages:\n  prepare:\n    cmd: python src/prepare.py\n    outs:\n      - data/prepared\n  ${name}:\n    cmd: ${cmd}\n    deps:\n      - data/prepared\n    outs:\n      - data/adjusted\n`;

ruleTester(leftoverSpecialCase, {
  valid: [
    { name: 'ordinary stages', files: { 'dvc.yaml': dvc('reweight', 'python src/reweight.py data/prepared data/adjusted') } },
    {
      name: 'a backfill that is a flow of its own runs with no pipeline (mlops-zoomcamp score_backfill.py)',
      files: {
        'batch/score_backfill.py':
          'from prefect import flow\n\nimport score\n\n\n@flow\ndef ride_duration_prediction_backfill():\n    score.ride_duration_prediction(taxi_type="green")\n',
      },
    },
    {
      name: 'a recurring holiday feature is not a one-off',
      files: { 'dvc.yaml': dvc('holiday_features', 'python src/holidays.py --country US') },
    },
    {
      name: 'a run date in the arguments of an ordinary stage',
      files: { 'dvc.yaml': dvc('snapshot', 'python src/snapshot.py --as-of 2024-01-31') },
    },
    {
      name: 'a special case whose date is still ahead',
      files: { 'dvc.yaml': dvc('black_friday_2027_reweight', 'python src/reweight.py --from 2027-11-26') },
    },
    {
      name: 'two dates in a name delimit the data it builds (a satellite acquisition pair), not a one-off',
      files: { 'dvc.yaml': dvc('build_ASWAN_AS_04_08_2005-AS_05_10_2015', 'python src/build.py --site ASWAN') },
    },
    {
      name: 'a step that answers ad-hoc requests is permanent (dagster-university `adhoc_request`)',
      files: { 'dvc.yaml': dvc('adhoc_request', 'python src/answer_request.py data/prepared data/adjusted') },
    },
    {
      name: 'temp in the middle of a name, and /tmp paths in commands',
      files: { 'dvc.yaml': dvc('predict_temperature_daily', 'python src/temp.py --out /tmp/scratch data/adjusted') },
    },
    {
      name: 'a workaround that cites the upstream issue it tracks is a documented fix inside a permanent step',
      files: {
        '.github/workflows/stage.yml':
          'on: push\njobs:\n  stage-model:\n    runs-on: ubuntu-22.04\n    steps:\n      - run: |\n          hf download org/model --local-dir model\n          # Workaround for https://github.com/huggingface/transformers/issues/45488: the tokenizer drops spaces\n          python patch_tokenizer.py model\n',
      },
    },
  ],
  invalid: [
    {
      name: 'an ad-hoc rerun is still a one-off',
      files: { 'dvc.yaml': dvc('adhoc_rerun', 'python src/rerun.py data/prepared data/adjusted') },
      errors: [{ file: 'dvc.yaml', line: 6, message: /`adhoc_rerun` looks like a one-off run/ }],
    },
    {
      name: 'a workaround in the command that cites nothing',
      files: {
        '.github/workflows/stage.yml':
          'on: push\njobs:\n  stage-model:\n    runs-on: ubuntu-22.04\n    steps:\n      - run: |\n          hf download org/model --local-dir model\n          # workaround: the tokenizer drops spaces\n          python patch_tokenizer.py model\n',
      },
      errors: [{ file: '.github/workflows/stage.yml', line: 3, message: /looks like a one-off fix/ }],
    },
    {
      name: 'the fraud example: a Black Friday 2023 reweighting stage',
      files: {
        'dvc.yaml': dvc(
          'black_friday_2023_reweight',
          'python src/reweight.py --from 2023-11-24 --to 2023-11-27 data/prepared data/adjusted',
        ),
      },
      errors: [
        {
          file: 'dvc.yaml',
          line: 6,
          message: /`black_friday_2023_reweight` looks like a holiday special case; its date \(2023-11-27\) is past/,
          severity: 'warning',
        },
      ],
    },
    {
      name: 'a hotfix and a backfill job in a workflow',
      files: {
        '.github/workflows/features.yml':
          'on:\n  schedule:\n    - cron: "0 5 * * *"\njobs:\n  hotfix_null_merchants:\n    runs-on: ubuntu-22.04\n    steps:\n      - run: python fix_nulls.py\n  backfill-q3:\n    runs-on: ubuntu-22.04\n    steps:\n      - run: python backfill.py\n',
      },
      errors: [
        { file: '.github/workflows/features.yml', line: 5, message: /looks like a hotfix/ },
        { file: '.github/workflows/features.yml', line: 9, message: /looks like a backfill/ },
      ],
    },
    {
      name: 'an Airflow task named after a past date',
      files: {
        'dags/scoring.py':
          'from datetime import datetime\nfrom airflow import DAG\nfrom airflow.operators.bash import BashOperator\n\nwith DAG(dag_id="scoring", schedule="@daily", start_date=datetime(2024, 1, 1)) as dag:\n    BashOperator(task_id="rescore_20240312_outage", bash_command="python rescore.py")\n',
      },
      errors: [{ file: 'dags/scoring.py', line: 6, message: /a dated special case; its date \(2024-03-12\) is past/ }],
    },
  ],
});
