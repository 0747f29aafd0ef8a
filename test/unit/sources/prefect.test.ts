import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { prefectAdapter } from '../../../server/src/engine/sources/prefect';
import { unsupportedSdk } from '../../../server/src/engine/sources/pythonSdkNotice';
import type { FileFacts } from '../../../server/src/engine/model/facts';
import { noteTexts } from '../../../server/src/engine/model/stageNotes';
import { Analysis } from '../../../server/src/engine/analysis';
import { corpusFiles } from '../../helpers/paths';
import { local, orders, run } from './yamlFacts';

const FILE = 'flows/etl.py';
const parse = (text: string, path = FILE): FileFacts => run(prefectAdapter, path, text);
const io = (f: FileFacts): string[] => f.io.map((i) => `${local(i.stage)} ${i.direction} ${i.artifact.scheme}:${i.artifact.name}`);
const stages = (f: FileFacts): string[] => f.stages.map((s) => local(s.id));
const schedules = (f: FileFacts): string[] =>
  f.schedules.map((s) => `${s.pipeline}@${s.file} ${s.kind} ${s.expression}${s.timezone ? ` ${s.timezone}` : ''}`);
const corpus = (relative: string): string => readFileSync(join(corpusFiles(), relative), 'utf8');

before(async () => {
  await prefectAdapter.init?.();
});

describe('prefect detect', () => {
  const cases: Array<[string, string, boolean]> = [
    ['f.py', 'from prefect import flow, task\n', true],
    ['f.py', 'import prefect\n', true],
    ['f.py', 'from prefect.deployments import run_deployment\n', true],
    ['f.py', 'from prefect_aws import S3Bucket\n', false],
    ['f.py', '# uses prefect\nimport os\n', false],
    ['f.yaml', 'from prefect import flow\n', false],
  ];
  for (const [path, text, expected] of cases)
    test(`${JSON.stringify(text.slice(0, 40))} -> ${expected}`, () => assert.equal(prefectAdapter.detect({ path, text }), expected));

  test('Prefect is no longer an unsupported SDK', () => assert.equal(unsupportedSdk('from prefect import flow\n'), undefined));
});

const FLOW = `from prefect import flow, task
import pandas as pd

@task(retries=3, retry_delay_seconds=2, cache_key_fn=task_input_hash, timeout_seconds=120)
def extract(url: str) -> pd.DataFrame:
    return pd.read_csv(url)

@task
def transform(df):
    return df.dropna()

@task(name="load-table")
def load(df, path: str = "s3://bucket/clean/orders.parquet"):
    df.to_parquet(path)

@task
def notify():
    pass

@flow(name="orders-etl", timeout_seconds=3600)
def etl(url: str = "s3://bucket/raw/orders.csv"):
    raw = extract(url)
    clean = transform.submit(raw)
    done = load(clean)
    notify.submit(wait_for=[done])
`;

describe('prefect flows and tasks', () => {
  // Parsed on first use: the tree-sitter grammar loads in `before`, after describe bodies run.
  let parsed: FileFacts | undefined;
  const facts = (): FileFacts => (parsed ??= parse(FLOW));
  test('each task a flow calls is a stage of the flow, named by `name=` or its function', () =>
    assert.deepEqual(stages(facts()), ['etl/extract', 'etl/transform', 'etl/load-table', 'etl/notify']));
  test('results passed, wait_for and direct calls order the runs', () =>
    assert.deepEqual(orders(facts()), [
      'etl/extract -> etl/transform (result)',
      'etl/extract -> etl/load-table (direct call)',
      'etl/transform -> etl/load-table (result)',
      'etl/load-table -> etl/notify (wait_for)',
    ]));
  test('task bodies are scanned for what they read and write; results are handed over in the run', () =>
    assert.deepEqual(io(facts()), [
      'etl/extract writes xcom:extract.result',
      'etl/transform reads xcom:extract.result',
      'etl/load-table writes uri:s3://bucket/clean/orders.parquet',
      'etl/transform writes xcom:transform.result',
      'etl/load-table reads xcom:transform.result',
    ]));
  test('task options become notes and run limits', () => {
    const extract = facts().stages.find((s) => s.name === 'extract');
    assert.deepEqual(noteTexts(extract), ['retries=3', 'cache_key_fn=task_input_hash']);
    assert.deepEqual(
      extract?.limits?.map((l) => [l.minutes, l.scope, l.origin]),
      [[2, 'run', '`timeout_seconds=120`']],
    );
  });
});

