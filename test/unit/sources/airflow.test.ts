import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { airflowAdapter } from '../../../server/src/engine/sources/airflow';
import type { SiblingReader } from '../../../server/src/engine/sources/adapter';
import type { FileFacts } from '../../../server/src/engine/model/facts';
import { noteTexts } from '../../../server/src/engine/model/stageNotes';
import { corpusFiles } from '../../helpers/paths';

const FILE = 'dags/example.py';
const noSiblings: SiblingReader = { read: () => undefined };

function parse(text: string, path = FILE, siblings: SiblingReader = noSiblings): FileFacts {
  return airflowAdapter.parse({ path, text }, siblings);
}

/** `pipeline/name` of a stage id (`file#pipeline/name`), or the id itself for `@dag/task` references. */
function short(id: string): string {
  return id.includes('#') ? id.slice(id.indexOf('#') + 1) : id;
}

const stages = (f: FileFacts): string[] => f.stages.map((s) => short(s.id)).sort();
const orders = (f: FileFacts, via?: string): string[] =>
  f.orders.filter((o) => !via || o.via === via).map((o) => `${short(o.before)} -> ${short(o.after)}`);
const io = (f: FileFacts): string[] =>
  f.io.map((i) => `${short(i.stage)} ${i.direction} ${i.artifact.scheme}:${i.artifact.name}${i.artifact.dynamic ? ' (dynamic)' : ''}`);
const stage = (f: FileFacts, name: string) => {
  const found = f.stages.find((s) => short(s.id) === name);
  assert.ok(found, `stage ${name} in ${stages(f).join(', ')}`);
  return found;
};

function includesAll(actual: string[], expected: string[], what: string): void {
  for (const e of expected) assert.ok(actual.includes(e), `${what}: missing ${e}\n  have:\n    ${actual.join('\n    ')}`);
}

/** A file of the in-repository public corpus (test/corpus/files). */
function corpus(relative: string): string {
  return readFileSync(join(corpusFiles(), relative), 'utf8');
}

before(async () => {
  await airflowAdapter.init?.();
});

describe('airflow detect', () => {
  const cases: Array<[string, string, boolean]> = [
    ['dags/a.py', 'from airflow import DAG\n', true],
    ['dags/a.py', 'import airflow\n', true],
    ['dags/b.py', 'from airflow.decorators import dag, task\n@dag\ndef x(): ...\n', true],
    ['dags/c.py', 'with DAG("x") as dag:\n    pass\n', true],
    ['dags/d.py', 'import pandas as pd\nprint(1)\n', false],
    ['dags/e.yaml', 'from airflow import DAG\n', false],
    ['src/kedro.py', 'from kedro.pipeline import node, pipeline\n', false],
  ];
  for (const [path, text, expected] of cases) {
    test(`${path}: ${JSON.stringify(text.slice(0, 30))} -> ${expected}`, () =>
      assert.equal(airflowAdapter.detect({ path, text }), expected));
  }
});

interface Case {
  name: string;
  source: string;
  stages?: string[];
  orders?: string[];
  noOrders?: string[];
  io?: string[];
  schedules?: string[];
  owners?: string[];
  values?: string[];
  references?: string[];
  notes?: Record<string, string[]>;
  dynamic?: string[];
  problems?: number;
}

