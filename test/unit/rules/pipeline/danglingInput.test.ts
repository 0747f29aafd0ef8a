import { ruleTester } from '../../../helpers/ruleTester';
import { danglingInput } from '../../../../server/src/engine/rules/pipeline/danglingInput';

const card = 'system: s\nexternal:\n  - name: data/raw.csv\n';
const dvc =
  'stages:\n  prep:\n    cmd: python prep.py\n    deps:\n      - prep.py\n      - data/raw.csv\n    outs:\n      - data/prepared\n  train:\n    cmd: python train.py\n    deps:\n      - data/prepared/train.csv\n    outs:\n      - model.pkl\n';

ruleTester(danglingInput, {
  valid: [
    { name: 'raw input declared external; a file inside a produced folder', files: { 'dvc.yaml': dvc, 'mlsystem.yaml': card } },
    { name: 'without a card, raw inputs are not reported', files: { 'dvc.yaml': dvc } },
    {
      name: 'a Feast view named like its warehouse source table: its own output is not a rename of its input',
      files: {
        'feature_repo/features.py':
          'from datetime import timedelta\n\nfrom feast import Entity, FeatureView, Field, RedshiftSource\nfrom feast.types import String\n\nzipcode = Entity(name="zipcode", join_keys=["zipcode"])\n\nzipcode_source = RedshiftSource(table="spectrum.zipcode_features", timestamp_field="event_timestamp")\n\nzipcode_features = FeatureView(\n    name="zipcode_features",\n    entities=[zipcode],\n    ttl=timedelta(days=3650),\n    schema=[Field(name="city", dtype=String)],\n    source=zipcode_source,\n)\n',
      },
    },
    {
      name: 'an uploaded CI artifact',
      files: {
        '.github/workflows/t.yml':
          'on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/upload-artifact@v4\n        with:\n          name: model\n          path: model.pkl\n  b:\n    needs: a\n    runs-on: x\n    steps:\n      - uses: actions/download-artifact@v4\n        with:\n          name: model\n',
      },
    },
  ],
  invalid: [
    {
      name: 'with a card, an undeclared raw input',
      files: { 'dvc.yaml': dvc, 'mlsystem.yaml': 'system: s\n' },
      errors: [{ file: 'dvc.yaml', line: 6, message: /reads `data\/raw.csv`, which no stage produces.*declare it under `external:`/ }],
    },
    {
      name: 'a CI artifact nobody uploads',
      files: {
        '.github/workflows/t.yml':
          'on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n      - uses: actions/download-artifact@v4\n        with:\n          name: model\n',
      },
      errors: [{ file: '.github/workflows/t.yml', line: 6, message: /reads `model`, which no stage produces/ }],
    },
    {
      name: 'a near match is named as a possible rename',
      files: {
        'dvc.yaml':
          'stages:\n  a:\n    cmd: python a.py\n    outs:\n      - out/predictions.parquet\n  b:\n    cmd: python b.py\n    deps:\n      - out/predictions.csv\n',
      },
      errors: [{ file: 'dvc.yaml', line: 9, message: /similar artifact is produced: `out\/predictions.parquet`/ }],
    },
  ],
});
