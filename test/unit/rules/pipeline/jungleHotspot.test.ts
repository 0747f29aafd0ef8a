import { ruleTester } from '../../../helpers/ruleTester';
import { jungleHotspot } from '../../../../server/src/engine/rules/pipeline/jungleHotspot';

/** `readers` feature stages read the raw table directly; each feature set feeds one check. */
function pipeline(readers: number, checks = true): string {
  let text = 'stages:\n';
  for (let i = 1; i <= readers; i++) {
    text += `  features_${i}:\n    cmd: python src/features_${i}.py\n    deps:\n      - src/features_${i}.py\n      - data/raw/transactions.parquet\n    outs:\n      - data/features/set_${i}.parquet\n`;
    if (checks)
      text += `  check_${i}:\n    cmd: python src/check.py data/features/set_${i}.parquet\n    deps:\n      - data/features/set_${i}.parquet\n    outs:\n      - data/checks/set_${i}.csv\n`;
  }
  return text;
}

/** A Kedro pipeline where one catalog dataset is read by `readers` plotting nodes, next to a DVC pipeline. */
function kedroReporting(readers: number): string {
  const nodes = Array.from(
    { length: readers },
    (_, i) => `        node(plot_${i}, inputs="evaluations_combined", outputs="figure_${i}", name="plot_${i}"),\n`,
  ).join('');
  return `from kedro.pipeline import Pipeline, node\n\n\ndef create_pipeline(**kwargs):\n    return Pipeline(\n      [\n${nodes}      ]\n    )\n`;
}

ruleTester(jungleHotspot, {
  valid: [
    {
      name: 'eleven Kedro nodes read one catalog dataset: they all go through the Data Catalog, the one interface',
      files: { 'dvc.yaml': pipeline(5), 'src/proj/pipelines/viz/pipeline.py': kedroReporting(11) },
    },
    { name: 'no node stands out', files: { 'dvc.yaml': pipeline(5) } },
    { name: 'a graph too small to compare', files: { 'dvc.yaml': pipeline(7, false) } },
    {
      name: 'the foreach copies of one stage read one grid: one consumer, not eight',
      files: {
        'dvc.yaml':
          pipeline(5) +
          '  tilize:\n    foreach: [a, b, c, d, e, f, g, h]\n    do:\n      cmd: python src/tilize.py ${item}\n      deps:\n        - data/grid.gpkg\n      outs:\n        - data/tiles/${item}\n',
      },
    },
    {
      name: 'source files and pyproject.toml listed as deps are code, not data inputs',
      files: {
        'dvc.yaml':
          pipeline(5) +
          '  train:\n    cmd: python src/train.py\n    deps:\n' +
          Array.from({ length: 12 }, (_, i) => `      - src/pkg/module_${i}.py\n`).join('') +
          '      - pyproject.toml\n      - data/features/set_1.parquet\n    outs:\n      - models/model.pt\n',
      },
    },
  ],
  invalid: [
    {
      name: 'one raw table read directly by eight stages',
      files: { 'dvc.yaml': pipeline(8) },
      errors: [
        {
          file: 'dvc.yaml',
          line: 6,
          severity: 'info',
          related: 8,
          message:
            /`data\/raw\/transactions.parquet` is read by 8 stages \(`features_1`, `features_2`, `features_3`, `features_4`, `features_5`, …\), far above this workspace's typical 0\.9/,
        },
      ],
    },
  ],
});