const cases: Case[] = [
  {
    name: 'TaskFlow with a branch, trigger rule, XCom arguments and DAG-level Variables',
    source: `
from airflow.decorators import dag, task
from airflow.models import Variable
from airflow.operators.empty import EmptyOperator
from airflow.utils.trigger_rule import TriggerRule
import pendulum

@dag(schedule="@daily", start_date=pendulum.datetime(2024, 1, 1, tz="Europe/Berlin"), catchup=False)
def fraud_training():
    @task
    def extract_transactions() -> str:
        return "s3://raw/tx.parquet"

    @task.branch
    def enough_labels(n) -> str:
        return "train_model" if n > 100 else "skip"

    @task(trigger_rule=TriggerRule.NONE_FAILED)
    def train_model(path: str):
        ...

    @task(task_id="score_batch")
    def score(model):
        ...

    threshold = Variable.get("min_labels", default_var=100)  # labels needed before retraining
    path = extract_transactions()
    decision = enough_labels(threshold)
    skip = EmptyOperator(task_id="skip")
    model = train_model(path)
    decision >> [model, skip]
    score(model)

fraud_training()
`,
    stages: [
      'fraud_training/enough_labels',
      'fraud_training/extract_transactions',
      'fraud_training/score_batch',
      'fraud_training/skip',
      'fraud_training/train_model',
    ],
    orders: [
      'fraud_training/extract_transactions -> fraud_training/train_model',
      'fraud_training/enough_labels -> fraud_training/train_model',
      'fraud_training/enough_labels -> fraud_training/skip',
      'fraud_training/train_model -> fraud_training/score_batch',
    ],
    io: [
      'fraud_training/extract_transactions writes xcom:extract_transactions.return_value',
      'fraud_training/train_model reads xcom:extract_transactions.return_value',
      'fraud_training/score_batch reads xcom:train_model.return_value',
    ],
    schedules: ['fraud_training preset @daily Europe/Berlin'],
    notes: { 'fraud_training/enough_labels': ['branch'], 'fraud_training/train_model': ['trigger_rule=none_failed'] },
    values: ['Variable.min_labels=100 @fraud_training/enough_labels # labels needed before retraining'],
    references: ['param min_labels @fraud_training/enough_labels'],
  },
  {
    name: 'with DAG, classic operators, lists on both sides of >>, <<, set_upstream',
    source: `
from datetime import datetime
from airflow import DAG
from airflow.operators.bash import BashOperator
from airflow.operators.empty import EmptyOperator

default_args = {"owner": "fraud-ml", "retries": 2}

with DAG("nightly_features", schedule_interval="0 2 * * *", default_args=default_args, start_date=datetime(2024, 1, 1)) as dag:
    start = EmptyOperator(task_id="start")
    a = BashOperator(task_id="extract_a", bash_command="python extract.py --out s3://lake/a/")
    b = BashOperator(task_id="extract_b", bash_command="python extract.py --out s3://lake/b/", owner="payments")
    join = EmptyOperator(task_id="join")
    report = EmptyOperator(task_id="report")
    done = EmptyOperator(task_id="done")
    start >> [a, b] >> join >> report
    done << report
    done.set_upstream(join)
`,
    stages: [
      'nightly_features/done',
      'nightly_features/extract_a',
      'nightly_features/extract_b',
      'nightly_features/join',
      'nightly_features/report',
      'nightly_features/start',
    ],
    orders: [
      'nightly_features/start -> nightly_features/extract_a',
      'nightly_features/start -> nightly_features/extract_b',
      'nightly_features/extract_a -> nightly_features/join',
      'nightly_features/extract_b -> nightly_features/join',
      'nightly_features/join -> nightly_features/report',
      'nightly_features/report -> nightly_features/done',
      'nightly_features/join -> nightly_features/done',
    ],
    io: ['nightly_features/extract_a writes uri:s3://lake/a/', 'nightly_features/extract_b writes uri:s3://lake/b/'],
    schedules: ['nightly_features cron 0 2 * * *'],
    owners: [
      'nightly_features/start fraud-ml',
      'nightly_features/extract_a fraud-ml',
      'nightly_features/extract_b payments',
      'nightly_features/done fraud-ml',
    ],
  },
  {
    name: '@dag without arguments: the DAG is named after the function; timedelta schedules are intervals',
    source: `
from datetime import timedelta
from airflow.decorators import dag, task

@dag(schedule=timedelta(hours=6))
def label_sync():
    @task
    def pull_reviews():
        import pandas as pd
        df = pd.read_csv("data/reviews.csv")
        df.to_parquet("s3://labels/reviewed.parquet")
    pull_reviews()

label_sync()
`,
    stages: ['label_sync/pull_reviews'],
    schedules: ['label_sync interval timedelta(hours=6)'],
    io: ['label_sync/pull_reviews reads path:data/reviews.csv', 'label_sync/pull_reviews writes uri:s3://labels/reviewed.parquet'],
  },
  {
    name: 'Dataset schedule: every root task reads each dataset; outlets are writes',
    source: `
from airflow import DAG, Dataset
from airflow.operators.python import PythonOperator

FEATURES = Dataset("s3://features/fraud/daily")
LABELS = "labels/reviewed"

def train(): ...
def evaluate(): ...
def publish(): ...

with DAG(dag_id="fraud_train", schedule=[FEATURES, Dataset(LABELS)]) as dag:
    t = PythonOperator(task_id="train", python_callable=train)
    e = PythonOperator(task_id="evaluate", python_callable=evaluate)
    p = PythonOperator(task_id="publish", python_callable=publish, outlets=[Dataset("models/fraud")])
    t >> e >> p
`,
    schedules: ['fraud_train dataset s3://features/fraud/daily, labels/reviewed'],
    io: [
      'fraud_train/train reads dataset:s3://features/fraud/daily',
      'fraud_train/train reads path:labels/reviewed',
      'fraud_train/publish writes path:models/fraud',
    ],
  },
  {
    name: 'ExternalTaskSensor orders after a task of another DAG',
    source: `
from datetime import timedelta
from airflow import DAG
from airflow.sensors.external_task import ExternalTaskSensor
from airflow.operators.empty import EmptyOperator

with DAG("scoring", schedule="@hourly") as dag:
    wait = ExternalTaskSensor(task_id="wait_features", external_dag_id="nightly_features", external_task_id="report", execution_delta=timedelta(hours=1))
    score = EmptyOperator(task_id="score")
    wait >> score
`,
    orders: ['@nightly_features/report -> scoring/wait_features', 'scoring/wait_features -> scoring/score'],
    notes: { 'scoring/wait_features': ['sensor', 'waits for nightly_features/report (execution_delta=timedelta(hours=1))'] },
  },
  {
    name: 'a syntax error: one problem, and the facts of the parts that parse',
    source: `
from airflow import DAG
from airflow.operators.empty import EmptyOperator

with DAG("broken", schedule=None) as dag:
    first = EmptyOperator(task_id="first")
    second = EmptyOperator(task_id="second"
    first >> second

def helper(:
    pass
`,
    problems: 1,
    schedules: ['broken none None'],
    stages: ['broken/first'],
  },
  {
    name: 'f-strings and concatenations that cannot be resolved stay as written, dynamic; constants resolve',
    source: `
from airflow.decorators import dag, task

BUCKET = "s3://fraud-lake"
SCORES = BUCKET + "/scores"

@dag(schedule=None)
def scoring():
    @task
    def score(ds=None):
        import pandas as pd
        df = pd.read_parquet(f"{BUCKET}/features/{ds}/part.parquet")
        df.to_parquet(SCORES + "/latest.parquet")
        df.to_csv(f"{BUCKET}/exports/scores.csv")
    score()

scoring()
`,
    io: [
      'scoring/score reads uri:s3://fraud-lake/features/{ds}/part.parquet (dynamic)',
      'scoring/score writes uri:s3://fraud-lake/scores/latest.parquet',
      'scoring/score writes uri:s3://fraud-lake/exports/scores.csv',
    ],
  },
  {
    name: 'a name bound on the first line of a task body is resolved',
    source: `
from airflow.decorators import dag, task

@dag(schedule=None)
def nightly():
    @task
    def extract():
        out = "data/raw/transactions.csv"
        fetch().to_csv(out)

    @task
    def train():
        import pandas as pd
        return pd.read_csv("data/raw/transactions.csv")

    extract() >> train()

nightly()
`,
    io: ['nightly/extract writes path:data/raw/transactions.csv', 'nightly/train reads path:data/raw/transactions.csv'],
  },
  {
    name: 'tasks created in a loop are dynamic and keep their id as written',
    source: `
from airflow import DAG
from airflow.operators.bash import BashOperator

with DAG("exports", schedule="@daily") as dag:
    start = BashOperator(task_id="start", bash_command="echo start")
    for region in ["eu", "us"]:
        export = BashOperator(task_id=f"export_{region}", bash_command=f"python export.py --output s3://exports/{region}.csv")
        start >> export
`,
    stages: ['exports/export_{region}', 'exports/start'],
    dynamic: ['exports/export_{region}'],
    orders: ['exports/start -> exports/export_{region}'],
    io: ['exports/export_{region} writes uri:s3://exports/{region}.csv (dynamic)'],
  },
  {
    name: 'SQL in operator arguments: FROM/JOIN read, INSERT writes; Jinja variables are references',
    source: `
from airflow import DAG
from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator

with DAG("warehouse", schedule="@daily") as dag:
    load = SQLExecuteQueryOperator(
        task_id="load_scores",
        sql="""
            INSERT INTO analytics.fraud_scores
            SELECT t.id, s.score, EXTRACT(HOUR FROM t.ts) AS hour
            FROM raw.transactions t
            JOIN {{ var.value.features_schema }}.scores s ON s.id = t.id
        """,
    )
`,
    io: [
      'warehouse/load_scores writes table:analytics.fraud_scores',
      'warehouse/load_scores reads table:raw.transactions',
      'warehouse/load_scores reads table:{{ var.value.features_schema }}.scores (dynamic)',
    ],
    references: ['param features_schema @warehouse/load_scores'],
  },
  {
    name: 'chain(), cross_downstream() and task groups',
    source: `
from airflow import DAG
from airflow.models.baseoperator import chain, cross_downstream
from airflow.operators.empty import EmptyOperator
from airflow.utils.task_group import TaskGroup

with DAG("jungle", schedule=None) as dag:
    a, b, c, d = [EmptyOperator(task_id=x) for x in "abcd"]
    e = EmptyOperator(task_id="e")
    f = EmptyOperator(task_id="f")
    g = EmptyOperator(task_id="g")
    with TaskGroup("checks") as checks:
        c1 = EmptyOperator(task_id="c1")
        c2 = EmptyOperator(task_id="c2")
        c1 >> c2
    chain(e, [f, g], checks)
    cross_downstream([e, f], [g])
`,
    orders: [
      'jungle/e -> jungle/f',
      'jungle/e -> jungle/g',
      'jungle/f -> jungle/checks.c1',
      'jungle/g -> jungle/checks.c1',
      'jungle/checks.c1 -> jungle/checks.c2',
      'jungle/f -> jungle/g',
    ],
    noOrders: ['jungle/f -> jungle/checks.c2'],
  },
  {
    name: 'chain() pairs two lists of equal length element by element; a comprehension makes one dynamic task',
    source: `
from airflow import DAG
from airflow.models.baseoperator import chain
from airflow.operators.empty import EmptyOperator

with DAG("pairs", schedule=None) as dag:
    a, b, c, d = (EmptyOperator(task_id=n) for n in ["a", "b", "c", "d"])
    e1, e2, l1, l2 = [EmptyOperator(task_id=t) for t in ("e1", "e2", "l1", "l2")][0], EmptyOperator(task_id="e2"), EmptyOperator(task_id="l1"), EmptyOperator(task_id="l2")
    chain([e2, l1], [l2, e2])
`,
    orders: ['pairs/e2 -> pairs/l2', 'pairs/l1 -> pairs/e2'],
    noOrders: ['pairs/e2 -> pairs/e2', 'pairs/l1 -> pairs/l2'],
    dynamic: ['pairs/{n}', 'pairs/{t}'],
  },
  {
    name: 'XCom through .output and an explicit xcom_pull in a template',
    source: `
from airflow import DAG
from airflow.operators.bash import BashOperator
from airflow.operators.python import PythonOperator

def build(): ...
def ship(path): ...

with DAG("handoff", schedule=None) as dag:
    built = PythonOperator(task_id="build", python_callable=build)
    shipped = PythonOperator(task_id="ship", python_callable=ship, op_args=[built.output])
    notify = BashOperator(task_id="notify", bash_command="echo {{ ti.xcom_pull(task_ids='ship') }}")
`,
    orders: ['handoff/build -> handoff/ship'],
    noOrders: ['handoff/ship -> handoff/notify'],
    io: ['handoff/ship reads xcom:build.return_value', 'handoff/notify reads xcom:ship.return_value'],
  },
  {
    name: 'Airflow 3: Asset schedules, @task_group, mapped tasks, image pins, TriggerDagRunOperator',
    source: `
from airflow.sdk import dag, task, task_group, Asset
from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
from airflow.operators.trigger_dagrun import TriggerDagRunOperator

@task_group
def validate():
    @task
    def schema_check(): ...
    @task
    def drift_check(): ...
    schema_check() >> drift_check()

@dag(dag_id="retrain", schedule=[Asset("s3://labels/reviewed")])
def retrain():
    @task
    def list_shards() -> list: ...
    @task
    def train_shard(shard): ...
    trained = train_shard.expand(shard=list_shards())
    deploy = KubernetesPodOperator(task_id="deploy_model", image="registry.example/fraud-serve:latest")
    notify = TriggerDagRunOperator(task_id="trigger_scoring", trigger_dag_id="scoring")
    trained >> validate() >> deploy >> notify

retrain()
`,
    stages: [
      'retrain/deploy_model',
      'retrain/list_shards',
      'retrain/train_shard',
      'retrain/trigger_scoring',
      'retrain/validate.drift_check',
      'retrain/validate.schema_check',
    ],
    orders: [
      'retrain/list_shards -> retrain/train_shard',
      'retrain/train_shard -> retrain/validate.schema_check',
      'retrain/validate.schema_check -> retrain/validate.drift_check',
      'retrain/validate.drift_check -> retrain/deploy_model',
      'retrain/trigger_scoring -> @scoring',
    ],
    noOrders: ['retrain/train_shard -> retrain/validate.drift_check'],
    io: ['retrain/list_shards reads dataset:s3://labels/reviewed'],
    schedules: ['retrain dataset s3://labels/reviewed'],
    dynamic: ['retrain/train_shard'],
    notes: { 'retrain/train_shard': ['mapped'], 'retrain/trigger_scoring': ['triggers DAG scoring'] },
  },
  {
    name: 'a DAG factory called with literal arguments builds a DAG per call',
    source: `
from airflow import DAG
from airflow.operators.bash import BashOperator

def make_dag(dag_id, bucket):
    with DAG(dag_id, schedule="@daily") as d:
        BashOperator(task_id="copy", bash_command=f"aws s3 cp s3://{bucket}/in s3://{bucket}/out")
    return d

eu = make_dag("copy_eu", "lake-eu")
`,
    stages: ['copy_eu/copy'],
    schedules: ['copy_eu preset @daily'],
    io: ['copy_eu/copy reads uri:s3://lake-eu/in', 'copy_eu/copy writes uri:s3://lake-eu/out'],
  },
  {
    name: 'Variables read in task code configure that task; schedules resolve module constants',
    source: `
from airflow.decorators import dag, task
from airflow.models import Variable

SCHEDULE = "*/15 * * * *"

@dag(dag_id="monitor", schedule=SCHEDULE)
def monitoring():
    @task
    def check_drift():
        # alert when PSI exceeds this
        limit = Variable.get("psi_limit", "0.2")
        return limit
    check_drift()

monitoring()
`,
    stages: ['monitor/check_drift'],
    schedules: ['monitor cron */15 * * * *'],
    values: ['Variable.psi_limit="0.2" @monitor/check_drift # alert when PSI exceeds this'],
  },
];

