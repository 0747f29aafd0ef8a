import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { feastAdapter } from '../../../server/src/engine/sources/feast';
import type { SiblingReader } from '../../../server/src/engine/sources/adapter';
import type { FileFacts } from '../../../server/src/engine/model/facts';
import { corpusFiles } from '../../helpers/paths';

const FILE = 'feature_repo/features.py';
const noSiblings: SiblingReader = { read: () => undefined };

function parse(text: string, path = FILE, siblings: SiblingReader = noSiblings): FileFacts {
  return feastAdapter.parse({ path, text }, siblings);
}

function short(id: string): string {
  return id.slice(id.indexOf('#') + 1);
}

const stages = (f: FileFacts): string[] => f.stages.map((s) => `${short(s.id)} ${s.role} ${s.command}`);
const io = (f: FileFacts): string[] =>
  f.io.map((i) => `${short(i.stage)} ${i.direction} ${i.artifact.scheme}:${i.artifact.name}${i.artifact.dynamic ? ' (dynamic)' : ''}`);

function includesAll(actual: string[], expected: string[], what: string): void {
  for (const e of expected) assert.ok(actual.includes(e), `${what}: missing ${e}\n  have:\n    ${actual.join('\n    ')}`);
}

const corpusDir = corpusFiles;

before(async () => {
  await feastAdapter.init?.();
});

describe('feast detect', () => {
  const cases: Array<[string, string, boolean]> = [
    [FILE, 'from feast import Entity, FeatureView\ndriver = Entity(name="driver")\n', true],
    [FILE, 'import feast\nfv = feast.FeatureView(name="x")\n', true],
    [FILE, 'from feast import Field\n@on_demand_feature_view(sources=[])\ndef f(x): ...\n', true],
    [FILE, 'from feast import FeatureStore\nstore = FeatureStore(repo_path=".")\n', false],
    [FILE, 'from airflow import DAG\nfrom feast import FeatureStore, FeatureView\nFeatureView(name="x")\n', false],
    [FILE, 'import pandas as pd\nfeatures = ["feast"]\n', false],
    ['feature_repo/feature_store.yaml', 'from feast import Entity\nEntity(name="x")\n', false],
  ];
  for (const [path, text, expected] of cases) {
    test(`${JSON.stringify(text.slice(0, 40))} -> ${expected}`, () => assert.equal(feastAdapter.detect({ path, text }), expected));
  }
});

const FRAUD_REPO = `
from datetime import timedelta
from feast import BigQuerySource, Entity, FeatureService, FeatureView, Field, FileSource, PushSource
from feast.on_demand_feature_view import on_demand_feature_view
from feast.types import Float32, Int64

account = Entity(name="account", join_keys=["account_id"])

tx_source = FileSource(name="tx_stats_source", path="s3://fraud-lake/features/tx_stats.parquet", timestamp_field="ts")
labels_source = BigQuerySource(name="labels", query="SELECT account_id, is_fraud, ts FROM fraud.reviewer_labels WHERE ts > '2024-01-01'")
push = PushSource(name="tx_push", batch_source=tx_source)

tx_stats = FeatureView(
    name="tx_stats",
    entities=[account],
    ttl=timedelta(hours=2),
    schema=[Field(name="account_id", dtype=Int64), Field(name="amount_7d", dtype=Float32), Field(name="tx_count_1h", dtype=Int64)],
    online=True,
    source=push,
    owner="fraud-features@bank.example",
    tags={"team": "fraud-ml"},
    version="latest",
)

labels = FeatureView(name="reviewer_labels", entities=[account], schema=[Field(name="is_fraud", dtype=Int64)], source=labels_source)

@on_demand_feature_view(sources=[tx_stats[["amount_7d"]]], schema=[Field(name="amount_zscore", dtype=Float32)])
def amount_zscore(inputs):
    return inputs

scoring = FeatureService(
    name="fraud_scoring_v3",
    features=[tx_stats[["amount_7d", "tx_count_1h"]], amount_zscore],
    logging_config=LoggingConfig(destination=BigQueryLoggingDestination(table_ref="fraud.served_features")),
)
`;

