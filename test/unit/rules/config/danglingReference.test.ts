import { ruleTester } from '../../../helpers/ruleTester';
import { danglingReference } from '../../../../server/src/engine/rules/config/danglingReference';

const feastRepo = `from datetime import timedelta

from feast import Entity, FeatureService, FeatureView, Field, FileSource
from feast.types import Float32

card = Entity(name="card", join_keys=["card_id"])

transaction_features = FeatureView(
    name="transaction_features",
    entities=[card],
    ttl=timedelta(days=1),
    schema=[Field(name="amount_zscore", dtype=Float32), Field(name="merchant_risk_score", dtype=Float32)],
    source=FileSource(path="data/transactions.parquet", timestamp_field="ts"),
)
`;

/** A KServe transformer whose `--feature_refs` setting names `ref`. */
const transformer = (ref: string) => `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: fraud
spec:
  predictor:
    model:
      modelFormat:
        name: sklearn
      storageUri: s3://models/fraud/v3
  transformer:
    containers:
      - name: kserve-container
        image: ghcr.io/acme/fraud-transformer:2.3.1
        args:
          - --feature_refs=${ref}
`;

const hydraTrain = (lr: string) => `defaults:
  - _self_
optim:
  lr: 0.001
model:
  lr: ${lr}
`;
// Kedro projects, after spaceflights and real modular pipelines (namespaces, `parameters=` maps).
const DS = 'src/spaceflights/pipelines/data_science/pipeline.py';
const kedroNodes = (inputs: string, wrap = (nodes: string) => `pipeline([${nodes}])`) =>
  `from kedro.pipeline import Pipeline, node, pipeline\n\ndef create_pipeline(**kwargs) -> Pipeline:\n    base = pipeline([node(split_data, [${inputs}], ["X", "y"], name="split")])\n    return ${wrap('base')}\n`;
