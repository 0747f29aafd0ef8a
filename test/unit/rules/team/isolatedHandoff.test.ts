import { ruleTester } from '../../../helpers/ruleTester';
import { isolatedHandoff } from '../../../../server/src/engine/rules/team/isolatedHandoff';

// data-eng computes features in one DVC project, fraud-ml trains on them in another.
const features =
  'stages:\n  build_features:\n    cmd: python build.py\n    deps:\n      - ../data/transactions.parquet\n    outs:\n      - ../data/features.parquet\n';
const training =
  'stages:\n  train:\n    cmd: python train.py\n    deps:\n      - ../data/features.parquet\n    outs:\n      - ../models/fraud_model.pkl\n';
const repo = {
  'features/dvc.yaml': features,
  'training/dvc.yaml': training,
  '.github/CODEOWNERS': '/features/ @acme/data-eng\n/training/ @acme/fraud-ml\n',
};
const teams =
  'teams:\n  - name: data-eng\n    role: data\n    members: ["@acme/data-eng"]\n  - name: fraud-ml\n    role: research\n    members: ["@acme/fraud-ml"]\n';

// The same hand-off from a Kubernetes CronJob to DVC crosses orchestrators: another rule's.
const cron =
  'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: features\nspec:\n  schedule: "0 2 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n            - name: build-features\n              image: ghcr.io/acme/features:1.0.0\n              args: [python, build.py]\n              env:\n                - name: OUTPUT_URI\n                  value: s3://acme/features/daily.parquet\n';

ruleTester(isolatedHandoff, {
  valid: [
    {
      name: 'a contract in the card',
      files: {
        ...repo,
        'mlsystem.yaml': `system: fraud\n${teams}contracts:\n  - artifact: data/features.parquet\n    producer: data-eng\n    consumer: fraud-ml\n    schema: schemas/features.json\n`,
      },
    },
    {
      name: 'the artifact has its own owner in the card',
      files: { ...repo, 'mlsystem.yaml': `system: fraud\n${teams}owners:\n  - artifact: data/features.parquet\n    team: data-eng\n` },
    },
    { name: 'one team on both sides', files: { ...repo, '.github/CODEOWNERS': '* @acme/fraud-ml\n' } },
    { name: 'no ownership stated', files: { 'features/dvc.yaml': features, 'training/dvc.yaml': training } },
    {
      name: 'between orchestrators (pipeline/cross-orchestrator-handoff)',
      files: {
        'k8s/features.yaml': cron,
        'training/dvc.yaml': training.replace('../data/features.parquet', 's3://acme/features/daily.parquet'),
        '.github/CODEOWNERS': '/k8s/ @acme/data-eng\n/training/ @acme/fraud-ml\n',
      },
    },
  ],
  invalid: [
    {
      name: 'features handed from data-eng to fraud-ml with no contract',
      files: { ...repo, 'mlsystem.yaml': `system: fraud\n${teams}` },
      errors: [
        {
          file: 'training/dvc.yaml',
          line: 5,
          message:
            /^`data\/features.parquet` is produced by team data-eng \(stage `build_features` \(features\/dvc.yaml\)\) and read by team fraud-ml \(stage `train` \(training\/dvc.yaml\)\) with no contract or shared owner.*`contracts:`/,
          related: 1,
        },
      ],
    },
    {
      name: 'CODEOWNERS handles alone are enough to see two teams',
      files: repo,
      errors: [{ file: 'training/dvc.yaml', line: 5, message: /team @acme\/data-eng .* team @acme\/fraud-ml/ }],
    },
  ],
});
