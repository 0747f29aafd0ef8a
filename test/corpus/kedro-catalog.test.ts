import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kedroCatalogAdapter } from '../../server/src/engine/sources/kedroCatalog';
import { assertOnlyDetectedBy, corpusFile, parseClean } from './yamlCorpus';

test('EXPECTED 8: Kedro spaceflights-pandas catalog.yml', () => {
  const file = corpusFile('kedro-org__kedro-starters/spaceflights-pandas/{{ cookiecutter.repo_name }}/conf/base/catalog.yml');
  assertOnlyDetectedBy(file, kedroCatalogAdapter);
  const facts = parseClean(file, kedroCatalogAdapter);
  assert.ok(facts.artifacts.every((a) => a.ref.scheme === 'dataset'));
  assert.deepEqual(
    facts.artifacts.map((a) => [a.ref.name, a.label, a.ref.kind, a.description]),
    [
      ['companies', 'pandas.CSVDataset', 'data', 'data/01_raw/companies.csv'],
      ['reviews', 'pandas.CSVDataset', 'data', 'data/01_raw/reviews.csv'],
      ['shuttles', 'pandas.ExcelDataset', 'data', 'data/01_raw/shuttles.xlsx'],
      ['preprocessed_companies', 'pandas.ParquetDataset', 'data', 'data/02_intermediate/preprocessed_companies.parquet'],
      ['preprocessed_shuttles', 'pandas.ParquetDataset', 'data', 'data/02_intermediate/preprocessed_shuttles.parquet'],
      ['model_input_table', 'pandas.ParquetDataset', 'data', 'data/03_primary/model_input_table.parquet'],
      ['regressor', 'pickle.PickleDataset', 'model', 'data/06_models/regressor.pickle (versioned)'],
      [
        'shuttle_passenger_capacity_plot_exp',
        'plotly.PlotlyDataset',
        'report',
        'data/08_reporting/shuttle_passenger_capacity_plot_exp.json (versioned)',
      ],
      [
        'shuttle_passenger_capacity_plot_go',
        'plotly.JSONDataset',
        'report',
        'data/08_reporting/shuttle_passenger_capacity_plot_go.json (versioned)',
      ],
      ['dummy_confusion_matrix', 'matplotlib.MatplotlibDataset', 'report', 'data/08_reporting/dummy_confusion_matrix.png (versioned)'],
    ],
  );
  assert.equal(facts.values.find((v) => v.key === 'shuttles.load_args.engine')?.value, 'openpyxl');
});