describe('airflow parse', () => {
  for (const c of cases) {
    test(c.name, () => {
      const f = parse(c.source);
      assert.equal(f.problems.length, c.problems ?? 0, JSON.stringify(f.problems));
      if (c.stages) {
        if (c.problems) includesAll(stages(f), c.stages, 'stages');
        else assert.deepEqual(stages(f), [...c.stages].sort());
      }
      if (c.orders) includesAll(orders(f), c.orders, 'orders');
      for (const o of c.noOrders ?? []) assert.ok(!orders(f).includes(o), `unexpected order ${o}`);
      if (c.io) includesAll(io(f), c.io, 'io');
      if (c.schedules) {
        const actual = f.schedules.map((s) => `${s.pipeline} ${s.kind} ${s.expression}${s.timezone ? ` ${s.timezone}` : ''}`);
        assert.deepEqual(actual, c.schedules);
      }
      if (c.owners)
        includesAll(
          f.ownerClaims.map((o) => `${short(o.subject)} ${o.owner}`),
          c.owners,
          'owners',
        );
      if (c.values) {
        const actual = f.values.map(
          (v) => `${v.key}=${JSON.stringify(v.value)}${v.stage ? ` @${short(v.stage)}` : ''}${v.comment ? ` # ${v.comment}` : ''}`,
        );
        includesAll(actual, c.values, 'values');
      }
      if (c.references)
        includesAll(
          f.references.map((r) => `${r.kind} ${r.name}${r.stage ? ` @${short(r.stage)}` : ''}`),
          c.references,
          'references',
        );
      for (const [name, notes] of Object.entries(c.notes ?? {})) includesAll(noteTexts(stage(f, name)) ?? [], notes, `notes of ${name}`);
      for (const name of c.dynamic ?? []) assert.equal(stage(f, name).dynamic, true, `${name} is dynamic`);
    });
  }
});

