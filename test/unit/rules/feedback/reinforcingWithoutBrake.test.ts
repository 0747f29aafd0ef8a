import { ruleTester } from '../../../helpers/ruleTester';
import { reinforcingWithoutBrake } from '../../../../server/src/engine/rules/feedback/reinforcingWithoutBrake';

const monorepo = {
  'training/dvc.yaml':
    'stages:\n  prepare:\n    cmd: python prepare.py\n    deps:\n      - ../labels/reviewed.parquet\n    outs:\n      - ../data/prepared\n  train:\n    cmd: python train.py\n    deps:\n      - ../data/prepared\n    outs:\n      - ../models/fraud_model.pkl\n',
  'scoring/dvc.yaml':
    'stages:\n  score:\n    cmd: python score.py\n    deps:\n      - ../models/fraud_model.pkl\n      - ../data/transactions.parquet\n    outs:\n      - ../predictions/flags.parquet\n',
  'review/dvc.yaml':
    'stages:\n  review_queue:\n    cmd: python queue.py\n    deps:\n      - ../predictions/flags.parquet\n    outs:\n      - ../labels/reviewed.parquet\n',
};
const loop = [
  'loops:',
  '  - name: review-labels',
  '    hops: [predictions/flags.parquet, labels/reviewed.parquet, data/prepared, models/fraud_model.pkl]',
  '    monitor: flag rate',
];
const card = (...extra: string[]) => ['system: card-fraud', ...loop, ...extra, ''].join('\n');

// Kubernetes scorer with an exploration setting: a share of traffic is decided at random.
const explorer = {
  'dvc.yaml':
    'stages:\n  train:\n    cmd: python train.py\n    deps:\n      - s3://acme/labels/reviewed.parquet\n    outs:\n      - s3://acme/models/fraud.pkl\n',
  'k8s/scorer.yaml':
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: fraud-scorer\nspec:\n  template:\n    spec:\n      containers:\n        - name: scorer\n          image: ghcr.io/acme/fraud-scorer:1.4.2\n          env:\n            - name: MODEL_URI\n              value: s3://acme/models/fraud.pkl\n            - name: PREDICTIONS_TABLE\n              value: fraud.flagged\n            - name: EXPLORATION_RATE\n              value: "0.05"\n',
  'k8s/labels.yaml':
    'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: review-labels\nspec:\n  schedule: "0 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n            - name: export-labels\n              image: ghcr.io/acme/review-export:2.0.1\n              args: [python, export.py]\n              env:\n                - name: INPUT_TABLE\n                  value: fraud.flagged\n                - name: OUTPUT_URI\n                  value: s3://acme/labels/reviewed.parquet\n',
  'mlsystem.yaml':
    'system: fraud\nloops:\n  - name: flags-to-labels\n    hops: [fraud.flagged, s3://acme/labels/reviewed.parquet, s3://acme/models/fraud.pkl]\n',
};

ruleTester(reinforcingWithoutBrake, {
  valid: [
    { name: "an undocumented loop is feedback/undocumented-loop's", files: monorepo },
    {
      name: 'the entry declares a brake',
      files: { ...monorepo, 'mlsystem.yaml': card('    brake: 5% of unflagged transactions are reviewed at random') },
    },
    { name: 'the card states the loop is balancing', files: { ...monorepo, 'mlsystem.yaml': card('    polarity: B') } },
    {
      name: 'a balancing loop through the world shares its flags stock',
      files: {
        ...monorepo,
        'mlsystem.yaml': card(
          'influences:',
          '  - from: predictions/flags.parquet',
          '    to: successful fraud attempts',
          '    sign: "-"',
          '  - from: successful fraud attempts',
          '    to: data/transactions.parquet',
          '    sign: "+"',
        ),
      },
    },
    { name: "an exploration rate on the loop's serving stage", files: explorer },
  ],
  invalid: [
    {
      name: 'a documented reinforcing loop with nothing to limit it',
      files: { ...monorepo, 'mlsystem.yaml': card() },
      errors: [
        {
          file: 'mlsystem.yaml',
          line: 3,
          message:
            /^Documented loop `review-labels` \(R1\) is reinforcing \(through 4 stages in 3 files\) and nothing limits it.*Add a `brake:`/,
          related: 8,
        },
      ],
    },
    {
      name: 'without the exploration setting',
      files: { ...explorer, 'k8s/scorer.yaml': explorer['k8s/scorer.yaml'].replace(/ {12}- name: EXPLORATION_RATE\n.*\n/, '') },
      errors: [{ file: 'mlsystem.yaml', line: 3 }],
    },
  ],
});
