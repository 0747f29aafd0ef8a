import { ruleTester } from '../../../helpers/ruleTester';
import { unseededTraining } from '../../../../server/src/engine/rules/config/unseededTraining';

const dvc = (params: string[], cmd = 'python src/train.py data/prepared models/model.pkl', deps: string[] = []) => `stages:
  train:
    cmd: ${cmd}
    deps:
      - src/train.py
      - data/prepared
${deps.map((d) => `      - ${d}\n`).join('')}    params:
${params.map((p) => `      - ${p}\n`).join('')}    outs:
      - models/model.pkl
`;

const params = 'seed: 7\ntrain:\n  n_estimators: 400\n  max_depth: 8\n';

const argo = (args: string) => `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: finetune-
spec:
  entrypoint: train
  arguments:
    parameters:
      - name: epochs
        value: "3"
  templates:
    - name: train
      inputs:
        parameters:
          - name: epochs
      container:
        image: ghcr.io/acme/finetune:1.2.0
        command: [python, finetune.py]
        args: [${args}]
`;

ruleTester(unseededTraining, {
  valid: [
    { name: 'the stage lists the seed', files: { 'dvc.yaml': dvc(['seed', 'train.n_estimators']), 'params.yaml': params } },
    {
      name: 'the stage lists a section holding the seed',
      files: { 'dvc.yaml': dvc(['train']), 'params.yaml': 'train:\n  random_state: 42\n  n_estimators: 400\n' },
    },
    {
      name: 'the command passes a seed',
      files: {
        'dvc.yaml': dvc(['train.n_estimators'], 'python src/train.py --seed 7 data/prepared models/model.pkl'),
        'params.yaml': params,
      },
    },
    {
      name: 'a Hydra config it reads sets the seed',
      files: {
        'dvc.yaml': dvc(['train.n_estimators'], undefined, ['configs/train.yaml']),
        'params.yaml': params,
        'configs/train.yaml': 'defaults:\n  - _self_\nseed: 12345\n',
      },
    },
    {
      name: 'a stage whose parameters Loopwise cannot see is not judged',
      files: {
        '.github/workflows/train.yml': 'on: push\njobs:\n  train:\n    runs-on: ubuntu-22.04\n    steps:\n      - run: python train.py\n',
      },
    },
    {
      name: 'a seed in an inline script',
      files: {
        'argo/finetune.yaml': argo(
          '"--epochs={{inputs.parameters.epochs}}", "--random_state=42", "--base_model_uri=s3://acme-models/bert-base/v4"',
        ),
      },
    },
    {
      name: 'a LightningCLI config the command passes (and the stage depends on) sets seed_everything',
      files: {
        'dvc.yaml': dvc(['config/fit.yaml:\n          - model'], 'python -m pkg fit --config config/fit.yaml', ['config/fit.yaml']),
        'config/fit.yaml': 'seed_everything: 1234\nmodel:\n  lr: 0.001\n',
      },
    },
    {
      name: 'the script the command runs seeds its random sources itself',
      files: {
        'pipelines/dvc.yaml': dvc(['train.n_estimators'], 'python src/train.py').replace('    cmd:', '    wdir: ..\n    cmd:'),
        'params.yaml': params,
        'src/train.py': 'import random\nimport torch\n\nSEED = 0\nrandom.seed(SEED)\ntorch.manual_seed(SEED)\n',
      },
    },
  ],
  invalid: [
    {
      name: 'the script seeds only in a comment, or with None',
      files: {
        'dvc.yaml': dvc(['train.n_estimators'], 'python src/train.py'),
        'params.yaml': params,
        'src/train.py': 'import random\n# random.seed(0) for debugging\nrandom.seed(None)\n',
      },
      errors: [{ file: 'dvc.yaml', line: 2, severity: 'warning', message: /Training stage `train` is not reproducible/ }],
    },
    {
      name: 'a random forest trained with no seed',
      files: { 'dvc.yaml': dvc(['train.n_estimators', 'train.max_depth']), 'params.yaml': params },
      errors: [
        {
          file: 'dvc.yaml',
          line: 2,
          severity: 'warning',
          message:
            /Training stage `train` is not reproducible: none of its parameters \(`train.n_estimators`, `train.max_depth`\) is a random seed/,
        },
      ],
    },
    {
      name: 'the Hydra config it reads leaves the seed null',
      files: {
        'dvc.yaml': dvc(['train.n_estimators'], undefined, ['configs/train.yaml']),
        'params.yaml': params,
        'configs/train.yaml': 'defaults:\n  - _self_\nseed: null\n',
      },
      errors: [{ file: 'dvc.yaml', line: 2, message: /is not a random seed|is a random seed and its command passes none/ }],
    },
    {
      name: 'a section holding `seed: null` brings no seed along',
      files: { 'dvc.yaml': dvc(['train']), 'params.yaml': 'train:\n  seed: null\n  epochs: 2000\n' },
      errors: [{ file: 'dvc.yaml', line: 2, message: /none of its parameters \(`train`\) is a random seed/ }],
    },
    {
      name: 'a LightningCLI config with seed_everything: null',
      files: {
        'dvc.yaml': dvc(['config/fit.yaml:\n          - model'], 'python -m pkg fit --config config/fit.yaml', ['config/fit.yaml']),
        'config/fit.yaml': 'seed_everything: null\nmodel:\n  lr: 0.001\n',
      },
      errors: [{ file: 'dvc.yaml', line: 2, message: /is not reproducible/ }],
    },
    {
      name: 'an MLflow training entry point with no seed parameter',
      files: {
        MLproject:
          'name: churn\nentry_points:\n  train:\n    parameters:\n      epochs: {type: int, default: 10}\n      learning_rate: {type: float, default: 0.001}\n    command: "python train.py --epochs {epochs} --lr {learning_rate}"\n',
      },
      errors: [{ file: 'MLproject', line: 3, message: /none of its parameters \(`epochs`, `learning_rate`\) is a random seed/ }],
    },
    {
      name: 'fine-tuning from a moving base model',
      files: {
        'argo/finetune.yaml': argo(
          '"--epochs={{inputs.parameters.epochs}}", "--seed=42", "--base_model_uri=s3://acme-models/bert-base/latest"',
        ),
      },
      errors: [
        {
          file: 'argo/finetune.yaml',
          line: 12,
          related: 1,
          message: /it trains on `s3:\/\/acme-models\/bert-base` at `latest`, which moves between runs/,
        },
      ],
    },
  ],
});
