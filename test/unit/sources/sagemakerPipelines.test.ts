import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sagemakerPipelinesAdapter } from '../../../server/src/engine/sources/sagemakerPipelines';
import { Analysis } from '../../../server/src/engine/analysis';
import type { FileFacts } from '../../../server/src/engine/model/facts';
import { corpusFiles } from '../../helpers/paths';
import { run, value } from './yamlFacts';

const FILE = 'pipelines/abalone/pipeline.py';
const parse = (text: string, path = FILE): FileFacts => run(sagemakerPipelinesAdapter, path, text);
/** A stage id's last part: the step name. */
const name = (id: string): string => id.slice(id.lastIndexOf('/') + 1);
const io = (f: FileFacts): string[] =>
  f.io.map(
    (i) => `${name(i.stage)} ${i.direction} ${i.artifact.scheme}:${i.artifact.scope === 'sagemaker' ? 'sagemaker/' : ''}${i.artifact.name}`,
  );
const orders = (f: FileFacts): string[] => f.orders.map((o) => `${name(o.before)} -> ${name(o.after)} (${o.via})`);
const corpus = (relative: string): string => readFileSync(join(corpusFiles(), relative), 'utf8');

before(async () => {
  await sagemakerPipelinesAdapter.init?.();
});

describe('sagemaker pipelines detect', () => {
  const cases: Array<[string, string, boolean]> = [
    ['p.py', 'from sagemaker.workflow.steps import TrainingStep\nstep = TrainingStep(name="Train")\n', true],
    [
      'p.py',
      'from sagemaker.workflow.pipeline import Pipeline\nfrom sagemaker.workflow.steps import ProcessingStep\nProcessingStep(name="p")\n',
      true,
    ],
    // Imports alone build no step (a helper module).
    ['p.py', 'from sagemaker.workflow.pipeline import Pipeline\n', false],
    // Airflow's SageMaker operators import `sagemaker.workflow.airflow`: an Airflow DAG, not a SageMaker pipeline.
    ['dag.py', 'from sagemaker.workflow.airflow import training_config\nconfig = training_config(estimator)\n', false],
    ['p.py', 'import sagemaker\nestimator.fit()\n', false],
    ['p.txt', 'from sagemaker.workflow.steps import TrainingStep\nTrainingStep()\n', false],
  ];
  for (const [path, text, expected] of cases)
    test(`${JSON.stringify(text.slice(0, 50))} -> ${expected}`, () =>
      assert.equal(sagemakerPipelinesAdapter.detect({ path, text }), expected));
});

