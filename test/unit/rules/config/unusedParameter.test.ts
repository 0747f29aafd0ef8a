import { ruleTester } from '../../../helpers/ruleTester';
import { unusedParameter } from '../../../../server/src/engine/rules/config/unusedParameter';

const dvc = `stages:
  prepare:
    cmd: python src/prepare.py
    deps:
      - src/prepare.py
    params:
      - prepare
    outs:
      - data/prepared
  train:
    cmd: python src/train.py --seed \${seed}
    deps:
      - src/train.py
      - data/prepared
    params:
      - train.n_estimators
    outs:
      - model.pkl
`;

const params =
  'seed: 7\nprepare:\n  test_size: 0.2\ntrain:\n  n_estimators: 400\n  dropout: 0.3\nlegacy:\n  smote_ratio: 0.5\n  oversample: true\n';
const scripts = {
  'src/prepare.py': 'import sys\nprint(sys.argv)\n',
  'src/train.py': 'import argparse\nparser = argparse.ArgumentParser()\n',
};

const kedroPipeline = `from kedro.pipeline import Pipeline, node, pipeline

from .nodes import evaluate_model, split_data, train_model


def create_pipeline(**kwargs) -> Pipeline:
    return pipeline([
        node(func=split_data, inputs=["model_input_table", "params:model_options"], outputs=["X_train", "X_test", "y_train", "y_test"], name="split_data_node"),
        node(func=train_model, inputs=["X_train", "y_train"], outputs="regressor", name="train_model_node"),
    ])
`;

ruleTester(unusedParameter, {
  valid: [
    {
      name: 'every key is listed, interpolated or inside a listed section',
      files: { 'dvc.yaml': dvc, 'params.yaml': 'seed: 7\nprepare:\n  test_size: 0.2\ntrain:\n  n_estimators: 400\n', ...scripts },
    },
    { name: 'a stage script Loopwise cannot see may read the file', files: { 'dvc.yaml': dvc, 'params.yaml': params } },
    {
      name: 'a stage script loads params.yaml itself and mentions the key',
      files: {
        'dvc.yaml': dvc,
        'params.yaml': params,
        ...scripts,
        'src/train.py':
          'import yaml\nparams = yaml.safe_load(open("params.yaml"))\ndropout = params["train"]["dropout"]\nratio = params["legacy"]["smote_ratio"]\noversample = params["legacy"]["oversample"]\n',
      },
    },
    {
      name: 'a stage depends on the whole params file',
      files: { 'dvc.yaml': dvc.replace('      - train.n_estimators\n', '      - params.yaml:\n'), 'params.yaml': params, ...scripts },
    },
    { name: 'params.yaml that no DVC stage tracks is read by code, not DVC', files: { 'params.yaml': params } },
    {
      name: 'Kedro parameters of a pipeline that is not in the workspace',
      files: { 'conf/base/parameters_data_science.yml': 'model_options:\n  test_size: 0.2\n  random_state: 3\n' },
    },
    {
      name: 'Kedro parameters taken as a section',
      files: {
        'conf/base/parameters_data_science.yml': 'model_options:\n  test_size: 0.2\n  random_state: 3\n',
        'src/spaceflights/pipelines/data_science/pipeline.py': kedroPipeline,
      },
    },
    {
      name: 'the same pipeline name in another Kedro project takes nothing from this one',
      files: {
        'shop/conf/base/parameters.yml': 'x: 1\n',
        'shop/src/shop/settings.py': 'CONF_SOURCE = "conf"\n',
        'shop/src/shop/pipelines/data_science/pipeline.py': kedroPipeline,
        'rides/conf/base/parameters_data_science.yml': 'model_options:\n  test_size: 0.2\nshap_sample_size: 500\n',
        'rides/src/rides/settings.py': 'CONF_SOURCE = "conf"\n',
      },
    },
    {
      name: 'a params file read only as DVC vars is not tracked by DVC, so its keys are not judged',
      files: {
        'params.yaml': 'paths:\n  data: data\nlegacy: 1\n',
        'pipelines/a/dvc.yaml':
          'vars:\n  - ../../params.yaml\nstages:\n  s:\n    wdir: ../..\n    cmd: python src/prepare.py ${paths.data}\n',
        ...scripts,
      },
    },
  ],
  invalid: [
    {
      name: 'a monorepo pipeline whose scripts run from the root (wdir: ../..)',
      files: {
        'pipelines/a/dvc.yaml':
          'stages:\n  s:\n    wdir: ../..\n    cmd: python src/prepare.py\n    params:\n      - pipelines/a/params.yaml:\n          - seed\n',
        'pipelines/a/params.yaml': 'seed: 1\nlegacy: 2\n',
        ...scripts,
      },
      errors: [{ file: 'pipelines/a/params.yaml', line: 2, message: /`legacy` in params.yaml is read by no stage/ }],
    },
    {
      name: 'params.yaml keys no stage uses (one finding per unused section)',
      files: { 'dvc.yaml': dvc, 'params.yaml': params, ...scripts },
      errors: [
        { file: 'params.yaml', line: 6, severity: 'info', message: /`train.dropout` in params.yaml is read by no stage/ },
        { file: 'params.yaml', line: 7, message: /`legacy` in params.yaml is read by no stage/ },
      ],
    },
    {
      name: 'a Kedro parameter no node takes',
      files: {
        'conf/base/parameters_data_science.yml': 'model_options:\n  test_size: 0.2\n  random_state: 3\nshap_sample_size: 500\n',
        'src/spaceflights/pipelines/data_science/pipeline.py': kedroPipeline,
      },
      errors: [
        {
          file: 'conf/base/parameters_data_science.yml',
          line: 4,
          message: /`shap_sample_size` in parameters_data_science.yml is taken by no node of pipeline `data_science`/,
        },
      ],
    },
    {
      name: 'an MLproject parameter its command never uses',
      files: {
        MLproject:
          'name: cifar10\nentry_points:\n  main:\n    parameters:\n      epochs: {type: int, default: 10}\n      batch_size: {type: int, default: 32}\n      dropout: {type: float, default: 0.2}\n    command: "python -m main --epochs {epochs} --batch_size {batch_size}"\n',
      },
      errors: [{ file: 'MLproject', line: 7, message: /Parameter `dropout` of entry point `main` is not used in its command/ }],
    },
  ],
});
