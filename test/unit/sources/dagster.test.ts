import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dagsterAdapter } from '../../../server/src/engine/sources/dagster';
import { unsupportedSdk } from '../../../server/src/engine/sources/pythonSdkNotice';
import type { FileFacts } from '../../../server/src/engine/model/facts';
import { Analysis } from '../../../server/src/engine/analysis';
import { corpusFiles } from '../../helpers/paths';
import { local, orders, run } from './yamlFacts';

const FILE = 'defs/assets.py';
const parse = (text: string, path = FILE): FileFacts => run(dagsterAdapter, path, text);
const io = (f: FileFacts): string[] => f.io.map((i) => `${local(i.stage)} ${i.direction} ${i.artifact.scheme}:${i.artifact.name}`);
const stages = (f: FileFacts): string[] => f.stages.map((s) => local(s.id));
const schedules = (f: FileFacts): string[] =>
  f.schedules.map((s) => `${s.pipeline.includes('#') ? local(s.pipeline) : s.pipeline} ${s.kind} ${s.expression}`);
const lesson9 =
  'dagster-io__project-dagster-university/dagster_university/dagster_essentials/src/dagster_essentials/completed/lesson_9/defs';
const corpus = (relative: string): string => readFileSync(join(corpusFiles(), relative), 'utf8');

before(async () => {
  await dagsterAdapter.init?.();
});

describe('dagster detect', () => {
  const cases: Array<[string, string, boolean]> = [
    ['a.py', 'import dagster as dg\n', true],
    ['a.py', 'from dagster import asset, Definitions\n', true],
    ['a.py', 'from dagster_duckdb import DuckDBResource\n', false],
    ['a.py', 'from dagster_essentials.defs import constants\n', false],
    ['a.yaml', 'from dagster import asset\n', false],
  ];
  for (const [path, text, expected] of cases)
    test(`${JSON.stringify(text.slice(0, 40))} -> ${expected}`, () => assert.equal(dagsterAdapter.detect({ path, text }), expected));

  test('Dagster is no longer an unsupported SDK', () => assert.equal(unsupportedSdk('import dagster as dg\n'), undefined));
});

describe('dagster assets', () => {
  const cases: Array<[string, string, string[]]> = [
    [
      'an asset writes its key; a parameter named after an upstream asset reads it',
      `from dagster import asset\n@asset\ndef raw(): ...\n@asset\ndef clean(raw): ...\n`,
      ['default/raw writes dataset:raw', 'default/clean writes dataset:clean', 'default/clean reads dataset:raw'],
    ],
    [
      'context, config and resource parameters are no assets',
      `import dagster as dg\nclass Db(dg.ConfigurableResource): ...\n@dg.asset\ndef a(context: dg.AssetExecutionContext, config: MyConfig, database: DuckDBResource, db: Db, up): ...\n`,
      ['default/a writes dataset:a', 'default/a reads dataset:up'],
    ],
    [
      'deps= as strings, AssetKey paths and asset functions',
      `import dagster as dg\n@dg.asset\ndef src(): ...\n@dg.asset(deps=["taxi_trips", dg.AssetKey(["manhattan", "stats"]), src])\ndef report(): ...\n`,
      [
        'default/src writes dataset:src',
        'default/report writes dataset:report',
        'default/report reads dataset:taxi_trips',
        'default/report reads dataset:manhattan/stats',
        'default/report reads dataset:src',
      ],
    ],
    [
      'key_prefix, name= and group_name; ins with AssetIn',
      `from dagster import asset, AssetIn\n@asset(key_prefix=["mart"], name="orders", group_name="sales", ins={"src": AssetIn(key=["raw", "orders"])})\ndef build(src): ...\n`,
      ['sales/mart/orders writes dataset:mart/orders', 'sales/mart/orders reads dataset:raw/orders'],
    ],
    [
      'a multi_asset writes each of its outs and specs',
      `import dagster as dg\n@dg.multi_asset(outs={"a": dg.AssetOut(), "b": dg.AssetOut(key_prefix="p")})\ndef both(): ...\n@dg.multi_asset(specs=[dg.AssetSpec("c", deps=["a"])])\ndef third(): ...\n`,
      [
        'default/both writes dataset:a',
        'default/both writes dataset:p/b',
        'default/third writes dataset:c',
        'default/third reads dataset:a',
      ],
    ],
    [
      'the module under another alias; a decorator of another library is no asset',
      `import dagster as dag\nimport other\n@dag.asset\ndef a(): ...\n@other.asset\ndef b(): ...\n`,
      ['default/a writes dataset:a'],
    ],
    [
      'asset bodies go through the code-I/O scan',
      `from dagster import asset\n@asset\ndef export(scores):\n    scores.to_parquet("s3://lake/scores.parquet")\n`,
      ['default/export writes dataset:export', 'default/export reads dataset:scores', 'default/export writes uri:s3://lake/scores.parquet'],
    ],
  ];
  for (const [name, text, expected] of cases) test(name, () => assert.deepEqual(io(parse(text)), expected));
});