const OPTIONS = 'model_options:\n  test_size: 0.2\n  random_state: 3\n';

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
      name: 'argo: a workflow parameter the spec does not declare comes from `argo submit -p`, which no workspace file holds',
      files: {
        'argo/integration.yaml':
          'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  generateName: integration-test-\nspec:\n  entrypoint: main\n  arguments:\n    parameters:\n      - name: tag\n        value: v1\n  templates:\n    - name: main\n      container:\n        image: ghcr.io/acme/run:1.0.0\n        args: ["{{workflow.parameters.bucket}}", "{{workflow.parameters.tag}}"]\n',
      },
    },
    {
      name: 'every param exists',
      files: { 'dvc.yaml': dvc('      - train.lr\n      - seed\n'), 'params.yaml': 'seed: 1\ntrain:\n  lr: 0.1\n' },
    },
    {
      name: 'kedro: a parameters file that does not parse: names that may be defined there are not judged (its syntax error is reported)',
      files: {
        [DS]: kedroNodes('"params:window"'),
        'conf/base/parameters.yml': OPTIONS,
        'conf/base/parameters_ds.yml': 'features: [lag_1, lag_7\n',
      },
    },
    {
      name: 'kedro: a module that returns a dict of namespaced pipelines (the namespace still prefixes its params)',
      files: {
        [DS]: 'from kedro.pipeline import node, pipeline\n\ndef create_pipeline(**kwargs) -> dict:\n    combine = pipeline(\n        [node(combine_evaluations, inputs={"export_results": "params:export_results"}, outputs="combined")],\n        namespace="data_science",\n    )\n    return {"combine": combine}\n',
        'conf/base/parameters/data_science.yml': 'data_science:\n  export_results: false\n',
      },
    },
    { name: 'a whole section', files: { 'dvc.yaml': dvc('      - train\n'), 'params.yaml': 'train:\n  lr: 0.1\n' } },
    {
      name: 'a params key with a wildcard matches the keys it names',
      files: {
        'dvc.yaml': 'stages:\n  s:\n    cmd: python s.py\n    params:\n      - conf/dataset.yaml:\n          - dataset_kwargs.circles*\n',
        'conf/dataset.yaml': 'dataset_kwargs:\n  circles:\n    noise: 0.05\n  circles_large:\n    noise: 0.1\n',
      },
    },
    {
      name: 'a custom params file',
      files: {
        'dvc.yaml': 'stages:\n  s:\n    cmd: python s.py\n    params:\n      - conf/model.yaml:\n          - depth\n',
        'conf/model.yaml': 'depth: 3\n',
        'params.yaml': 'x: 1\n',
      },
    },
    {
      name: "OmegaConf's oc.select falls back to a default for a missing key",
      files: { 'conf/train.yaml': hydraTrain('${oc.select:optim.learning_rate,0.01}') },
    },
    {
      name: 'kedro: `parameters` is the whole dictionary, `a.b` a path into nested dicts',
      files: { [DS]: kedroNodes('"parameters", "params:model_options.test_size"'), 'conf/base/parameters.yml': OPTIONS },
    },
    {
      name: 'kedro: parameters merged from conf/base/parameters/*.yml and conf/local',
      files: {
        [DS]: kedroNodes('"params:model_options", "params:run_label"'),
        'conf/base/parameters/data_science.yml': OPTIONS,
        'conf/local/parameters.yml': 'run_label: dev\n',
      },
    },
    {
      name: 'kedro: a namespace prefixes the parameters of its nodes',
      files: {
        [DS]: kedroNodes(
          '"params:model_options"',
          (b) => `pipeline(${b}, inputs="model_input_table", namespace="active_modelling_pipeline")`,
        ),
        'conf/base/parameters_data_science.yml': `active_modelling_pipeline:\n  ${OPTIONS.replace(/\n {2}/g, '\n    ')}`,
      },
    },
    {
      name: 'kedro: `parameters=` maps or keeps a name under a namespace',
      files: {
        [DS]: kedroNodes(
          '"params:override_me", "params:model_options"',
          (b) =>
            `pipeline(${b}, parameters={"params:override_me": "params:alpha_value"}, namespace="alpha") + pipeline(${b}, parameters={"override_me": "beta_value", "model_options": "model_options"}, namespace="beta")`,
        ),
        'conf/base/parameters.yml': `alpha_value: 1\nbeta_value: 2\nalpha:\n  model_options: {}\n${OPTIONS}`,
      },
    },
    {
      name: 'kedro: another module wraps this pipeline with a namespace and a `parameters=` map',
      files: {
        'src/p/pipelines/model_input/pipeline.py': kedroNodes('"params:model_input", "params:train_model"'),
        'src/p/pipeline_registry.py':
          'from kedro.pipeline import pipeline\nfrom p.pipelines import model_input as mip\n\ndef register_pipelines():\n    s16 = pipeline(mip.create_pipeline(), parameters={"params:model_input": "params:s16.model_input"}, namespace="s16")\n    return {"__default__": s16}\n',
        'conf/base/parameters.yml': 's16:\n  model_input:\n    window: 7\n  train_model:\n    epochs: 3\n',
      },
    },
    {
      name: 'kedro: a namespace and a map computed at run time (one pipeline per model)',
      files: {
        [DS]: kedroNodes(
          '"params:model_input"',
          (b) => `sum(pipeline(${b}, parameters={"params:model_input": f"params:{m}.model_input"}, namespace=m) for m in MODELS)`,
        ),
        'conf/base/parameters.yml': 'lgbm:\n  model_input:\n    window: 7\n',
      },
    },
    {
      name: 'kedro: a template pipeline from a function, instantiated per model type under a namespace (kedro-viz demo project)',
      files: {
        [DS]: `from kedro.pipeline import Pipeline, node, pipeline

def new_train_eval_template():
    return pipeline([node(train_model, ["X_train", "params:dummy_model_options"], "regressor")])

def create_pipeline(model_types):
    model_pipelines = [
        pipeline(new_train_eval_template(), parameters={"dummy_model_options": f"model_options.{model_type}"}, namespace=model_type)
        for model_type in model_types
    ]
    return pipeline(sum(model_pipelines), namespace="train_evaluation")
`,
        'conf/base/parameters/modelling.yml':
          'train_evaluation:\n  model_options:\n    linear_regression:\n      module: sklearn.linear_model\n',
      },
    },
    {
      name: 'kedro: OmegaConf interpolation and resolvers in parameters',
      files: {
        [DS]: kedroNodes('"params:model_options.test_size", "params:run_date"'),
        'conf/base/parameters.yml': 'model_options: ${globals:model_options}\nrun_date: ${runtime_params:run_date, "2024-01-01"}\n',
        'conf/base/globals.yml': OPTIONS,
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
      name: 'a feature a FeatureService projects out of a view that lacks it: Feast resolves it, so an error',
      files: {
        'feature_repo/features.py': `${feastRepo}
fraud_service = FeatureService(name="fraud_service", features=[transaction_features[["merchant_risk"]]])
`,
      },
      errors: [
        {
          file: 'feature_repo/features.py',
          line: 16,
          severity: 'error',
          message:
            /^Feature `transaction_features:merchant_risk` is not in feature view `transaction_features`; did you mean `transaction_features:merchant_risk_score`\? \(the column may have been renamed\)$/,
        },
      ],
    },
    {
      name: 'kedro: a renamed parameter, with the local environment read too',
      files: {
        [DS]: kedroNodes('"params:model_option"'),
        'conf/base/parameters.yml': OPTIONS,
        'conf/local/parameters.yml': 'run_label: dev\n',
      },
      errors: [
        {
          file: DS,
          line: 4,
          severity: 'error',
          message: /`model_option` is not defined in the Kedro parameters.*did you mean `model_options`/,
        },
      ],
    },
    {
      name: 'kedro: a parameter missing from a clone, whose conf/local Kedro keeps out of version control, is a warning that says so',
      files: { [DS]: kedroNodes('"params:audio_root_directory"'), 'conf/base/parameters.yml': OPTIONS, 'conf/local/.gitkeep': '' },
      errors: [
        {
          file: DS,
          line: 4,
          severity: 'warning',
          message:
            /`audio_root_directory` is not defined in the Kedro parameters \(conf\/\*\/parameters\*\) that are in the workspace; it was renamed or removed .*No `conf\/local` parameters were read/,
        },
      ],
    },
    {
      name: "a serving setting's feature reference: Loopwise assumed what the setting means, so a warning that says so",
      files: { 'feature_repo/features.py': feastRepo, 'serving/fraud.yaml': transformer('transaction_features:merchant_risk') },
      errors: [
        {
          file: 'serving/fraud.yaml',
          line: 16,
          severity: 'warning',
          message:
            /is not in feature view `transaction_features`.*\(Loopwise assumed that this setting holds Feast `view:feature` references/,
        },
      ],
    },
    {
      name: 'a Hydra interpolation of a key no config file defines: a warning, since composition and overrides may add it',
      files: { 'conf/train.yaml': hydraTrain('${optim.learning_rate}') },
      errors: [
        {
          file: 'conf/train.yaml',
          line: 6,
          severity: 'warning',
          message:
            /`optim.learning_rate` is not defined.*\(Loopwise assumed that the config is composed only from the files in this workspace/,
        },
      ],
    },
    {
      name: 'kedro: a namespaced node whose parameter sits only at the top level (Kedro looks up `ns.name`)',
      files: {
        [DS]: kedroNodes('"params:model_options"', (b) => `pipeline(${b}, namespace="active_modelling_pipeline")`),
        'conf/base/parameters.yml': OPTIONS,
        'conf/local/parameters.yml': 'run_label: dev\n',
      },
      errors: [{ file: DS, line: 4, severity: 'error', message: /`active_modelling_pipeline.model_options` is not defined/ }],
    },
    {
      name: 'kedro: a run-time namespace under which no parameter matches is a warning that says so',
      files: {
        [DS]: kedroNodes('"params:model_input"', (b) => `sum(pipeline(${b}, namespace=m) for m in MODELS)`),
        'conf/base/parameters.yml': OPTIONS,
      },
      errors: [{ file: DS, line: 4, severity: 'warning', message: /`\{m\}.model_input`.*namespace `m` is computed at run time/ }],
    },
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
          severity: 'error',
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
