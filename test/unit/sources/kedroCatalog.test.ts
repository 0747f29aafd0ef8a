import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kedroCatalogAdapter, datasetKind } from '../../../server/src/engine/sources/kedroCatalog';
import { run, textAt, value } from './yamlFacts';
import { Analysis } from '../../../server/src/engine/analysis';

const CATALOG = `# Raw inputs
_csv: &csv
  type: pandas.CSVDataset
  load_args:
    sep: ","

companies:
  <<: *csv
  filepath: data/01_raw/companies.csv

transactions:
  type: spark.SparkDataset
  filepath: s3a://fraud-raw/transactions/*.parquet
  file_format: parquet
  credentials: dev_s3

fraud_classifier:
  type: pickle.PickleDataset
  filepath: data/06_models/fraud_classifier.pkl
  versioned: true

model_input_table:
  type: pandas.ParquetDataset
  filepath: data/03_primary/model_input_table.parquet

flagged_predictions:
  type: pandas.SQLTableDataset
  table_name: fraud.flagged
  credentials: db

"{namespace}.features":
  type: pandas.ParquetDataset
  filepath: data/04_feature/{namespace}/features.parquet

confusion_matrix:
  type: matplotlib.MatplotlibDataset
  filepath: data/08_reporting/confusion_matrix.png
  versioned: true
`;

test('every entry is a dataset named as Kedro nodes name it, with kind, type (a `<<: *csv` merge key brings one in) and location', () => {
  const facts = run(kedroCatalogAdapter, 'conf/base/catalog.yml', CATALOG);
  assert.deepEqual(facts.problems, []);
  assert.deepEqual(
    facts.artifacts.map((a) => [a.ref.scheme, a.ref.name, a.ref.kind, a.label, a.description]),
    [
      ['dataset', 'companies', 'data', 'pandas.CSVDataset', 'data/01_raw/companies.csv'],
      ['dataset', 'transactions', 'data', 'spark.SparkDataset', 's3a://fraud-raw/transactions/*.parquet'],
      ['dataset', 'fraud_classifier', 'model', 'pickle.PickleDataset', 'data/06_models/fraud_classifier.pkl (versioned)'],
      ['dataset', 'model_input_table', 'data', 'pandas.ParquetDataset', 'data/03_primary/model_input_table.parquet'],
      ['dataset', 'flagged_predictions', 'predictions', 'pandas.SQLTableDataset', 'fraud.flagged'],
      ['dataset', '{namespace}.features', 'features', 'pandas.ParquetDataset', 'data/04_feature/{namespace}/features.parquet'],
      ['dataset', 'confusion_matrix', 'report', 'matplotlib.MatplotlibDataset', 'data/08_reporting/confusion_matrix.png (versioned)'],
    ],
  );
  assert.equal(textAt(CATALOG, facts.artifacts[2].range), 'fraud_classifier');
  assert.equal(facts.artifacts[5].ref.dynamic, true);
});

test('settings are ConfigValues keyed by entry', () => {
  const facts = run(kedroCatalogAdapter, 'conf/base/catalog.yml', CATALOG);
  assert.equal(value(facts, 'transactions.credentials')!.value, 'dev_s3');
  assert.equal(value(facts, 'fraud_classifier.versioned')!.value, true);
  assert.equal(value(facts, '_csv.type'), undefined);
});

const kindCases: Array<[string, string, string]> = [
  ['regressor', 'pickle.PickleDataset', 'model'],
  ['X_train', 'pickle.PickleDataset', 'data'],
  ['shuttle_plot', 'plotly.PlotlyDataset', 'report'],
  ['metrics', 'tracking.MetricsDataset', 'metrics'],
  ['model', 'kedro_mlflow.io.models.MlflowModelTrackingDataset', 'model'],
  ['reviewer_labels', 'pandas.CSVDataset', 'labels'],
];
for (const [name, type, kind] of kindCases) {
  test(`datasetKind ${name} ${type} -> ${kind}`, () => assert.equal(datasetKind(name, type), kind));
}

test('half-typed YAML: one problem, no throw, earlier entries kept', () => {
  const text = `companies:
  type: pandas.CSVDataset
  filepath: data/01_raw/companies.csv
reviews:
  type: pandas.CSVDataset
  filepath: "data/01_raw/reviews.csv
`;
  const facts = run(kedroCatalogAdapter, 'conf/base/catalog.yml', text);
  assert.equal(facts.problems.length, 1);
  assert.equal(facts.artifacts[0].ref.name, 'companies');
});

const detectCases: Array<[string, boolean]> = [
  ['conf/base/catalog.yml', true],
  ['conf/local/catalog.yaml', true],
  ['conf/base/catalog_models.yml', true],
  ['conf/base/catalog/fraud/models.yml', true],
  ['proj/{{ cookiecutter.repo_name }}/conf/base/catalog.yml', true],
  ['conf/base/parameters.yml', false],
  ['catalog.yml', false],
  ['src/conf/catalog.yml', false],
];
for (const [path, expected] of detectCases) {
  test(`detect ${path} -> ${expected}`, () => assert.equal(kedroCatalogAdapter.detect({ path, text: CATALOG }), expected));
}
test('detect needs dataset entries, not just the path', () => {
  assert.equal(kedroCatalogAdapter.detect({ path: 'conf/base/catalog.yml', text: '# nothing yet\n' }), false);
});

test('`credentials: <name>` is a reference to the credentials configuration, not a literal', () => {
  const facts = run(kedroCatalogAdapter, 'conf/base/catalog.yml', CATALOG);
  assert.equal(value(facts, 'transactions.credentials')!.reference, 'kedro credentials');
  assert.equal(value(facts, 'transactions.file_format')!.reference, undefined);
});

test('dataset factories: a namespaced dataset takes the most specific matching pattern; an exact entry wins', async () => {
  const analysis = new Analysis({ rules: [], today: '2026-11-27' });
  analysis.setFile(
    'conf/base/catalog.yml',
    '"{namespace}.{name}":\n  type: pandas.CSVDataset\n  filepath: data/{namespace}/{name}.csv\n"{namespace}.regressor":\n  type: pickle.PickleDataset\n  filepath: data/06_models/{namespace}/regressor.pkl\nactive.model_input_table:\n  type: pandas.ParquetDataset\n  filepath: data/03_primary/active.parquet\n',
  );
  analysis.setFile(
    'src/p/pipelines/data_science/pipeline.py',
    'from kedro.pipeline import node, pipeline\n\ndef create_pipeline():\n    base = pipeline([node(train, ["model_input_table", "params:opts"], "regressor", name="train")])\n    return pipeline(base, namespace="active")\n',
  );
  await analysis.init();
  const { graph } = analysis.run();
  const node = (name: string) => graph.nodes.get(`dataset:${name}`)!;
  assert.equal(node('active.regressor').artifactKind, 'model');
  assert.deepEqual(
    node('active.regressor').mentions.map((m) => `${m.file}:${m.range.start.line + 1}`),
    ['src/p/pipelines/data_science/pipeline.py:4', 'conf/base/catalog.yml:4'],
  );
  assert.deepEqual(
    node('active.model_input_table').mentions.map((m) => `${m.file}:${m.range.start.line + 1}`),
    ['src/p/pipelines/data_science/pipeline.py:4', 'conf/base/catalog.yml:7'],
  );
});