describe('dagster ops and jobs', () => {
  const JOB = `from dagster import op, job, graph\n@op\ndef extract(): ...\n@op\ndef train(df): ...\n@op(name="push")\ndef publish(model): ...\n@job\ndef training():\n    publish(train(extract()))\n@graph\ndef g():\n    train(extract())\nnightly = g.to_job(name="nightly")\n`;
  // Parsed on first use: the tree-sitter grammar loads in `before`, after describe bodies run.
  let parsed: FileFacts | undefined;
  const facts = (): FileFacts => (parsed ??= parse(JOB));
  test('ops a job calls are its stages', () =>
    assert.deepEqual(stages(facts()), ['training/extract', 'training/train', 'training/push', 'nightly/extract', 'nightly/train']));
  test('outputs passed order them', () =>
    assert.deepEqual(orders(facts()), [
      'training/extract -> training/train (output)',
      'training/train -> training/push (output)',
      'nightly/extract -> nightly/train (output)',
    ]));
});

describe('dagster schedules and sensors', () => {
  const cases: Array<[string, string, string[]]> = [
    [
      'a ScheduleDefinition of an asset job selecting assets of this file clocks those assets',
      `import dagster as dg\n@dg.asset\ndef a(): ...\n@dg.asset\ndef b(a): ...\nj = dg.define_asset_job(name="j", selection=dg.AssetSelection.assets("b"))\ns = dg.ScheduleDefinition(job=j, cron_schedule="0 0 * * 1", execution_timezone="UTC")\n`,
      ['default/b cron 0 0 * * 1'],
    ],
    [
      'all() minus an asset',
      `import dagster as dg\n@dg.asset\ndef a(): ...\n@dg.asset\ndef b(a): ...\nj = dg.define_asset_job("j", selection=dg.AssetSelection.all() - dg.AssetSelection.assets("b"))\ndg.ScheduleDefinition(job=j, cron_schedule="@daily")\n`,
      ['default/a cron @daily'],
    ],
    [
      'a job defined elsewhere: the schedule is kept under its name',
      `import dagster as dg\nfrom defs.jobs import trip_update_job\ndg.ScheduleDefinition(job=trip_update_job, cron_schedule="0 0 5 * *")\n`,
      ['trip_update_job cron 0 0 5 * *'],
    ],
    [
      'a selection naming an asset of another module is not resolved to this file alone',
      `import dagster as dg\n@dg.asset\ndef a(): ...\nj = dg.define_asset_job("j", selection=dg.AssetSelection.assets("a", "elsewhere"))\ndg.ScheduleDefinition(job=j, cron_schedule="0 1 * * *")\n`,
      ['j cron 0 1 * * *'],
    ],
    [
      '@schedule on an op job',
      `from dagster import op, job, schedule\n@op\ndef step(): ...\n@job\ndef nightly():\n    step()\n@schedule(cron_schedule="0 2 * * *", job=nightly)\ndef nightly_schedule(): ...\n`,
      ['nightly/step cron 0 2 * * *'],
    ],
    [
      'AutomationCondition.on_cron on an asset',
      `import dagster as dg\n@dg.asset(automation_condition=dg.AutomationCondition.on_cron("0 * * * *"))\ndef hourly(): ...\n`,
      ['default/hourly cron 0 * * * *'],
    ],
    [
      '@asset_sensor: the job runs after the asset materializes',
      `import dagster as dg\n@dg.asset\ndef orders(): ...\n@dg.asset\ndef report(): ...\nj = dg.define_asset_job("j", selection=["report"])\n@dg.asset_sensor(asset_key=dg.AssetKey("orders"), job=j)\ndef on_orders(context, event): ...\n`,
      ['default/report dataset asset_sensor on_orders on orders'],
    ],
  ];
  for (const [name, text, expected] of cases) test(name, () => assert.deepEqual(schedules(parse(text)), expected));

  test('@asset_sensor orders the asset before the job it runs', () => {
    const f = parse(
      `import dagster as dg\n@dg.asset\ndef orders(): ...\n@dg.asset\ndef report(): ...\nj = dg.define_asset_job("j", selection=["report"])\n@dg.asset_sensor(asset_key=dg.AssetKey("orders"), job=j)\ndef on_orders(context, event): ...\n`,
    );
    assert.deepEqual(orders(f), ['default/orders -> default/report (asset_sensor)']);
  });
});

