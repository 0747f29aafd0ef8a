import { ruleTester } from '../../../helpers/ruleTester';
import { selfLabeling } from '../../../../server/src/engine/rules/feedback/selfLabeling';

// A fraud-detection monorepo: training, batch scoring and the review queue in their own folders.
const training = [
  'stages:',
  '  prepare:',
  '    cmd: python prepare.py --labels ../labels/reviewed.parquet --out ../data/prepared',
  '    deps:',
  '      - prepare.py',
  '      - ../labels/reviewed.parquet',
  '    outs:',
  '      - ../data/prepared',
  '  train:',
  '    cmd: python train.py ../data/prepared ../models/fraud_model.pkl',
  '    deps:',
  '      - train.py',
  '      - ../data/prepared',
  '    outs:',
  '      - ../models/fraud_model.pkl',
  '',
].join('\n');
const scoring = [
  'stages:',
  '  score:',
  '    cmd: python score.py',
  '    deps:',
  '      - score.py',
  '      - ../models/fraud_model.pkl',
  '      - ../data/transactions.parquet',
  '    outs:',
  '      - ../predictions/flags.parquet',
  '',
].join('\n');
const review = [
  'stages:',
  '  review_queue:',
  '    cmd: python queue.py',
  '    deps:',
  '      - ../predictions/flags.parquet',
  '    outs:',
  '      - ../labels/reviewed.parquet',
  '',
].join('\n');
const monorepo = { 'training/dvc.yaml': training, 'scoring/dvc.yaml': scoring, 'review/dvc.yaml': review };
const documented = (brake: string) =>
  `system: card-fraud\nloops:\n  - name: review-labels\n    hops: [predictions/flags.parquet, labels/reviewed.parquet, data/prepared, models/fraud_model.pkl]\n    brake: ${brake}\n`;

// The same loop across formats: DVC trains, a workflow publishes, a Kubernetes Deployment
// scores online, an hourly CronJob exports reviewer decisions as labels.
const multiFormat = {
  'dvc.yaml':
    'stages:\n  prepare:\n    cmd: python src/prepare.py\n    deps:\n      - s3://acme-fraud/labels/reviewed.parquet\n    outs:\n      - data/prepared\n  train:\n    cmd: python src/train.py\n    deps:\n      - data/prepared\n    outs:\n      - models/fraud_model.pkl\n',
  '.github/workflows/deploy.yml':
    'name: deploy-model\non:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-22.04\n    steps:\n      - uses: actions/checkout@v4\n      - name: Publish the model\n        run: aws s3 cp models/fraud_model.pkl s3://acme-fraud/models/v3/model.pkl\n',
  'k8s/scorer.yaml':
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: fraud-scorer\nspec:\n  template:\n    spec:\n      containers:\n        - name: scorer\n          image: ghcr.io/acme/fraud-scorer:1.4.2\n          env:\n            - name: MODEL_URI\n              value: s3://acme-fraud/models/v3/model.pkl\n            - name: PREDICTIONS_TABLE\n              value: fraud.flagged_transactions\n',
  'k8s/review-labels.yaml':
    'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: review-labels\nspec:\n  schedule: "0 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n            - name: export-review-labels\n              image: ghcr.io/acme/review-export:2.0.1\n              args: [python, export.py]\n              env:\n                - name: INPUT_TABLE\n                  value: fraud.flagged_transactions\n                - name: OUTPUT_URI\n                  value: s3://acme-fraud/labels/reviewed.parquet\n',
};

ruleTester(selfLabeling, {
  valid: [
    { name: 'reviewer labels that never feed training', files: { 'scoring/dvc.yaml': scoring, 'review/dvc.yaml': review } },
    {
      name: 'a documented brake that labels a random sample of unflagged items',
      files: { ...monorepo, 'mlsystem.yaml': documented('"5% of unflagged transactions are sampled at random for review"') },
    },
    {
      name: 'a documented exploration brake',
      files: { ...monorepo, 'mlsystem.yaml': documented('epsilon-greedy exploration on the review threshold') },
    },
    {
      name: 'predictions fed back as features, with no labelling step, are another loop kind',
      files: {
        'dvc.yaml':
          'stages:\n  features:\n    cmd: python features.py\n    deps:\n      - predictions/scores.parquet\n    outs:\n      - data/features.parquet\n  train:\n    cmd: python train.py\n    deps:\n      - data/features.parquet\n    outs:\n      - models/model.pkl\n  score:\n    cmd: python score.py\n    deps:\n      - models/model.pkl\n    outs:\n      - predictions/scores.parquet\n',
      },
    },
  ],
  invalid: [
    {
      name: 'flagged transactions → review → labels → training (three DVC files)',
      files: monorepo,
      errors: [
        {
          file: 'review/dvc.yaml',
          line: 5,
          severity: 'warning',
          related: 3,
          message:
            /Self-labeling loop R1: `predictions\/flags.parquet` from serving stage `score` \(scoring\/dvc.yaml\) decides which items reach stage `review_queue` \(review\/dvc.yaml\), whose labels `labels\/reviewed.parquet` train stage `train` \(training\/dvc.yaml\).*random sample/,
        },
      ],
    },
    {
      name: 'a documented loop whose brake does not break the selection',
      files: { ...monorepo, 'mlsystem.yaml': documented('retrain at most once a week') },
      errors: [{ file: 'review/dvc.yaml', line: 5 }],
    },
    {
      name: 'across DVC, GitHub Actions and Kubernetes: the review export reads what the online scorer flags',
      files: multiFormat,
      errors: [
        {
          file: 'k8s/review-labels.yaml',
          line: 17,
          message:
            /`fraud.flagged_transactions` from serving stage `scorer` \(k8s\/scorer.yaml\).*stage `export-review-labels`.*`s3:\/\/acme-fraud\/labels\/reviewed.parquet` train stage `train` \(dvc.yaml\)/,
        },
      ],
    },
    {
      name: 'outcomes only for approved loans (approvals → repayments → labels)',
      files: {
        'dvc.yaml':
          'stages:\n  train:\n    cmd: python train.py\n    deps:\n      - labels/repayments.parquet\n    outs:\n      - models/credit.pkl\n  score_applications:\n    cmd: python score.py\n    deps:\n      - models/credit.pkl\n    outs:\n      - decisions/approved.parquet\n  collect_repayments:\n    cmd: python repayments.py\n    deps:\n      - decisions/approved.parquet\n    outs:\n      - labels/repayments.parquet\n',
      },
      errors: [
        {
          file: 'dvc.yaml',
          line: 17,
          message: /`decisions\/approved.parquet` from serving stage `score_applications`.*stage `collect_repayments`/,
        },
      ],
    },
    {
      name: 'two cycles through the same review hop are reported once',
      files: {
        ...monorepo,
        'training/dvc.yaml': `${training}  calibrate:\n    cmd: python calibrate.py\n    deps:\n      - ../data/prepared\n    outs:\n      - ../models/calibrator.pkl\n`,
        'scoring/dvc.yaml': scoring.replace(
          '      - ../data/transactions.parquet\n',
          '      - ../data/transactions.parquet\n      - ../models/calibrator.pkl\n',
        ),
      },
      errors: [{ file: 'review/dvc.yaml', line: 5 }],
    },
  ],
});