// After aws-samples/mlops-sagemaker-github-actions seedcode/pipelines/abalone/pipeline.py.
const PIPELINE = `import sagemaker
from sagemaker.estimator import Estimator
from sagemaker.inputs import TrainingInput
from sagemaker.processing import ProcessingInput, ProcessingOutput, ScriptProcessor
from sagemaker.workflow.condition_step import ConditionStep
from sagemaker.workflow.conditions import ConditionLessThanOrEqualTo
from sagemaker.workflow.functions import JsonGet
from sagemaker.workflow.parameters import ParameterString
from sagemaker.workflow.pipeline import Pipeline
from sagemaker.workflow.properties import PropertyFile
from sagemaker.workflow.steps import ProcessingStep, TrainingStep
from sagemaker.workflow.model_step import ModelStep
from sagemaker.model import Model


def get_pipeline(region, model_package_group_name="AbalonePackageGroup", pipeline_name="AbalonePipeline"):
    input_data = ParameterString(name="InputDataUrl", default_value="s3://bucket/abalone/abalone.csv")
    processor = ScriptProcessor(image_uri="123456789012.dkr.ecr.us-east-1.amazonaws.com/prep:latest", command=["python3"])
    step_process = ProcessingStep(
        name="PreprocessAbaloneData",
        processor=processor,
        inputs=[ProcessingInput(source=input_data, destination="/opt/ml/processing/input")],
        outputs=[ProcessingOutput(output_name="train", source="/opt/ml/processing/train")],
        code="preprocess.py",
    )
    image_uri = sagemaker.image_uris.retrieve(framework="xgboost", region=region, version="1.0-1")
    xgb_train = Estimator(image_uri=image_uri, instance_count=1, output_path="s3://bucket/abalone/model")
    step_train = TrainingStep(
        name="TrainAbaloneModel",
        estimator=xgb_train,
        inputs={
            "train": TrainingInput(
                s3_data=step_process.properties.ProcessingOutputConfig.Outputs["train"].S3Output.S3Uri,
            ),
        },
    )
    evaluation_report = PropertyFile(name="EvaluationReport", output_name="evaluation", path="evaluation.json")
    step_eval = ProcessingStep(
        name="EvaluateAbaloneModel",
        processor=processor,
        inputs=[ProcessingInput(source=step_train.properties.ModelArtifacts.S3ModelArtifacts, destination="/opt/ml/processing/model")],
        outputs=[ProcessingOutput(output_name="evaluation", source="/opt/ml/processing/evaluation")],
        property_files=[evaluation_report],
    )
    model = Model(image_uri=image_uri, model_data=step_train.properties.ModelArtifacts.S3ModelArtifacts)
    step_register = ModelStep(
        name="RegisterAbaloneModel",
        step_args=model.register(
            content_types=["text/csv"],
            model_package_group_name=model_package_group_name,
            approval_status="PendingManualApproval",
        ),
    )
    cond_lte = ConditionLessThanOrEqualTo(
        left=JsonGet(step_name=step_eval.name, property_file=evaluation_report, json_path="regression_metrics.mse.value"),
        right=6.0,
    )
    step_cond = ConditionStep(name="CheckMSEAbaloneEvaluation", conditions=[cond_lte], if_steps=[step_register], else_steps=[])
    return Pipeline(
        name=pipeline_name,
        parameters=[input_data],
        steps=[step_process, step_train, step_eval, step_cond],
    )
`;

describe('sagemaker pipeline steps', () => {
  let f: FileFacts;
  before(() => {
    f = parse(PIPELINE);
  });
  test('each step is a stage of the named pipeline, the ConditionStep an evaluation, the register step a deploy', () => {
    assert.deepEqual(
      f.stages.map((s) => `${s.pipeline}/${s.name} ${s.role}`),
      [
        'AbalonePipeline/PreprocessAbaloneData transform',
        'AbalonePipeline/TrainAbaloneModel train',
        'AbalonePipeline/EvaluateAbaloneModel evaluate',
        'AbalonePipeline/CheckMSEAbaloneEvaluation evaluate',
        'AbalonePipeline/RegisterAbaloneModel deploy',
      ],
    );
  });
  test('step.properties references are reads and orders', () => {
    assert.ok(io(f).includes('TrainAbaloneModel reads kfp-output:PreprocessAbaloneData.train'));
    assert.ok(io(f).includes('EvaluateAbaloneModel reads kfp-output:TrainAbaloneModel.model'));
    assert.ok(orders(f).includes('PreprocessAbaloneData -> TrainAbaloneModel (properties)'));
  });
  test('the ConditionStep reads the evaluation property file and runs the register step', () => {
    assert.ok(io(f).includes('CheckMSEAbaloneEvaluation reads kfp-output:EvaluateAbaloneModel.evaluation'));
    assert.ok(orders(f).includes('CheckMSEAbaloneEvaluation -> RegisterAbaloneModel (if_steps)'));
  });
  test('the register step writes the model package group, not approved', () => {
    const write = f.io.find((i) => i.artifact.scope === 'sagemaker');
    assert.equal(
      write && `${name(write.stage)} ${write.direction} ${write.artifact.name}`,
      'RegisterAbaloneModel writes AbalonePackageGroup',
    );
    assert.equal(write?.artifact.promotes, undefined);
  });
  test('S3 inputs from parameter defaults are read, an estimator output_path written', () => {
    assert.ok(io(f).includes('PreprocessAbaloneData reads uri:s3://bucket/abalone/abalone.csv'));
    assert.ok(io(f).includes('TrainAbaloneModel writes uri:s3://bucket/abalone/model'));
    assert.ok(!io(f).includes('RegisterAbaloneModel writes uri:s3://bucket/abalone/model'));
  });
  test('parameter defaults and images', () => {
    assert.equal(value(f, 'Parameters.InputDataUrl')?.value, 's3://bucket/abalone/abalone.csv');
    assert.deepEqual(
      f.versions.map((v) => `${v.name}:${v.version ?? ''}`),
      ['sagemaker-xgboost:1.0-1', '123456789012.dkr.ecr.us-east-1.amazonaws.com/prep:latest'],
    );
  });
});