describe('airflow ranges and robustness', () => {
  test('an operator stage points at its task_id string, a TaskFlow stage at the function name', () => {
    const text =
      'from airflow import DAG\nfrom airflow.decorators import task\nwith DAG("r") as dag:\n    a = EmptyOperator(task_id="alpha")\n    @task\n    def beta():\n        pass\n    beta()\n';
    const f = parse(text);
    assert.deepEqual(stage(f, 'r/alpha').range.range, { start: { line: 3, character: 30 }, end: { line: 3, character: 37 } });
    assert.deepEqual(stage(f, 'r/beta').range.range, { start: { line: 5, character: 8 }, end: { line: 5, character: 12 } });
    assert.equal(f.stages[0].range.file, FILE);
  });

  test('an order from >> spans the operator and its right operand', () => {
    const f = parse(
      'from airflow import DAG\nwith DAG("r") as dag:\n    a = EmptyOperator(task_id="a")\n    b = EmptyOperator(task_id="b")\n    a >> b\n',
    );
    assert.deepEqual(f.orders[0].range.range, { start: { line: 4, character: 6 }, end: { line: 4, character: 10 } });
  });

  test('a chain of thousands of >> and << is read in full, without recursing once per task', () => {
    const tasks = Array.from({ length: 3000 }, (_, i) => `    t${i} = EmptyOperator(task_id="t${i}")`).join('\n');
    const chain = Array.from({ length: 3000 }, (_, i) => `t${i}`).join(' >> ');
    const f = parse(`from airflow import DAG\nwith DAG("long") as dag:\n${tasks}\n    ${chain} << first\n    first = None\n`);
    assert.deepEqual(f.problems, []);
    assert.equal(f.orders.length, 2999);
    assert.deepEqual(
      [f.orders[0].before, f.orders[0].after, f.orders[2998].after],
      ['long/t0', 'long/t1', 'long/t2999'].map((t) => `${FILE}#${t}`),
    );
  });

  test("a TaskFlow function called twice gets Airflow's __1 suffix", () => {
    const f = parse('from airflow.decorators import dag, task\n@dag\ndef d():\n    @task\n    def t(): ...\n    t()\n    t()\nd()\n');
    assert.deepEqual(stages(f), ['d/t', 'd/t__1']);
  });

  const garbage: Array<[string, string]> = [
    ['empty', ''],
    ['only an import', 'import airflow'],
    ['binary noise', '\u0000\u0001\u0002from airflow import DAG\u0000((((('],
    ['unclosed string', 'from airflow import DAG\nwith DAG("x) as dag:\n'],
    ['deep nesting', `from airflow import DAG\nx = ${'['.repeat(500)}${']'.repeat(500)}\n`],
    ['recursive helper', 'from airflow import DAG\ndef f():\n    return f()\nwith DAG("x") as dag:\n    f()\n'],
  ];
  for (const [name, text] of garbage) {
    test(`never throws: ${name}`, () => {
      const f = parse(text);
      assert.ok(f.problems.length <= 1, JSON.stringify(f.problems));
    });
  }

  test('a .sql template next to the DAG is read through the sibling reader', () => {
    const siblings: SiblingReader = {
      read: (p) => (p === 'dags/sql/flags.sql' ? 'INSERT INTO fraud.flags SELECT * FROM fraud.scores WHERE score > 0.9' : undefined),
    };
    const f = parse(
      'from airflow import DAG\nwith DAG("w") as dag:\n    SQLExecuteQueryOperator(task_id="flag", sql="sql/flags.sql")\n',
      FILE,
      siblings,
    );
    includesAll(io(f), ['w/flag writes table:fraud.flags', 'w/flag reads table:fraud.scores'], 'io');
  });
});

