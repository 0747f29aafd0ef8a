import { ruleTester } from '../../../helpers/ruleTester';
import { loopSpansTeams } from '../../../../server/src/engine/rules/ownership/loopSpansTeams';

// Training (fraud-ml), scoring (ml-platform) and the review queue (fraud-ops) in their own folders.
const monorepo = {
  'training/dvc.yaml':
    'stages:\n  prepare:\n    cmd: python prepare.py\n    deps:\n      - ../labels/reviewed.parquet\n    outs:\n      - ../data/prepared\n  train:\n    cmd: python train.py\n    deps:\n      - ../data/prepared\n    outs:\n      - ../models/fraud_model.pkl\n',
  'scoring/dvc.yaml':
    'stages:\n  score:\n    cmd: python score.py\n    deps:\n      - ../models/fraud_model.pkl\n    outs:\n      - ../predictions/flags.parquet\n',
  'review/dvc.yaml':
    'stages:\n  review_queue:\n    cmd: python queue.py\n    deps:\n      - ../predictions/flags.parquet\n    outs:\n      - ../labels/reviewed.parquet\n',
};
const codeowners = '/training/ @acme/fraud-ml\n/scoring/ @acme/ml-platform\n/review/ @acme/fraud-ops\n';
const teams = [
  'teams:',
  '  - name: fraud-ml',
  '    role: research',
  '    members: ["@acme/fraud-ml"]',
  '  - name: ml-platform',
  '    role: [mlops, platform]',
  '    members: ["@acme/ml-platform"]',
  '  - name: fraud-ops',
  '    role: review',
  '    members: ["@acme/fraud-ops"]',
];
const card = (...loopExtra: string[]) =>
  [
    'system: card-fraud',
    ...teams,
    'loops:',
    '  - name: review-labels',
    '    hops: [predictions/flags.parquet, labels/reviewed.parquet, data/prepared, models/fraud_model.pkl]',
    '    monitor: flag rate',
    ...loopExtra,
    '',
  ].join('\n');

ruleTester(loopSpansTeams, {
  valid: [
    { name: "an undocumented loop is feedback/undocumented-loop's", files: { ...monorepo, '.github/CODEOWNERS': codeowners } },
    {
      name: 'the entry names the accountable team',
      files: { ...monorepo, '.github/CODEOWNERS': codeowners, 'mlsystem.yaml': card('    owner: fraud-ml') },
    },
    {
      name: 'one team owns every part of the loop',
      files: { ...monorepo, '.github/CODEOWNERS': '* @acme/fraud-ml\n', 'mlsystem.yaml': card() },
    },
    { name: 'nobody states ownership at all (ownership/unowned territory)', files: { ...monorepo, 'mlsystem.yaml': card() } },
  ],
  invalid: [
    {
      name: 'the reviewer-label loop crosses three teams with no owner',
      files: { ...monorepo, '.github/CODEOWNERS': codeowners, 'mlsystem.yaml': card() },
      errors: [
        {
          file: 'mlsystem.yaml',
          line: 13,
          message:
            /^Documented loop `review-labels` \(R1\) crosses 3 teams \(fraud-ml, ml-platform, fraud-ops\) but names no owner.*Set `owner:`/,
          related: 3,
        },
      ],
    },
    {
      name: 'CODEOWNERS handles without card teams still tell teams apart',
      files: {
        ...monorepo,
        '.github/CODEOWNERS': codeowners,
        'mlsystem.yaml':
          'system: card-fraud\nloops:\n  - name: review-labels\n    hops: [predictions/flags.parquet, labels/reviewed.parquet, data/prepared, models/fraud_model.pkl]\n',
      },
      errors: [{ file: 'mlsystem.yaml', line: 3, message: /crosses 3 teams \(@acme\/fraud-ml, @acme\/ml-platform, @acme\/fraud-ops\)/ }],
    },
  ],
});