describe('sagemaker reading details', () => {
  const pipeline = (body: string) =>
    `from sagemaker.workflow.pipeline import Pipeline\nfrom sagemaker.workflow.steps import ProcessingStep, TrainingStep\nfrom sagemaker.workflow.step_collections import RegisterModel\n\ndef get_pipeline():\n${body
      .split('\n')
      .map((l) => `    ${l}`)
      .join('\n')}\n`;
  const cases: Array<[string, string, (f: FileFacts) => boolean]> = [
    [
      'depends_on orders steps',
      pipeline(
        `a = ProcessingStep(name="A", processor=p)\nb = ProcessingStep(name="B", processor=p, depends_on=[a])\nreturn Pipeline(name="x", steps=[a, b])`,
      ),
      (f) => orders(f).includes('A -> B (depends_on)'),
    ],
    [
      'add_depends_on orders steps',
      pipeline(
        `a = ProcessingStep(name="A", processor=p)\nb = ProcessingStep(name="B", processor=p)\nb.add_depends_on([a])\nreturn Pipeline(name="x", steps=[a, b])`,
      ),
      (f) => orders(f).includes('A -> B (depends_on)'),
    ],
    [
      'depends_on by step name',
      pipeline(
        `a = ProcessingStep(name="A", processor=p)\nb = ProcessingStep(name="B", processor=p, depends_on=["A"])\nreturn Pipeline(name="x", steps=[a, b])`,
      ),
      (f) => orders(f).includes('A -> B (depends_on)'),
    ],
    [
      'RegisterModel writes its model package group, approved when the status says so',
      pipeline(
        `t = TrainingStep(name="T", estimator=e)\nr = RegisterModel(name="R", estimator=e, model_data=t.properties.ModelArtifacts.S3ModelArtifacts, model_package_group_name="churn", approval_status="Approved")\nreturn Pipeline(name="x", steps=[t, r])`,
      ),
      (f) => io(f).includes('R writes model:sagemaker/churn') && f.io.some((i) => i.artifact.promotes === true),
    ],
    [
      'steps built in a list by append',
      pipeline(
        `a = ProcessingStep(name="A", processor=p)\nsteps = [a]\nsteps.append(ProcessingStep(name="B", processor=p))\nreturn Pipeline(name="x", steps=steps)`,
      ),
      (f) => f.stages.map((s) => s.name).join() === 'A,B',
    ],
    [
      'a TuningStep trains; a model from its best training job is its model',
      pipeline(
        `tune = TuningStep(name="Tune", tuner=HyperparameterTuner(estimator=e, objective_metric_name="auc"), inputs={"train": TrainingInput(s3_data="s3://b/train")})\nmodel = Model(image_uri=i, model_data=tune.get_top_model_s3_uri(top_k=0, s3_bucket="b"))\nc = CreateModelStep(name="CreateModel", model=model)\nreturn Pipeline(name="x", steps=[tune, c])`,
      ),
      (f) =>
        f.stages[0]?.role === 'train' &&
        io(f).includes('Tune reads uri:s3://b/train') &&
        io(f).includes('CreateModel reads kfp-output:Tune.model') &&
        f.stages[1]?.role === 'deploy',
    ],
    [
      'a TransformStep scores with the created model and writes its output_path',
      pipeline(
        `c = CreateModelStep(name="CreateModel", model=m)\nt = TransformStep(name="Score", transformer=Transformer(model_name=c.properties.ModelName, output_path="s3://b/scores"), inputs=TransformInput(data="s3://b/batch"))\nreturn Pipeline(name="x", steps=[c, t])`,
      ),
      (f) =>
        f.stages[1]?.role === 'serve' &&
        io(f).includes('Score reads uri:s3://b/batch') &&
        io(f).includes('Score writes uri:s3://b/scores') &&
        orders(f).includes('CreateModel -> Score (properties)'),
    ],
    [
      'a LambdaStep reads the step properties it is given',
      pipeline(
        `t = TrainingStep(name="T", estimator=e)\nd = LambdaStep(name="DeployEndpoint", lambda_func=Lambda(function_arn=a), inputs={"model_data": t.properties.ModelArtifacts.S3ModelArtifacts})\nreturn Pipeline(name="x", steps=[t, d])`,
      ),
      (f) => io(f).includes('DeployEndpoint reads kfp-output:T.model') && f.stages[1]?.role === 'deploy',
    ],
    [
      'a step name from a variable is unknown: the class names it',
      pipeline(`a = ProcessingStep(name=make_name(), processor=p)\nreturn Pipeline(name="x", steps=[a])`),
      (f) => f.stages[0]?.name === 'ProcessingStep',
    ],
  ];
  for (const [label, text, check] of cases)
    test(label, () => assert.ok(check(parse(text)), JSON.stringify({ io: io(parse(text)), orders: orders(parse(text)) })));
});

