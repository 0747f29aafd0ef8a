// Benchmark: 1,000 Airflow DAG files of ~300 lines, two workloads:
//  - dense: generated DAGs where every line is code (callables full of pandas, SQL, TaskFlow,
//    groups, loops): ~12 KiB and ~3,800 syntax nodes per file, a stress case;
//  - public: variants of a real public DAG from the shared corpus (energy-forecasting's
//    ml_pipeline_dag.py, 343 lines, ~1,700 nodes), when the corpus is there.
// For each: in this process after warm-up, raw tree-sitter parsing, the whole adapter and
// linking; then cold, as a user runs it, a fresh `loopwise check --timing` process per run
// (tree-sitter initialised once per process), on one thread and on the main thread with one
// parse worker (the default on 2 cores).
// Issue 4's target: parsing the 1,000 files and linking them in < 2 s on a 2-core machine.
// Run: node scripts/build.mjs && node out/bench/airflow.js [files] [runs]
import { airflowAdapter } from '../server/src/engine/sources/airflow';
import { cpus, loadavg, tmpdir } from 'node:os';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import type { SourceFile } from '../server/src/engine/sources/adapter';
import type { FileFacts } from '../server/src/engine/model/facts';
import { parsePython } from '../server/src/engine/text/python';
import { buildGraph } from '../server/src/engine/model/build';
import { buildOwnership } from '../server/src/engine/model/owners';
import { mergeCards } from '../server/src/engine/card/card';

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
    ...steps.map(
      (t) =>
        `    step_${t} = PythonOperator(task_id="step_${t}", python_callable=${['extract', 'clean', 'featurize', 'train', 'score', 'report'][t % 6]}_step_${t})`,
    ),
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
    ...[0, 1, 2].map(
      (q) =>
        `        check_${q} = BashOperator(task_id="check_${q}", bash_command="python checks.py --table features.scores_${i} --rule ${q}")`,
    ),
    '        check_0 >> [check_1, check_2]',
    '',
    ...[0, 1, 2].flatMap((t) => taskflow(i, t).split('\n')),
    '    counts = [tf_0(step_0.output), tf_1(step_1.output)]',
    '    merged = tf_2(counts)',
    '',
    '    for region in ["eu", "us", "apac"]:',
    '        BashOperator(task_id=f"export_{region}", bash_command=f"python export.py --region {region} --out s3://exports/{region}/' +
      i +
      '.csv")',
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

interface Workload {
  name: string;
  files: SourceFile[];
}

/** The real DAG the public workload varies, from the in-repository corpus. */
function publicTemplate(): string | undefined {
  const file = path.join(
    __dirname,
    '..',
    '..',
    'test',
    'corpus',
    'files',
    'iusztinpaul__energy-forecasting',
    'airflow',
    'dags',
    'ml_pipeline_dag.py',
  );
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

function workloads(): Workload[] {
  const out: Workload[] = [
    {
      name: 'dense (generated)',
      files: Array.from({ length: FILES }, (_, i) => ({ path: `dags/pipeline_${i}.py`, text: generateDag(i) })),
    },
  ];
  const template = publicTemplate();
  if (template)
    out.push({
      name: 'public (corpus DAG variants)',
      files: Array.from({ length: FILES }, (_, i) => ({
        path: `dags/ml_pipeline_${i}.py`,
        text: template.replace(/ml_pipeline/g, `ml_pipeline_${i}`),
      })),
    });
  else console.log('(the shared corpus is not above this checkout: the public workload is skipped)');
  return out;
}

function inProcess(w: Workload): Array<[string, string]> {
  for (const f of w.files.slice(0, 50)) airflowAdapter.parse(f, noSiblings); // JIT warm-up, not counted
  const raw = measure(RUNS, () => {
    for (const f of w.files) parsePython(f.text).delete();
  });
  let facts: FileFacts[] = [];
  const adapter = measure(RUNS, () => {
    facts = w.files.map((f) => airflowAdapter.parse(f, noSiblings));
  });
  const card = mergeCards([]);
  const link = measure(RUNS, () => buildGraph(facts, card, buildOwnership([], card)));
  const count = (pick: (f: FileFacts) => unknown[]): number => facts.reduce((n, f) => n + pick(f).length, 0);
  const lines = w.files.reduce((n, f) => n + f.text.split('\n').length, 0);
  const bytes = w.files.reduce((n, f) => n + f.text.length, 0);
  const total = adapter.wall + link.wall;
  return [
    ['files', `${w.files.length} (${Math.round(lines / w.files.length)} lines, ${(bytes / 1024 / w.files.length).toFixed(1)} KiB each)`],
    [`warm: tree-sitter parse only, best of ${RUNS}`, ms(raw)],
    [`warm: airflowAdapter.parse, best of ${RUNS}`, `${ms(adapter)}; ${(adapter.wall / w.files.length).toFixed(2)} ms/file`],
    [`warm: link, best of ${RUNS}`, ms(link)],
    ['warm: parse + link, one thread', `${total.toFixed(0)} ms (${total < TARGET_MS ? 'met' : 'missed'})`],
    [
      'facts',
      `${count((f) => f.stages)} stages, ${count((f) => f.orders)} orders, ${count((f) => f.io)} io, ${count((f) => f.problems)} problems`,
    ],
  ];
}

/** Steps `loopwise check --timing` printed, in ms. */
function checkTimings(dir: string, workers: number, cache?: string): Map<string, number> | undefined {
  const cli = path.join(__dirname, '..', '..', 'dist', 'cli.js');
  const args = [
    cli,
    'check',
    dir,
    '--timing',
    '--format',
    'json',
    '-o',
    path.join(dir, 'report.json'),
    ...(cache ? ['--cache-location', cache] : []),
  ];
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, LOOPWISE_PARSE_WORKERS: String(workers) } });
  if (run.status !== 0 && run.status !== 1) return undefined;
  const steps = new Map<string, number>();
  for (const m of run.stderr.matchAll(/^ {2}(\S.*?)\s+(\d+) ms$/gm)) steps.set(m[1], Number(m[2]));
  return steps;
}

