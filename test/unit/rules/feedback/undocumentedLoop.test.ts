import { ruleTester } from '../../../helpers/ruleTester';
import { undocumentedLoop } from '../../../../server/src/engine/rules/feedback/undocumentedLoop';

const dvc = [
  'stages:',
  '  train:',
  '    cmd: python train.py',
  '    deps:',
  '      - data/labels.csv',
  '    outs:',
  '      - model.pkl',
  '  score:',
  '    cmd: python score.py',
  '    deps:',
  '      - model.pkl',
  '    outs:',
  '      - data/flags.csv',
  '  review:',
  '    cmd: python review.py',
  '    deps:',
  '      - data/flags.csv',
  '    outs:',
  '      - data/labels.csv',
  '',
].join('\n');

ruleTester(undocumentedLoop, {
  valid: [
    {
      name: 'a pipeline without a loop',
      files: {
        'dvc.yaml': 'stages:\n  a:\n    cmd: python a.py\n    outs:\n      - a.csv\n  b:\n    cmd: python b.py\n    deps:\n      - a.csv\n',
      },
    },
    {
      name: 'a loop the card documents (any order, stocks only)',
      files: {
        'dvc.yaml': dvc,
        'mlsystem.yaml': 'loops:\n  - name: review-labels\n    hops: [data/flags.csv, model.pkl, data/labels.csv]\n',
      },
    },
  ],
  invalid: [
    {
      name: 'the review-label loop',
      files: { 'dvc.yaml': dvc },
      errors: [
        {
          file: 'dvc.yaml',
          line: 5,
          message:
            /Undocumented reinforcing feedback loop R1: data\/labels.csv → train \(dvc.yaml\) → model.pkl → score \(dvc.yaml\) → data\/flags.csv → review \(dvc.yaml\) → data\/labels.csv/,
          related: 6,
        },
      ],
    },
    {
      name: 'a card entry that misses a stock does not document the loop',
      files: { 'dvc.yaml': dvc, 'mlsystem.yaml': 'loops:\n  - name: partial\n    hops: [data/flags.csv, model.pkl]\n' },
      errors: [{ file: 'dvc.yaml', line: 5 }],
    },
    {
      name: 'a negative influence in the card makes it balancing',
      files: {
        'dvc.yaml': dvc,
        'mlsystem.yaml':
          'influences:\n  - from: data/flags.csv\n    to: fraudsters\n    sign: "-"\n  - from: fraudsters\n    to: data/labels.csv\n    sign: "+"\n',
      },
      errors: [
        { file: 'dvc.yaml', line: 5, message: /reinforcing feedback loop R1/ },
        {
          file: 'dvc.yaml',
          line: 5,
          message:
            /balancing feedback loop B1: data\/labels.csv → train \(dvc.yaml\) → model.pkl → score \(dvc.yaml\) → data\/flags.csv → fraudsters → data\/labels.csv/,
        },
      ],
    },
  ],
});
