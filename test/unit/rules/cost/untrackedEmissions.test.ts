import { ruleTester } from '../../../helpers/ruleTester';
import { untrackedEmissions } from '../../../../server/src/engine/rules/cost/untrackedEmissions';

const dvc = [
  'stages:',
  '  prepare:',
  '    cmd: python prepare.py',
  '    deps:',
  '      - data/raw.parquet',
  '    outs:',
  '      - data/prepared',
  '  train:',
  '    cmd: python train.py',
  '    deps:',
  '      - data/prepared',
  '    outs:',
  '      - models/model.pkl',
  '',
].join('\n');
const retrain =
  'name: retrain\non:\n  schedule:\n    - cron: "0 4 * * 1"\njobs:\n  retrain:\n    runs-on: ubuntu-22.04\n    steps:\n      - uses: actions/checkout@v4\n      - run: dvc repro\n';

ruleTester(untrackedEmissions, {
  valid: [
    { name: 'no card: a finding on every repository that trains would be noise', files: { 'dvc.yaml': dvc } },
    {
      name: 'emissions tracked',
      files: { 'dvc.yaml': dvc, 'mlsystem.yaml': 'system: s\nemissions:\n  tracked: true\n  tool: codecarbon\n' },
    },
    {
      name: 'no training stage',
      files: {
        'dvc.yaml': 'stages:\n  prepare:\n    cmd: python prepare.py\n    outs:\n      - data/prepared\n',
        'mlsystem.yaml': 'system: s\n',
      },
    },
  ],
  invalid: [
    {
      name: 'a card that says nothing about emissions',
      files: { 'dvc.yaml': dvc, 'mlsystem.yaml': 'system: s\n' },
      errors: [
        {
          file: 'dvc.yaml',
          line: 8,
          severity: 'info',
          related: 0,
          message:
            /^Training runs here \(stage `train` \(dvc.yaml\)\) but mlsystem.yaml declares no emissions tracking.*`emissions: \{tracked: true/,
        },
      ],
    },
    {
      name: 'tracking declared off',
      files: { 'dvc.yaml': dvc, 'mlsystem.yaml': 'system: s\nemissions:\n  tracked: false\n' },
      errors: [{ file: 'dvc.yaml', line: 8, related: 1 }],
    },
    {
      name: 'once per workspace, at the stage that fits the model',
      files: { 'dvc.yaml': dvc, '.github/workflows/retrain.yml': retrain, 'mlsystem.yaml': 'system: s\n' },
      errors: [{ file: 'dvc.yaml', line: 8, message: /stage `train` \(dvc.yaml\) and 1 other training stage/ }],
    },
  ],
});
