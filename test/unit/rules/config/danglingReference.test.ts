import { ruleTester } from '../../../helpers/ruleTester';
import { danglingReference } from '../../../../server/src/engine/rules/config/danglingReference';

const feastRepo = `from datetime import timedelta

from feast import Entity, FeatureService, FeatureView, Field, FileSource
from feast.types import Float32

card = Entity(name="card", join_keys=["card_id"])

transaction_features = FeatureView(
    name="transaction_features",
    entities=[card],
    ttl=timedelta(days=1),
    schema=[Field(name="amount_zscore", dtype=Float32), Field(name="merchant_risk_score", dtype=Float32)],
    source=FileSource(path="data/transactions.parquet", timestamp_field="ts"),
)
`;

/** A KServe transformer whose `--feature_refs` setting names `ref`. */
const transformer = (ref: string) => `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: fraud
spec:
  predictor:
    model:
      modelFormat:
        name: sklearn
      storageUri: s3://models/fraud/v3
  transformer:
    containers:
      - name: kserve-container
        image: ghcr.io/acme/fraud-transformer:2.3.1
        args:
          - --feature_refs=${ref}
`;

const hydraTrain = (lr: string) => `defaults:
  - _self_
optim:
  lr: 0.001
model:
  lr: ${lr}
`;

const dvc = (params: string) => `stages:\n  train:\n    cmd: python train.py --lr \${train.lr}\n    params:\n${params}`;

ruleTester(danglingReference, {
  valid: [
    {
      name: 'every param exists',
      files: { 'dvc.yaml': dvc('      - train.lr\n      - seed\n'), 'params.yaml': 'seed: 1\ntrain:\n  lr: 0.1\n' },
    },
    { name: 'a whole section', files: { 'dvc.yaml': dvc('      - train\n'), 'params.yaml': 'train:\n  lr: 0.1\n' } },
    {
      name: 'a custom params file',
      files: {
        'dvc.yaml': 'stages:\n  s:\n    cmd: python s.py\n    params:\n      - conf/model.yaml:\n          - depth\n',
        'conf/model.yaml': 'depth: 3\n',
        'params.yaml': 'x: 1\n',
      },
    },
    {
      name: "OmegaConf's oc.select falls back to a default for a missing key",
      files: { 'conf/train.yaml': hydraTrain('${oc.select:optim.learning_rate,0.01}') },
    },
  ],
  invalid: [
    {
      name: 'a feature a FeatureService projects out of a view that lacks it: Feast resolves it, so an error',
      files: {
        'feature_repo/features.py': `${feastRepo}
fraud_service = FeatureService(name="fraud_service", features=[transaction_features[["merchant_risk"]]])
`,
      },
      errors: [
        {
          file: 'feature_repo/features.py',
          line: 16,
          severity: 'error',
          message:
            /^Feature `transaction_features:merchant_risk` is not in feature view `transaction_features`; did you mean `transaction_features:merchant_risk_score`\? \(the column may have been renamed\)$/,
        },
      ],
    },
    {
      name: "a serving setting's feature reference: Loopwise assumed what the setting means, so a warning that says so",
      files: { 'feature_repo/features.py': feastRepo, 'serving/fraud.yaml': transformer('transaction_features:merchant_risk') },
      errors: [
        {
          file: 'serving/fraud.yaml',
          line: 16,
          severity: 'warning',
          message:
            /is not in feature view `transaction_features`.*\(Loopwise assumed that this setting holds Feast `view:feature` references/,
        },
      ],
    },
    {
      name: 'a Hydra interpolation of a key no config file defines: a warning, since composition and overrides may add it',
      files: { 'conf/train.yaml': hydraTrain('${optim.learning_rate}') },
      errors: [
        {
          file: 'conf/train.yaml',
          line: 6,
          severity: 'warning',
          message:
            /`optim.learning_rate` is not defined.*\(Loopwise assumed that the config is composed only from the files in this workspace/,
        },
      ],
    },
    {
      name: 'a renamed param with a suggestion',
      files: { 'dvc.yaml': dvc('      - train.learning_rate\n'), 'params.yaml': 'train:\n  lr: 0.1\n  learning_rat: 2\n' },
      errors: [
        {
          file: 'dvc.yaml',
          line: 5,
          severity: 'error',
          message: /`train.learning_rate` is not defined in `params.yaml`; did you mean `train.learning_rat`\?/,
        },
      ],
    },
    {
      name: 'an interpolation in cmd',
      files: { 'dvc.yaml': 'stages:\n  s:\n    cmd: python s.py --depth ${model.depth}\n', 'params.yaml': 'model:\n  layers: 3\n' },
      errors: [{ file: 'dvc.yaml', line: 3, message: /`model.depth` is not defined/ }],
    },
    {
      name: 'a missing params file',
      files: { 'dvc.yaml': dvc('      - seed\n') },
      errors: [
        { file: 'dvc.yaml', line: 3, message: /`params.yaml`, which does not exist/ },
        { file: 'dvc.yaml', line: 5, message: /`params.yaml`, which does not exist/ },
      ],
    },
  ],
});