const READ_AND_PARSE = /^(read|start parsers|parse |read and parse)/;

/** Cold processes: read, start tree-sitter, parse, link (loops and rules shown apart); best of RUNS by parse + link. */
function cold(w: Workload): Array<[string, string]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'loopwise-airflow-'));
  const cache = `${dir}.cache`;
  try {
    mkdirSync(path.join(dir, 'dags'));
    for (const f of w.files) writeFileSync(path.join(dir, f.path), f.text);
    checkTimings(dir, 0, cache); // fills the cache for the last configuration
    const configs: Array<{ label: string; workers: number; cache?: string }> = [
      { label: 'one thread', workers: 0 },
      { label: 'main thread + 1 worker', workers: 1 },
      { label: 'one thread, --cache filled', workers: 0, cache },
    ];
    return configs.map(({ label, workers, cache: c }): [string, string] => {
      let best: { total: number; steps: Map<string, number> } | undefined;
      for (let r = 0; r < RUNS; r++) {
        const steps = checkTimings(dir, workers, c);
        if (!steps) return [`cold: ${label}`, 'loopwise check failed (is dist/cli.js built?)'];
        const total = [...steps].filter(([k]) => READ_AND_PARSE.test(k) || k === 'link').reduce((n, [, v]) => n + v, 0);
        if (!best || total < best.total) best = { total, steps };
      }
      const s = best!.steps;
      const parse = best!.total - (s.get('link') ?? 0);
      // From a filled cache the last analysis is reused: nothing is linked or checked again.
      const restored = [...s.keys()].some((k) => k.endsWith('and the last analysis)'));
      const after = restored
        ? 'the last analysis reused (no linking, loops or rules)'
        : `link ${s.get('link') ?? 0} ms, parse + link ${best!.total} ms (${best!.total < TARGET_MS ? 'met' : 'missed'}); loops ${s.get('loops') ?? 0} ms, rules ${s.get(`rules (${RULE_COUNT})`) ?? '?'} ms`;
      return [
        `cold: ${label}, best of ${RUNS}`,
        `read + parse ${parse} ms, ${after}${restored ? ` (${best!.total < TARGET_MS ? 'met' : 'missed'})` : ''}`,
      ];
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(cache, { force: true });
  }
}

const RULE_COUNT = 32;

async function main(): Promise<void> {
  const load = loadavg()[0];
  const initStart = performance.now();
  await airflowAdapter.init?.();
  const initMs = performance.now() - initStart;
  console.log('\nAirflow benchmark');
  console.log(
    `  machine: ${cpus().length} CPUs, load average ${load.toFixed(1)} at start; tree-sitter init ${initMs.toFixed(0)} ms; target parse + link < ${TARGET_MS} ms`,
  );
  for (const w of workloads()) {
    const rows = [...inProcess(w), ...cold(w)];
    const width = Math.max(...rows.map(([k]) => k.length));
    console.log(`\n  ${w.name}`);
    for (const [k, v] of rows) console.log(`    ${k.padEnd(width)}  ${v}`);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
