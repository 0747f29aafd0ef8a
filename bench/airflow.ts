// Benchmark: the Airflow adapter on 1,000 generated DAG files of ~300 lines each (in memory).
// Measures tree-sitter initialisation, raw tree-sitter parsing, and the whole adapter
// (parse + fact extraction). Target: all 1,000 files through airflowAdapter.parse in < 2 s.
// Run: node scripts/build.mjs && node out/bench/airflow.js [files] [runs]
import { airflowAdapter } from '../server/src/engine/sources/airflow';
import { cpus, loadavg } from 'node:os';
import type { SourceFile } from '../server/src/engine/sources/adapter';
import type { FileFacts } from '../server/src/engine/model/facts';
import { parsePython } from '../server/src/engine/text/python';

const FILES = Number(process.argv[2] ?? 1000);
const TARGET_MS = 2000;
const RUNS = Number(process.argv[3] ?? 3);
const noSiblings = { read: (): undefined => undefined };

function callable(i: number, t: number): string {
  return `
def ${['extract', 'clean', 'featurize', 'train', 'score', 'report'][t % 6]}_step_${t}(**context):
    """Step ${t} of pipeline ${i}: reads the previous output and writes its own."""
    import pandas as pd

    # Keep only transactions above the review threshold (tuned by the fraud team).
    threshold = Variable.get("threshold_${t}", default_var=0.${(t % 9) + 1})
    df = pd.read_parquet(f"{RAW_BUCKET}/day={context['ds']}/part-${t}.parquet")
    df = df[df["score"] > float(threshold)]
    df["bucket"] = df["amount"].clip(0, 1000) // 100
    summary = df.groupby("bucket").agg({"amount": "sum", "score": "mean"})
    summary.to_csv("data/pipeline_${i}/summary_${t}.csv")
    df.to_parquet(FEATURES_PATH + "/step_${t}.parquet")
    return len(df)
`;
}

function taskflow(i: number, t: number): string {
  return `
    @task(task_id="tf_${t}", retries=2)
    def tf_${t}(rows: int) -> dict:
        import json
        with open("reports/pipeline_${i}/tf_${t}.json", "w") as f:
            json.dump({"rows": rows, "pipeline": ${i}}, f)
        return {"rows": rows}
`;
}

/** One DAG file: module constants, callables, a DAG with operators, TaskFlow, a group, a loop. */
export function generateDag(i: number): string {
  const steps = Array.from({ length: 12 }, (_, t) => t);
  const lines: string[] = [
    '"""',
    `Generated pipeline ${i}: nightly fraud features, training and scoring.`,
    '',
    'Reads raw card transactions, builds rolling features, trains the fraud model and',
    'publishes scores for the review queue. Owned by the fraud ML team; see the runbook',
    'before changing schedules: downstream DAGs wait for `publish` with a sensor.',
    '"""',
    'from datetime import datetime, timedelta',
    '',
    'from airflow import DAG, Dataset',
    'from airflow.decorators import task',
    'from airflow.models import Variable',
    'from airflow.operators.bash import BashOperator',
    'from airflow.operators.python import PythonOperator',
    'from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator',
    'from airflow.sensors.external_task import ExternalTaskSensor',
    'from airflow.utils.task_group import TaskGroup',
    '',
    `RAW_BUCKET = "s3://raw-events-${i % 17}/transactions"`,
    `FEATURES_PATH = "s3://features-${i % 5}/pipeline_${i}"`,
    `MODEL_URI = "gs://models/fraud/${i}/model.joblib"`,
    '',
    'default_args = {',
    `    "owner": "team-${i % 7}",`,
    '    "retries": 3,',
    '    "retry_delay": timedelta(minutes=5),',
    '}',
    ...steps.map((t) => callable(i, t)),
    '',
    `with DAG(`,
    `    dag_id="pipeline_${i}",`,
    `    schedule=${i % 3 === 0 ? `[Dataset("s3://features-${(i + 1) % 5}/ready")]` : i % 3 === 1 ? '"0 2 * * *"' : 'timedelta(hours=6)'},`,
    '    start_date=datetime(2024, 1, 1),',
    '    catchup=False,',
    '    default_args=default_args,',
    `    tags=["fraud", "generated"],`,
    ') as dag:',
    '    wait = ExternalTaskSensor(',
    '        task_id="wait_for_upstream",',
    `        external_dag_id="pipeline_${Math.max(0, i - 1)}",`,
    '        external_task_id="publish",',
    '        execution_delta=timedelta(hours=1),',
    '    )',
    ...steps.map((t) => `    step_${t} = PythonOperator(task_id="step_${t}", python_callable=${['extract', 'clean', 'featurize', 'train', 'score', 'report'][t % 6]}_step_${t})`),
    '',
    '    load = SQLExecuteQueryOperator(',
    '        task_id="load_warehouse",',
    '        conn_id="warehouse",',
    '        sql="""',
    `            INSERT INTO analytics.fraud_scores_${i}`,
    '            SELECT t.id, t.amount, s.score',
    '            FROM raw.transactions t',
    `            JOIN features.scores_${i} s ON s.id = t.id`,
    "            WHERE t.ds = '{{ ds }}'",
    '        """,',
    '    )',
    '    publish = BashOperator(',
    '        task_id="publish",',
    `        bash_command="python publish.py --input ${'{{ var.value.publish_root }}'}/in --output s3://published/${i}/scores.csv",`,
    '        outlets=[Dataset(f"s3://published/' + i + '/scores.csv")],',
    '    )',
    '',
    '    with TaskGroup("quality") as quality:',
    ...[0, 1, 2].map((q) => `        check_${q} = BashOperator(task_id="check_${q}", bash_command="python checks.py --table features.scores_${i} --rule ${q}")`),
    '        check_0 >> [check_1, check_2]',
    '',
    ...[0, 1, 2].flatMap((t) => taskflow(i, t).split('\n')),
    '    counts = [tf_0(step_0.output), tf_1(step_1.output)]',
    '    merged = tf_2(counts)',
    '',
    '    for region in ["eu", "us", "apac"]:',
    '        BashOperator(task_id=f"export_{region}", bash_command=f"python export.py --region {region} --out s3://exports/{region}/' + i + '.csv")',
    '',
    '    wait >> step_0 >> [step_1, step_2] >> step_3',
    '    step_3 >> step_4 >> step_5 >> quality >> load >> publish',
    '    step_6.set_upstream(step_5)',
    '    step_7 << step_6',
    '    [step_8, step_9] >> step_10',
    '    step_10 >> step_11 >> merged',
    '',
  ];
  return lines.join('\n');
}