describe('prefect flow shapes', () => {
  const cases: Array<[string, string, (f: FileFacts) => void]> = [
    [
      'a flow with no tasks is one stage for its own code',
      `from prefect import flow\n@flow\ndef hello():\n    open("out/report.txt", "w").write("hi")\n`,
      (f) => {
        assert.deepEqual(stages(f), ['hello/hello']);
        assert.deepEqual(io(f), ['hello/hello writes path:out/report.txt']);
      },
    ],
    [
      '.map() fans a task out: a dynamic stage',
      `from prefect import flow, task\n@task\ndef fetch(x): ...\n@flow\ndef f(xs):\n    for r in fetch.map(xs).result():\n        print(r)\n`,
      (f) =>
        assert.deepEqual(
          f.stages.map((s) => [s.name, s.dynamic, noteTexts(s)]),
          [['fetch', true, ['mapped over its inputs (`.map`)']]],
        ),
    ],
    [
      'a flow called from a flow is a subflow stage',
      `from prefect import flow, task\n@task\ndef a(): ...\n@flow\ndef child(x): a()\n@flow\ndef parent():\n    y = a()\n    child(y)\n`,
      (f) => {
        assert.ok(stages(f).includes('parent/child'));
        assert.ok(orders(f).includes('parent/a -> parent/child (direct call)'));
        assert.deepEqual(noteTexts(f.stages.find((s) => s.id.endsWith('parent/child'))), ['subflow child']);
      },
    ],
    [
      'results appended to a list reach the task that takes the list',
      `from prefect import flow, task\n@task\ndef page(n): ...\n@task\ndef merge(p): ...\n@flow\ndef f():\n    pages = []\n    for n in range(3):\n        pages.append(page.submit(n))\n    merge.submit(pages)\n`,
      (f) => assert.deepEqual(orders(f), ['f/page -> f/merge (result)']),
    ],
    [
      'a module of tasks only: each task is still a stage',
      `from prefect import task\n@task\ndef save(df):\n    df.to_csv("data/out.csv")\n`,
      (f) => {
        assert.deepEqual(stages(f), ['tasks/save']);
        assert.deepEqual(io(f), ['tasks/save writes path:data/out.csv']);
      },
    ],
  ];
  for (const [name, text, check] of cases) test(name, () => check(parse(text)));
});

describe('prefect deployments', () => {
  const cases: Array<[string, string, (f: FileFacts) => void]> = [
    [
      'flow.serve with cron= and interval=',
      `from prefect import flow\n@flow\ndef etl(): ...\nif __name__ == "__main__":\n    etl.serve(name="nightly", cron="0 2 * * *", interval=3600)\n`,
      (f) => assert.deepEqual(schedules(f), [`etl@${FILE} cron 0 2 * * *`, `etl@${FILE} interval 3600`]),
    ],
    [
      'schedules=[Cron(...), Interval(...)] with time zones',
      `from prefect import flow\nfrom prefect.schedules import Cron, Interval\n@flow\ndef etl(): ...\netl.serve(schedules=[Cron("42 0 6 9 *", timezone="America/New_York"), Interval(timedelta(seconds=10))])\n`,
      (f) => assert.deepEqual(schedules(f), [`etl@${FILE} cron 42 0 6 9 * America/New_York`, `etl@${FILE} interval timedelta(seconds=10)`]),
    ],
    [
      'flow.deploy with an image: a pin, and the image of the flow stages',
      `from prefect import flow\n@flow\ndef etl(): open("a.csv")\netl.deploy(name="d", work_pool_name="k8s", image="registry.io/etl:latest", cron="*/5 * * * *")\n`,
      (f) => {
        assert.deepEqual(
          f.versions.map((v) => [v.subject, v.name, v.version]),
          [['image', 'registry.io/etl', 'latest']],
        );
        assert.equal(f.stages[0].image, 'registry.io/etl:latest');
        assert.deepEqual(schedules(f), [`etl@${FILE} cron */5 * * * *`]);
      },
    ],
    [
      'from_source with a local folder: the schedule goes to the entrypoint file',
      `from prefect import flow\nflow.from_source(source="./flows", entrypoint="hello.py:hello").deploy(name="h", work_pool_name="p", cron="0 * * * *")\n`,
      (f) => assert.deepEqual(schedules(f), ['hello@flows/flows/hello.py cron 0 * * * *']),
    ],
    [
      'from_source of a git repository: the clone every run starts with, on the default branch',
      `from prefect import flow\nfrom prefect.runner.storage import GitRepository\nflow.from_source(source=GitRepository(url="https://github.com/o/r.git"), entrypoint="f.py:f").deploy(name="d", work_pool_name="p")\n`,
      (f) =>
        assert.deepEqual(
          f.stages.map((s) => [local(s.id), s.command]),
          [['deployments/d', 'git clone --depth 1 https://github.com/o/r.git']],
        ),
    ],
    [
      'a git source pinned to a commit checks it out',
      `from prefect import flow\nfrom prefect.runner.storage import GitRepository\nflow.from_source(source=GitRepository(url="https://github.com/o/r.git", commit_sha="0a1b2c3d"), entrypoint="f.py:f").deploy(name="d")\n`,
      (f) => assert.equal(f.stages[0].command, 'git clone --depth 1 https://github.com/o/r.git && git checkout 0a1b2c3d'),
    ],
    [
      'Prefect 2 Deployment.build_from_flow with a CronSchedule and a DockerContainer image',
      `from prefect import flow\nfrom prefect.deployments import Deployment\nfrom prefect.server.schemas.schedules import CronSchedule\n@flow\ndef etl(): ...\nDeployment.build_from_flow(flow=etl, name="d", schedule=CronSchedule(cron="0 6 * * *", timezone="UTC"), infrastructure=DockerContainer(image="etl"))\n`,
      (f) => {
        assert.deepEqual(schedules(f), [`etl@${FILE} cron 0 6 * * * UTC`]);
        assert.deepEqual(
          f.versions.map((v) => [v.name, v.version]),
          [['etl', undefined]],
        );
      },
    ],
  ];
  for (const [name, text, check] of cases) test(name, () => check(parse(text)));
});

