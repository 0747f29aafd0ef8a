import { ruleTester } from '../../../helpers/ruleTester';
import { unmonitoredStock } from '../../../../server/src/engine/rules/monitoring/unmonitoredStock';

const dvc = [
  'stages:',
  '  prepare:',
  '    cmd: python prepare.py',
  '    deps:',
  '      - prepare.py',
  '      - data/raw/transactions.parquet',
  '      - s3://acme-fraud/labels/reviewed.parquet',
  '    outs:',
  '      - data/prepared',
  '  reweight:',
  '    cmd: python reweight.py',
  '    deps:',
  '      - data/prepared',
  '    outs:',
  '      - data/reweighted',
  '  train:',
  '    cmd: python train.py',
  '    deps:',
  '      - train.py',
  '      - data/reweighted',
  '      - metrics/baseline.json',
  '    outs:',
  '      - models/fraud_model.pkl',
  '',
].join('\n');
const kserve = [
  'apiVersion: serving.kserve.io/v1beta1',
  'kind: InferenceService',
  'metadata:',
  '  name: fraud-scorer',
  'spec:',
  '  predictor:',
  '    logger:',
  '      mode: response',
  '      url: http://fraud-score-log.fraud.svc.cluster.local',
  '    model:',
  '      modelFormat:',
  '        name: sklearn',
  '      storageUri: s3://acme-fraud-models/fraud/v3',
  '',
].join('\n');
const monitors = (...stocks: string[]) =>
  ['system: card-fraud', 'monitors:', ...stocks.map((s) => `  - stock: ${s}\n    checks: [schema, null rates]`), ''].join('\n');

// The reviewer-label loop: the labels it feeds back are on the loop, so an unmonitored one is a warning.
const loop = {
  'training/dvc.yaml':
    'stages:\n  train:\n    cmd: python train.py\n    deps:\n      - ../labels/reviewed.parquet\n    outs:\n      - ../models/fraud_model.pkl\n',
  'scoring/dvc.yaml':
    'stages:\n  score:\n    cmd: python score.py\n    deps:\n      - ../models/fraud_model.pkl\n    outs:\n      - ../predictions/flags.parquet\n',
  'review/dvc.yaml':
    'stages:\n  review_queue:\n    cmd: python queue.py\n    deps:\n      - ../predictions/flags.parquet\n    outs:\n      - ../labels/reviewed.parquet\n',
};

ruleTester(unmonitoredStock, {
  valid: [
    { name: 'without a card there is nowhere to declare monitors', files: { 'dvc.yaml': dvc } },
    { name: 'the training input is monitored', files: { 'dvc.yaml': dvc, 'mlsystem.yaml': monitors('data/reweighted') } },
    {
      name: 'derived only from a monitored stock (reweighted from prepared)',
      files: { 'dvc.yaml': dvc, 'mlsystem.yaml': monitors('data/prepared') },
    },
    {
      name: 'derived only from monitored raw data and labels',
      files: { 'dvc.yaml': dvc, 'mlsystem.yaml': monitors('data/raw/transactions.parquet', 's3://acme-fraud/labels/reviewed.parquet') },
    },
    {
      name: 'logged predictions of an online service, monitored',
      files: { 'serving/inference-service.yaml': kserve, 'mlsystem.yaml': monitors('http://fraud-score-log.fraud.svc.cluster.local') },
    },
    {
      name: 'metrics, code and models are not monitored stocks',
      files: { 'dvc.yaml': dvc.replace('      - data/reweighted\n      - metrics', '      - metrics'), 'mlsystem.yaml': monitors() },
    },
  ],
  invalid: [
    {
      name: 'training data derived from an unmonitored raw snapshot',
      files: { 'dvc.yaml': dvc, 'mlsystem.yaml': monitors('s3://acme-fraud/labels/reviewed.parquet') },
      errors: [
        {
          file: 'dvc.yaml',
          line: 15,
          severity: 'info',
          related: 1,
          message:
            /^Training data `data\/reweighted` \(read by training stage `train` \(dvc.yaml\)\) has no monitor in mlsystem.yaml.*Add a `monitors:` entry/,
        },
      ],
    },
    {
      name: 'predictions an online service logs',
      files: { 'serving/inference-service.yaml': kserve, 'mlsystem.yaml': monitors() },
      errors: [
        {
          file: 'serving/inference-service.yaml',
          line: 9,
          severity: 'info',
          message: /^Predictions `http:\/\/fraud-score-log.fraud.svc.cluster.local` \(written by serving stage `predictor`/,
        },
      ],
    },
    {
      name: 'batch predictions are not covered by monitored inputs: the model itself can drift',
      files: {
        'dvc.yaml':
          'stages:\n  score:\n    cmd: python score.py\n    deps:\n      - models/model.pkl\n      - data/features.parquet\n    outs:\n      - predictions/flags.parquet\n',
        'mlsystem.yaml': monitors('data/features.parquet'),
      },
      errors: [
        {
          file: 'dvc.yaml',
          line: 8,
          severity: 'info',
          message: /^Predictions `predictions\/flags.parquet` \(written by serving stage `score` \(dvc.yaml\)\)/,
        },
      ],
    },
    {
      name: 'labels and predictions on the reviewer-label loop are warnings',
      files: { ...loop, 'mlsystem.yaml': monitors('data/transactions.parquet') },
      errors: [
        {
          file: 'review/dvc.yaml',
          line: 7,
          severity: 'warning',
          message: /^Training labels `labels\/reviewed.parquet`.*on feedback loop R1/,
        },
        {
          file: 'scoring/dvc.yaml',
          line: 7,
          severity: 'warning',
          message: /^Predictions `predictions\/flags.parquet` \(written by serving stage `score`/,
        },
      ],
    },
  ],
});
