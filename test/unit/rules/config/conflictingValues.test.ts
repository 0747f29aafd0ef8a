import { ruleTester } from '../../../helpers/ruleTester';
import { conflictingValues } from '../../../../server/src/engine/rules/config/conflictingValues';

const mlproject = (lr: string) => `name: fraud-model
entry_points:
  train:
    parameters:
      learning_rate: {type: float, default: ${lr}}
      max_depth: {type: int, default: 8}
    command: "python train.py --learning-rate {learning_rate} --max-depth {max_depth}"
`;

const argo = (seed: string) => `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: fraud-train-
spec:
  entrypoint: train
  arguments:
    parameters:
      - name: seed
        value: "${seed}"
  templates:
    - name: train
      container:
        image: ghcr.io/acme/fraud-train:1.4.0
        command: [python, train.py, "--seed={{workflow.parameters.seed}}"]
`;

ruleTester(conflictingValues, {
  valid: [
    {
      name: 'one seed, referenced by every stage',
      files: { 'params.yaml': 'seed: 7\nprepare:\n  test_size: 0.2\ntrain:\n  learning_rate: 0.001\n' },
    },
    {
      name: 'training and evaluation batch sizes are different concepts',
      files: { 'params.yaml': 'train:\n  batch_size: 32\nevaluate:\n  batch_size: 256\n' },
    },
    {
      name: 'a drift threshold is not the decision threshold',
      files: { 'params.yaml': 'serve:\n  threshold: 0.83\nmonitoring:\n  drift:\n    threshold: 0.1\n' },
    },
    {
      name: 'a Hydra experiment overrides the default on purpose',
      files: {
        'configs/train.yaml': 'defaults:\n  - _self_\nseed: 42\n',
        'configs/experiment/fast.yaml': '# @package _global_\nseed: 7\n',
      },
    },
    {
      name: 'Kedro environments override base on purpose',
      files: {
        'conf/base/parameters_data_science.yml': 'model_options:\n  random_state: 3\n',
        'conf/local/parameters_data_science.yml': 'model_options:\n  random_state: 99\n',
      },
    },
    {
      name: 'unrelated repositories side by side',
      files: {
        'fraud/params.yaml': 'seed: 7\n',
        'fraud/dvc.yaml': 'stages:\n  s:\n    cmd: python s.py\n',
        'churn/params.yaml': 'seed: 42\n',
        'churn/dvc.yaml': 'stages:\n  s:\n    cmd: python s.py\n',
      },
    },
    {
      name: 'separate DVC repositories and a Kedro project in one folder, with a workflow at its root',
      files: {
        '.github/workflows/ci.yml': 'on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n',
        'vision/.dvc/config': '[core]\n    remote = storage\n',
        'vision/params.yaml': 'train:\n  batch_size: 32\n',
        'nlp/.dvc/config': '[core]\n    remote = storage\n',
        'nlp/params.yaml': 'train:\n  batch_size: 64\n',
        'spaceflights/conf/base/parameters.yml': 'train:\n  batch_size: 16\n',
        'spaceflights/src/spaceflights/settings.py': 'CONF_SOURCE = "conf"\n',
      },
    },
    {
      name: 'Python packages side by side (pyproject.toml, setup.py)',
      files: {
        'README.yaml': 'x: 1\n',
        'svc-a/pyproject.toml': '[project]\nname = "a"\n',
        'svc-a/params.yaml': 'seed: 1\n',
        'svc-b/setup.py': 'from setuptools import setup\nsetup()\n',
        'svc-b/params.yaml': 'seed: 2\n',
      },
    },
    {
      name: 'two models configured in two Kedro parameter files (their own learning rates and seeds)',
      files: {
        'conf/base/parameters/ncad.yml': 'epochs: 3\nlearning_rate: 0.0001\nseed: 5\n',
        'conf/base/parameters/taddy.yml': 'taddy:\n  epochs: 50\n  lr: 0.001\n  seed: 3\n',
      },
    },
    {
      name: 'two trainings in one params file: an Optuna trial budget and the final fine-tuning',
      files: { 'params.yaml': 'hyperparameter_optimization:\n  epochs: 10\nmodel_training_inference_conf:\n  epochs: 15\n' },
    },
    {
      name: 'Hydra task options (a cfgs/ tree) override the primary config for their task',
      files: {
        'cfgs/config.yaml': 'defaults:\n  - _self_\n  - task@_global_: quadruped_walk\nbatch_size: 256\nlr: 1e-4\n',
        'cfgs/task/walker_run.yaml': 'defaults:\n  - medium\n  - _self_\nbatch_size: 512\n',
        'cfgs/task/humanoid_run.yaml': 'lr: 8e-5\n',
      },
    },
    {
      name: 'two stages seed their own random sources (a split and a model): different settings',
      files: { 'params.yaml': 'prepare:\n  seed: 20170428\n  split: 0.2\ntrain:\n  seed: 42\n  n_est: 50\n' },
    },
    {
      name: 'the same seed value in two stages of a DVC starter params.yaml: two settings, not a copy',
      files: {
        'params.yaml':
          'prepare:\n  split: 0.20\n  seed: 20170428\n\nfeaturize:\n  max_features: 200\n  ngrams: 2\n\ntrain:\n  seed: 20170428\n  n_est: 50\n  min_split: 0.01\n',
      },
    },
    {
      name: 'templated values are not compared',
      files: { 'params.yaml': 'seed: 42\n', 'argo/train.yaml': argo('{{workflow.parameters.global_seed}}') },
    },
  ],
  invalid: [
    {
      name: 'two DVC repositories linked by a path one writes and the other reads',
      files: {
        'features/.dvc/config': '[core]\n',
        'features/dvc.yaml': 'stages:\n  build:\n    cmd: python build.py\n    outs:\n      - data/features.csv\n',
        'features/params.yaml': 'seed: 1\n',
        'model/.dvc/config': '[core]\n',
        'model/dvc.yaml': 'stages:\n  train:\n    cmd: python train.py\n    deps:\n      - ../features/data/features.csv\n',
        'model/params.yaml': 'seed: 2\n',
      },
      errors: [{ file: 'model/params.yaml', line: 1, message: /`seed` is 2 here, but the same parameter is 1 in `features\/params.yaml`/ }],
    },
    {
      name: 'pipelines of one DVC monorepo are one project',
      files: {
        '.dvc/config': '[core]\n',
        'pipelines/churn/dvc.yaml': 'stages:\n  s:\n    cmd: python s.py\n',
        'pipelines/churn/params.yaml': 'seed: 1\n',
        'pipelines/fraud/dvc.yaml': 'stages:\n  s:\n    cmd: python s.py\n',
        'pipelines/fraud/params.yaml': 'seed: 2\n',
      },
      errors: [{ file: 'pipelines/fraud/params.yaml', line: 1, message: /`seed` is 2 here/ }],
    },
    {
      name: 'an MLproject default differs from params.yaml, another copies it',
      files: { 'params.yaml': 'train:\n  learning_rate: 0.001\n  max_depth: 8\n', MLproject: mlproject('0.01') },
      errors: [
        {
          file: 'MLproject',
          line: 5,
          severity: 'warning',
          related: 1,
          message:
            /`entry_points.train.parameters.learning_rate` is 0.01 here, but the same parameter is 0.001 in `params.yaml` \(`train.learning_rate`\)/,
        },
        {
          file: 'MLproject',
          line: 6,
          severity: 'info',
          related: 1,
          message: /`entry_points.train.parameters.max_depth` repeats the value 8 of `train.max_depth` \(params.yaml\)/,
        },
      ],
    },
    {
      name: 'an Argo workflow seeds differently from params.yaml',
      files: { 'params.yaml': 'seed: 42\n', 'argo/train.yaml': argo('1') },
      errors: [
        {
          file: 'argo/train.yaml',
          line: 10,
          message: /`spec.arguments.parameters.seed` is `1` here, but the same parameter is 42 in `params.yaml` \(`seed`\)/,
        },
      ],
    },
  ],
});