describe('dagster on real files', () => {
  test('dagster university lesson 9 metrics: AssetKey deps, a key prefix, a path read', () => {
    const path = `${lesson9}/assets/metrics.py`;
    const f = parse(corpus(path), path);
    assert.deepEqual(stages(f), ['default/trips_by_week', 'default/manhattan/manhattan_stats', 'default/manhattan_map']);
    assert.ok(io(f).includes('default/manhattan_map reads dataset:manhattan/manhattan_stats'));
    assert.ok(io(f).includes('default/manhattan_map reads path:data/staging/manhattan_stats.geojson'));
  });
  test('dagster university lesson 9 trips: groups, deps, and the DuckDB tables the SQL writes', () => {
    const path = `${lesson9}/assets/trips.py`;
    const f = parse(corpus(path), path);
    assert.deepEqual(stages(f), ['raw_files/taxi_zones_file', 'ingested/taxi_zones', 'raw_files/taxi_trips_file', 'ingested/taxi_trips']);
    assert.ok(io(f).includes('ingested/taxi_trips reads dataset:taxi_trips_file'));
    assert.ok(io(f).includes('ingested/taxi_trips writes table:trips'));
  });
  test('dagster university lesson 9 requests: config and resource parameters are not read as assets', () => {
    const path = `${lesson9}/assets/requests.py`;
    const f = parse(corpus(path), path);
    assert.deepEqual(
      io(f).filter((i) => i.includes('dataset:')),
      [
        'default/adhoc_request writes dataset:adhoc_request',
        'default/adhoc_request reads dataset:taxi_trips',
        'default/adhoc_request reads dataset:taxi_zones',
      ],
    );
  });
  test('dagster university lesson 9 schedules: jobs imported from another module keep their names', () => {
    const path = `${lesson9}/schedules.py`;
    assert.deepEqual(schedules(parse(corpus(path), path)), ['trip_update_job cron 0 0 5 * *', 'weekly_update_job cron 0 0 * * 1']);
  });
});

describe('dagster schedules on the clock of the schedule-race rule', () => {
  test('an asset job at 01:00 writes what another asset job at 01:10 reads, with no dependency between them', async () => {
    const a = new Analysis({ today: '2026-12-02' });
    a.setFile(
      'defs/assets.py',
      'import dagster as dg\nimport pandas as pd\n@dg.asset\ndef features(frame):\n    frame.to_parquet("s3://lake/d/f.parquet")\n@dg.asset\ndef model():\n    pd.read_parquet("s3://lake/d/f.parquet")\nj1 = dg.define_asset_job("j1", selection=[features])\nj2 = dg.define_asset_job("j2", selection=["model"])\ndg.ScheduleDefinition(job=j1, cron_schedule="0 1 * * *")\ndg.ScheduleDefinition(job=j2, cron_schedule="10 1 * * *")\n',
    );
    await a.init();
    const races = a.run().findings.filter((f) => f.ruleId === 'pipeline/schedule-race');
    assert.deepEqual(
      races.map((f) => `${f.file}:${f.range.start.line + 1} ${f.severity}`),
      ['defs/assets.py:5 warning'],
    );
  });
  test('asset deps do not order separately scheduled jobs (Dagster runs each job on its own clock): the asset key races too', async () => {
    const a = new Analysis({ today: '2026-12-02' });
    a.setFile(
      'defs/assets.py',
      'import dagster as dg\n@dg.asset\ndef features(): ...\n@dg.asset(deps=[features])\ndef model(): ...\nj1 = dg.define_asset_job("j1", selection=[features])\nj2 = dg.define_asset_job("j2", selection=["model"])\ndg.ScheduleDefinition(job=j1, cron_schedule="0 1 * * *")\ndg.ScheduleDefinition(job=j2, cron_schedule="10 1 * * *")\n',
    );
    await a.init();
    const races = a.run().findings.filter((f) => f.ruleId === 'pipeline/schedule-race');
    assert.deepEqual(
      races.map((f) => f.nodes?.[0]),
      ['dataset:features'],
    );
  });
  test('a job an @asset_sensor runs after the asset materializes does not race it', async () => {
    const a = new Analysis({ today: '2026-12-02' });
    a.setFile(
      'defs/assets.py',
      'import dagster as dg\n@dg.asset\ndef features(): ...\n@dg.asset(deps=[features])\ndef model(): ...\nj1 = dg.define_asset_job("j1", selection=[features])\nj2 = dg.define_asset_job("j2", selection=["model"])\ndg.ScheduleDefinition(job=j1, cron_schedule="0 1 * * *")\n@dg.asset_sensor(asset_key=dg.AssetKey("features"), job=j2)\ndef on_features(context, event): ...\n',
    );
    await a.init();
    assert.deepEqual(
      a.run().findings.filter((f) => f.ruleId === 'pipeline/schedule-race'),
      [],
    );
  });
});