describe('airflow corpus (EXPECTED.md)', () => {
  test('4. energy-forecasting ml_pipeline_dag.py: TaskFlow, branch, XCom and Variables', () => {
    const path = 'iusztinpaul__energy-forecasting/airflow/dags/ml_pipeline_dag.py';
    const f = parse(corpus(path), path);
    assert.equal(f.problems.length, 0);
    const p = (n: string) => `ml_pipeline/${n}`;
    assert.deepEqual(
      stages(f),
      [
        'batch_predict',
        'branch_run_hyperparameter_tuning',
        'branch_skip_hyperparameter_tuning',
        'compute_monitoring',
        'create_feature_view',
        'if_run_hyperparameter_tuning_branching',
        'run_feature_pipeline',
        'run_hyperparameter_tuning',
        'train_from_best_config',
        'upload_best_config',
      ].map(p),
    );
    assert.deepEqual(
      f.schedules.map((s) => [s.pipeline, s.kind, s.expression]),
      [['ml_pipeline', 'preset', '@hourly']],
    );
    // Control flow stated with >> (Label("...") only annotates an edge).
    includesAll(
      orders(f, '>>'),
      [
        `${p('create_feature_view')} -> ${p('if_run_hyperparameter_tuning_branching')}`,
        `${p('if_run_hyperparameter_tuning_branching')} -> ${p('branch_run_hyperparameter_tuning')}`,
        `${p('branch_run_hyperparameter_tuning')} -> ${p('run_hyperparameter_tuning')}`,
        `${p('run_hyperparameter_tuning')} -> ${p('upload_best_config')}`,
        `${p('if_run_hyperparameter_tuning_branching')} -> ${p('branch_skip_hyperparameter_tuning')}`,
        `${p('upload_best_config')} -> ${p('train_from_best_config')}`,
        `${p('branch_skip_hyperparameter_tuning')} -> ${p('train_from_best_config')}`,
        `${p('train_from_best_config')} -> ${p('compute_monitoring')}`,
        `${p('compute_monitoring')} -> ${p('batch_predict')}`,
      ],
      'orders',
    );
    // Data edges: one task's return value passed into another task's call.
    const xcom: Array<[string, string]> = [
      ['run_feature_pipeline', 'create_feature_view'],
      ['run_feature_pipeline', 'batch_predict'],
      ['create_feature_view', 'run_hyperparameter_tuning'],
      ['create_feature_view', 'train_from_best_config'],
      ['create_feature_view', 'compute_monitoring'],
      ['create_feature_view', 'batch_predict'],
      ['train_from_best_config', 'batch_predict'],
      // Not in EXPECTED.md, but the file passes last_sweep_metadata into upload_best_config.
      ['run_hyperparameter_tuning', 'upload_best_config'],
    ];
    includesAll(
      orders(f, 'xcom'),
      xcom.map(([a, b]) => `${p(a)} -> ${p(b)}`),
      'xcom orders',
    );
    includesAll(
      io(f),
      xcom.map(([a, b]) => `${p(b)} reads xcom:${a}.return_value`),
      'xcom reads',
    );
    assert.equal(orders(f, 'xcom').length, xcom.length);
    assert.ok(noteTexts(stage(f, p('if_run_hyperparameter_tuning_branching')))?.includes('branch'));
    assert.ok(noteTexts(stage(f, p('train_from_best_config')))?.includes('trigger_rule=all_done'));
    const values = new Map(f.values.map((v) => [v.key, [v.value, v.stage && short(v.stage)]]));
    assert.deepEqual(values.get('Variable.ml_pipeline_days_delay'), [15, p('run_feature_pipeline')]);
    assert.deepEqual(values.get('Variable.ml_pipeline_days_export'), [30, p('run_feature_pipeline')]);
    assert.deepEqual(values.get('Variable.ml_pipeline_feature_group_version'), [1, p('run_feature_pipeline')]);
    assert.deepEqual(values.get('Variable.ml_pipeline_should_run_hyperparameter_tuning'), [
      'False',
      p('if_run_hyperparameter_tuning_branching'),
    ]);
    // Requirements of the virtualenv tasks carry no version: unpinned.
    assert.deepEqual([...new Set(f.versions.filter((v) => v.subject === 'package').map((v) => `${v.name}@${v.version ?? ''}`))].sort(), [
      'batch_prediction_pipeline@',
      'feature_pipeline@',
      'training_pipeline@',
    ]);
    assert.equal(stage(f, p('run_feature_pipeline')).command, '@task.virtualenv');
    assert.equal(stage(f, p('branch_run_hyperparameter_tuning')).command, 'EmptyOperator');
  });

  test('13. Apache Airflow example_datasets.py: producer DAGs publish Datasets, consumer DAGs are scheduled on them', () => {
    const path = 'apache__airflow/airflow/example_dags/example_datasets.py';
    const f = parse(corpus(path), path);
    assert.equal(f.problems.length, 0);
    assert.deepEqual(stages(f), [
      'dataset_consumes_1/consuming_1',
      'dataset_consumes_1_and_2/consuming_2',
      'dataset_consumes_1_never_scheduled/consuming_3',
      'dataset_consumes_unknown_never_scheduled/unrelated_task',
      'dataset_produces_1/producing_task_1',
      'dataset_produces_2/producing_task_2',
    ]);
    assert.equal(stage(f, 'dataset_produces_1/producing_task_1').command, 'BashOperator');
    assert.deepEqual(
      f.schedules.map((s) => [s.pipeline, s.kind, s.expression]),
      [
        ['dataset_produces_1', 'preset', '@daily'],
        ['dataset_produces_2', 'none', 'None'],
        ['dataset_consumes_1', 'dataset', 's3://dag1/output_1.txt'],
        ['dataset_consumes_1_and_2', 'dataset', 's3://dag1/output_1.txt, s3://dag2/output_1.txt'],
        ['dataset_consumes_1_never_scheduled', 'dataset', 's3://dag1/output_1.txt, s3://this-dataset-doesnt-get-triggered'],
        ['dataset_consumes_unknown_never_scheduled', 'dataset', 's3://unrelated/dataset3.txt, s3://unrelated/dataset_other_unknown.txt'],
      ],
    );
    // `outlets=[...]` is a write of the Dataset; a Dataset in the DAG's `schedule` is a read by every task of that DAG.
    // The module-level `dag1_dataset = Dataset(...)` variable is resolved to its URI on both sides.
    includesAll(
      io(f),
      [
        'dataset_produces_1/producing_task_1 writes dataset:s3://dag1/output_1.txt',
        'dataset_produces_2/producing_task_2 writes dataset:s3://dag2/output_1.txt',
        'dataset_consumes_1/consuming_1 reads dataset:s3://dag1/output_1.txt',
        'dataset_consumes_1/consuming_1 writes dataset:s3://consuming_1_task/dataset_other.txt',
        'dataset_consumes_1_and_2/consuming_2 reads dataset:s3://dag1/output_1.txt',
        'dataset_consumes_1_and_2/consuming_2 reads dataset:s3://dag2/output_1.txt',
        'dataset_consumes_unknown_never_scheduled/unrelated_task reads dataset:s3://unrelated/dataset3.txt',
      ],
      'io',
    );
    assert.equal(f.io.length, 13);
    // One operator per DAG: no order inside a DAG.
    assert.deepEqual(f.orders, []);
  });

  test('13. the cross-DAG edge: dataset_consumes_1 reads exactly the Dataset dataset_produces_1 writes', () => {
    const f = parse(corpus('apache__airflow/airflow/example_dags/example_datasets.py'), 'example_datasets.py');
    const written = f.io.find((i) => i.direction === 'writes' && short(i.stage) === 'dataset_produces_1/producing_task_1');
    const read = f.io.find(
      (i) => i.direction === 'reads' && short(i.stage) === 'dataset_consumes_1/consuming_1' && i.artifact.scheme === 'dataset',
    );
    assert.ok(written && read);
    assert.equal(written.artifact.scheme, 'dataset');
    assert.deepEqual(read.artifact, written.artifact);
    // The producer of the other Dataset is not what dataset_consumes_1 waits on.
    const other = f.io.find((i) => i.direction === 'writes' && short(i.stage) === 'dataset_produces_2/producing_task_2');
    assert.notDeepEqual(read.artifact, other?.artifact);
  });
});
