import { ruleTester } from '../../../helpers/ruleTester';
import { danglingReference } from '../../../../server/src/engine/rules/config/danglingReference';

// One pipeline of a monorepo: its stages run from the repository root.
const pipeline = (name: string, key: string) => `stages:
  train:
    wdir: ../..
    cmd: python pipelines/${name}/train.py
    params:
      - pipelines/${name}/params.yaml:
          - ${key}
`;
const MONITOR = `vars:
  - PIPELINE_DIR: pipelines/monitor
stages:
  drift:
    wdir: ../..
    cmd: python \${PIPELINE_DIR}/drift.py
    params:
      - \${PIPELINE_DIR}/params.yaml:
          - \${KEY}
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
      name: 'a monorepo of pipelines whose stages run from the root (wdir: ../..)',
      files: {
        'pipelines/churn/dvc.yaml': pipeline('churn', 'train.lr'),
        'pipelines/churn/params.yaml': 'train:\n  lr: 0.1\n',
        'pipelines/fraud/dvc.yaml': pipeline('fraud', 'threshold'),
        'pipelines/fraud/params.yaml': 'threshold: 0.5\n',
      },
    },
    {
      name: 'names from vars are defined vars, not params (an unresolvable key stays unchecked)',
      files: { 'pipelines/monitor/dvc.yaml': MONITOR, 'pipelines/monitor/params.yaml': 'drift: 1\n' },
    },
    {
      name: 'a vars file not in the workspace may define what ${} names',
      files: { 'dvc.yaml': 'vars:\n  - shared.yaml\nstages:\n  s:\n    cmd: python s.py ${model.depth}\n', 'params.yaml': 'x: 1\n' },
    },
    {
      name: 'a JSON or TOML params file is never read, so its absence is not known',
      files: {
        'dvc.yaml':
          'stages:\n  s:\n    cmd: x\n    params:\n      - conf.json:\n          - depth\n      - conf.toml:\n          - depth\n',
      },
    },
    {
      name: 'foreach items name the params file',
      files: {
        'dvc.yaml':
          'stages:\n  eval:\n    foreach: [us, uk]\n    do:\n      cmd: x ${item}\n      params:\n        - conf/${item}.yaml:\n            - threshold\n',
        'conf/us.yaml': 'threshold: 1\n',
        'conf/uk.yaml': 'threshold: 2\n',
      },
    },
  ],
  invalid: [
    {
      name: 'a monorepo pipeline naming a key its own params file lacks',
      files: {
        'pipelines/churn/dvc.yaml': pipeline('churn', 'train.learning_rate'),
        'pipelines/churn/params.yaml': 'train:\n  lr: 0.1\n',
        'pipelines/fraud/dvc.yaml': pipeline('fraud', 'threshold'),
        'pipelines/fraud/params.yaml': 'threshold: 0.5\n',
      },
      errors: [
        { file: 'pipelines/churn/dvc.yaml', line: 7, message: /`train.learning_rate` is not defined in `pipelines\/churn\/params.yaml`/ },
      ],
    },
    {
      name: 'a params file named through vars, lacking the key',
      files: {
        'pipelines/monitor/dvc.yaml': MONITOR.replace('${KEY}', 'drift.threshold'),
        'pipelines/monitor/params.yaml': 'drift:\n  window: 7\n',
      },
      errors: [
        { file: 'pipelines/monitor/dvc.yaml', line: 9, message: /`drift.threshold` is not defined in `pipelines\/monitor\/params.yaml`/ },
      ],
    },
    {
      name: 'one foreach item whose params file lacks the key',
      files: {
        'dvc.yaml':
          'stages:\n  eval:\n    foreach: [us, uk]\n    do:\n      cmd: x ${item}\n      params:\n        - conf/${item}.yaml:\n            - threshold\n',
        'conf/us.yaml': 'threshold: 1\n',
        'conf/uk.yaml': 'cutoff: 2\n',
      },
      errors: [{ file: 'dvc.yaml', line: 8, message: /`threshold` is not defined in `conf\/uk.yaml`/ }],
    },
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
