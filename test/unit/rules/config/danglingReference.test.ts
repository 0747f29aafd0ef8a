import { ruleTester } from '../../../helpers/ruleTester';
import { danglingReference } from '../../../../server/src/engine/rules/config/danglingReference';

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
  ],
  invalid: [
    {
      name: 'a renamed param with a suggestion',
      files: { 'dvc.yaml': dvc('      - train.learning_rate\n'), 'params.yaml': 'train:\n  lr: 0.1\n  learning_rat: 2\n' },
      errors: [
        {
          file: 'dvc.yaml',
          line: 5,
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
