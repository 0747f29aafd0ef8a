import { ruleTester } from '../../../helpers/ruleTester';
import { loopWithoutMonitor } from '../../../../server/src/engine/rules/feedback/loopWithoutMonitor';

const monorepo = {
  'training/dvc.yaml':
    'stages:\n  prepare:\n    cmd: python prepare.py\n    deps:\n      - ../labels/reviewed.parquet\n    outs:\n      - ../data/prepared\n  train:\n    cmd: python train.py\n    deps:\n      - ../data/prepared\n    outs:\n      - ../models/fraud_model.pkl\n',
  'scoring/dvc.yaml':
    'stages:\n  score:\n    cmd: python score.py\n    deps:\n      - ../models/fraud_model.pkl\n    outs:\n      - ../predictions/flags.parquet\n',
  'review/dvc.yaml':
    'stages:\n  review_queue:\n    cmd: python queue.py\n    deps:\n      - ../predictions/flags.parquet\n    outs:\n      - ../labels/reviewed.parquet\n',
};
const card = (...extra: string[]) =>
  [
    'system: card-fraud',
    'loops:',
    '  - name: review-labels',
    '    hops: [predictions/flags.parquet, labels/reviewed.parquet, data/prepared, models/fraud_model.pkl]',
    '    owner: fraud-ml',
    ...extra,
    '',
  ].join('\n');

ruleTester(loopWithoutMonitor, {
  valid: [
    { name: "an undocumented loop is feedback/undocumented-loop's", files: monorepo },
    {
      name: 'the loop entry names its monitor',
      files: { ...monorepo, 'mlsystem.yaml': card('    monitor: weekly flag rate and reviewer fraud share dashboard') },
    },
    {
      name: 'a monitor on one of its stocks',
      files: {
        ...monorepo,
        'mlsystem.yaml': card(
          'monitors:',
          '  - stock: labels/reviewed.parquet',
          '    name: label balance',
          '    checks: [fraud share per week]',
        ),
      },
    },
  ],
  invalid: [
    {
      name: 'documented, owned, braked, but watched by nobody',
      files: {
        ...monorepo,
        'mlsystem.yaml': card(
          '    brake: 5% random sample of unflagged transactions reviewed',
          'monitors:',
          '  - stock: data/transactions.parquet',
        ),
      },
      errors: [
        {
          file: 'mlsystem.yaml',
          line: 3,
          message:
            /^Documented loop `review-labels` \(R1\) has no monitor on any of its stocks \(`data\/prepared`, `models\/fraud_model.pkl`, `predictions\/flags.parquet`, `labels\/reviewed.parquet`\).*Add a `monitor:`/,
          related: 4,
        },
      ],
    },
  ],
});