describe('feast parse', () => {
  test('feature views are written by their materialisation, which reads the source behind them', () => {
    const f = parse(FRAUD_REPO);
    assert.deepEqual(f.problems, []);
    assert.deepEqual(stages(f), [
      'feast/tx_stats transform FeatureView',
      'feast/reviewer_labels transform FeatureView',
      'feast/amount_zscore transform OnDemandFeatureView',
      'feast/fraud_scoring_v3 transform FeatureService',
    ]);
    includesAll(
      io(f),
      [
        'feast/tx_stats writes feature-view:tx_stats',
        'feast/tx_stats reads uri:s3://fraud-lake/features/tx_stats.parquet',
        'feast/reviewer_labels reads table:fraud.reviewer_labels',
        'feast/amount_zscore reads feature-view:tx_stats',
        'feast/amount_zscore writes feature-view:amount_zscore',
        'feast/fraud_scoring_v3 reads feature-view:tx_stats',
        'feast/fraud_scoring_v3 reads feature-view:amount_zscore',
        'feast/fraud_scoring_v3 writes feature-view:fraud_scoring_v3',
        'feast/fraud_scoring_v3 writes table:fraud.served_features',
      ],
      'io',
    );
  });

  test('schema fields are features (`view:field`) and columns; entity join keys are columns only', () => {
    const f = parse(FRAUD_REPO);
    const defs = f.definitions.map((d) => `${d.kind} ${d.name}`);
    includesAll(
      defs,
      [
        'feature tx_stats:amount_7d',
        'feature tx_stats:tx_count_1h',
        'column account_id',
        'column amount_7d',
        'feature amount_zscore:amount_zscore',
      ],
      'definitions',
    );
    assert.ok(!defs.includes('feature tx_stats:account_id'));
    const refs = f.references.map((r) => `${short(r.stage ?? '')} ${r.kind} ${r.name}`);
    includesAll(
      refs,
      ['feast/amount_zscore feature tx_stats:amount_7d', 'feast/fraud_scoring_v3 feature tx_stats:tx_count_1h'],
      'references',
    );
  });

  test('owners, settings and version pins', () => {
    const f = parse(FRAUD_REPO);
    assert.deepEqual(
      f.ownerClaims.map((o) => `${short(o.subject)} ${o.owner}`),
      ['feast/tx_stats fraud-features@bank.example', 'feast/tx_stats fraud-ml'],
    );
    assert.deepEqual(
      f.values.map((v) => `${v.key}=${JSON.stringify(v.value)}`),
      ['tx_stats.ttl="timedelta(hours=2)"', 'tx_stats.online=true'],
    );
    assert.deepEqual(
      f.versions.map((v) => [v.subject, v.name, v.version, short(v.stage ?? '')]),
      [['feature-view', 'tx_stats', 'latest', 'feast/tx_stats']],
    );
  });

  test('sources are declared artifacts, labelled with their name', () => {
    const f = parse(FRAUD_REPO);
    includesAll(
      f.artifacts.map((a) => `${a.ref.scheme}:${a.ref.name} ${a.label ?? ''}`),
      [
        'uri:s3://fraud-lake/features/tx_stats.parquet tx_stats_source',
        'table:fraud.reviewer_labels labels',
        'feature-view:tx_stats tx_stats',
      ],
      'artifacts',
    );
  });

  test('relative source paths resolve against the feature repo; the project comes from feature_store.yaml', () => {
    const siblings: SiblingReader = {
      read: (p) => (p === 'feature_repo/feature_store.yaml' ? 'project: fraud\nprovider: local\n' : undefined),
    };
    const f = parse(
      'from feast import FeatureView, FileSource\nsrc = FileSource(path="data/stats.parquet")\nfv = FeatureView(name="stats", source=src)\n',
      FILE,
      siblings,
    );
    assert.equal(short(f.stages[0].id), 'fraud/stats');
    const read = f.io.find((i) => i.direction === 'reads');
    assert.deepEqual(read?.artifact, { scheme: 'path', name: 'data/stats.parquet', base: 'feature_repo', kind: 'data' });
  });

  test('%PLACEHOLDER% templates are kept as written and dynamic', () => {
    const f = parse(
      'from feast import FeatureView, FileSource\nsrc = FileSource(name="s", path="%PARQUET_PATH%")\nfv = FeatureView(name="v", source=src)\n',
    );
    includesAll(io(f), ['feast/v reads path:%PARQUET_PATH% (dynamic)'], 'io');
  });

  test('a syntax error: one problem, and the definitions that parse', () => {
    const f = parse(
      'from feast import FeatureView, Field\nfv = FeatureView(name="ok", schema=[Field(name="a")])\nbroken = FeatureView(name="bad", schema=[\n',
    );
    assert.equal(f.problems.length, 1);
    assert.equal(f.problems[0].severity, 'error');
    assert.ok(f.stages.some((s) => s.name === 'ok'));
  });

  describe('module code the shared evaluator runs', () => {
    const cases: Array<[string, string, string[]]> = [
      [
        'a path joined from a constant',
        'from feast import FeatureView, FileSource\nBASE = "data"\nsrc = FileSource(name="s", path=BASE + "/drivers.parquet")\nfv = FeatureView(name="v", source=src)\n',
        ['feast/v reads path:data/drivers.parquet'],
      ],
      [
        'a view made by a helper function',
        'from feast import FeatureView, FileSource\ndef make(name, path):\n    return FeatureView(name=name, source=FileSource(name=name, path=path))\nfv = make("v", "d.parquet")\n',
        ['feast/v writes feature-view:v', 'feast/v reads path:d.parquet'],
      ],
      [
        'views in an else branch and a try block',
        'from feast import FeatureView\nif X:\n    a = FeatureView(name="a")\nelse:\n    b = FeatureView(name="b")\ntry:\n    c = FeatureView(name="c")\nexcept E:\n    pass\n',
        ['feast/a writes feature-view:a', 'feast/b writes feature-view:b', 'feast/c writes feature-view:c'],
      ],
      [
        'a view made in a loop is dynamic',
        'from feast import FeatureView\nfor n in NAMES:\n    FeatureView(name=f"{n}_stats")\n',
        ['feast/{n}_stats writes feature-view:{n}_stats'],
      ],
    ];
    for (const [title, code, expected] of cases) test(title, () => includesAll(io(parse(code)), expected, 'io'));
    test('a view made in a loop is a dynamic stage', () => {
      const f = parse('from feast import FeatureView\nfor n in NAMES:\n    FeatureView(name="same")\n');
      assert.equal(f.stages[0]?.dynamic, true);
    });
  });

  test('the stage points at the view name string', () => {
    const f = parse('from feast import FeatureView\nfv = FeatureView(name="v")\n');
    assert.deepEqual(f.stages[0].range.range, { start: { line: 1, character: 22 }, end: { line: 1, character: 25 } });
  });
});