describe('prefect on real files', () => {
  test('PrefectHQ/prefect run_api_sourced_etl: pages fetched in a loop feed the transform, then the load', () => {
    const path = 'PrefectHQ__prefect/examples/run_api_sourced_etl.py';
    const f = parse(corpus(path), path);
    assert.deepEqual(stages(f), ['etl/fetch_page', 'etl/to_dataframe', 'etl/save_csv']);
    assert.deepEqual(orders(f), ['etl/fetch_page -> etl/to_dataframe (direct call)', 'etl/to_dataframe -> etl/save_csv (direct call)']);
    assert.equal(f.stages[0].dynamic, true);
  });
  test('PrefectHQ/examples schedule_specific_parameters: serve with an Interval and a Cron in New York time', () => {
    const path = 'PrefectHQ__examples/flows/schedule_specific_parameters.py';
    const f = parse(corpus(path), path);
    assert.deepEqual(schedules(f), [
      `get_crypto_prices@${path} interval timedelta(seconds=10) America/New_York`,
      `get_crypto_prices@${path} cron 42 0 6 9 * America/New_York`,
    ]);
  });
  test('PrefectHQ/examples deploy_docker_existing_image: the deployment image is `latest`', () => {
    const path = 'PrefectHQ__examples/deploy/deploy_docker_existing_image.py';
    const f = parse(corpus(path), path);
    assert.deepEqual(
      f.versions.map((v) => `${v.name}:${v.version} line ${v.range.range.start.line + 1}`),
      ['flow-hello-world:latest line 63'],
    );
  });
  test('PrefectHQ/prefect run_dbt_with_prefect: cache_key_fn and retries noted; the project dir orders the dbt steps', () => {
    const path = 'PrefectHQ__prefect/examples/run_dbt_with_prefect.py';
    const f = parse(corpus(path), path);
    assert.deepEqual(noteTexts(f.stages.find((s) => s.name === 'build_dbt_project')), ['retries=2', 'cache_key_fn=_project_cache_key']);
    assert.ok(orders(f).includes('dbt_flow/build_dbt_project -> dbt_flow/run_dbt_commands (result)'));
  });
});

describe('prefect deployments on the clock of the schedule-race rule', () => {
  test('a flow served at 02:00 writes what a prefect.yaml deployment of another flow reads at 02:05', async () => {
    const a = new Analysis({ today: '2026-12-02' });
    a.setFile(
      'flows/produce.py',
      'from prefect import flow, task\n@task\ndef write(df):\n    df.to_parquet("s3://lake/daily/features.parquet")\n@flow\ndef produce():\n    write(None)\nproduce.serve(name="p", cron="0 2 * * *")\n',
    );
    a.setFile(
      'flows/consume.py',
      'from prefect import flow, task\nimport pandas as pd\n@task\ndef train():\n    pd.read_parquet("s3://lake/daily/features.parquet")\n@flow\ndef consume():\n    train()\n',
    );
    a.setFile(
      'prefect.yaml',
      'deployments:\n- name: nightly\n  entrypoint: flows/consume.py:consume\n  schedules:\n  - cron: "5 2 * * *"\n',
    );
    await a.init();
    const races = a.run().findings.filter((f) => f.ruleId === 'pipeline/schedule-race');
    assert.deepEqual(
      races.map((f) => `${f.file}:${f.range.start.line + 1} ${f.severity}`),
      ['flows/produce.py:4 warning'],
    );
    assert.match(races[0].message, /flow `produce`, starts at 02:00 UTC/);
  });
});
