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
