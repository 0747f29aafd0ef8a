import { ruleTester } from '../../../helpers/ruleTester';
import { trainServeSkew } from '../../../../server/src/engine/rules/config/trainServeSkew';

const params = (features: string[]) => `seed: 7\ntrain:\n  n_estimators: 400\n  features:\n${features.map((f) => `    - ${f}\n`).join('')}`;

const dvc = (featuresParam = 'train.features') => `stages:
  train:
    cmd: python src/train.py
    deps:
      - src/train.py
      - data/prepared
    params:
      - seed
      - train.n_estimators
      - ${featuresParam}
    outs:
      - s3://acme-fraud-models/fraud-detector/v12/model.pkl
`;

const service = (refs: string[]) => `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: fraud-scorer
spec:
  predictor:
    model:
      modelFormat:
        name: sklearn
      storageUri: s3://acme-fraud-models/fraud-detector/v12
  transformer:
    containers:
      - name: kserve-container
        image: ghcr.io/acme/fraud-transformer:2.3.1
        args:
          - --feast_serving_url=feast-online.fraud.svc.cluster.local:6566
          - --entity_id=card_id
${refs.map((r) => `          - --feature_refs=${r}\n`).join('')}`;

const feast = `from datetime import timedelta

from feast import Entity, FeatureView, Field, FileSource
from feast.types import Float32, Int64

card = Entity(name="card", join_keys=["card_id"])
stats = FileSource(name="transaction_stats_source", path="s3://acme-fraud-data/features/transaction_stats.parquet", timestamp_field="event_timestamp")

transaction_features = FeatureView(
    name="transaction_features",
    entities=[card],
    ttl=timedelta(hours=6),
    schema=[
        Field(name="amount_zscore", dtype=Float32),
        Field(name="merchant_risk_score", dtype=Float32),
        Field(name="txn_velocity_1h", dtype=Int64),
        Field(name="card_age_days", dtype=Int64),
    ],
    source=stats,
)
`;

const trained = ['amount_zscore', 'merchant_risk_score', 'txn_velocity_1h'];
const fetched = (names: string[]) => names.map((n) => `transaction_features:${n}`);

ruleTester(trainServeSkew, {
  valid: [
    {
      name: 'serving fetches exactly the trained features',
      files: {
        'params.yaml': params(trained),
        'dvc.yaml': dvc(),
        'serving/inference-service.yaml': service(fetched(trained)),
        'features/repo.py': feast,
      },
    },
    {
      name: 'a renamed Feast column is left to config/dangling-reference',
      files: {
        'params.yaml': params(trained),
        'dvc.yaml': dvc(),
        'serving/inference-service.yaml': service(fetched(['amount_zscore', 'merchant_risk', 'txn_velocity_1h'])),
        'features/repo.py': feast,
      },
    },
    {
      name: 'a feature list no training stage references',
      files: {
        'params.yaml': params(trained),
        'dvc.yaml': dvc('train.n_estimators'),
        'serving/inference-service.yaml': service(fetched(['amount_zscore'])),
        'features/repo.py': feast,
      },
    },
    {
      name: 'a serving path the trained model does not reach',
      files: {
        'params.yaml': params(trained),
        'dvc.yaml': dvc(),
        'serving/inference-service.yaml': service(fetched(['amount_zscore'])).replace('fraud-detector/v12', 'other-model/v3'),
        'features/repo.py': feast,
      },
    },
  ],
  invalid: [
    {
      name: 'serving fetches a feature the model never saw and misses one it did',
      files: {
        'params.yaml': params(trained),
        'dvc.yaml': dvc(),
        'serving/inference-service.yaml': service(fetched(['amount_zscore', 'txn_velocity_1h', 'card_age_days'])),
        'features/repo.py': feast,
      },
      errors: [
        {
          file: 'serving/inference-service.yaml',
          line: 20,
          severity: 'warning',
          related: 1,
          message:
            /Serving `fraud-scorer` fetches `card_age_days` that the model is not trained on, and does not fetch `merchant_risk_score` that it is trained on \(`train.features` in params.yaml\)/,
        },
      ],
    },
    {
      name: 'a whole section listed in params: still names the features',
      files: {
        'params.yaml': params(trained),
        'dvc.yaml': dvc('train'),
        'serving/inference-service.yaml': service(fetched(['amount_zscore', 'merchant_risk_score'])),
        'features/repo.py': feast,
      },
      errors: [{ file: 'serving/inference-service.yaml', line: 18, message: /does not fetch `txn_velocity_1h` that it is trained on/ }],
    },
  ],
});