describe('feast corpus (EXPECTED.md 9)', () => {
  const dir = 'feast-dev__feast/sdk/python/feast/templates/local/feature_repo';
  const read = (p: string): string | undefined => {
    const full = join(corpusDir(), p);
    return existsSync(full) ? readFileSync(full, 'utf8') : undefined;
  };
  const facts = (): FileFacts => parse(read(`${dir}/feature_definitions.py`) ?? '', `${dir}/feature_definitions.py`, { read });

  test('views, on-demand views, services and the label view of project my_project', () => {
    const f = facts();
    assert.deepEqual(f.problems, []);
    assert.deepEqual(stages(f), [
      'my_project/driver_hourly_stats transform FeatureView',
      'my_project/transformed_conv_rate transform OnDemandFeatureView',
      'my_project/driver_activity_v1 transform FeatureService',
      'my_project/driver_activity_v2 transform FeatureService',
      'my_project/driver_hourly_stats_fresh transform FeatureView',
      'my_project/transformed_conv_rate_fresh transform OnDemandFeatureView',
      'my_project/driver_activity_v3 transform FeatureService',
      'my_project/driver_quality_labels label LabelView',
    ]);
  });

  test('data flow: parquet -> views -> on-demand views -> services; logged features; labels from the push source', () => {
    const f = facts();
    const p = (s: string) => `my_project/${s}`;
    includesAll(
      io(f),
      [
        `${p('driver_hourly_stats')} reads path:%PARQUET_PATH% (dynamic)`,
        `${p('driver_hourly_stats')} writes feature-view:driver_hourly_stats`,
        `${p('transformed_conv_rate')} reads feature-view:driver_hourly_stats`,
        `${p('driver_activity_v1')} reads feature-view:driver_hourly_stats`,
        `${p('driver_activity_v1')} reads feature-view:transformed_conv_rate`,
        `${p('driver_activity_v1')} writes path:%LOGGING_PATH% (dynamic)`,
        `${p('driver_activity_v2')} reads feature-view:transformed_conv_rate`,
        // The push source lands in the same batch source: the fresh view reads the same parquet.
        `${p('driver_hourly_stats_fresh')} reads path:%PARQUET_PATH% (dynamic)`,
        `${p('transformed_conv_rate_fresh')} reads feature-view:driver_hourly_stats_fresh`,
        `${p('driver_activity_v3')} reads feature-view:transformed_conv_rate_fresh`,
        `${p('driver_quality_labels')} reads path:%LABEL_DATA_PATH% (dynamic)`,
        `${p('driver_quality_labels')} writes feature-view:driver_quality_labels`,
      ],
      'io',
    );
    assert.equal(f.io.find((i) => i.artifact.name === 'driver_quality_labels')?.artifact.kind, 'labels');
  });

  test('ttl 1 day, online, 6 fields, team driver_performance, version "latest"', () => {
    const f = facts();
    const values = new Map(f.values.map((v) => [v.key, v.value]));
    assert.equal(values.get('driver_hourly_stats.ttl'), 'timedelta(days=1)');
    assert.equal(values.get('driver_hourly_stats.online'), true);
    const fields = f.definitions
      .filter((d) => d.kind === 'feature' && d.name.startsWith('driver_hourly_stats:'))
      .map((d) => d.name.split(':')[1]);
    assert.deepEqual(fields, ['conv_rate', 'acc_rate', 'avg_daily_trips', 'driver_metadata', 'driver_config', 'driver_profile']);
    assert.deepEqual(
      f.ownerClaims.map((o) => `${short(o.subject)} ${o.owner}`),
      ['my_project/driver_hourly_stats driver_performance', 'my_project/driver_hourly_stats_fresh driver_performance'],
    );
    assert.deepEqual(
      f.versions.map((v) => `${v.subject} ${v.name} ${v.version}`),
      ['feature-view driver_hourly_stats latest', 'feature-view driver_hourly_stats_fresh latest'],
    );
    assert.ok(f.definitions.some((d) => d.kind === 'column' && d.name === 'driver_id'));
    assert.ok(f.references.some((r) => r.kind === 'feature' && r.name === 'driver_hourly_stats:conv_rate'));
  });
});