interface Timing {
  wall: number;
  cpu: number;
}

/** Best of `runs` (the run least disturbed by other processes): wall clock and this process's CPU time. */
function measure(runs: number, fn: () => void): Timing {
  let best: Timing = { wall: Infinity, cpu: Infinity };
  for (let r = 0; r < runs; r++) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    fn();
    const wall = performance.now() - start;
    const used = process.cpuUsage(cpu);
    if (wall < best.wall) best = { wall, cpu: (used.user + used.system) / 1000 };
  }
  return best;
}

const ms = (t: Timing): string => `${t.wall.toFixed(0)} ms wall, ${t.cpu.toFixed(0)} ms CPU`;

async function main(): Promise<void> {
  const files: SourceFile[] = Array.from({ length: FILES }, (_, i) => ({ path: `dags/pipeline_${i}.py`, text: generateDag(i) }));
  const lines = files.reduce((n, f) => n + f.text.split('\n').length, 0);
  const bytes = files.reduce((n, f) => n + f.text.length, 0);
  const load = loadavg()[0];

  const initStart = performance.now();
  await airflowAdapter.init?.();
  const initMs = performance.now() - initStart;

  // Warm-up (JIT), not counted.
  for (const f of files.slice(0, 50)) airflowAdapter.parse(f, noSiblings);

  const raw = measure(RUNS, () => {
    for (const f of files) parsePython(f.text).delete();
  });
  let facts: FileFacts[] = [];
  const adapter = measure(RUNS, () => {
    facts = files.map((f) => airflowAdapter.parse(f, noSiblings));
  });

  const count = (pick: (f: FileFacts) => unknown[]): number => facts.reduce((n, f) => n + pick(f).length, 0);
  const rows: Array<[string, string]> = [
    ['files', `${FILES} (${Math.round(lines / FILES)} lines, ${(bytes / 1024 / FILES).toFixed(1)} KiB each)`],
    ['machine', `${cpus().length} CPUs, load average ${load.toFixed(1)} at start`],
    ['tree-sitter init', `${initMs.toFixed(0)} ms`],
    [`tree-sitter parse only, best of ${RUNS}`, ms(raw)],
    [`airflowAdapter.parse, best of ${RUNS}`, `${ms(adapter)}; ${(adapter.wall / FILES).toFixed(2)} ms/file`],
    ['facts', `${count((f) => f.stages)} stages, ${count((f) => f.orders)} orders, ${count((f) => f.io)} io, ${count((f) => f.problems)} problems`],
    ['target', `< ${TARGET_MS} ms wall: ${adapter.wall < TARGET_MS ? 'met' : 'missed'}`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log('\nAirflow adapter benchmark');
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