async function findings(text: string, rule: string): Promise<string[]> {
  const a = new Analysis({ today: '2026-12-02' });
  a.setFile(FILE, text);
  await a.init();
  return a
    .run()
    .findings.filter((f) => f.ruleId === rule)
    .map((f) => `${f.range.start.line + 1}`);
}

describe('sagemaker facts the rules use', () => {
  const ungated = PIPELINE.replace(
    'steps=[step_process, step_train, step_eval, step_cond]',
    'steps=[step_process, step_train, step_eval, step_register]',
  );
  const cases: Array<[string, string, number]> = [
    ['a register step run by a ConditionStep on the evaluation is gated', PIPELINE, 0],
    ['a register step with no ConditionStep deploys ungated', ungated, 1],
  ];
  for (const [label, text, count] of cases)
    test(label, async () => assert.equal((await findings(text, 'pipeline/ungated-deploy')).length, count));
  test('an unpinned processing image is reported', async () => {
    const line = PIPELINE.split('\n').findIndex((l) => l.includes('prep:latest')) + 1;
    assert.ok((await findings(PIPELINE, 'config/unpinned-version')).includes(`${line}`));
  });
});

describe('sagemaker real files', () => {
  test('drift detection: QualityCheckStep baseline, RegisterModel gated by CheckEvaluation', () => {
    const path = 'aws-samples__amazon-sagemaker-drift-detection/build_pipeline/pipelines/pipeline.py';
    const f = parse(corpus(path), path);
    assert.ok(orders(f).includes('CheckEvaluation -> RegisterModel (if_steps)'));
    assert.ok(io(f).includes('DataQualityBaselineJob reads kfp-output:PreprocessData.baseline'));
    assert.ok(io(f).includes('CheckEvaluation reads kfp-output:EvaluateModel.evaluation'));
  });
  test('drift detection batch: CreateModelStep before scoring through add_depends_on', () => {
    const path = 'aws-samples__amazon-sagemaker-drift-detection/batch_pipeline/pipelines/pipeline.py';
    const f = parse(corpus(path), path);
    assert.ok(orders(f).includes('CreateModel -> ScoreModel (depends_on)'));
  });
  test('multi-branch template: RegisterModel straight after training', () => {
    const path = 'aws-samples__sagemaker-custom-project-templates/multi-branch-mlops-train/pipelines/abalone/pipeline.py';
    const f = parse(corpus(path), path);
    assert.ok(orders(f).includes('TrainAbaloneModel -> RegisterAbaloneModel (properties)'));
    assert.ok(!f.stages.some((s) => s.role === 'evaluate'));
  });
});
