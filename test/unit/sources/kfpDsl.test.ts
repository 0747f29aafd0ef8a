import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kfpDslAdapter } from '../../../server/src/engine/sources/kfpDsl';
import type { FileFacts } from '../../../server/src/engine/model/facts';
import { corpusFiles } from '../../helpers/paths';
import { local, orders, run, textAt, value } from './yamlFacts';
import { noteTexts } from '../../../server/src/engine/model/stageNotes';

const FILE = 'pipelines/train.py';
const parse = (text: string, siblings: Record<string, string> = {}): FileFacts => run(kfpDslAdapter, FILE, text, siblings);
const io = (f: FileFacts): string[] =>
  f.io.map(
    (i) => `${local(i.stage)} ${i.direction} ${i.artifact.scheme}:${i.artifact.name}${i.artifact.kind ? ` (${i.artifact.kind})` : ''}`,
  );
const corpus = (relative: string): string => readFileSync(join(corpusFiles(), relative), 'utf8');

before(async () => {
  await kfpDslAdapter.init?.();
});

describe('kfp-dsl detect', () => {
  const cases: Array<[string, string, boolean]> = [
    ['p.py', 'from kfp import dsl\n@dsl.pipeline(name="x")\ndef p(): ...\n', true],
    ['p.py', 'from kfp.dsl import component\n@component\ndef c(): ...\n', true],
    ['p.py', 'import kfp\n@kfp.dsl.container_component\ndef c(): ...\n', true],
    ['p.py', 'from kfp.v2 import dsl\n@dsl.component(base_image="python:3.11")\ndef c(): ...\n', true],
    ['p.py', 'import kfp\nclient = kfp.Client()\n', false],
    ['p.py', '@pipeline\ndef p(): ...\n', false],
    ['p.yaml', 'from kfp import dsl\n@dsl.pipeline\ndef p(): ...\n', false],
  ];
  for (const [path, text, expected] of cases)
    test(`${JSON.stringify(text.slice(0, 40))} -> ${expected}`, () => assert.equal(kfpDslAdapter.detect({ path, text }), expected));
});

const PIPELINE = `from kfp import dsl, compiler
from kfp.dsl import Dataset, Input, Model, Output, OutputPath
from google.cloud import aiplatform

@dsl.component(base_image="python:3.11", packages_to_install=["pandas==2.1.0", "scikit-learn"])
def prepare(source: str, data: Output[Dataset], rows_path: OutputPath(int)):
    import pandas as pd
    df = pd.read_csv(source)
    df.to_parquet("gs://bucket/prepared/data.parquet")

@dsl.component(base_image="python:3.11")
def train_model(data: Input[Dataset], model: Output[Model], epochs: int = 10) -> float:
    pass

@dsl.component
def report(score: float):
    pass

@dsl.pipeline(name="churn-training")
def churn(source: str = "gs://bucket/raw.csv", unused: int = 3):
    prep = prepare(source=source)
    trained = train_model(data=prep.outputs["data"]).set_caching_options(False)
    again = train_model(data=prep.outputs["data"], epochs=20)
    report(score=trained.output).after(again)
    with dsl.ParallelFor([1, 2]) as i:
        report(score=again.output)

compiler.Compiler().compile(pipeline_func=churn, package_path="churn.json")
job = aiplatform.PipelineJob(display_name="churn", template_path="churn.json", parameter_values={"source": "gs://other/raw.csv"})
job.create_schedule(cron="0 3 * * *", display_name="nightly")
`;

describe('kfp-dsl pipelines', () => {
  let f: FileFacts;
  before(() => {
    f = parse(PIPELINE);
  });
  test('tasks are named as the compiler names them, reuse numbered', () =>
    assert.deepEqual(
      f.stages.map((s) => local(s.id)),
      [
        'churn-training/prepare',
        'churn-training/train-model',
        'churn-training/train-model-2',
        'churn-training/report',
        'churn-training/report-2',
      ],
    ));
  test('outputs passed as arguments order the tasks; .after() too', () =>
    assert.deepEqual(orders(f).sort(), [
      'churn-training/prepare -> churn-training/train-model (taskOutputArtifact)',
      'churn-training/prepare -> churn-training/train-model-2 (taskOutputArtifact)',
      'churn-training/train-model -> churn-training/report (taskOutputParameter)',
      'churn-training/train-model-2 -> churn-training/report (after)',
      'churn-training/train-model-2 -> churn-training/report-2 (taskOutputParameter)',
    ]));
  test('declared output artifacts are written by every task; parameters where read; body IO scanned', () => {
    const all = io(f);
    for (const e of [
      'churn-training/prepare writes kfp-output:prepare.data (data)',
      'churn-training/train-model writes kfp-output:train-model.model (model)',
      'churn-training/train-model-2 writes kfp-output:train-model-2.model (model)',
      'churn-training/train-model reads kfp-output:prepare.data (data)',
      'churn-training/train-model writes kfp-output:train-model.Output',
      'churn-training/report reads kfp-output:train-model.Output',
      'churn-training/prepare writes uri:gs://bucket/prepared/data.parquet (data)',
    ])
      assert.ok(all.includes(e), `${e} in\n${all.join('\n')}`);
    assert.ok(!all.some((e) => e.includes('rows_path')), 'an unread output parameter is no artifact');
  });
  test('outputs are scoped to the file, so the compiled YAML of the same pipeline is no second producer', () =>
    assert.equal(
      f.io.find((i) => i.direction === 'writes' && i.artifact.scheme === 'kfp-output')?.artifact.scope,
      `${FILE}#churn-training`,
    ));
  test('base images and packages are pins, stated once per component', () => {
    assert.deepEqual(
      f.versions.map((v) => `${v.subject} ${v.name} ${v.version ?? '-'} ${v.stage ? local(v.stage) : ''}`),
      [
        'image python 3.11 churn-training/prepare',
        'package pandas ==2.1.0 churn-training/prepare',
        'package scikit-learn - churn-training/prepare',
        'image python 3.11 churn-training/train-model',
      ],
    );
    assert.equal(f.stages.find((s) => s.name === 'train-model-2')?.image, 'python:3.11');
  });
  test('pipeline parameters: definitions, defaults and references from tasks', () => {
    assert.deepEqual(
      f.definitions.map((d) => d.name),
      ['source', 'unused'],
    );
    assert.equal(value(f, 'source')?.value, 'gs://bucket/raw.csv');
    assert.equal(value(f, 'source')?.isParam, true);
    assert.ok(f.references.some((r) => r.name === 'source' && r.stage && local(r.stage) === 'churn-training/prepare'));
    assert.ok(!f.references.some((r) => r.name === 'unused' && r.stage));
  });
  test('component defaults and constant task inputs are values', () => {
    assert.equal(value(f, 'components.comp-train-model.epochs')?.value, 10);
    assert.equal(value(f, 'root.dag.tasks.train-model-2.inputs.parameters.epochs')?.value, 20);
  });
  test('task settings and control flow become notes', () => {
    assert.deepEqual(noteTexts(f.stages.find((s) => s.name === 'train-model')), ['cache disabled']);
    const fanned = f.stages.find((s) => s.name === 'report-2');
    assert.deepEqual(noteTexts(fanned), ['ParallelFor: fans out']);
    assert.equal(fanned?.dynamic, true);
  });
  test('a Vertex AI PipelineJob of the compiled package carries its schedule and parameter values', () => {
    assert.deepEqual(
      f.schedules.map((s) => `${s.pipeline} ${s.kind} ${s.expression}`),
      ['churn-training cron 0 3 * * *'],
    );
    assert.equal(value(f, 'parameter_values.source')?.value, 'gs://other/raw.csv');
    assert.equal(textAt(PIPELINE, f.schedules[0].range), '"0 3 * * *"');
  });
});

describe('kfp-dsl components from elsewhere', () => {
  test('a component loaded from its YAML text: name, image, outputs', () => {
    const f = parse(`from kfp import dsl, components
op = components.load_component_from_text("""
name: Print Text
inputs:
- {name: text, type: String}
outputs:
- {name: result, type: Dataset}
implementation:
  container:
    image: alpine
""")
@dsl.pipeline(name="p")
def p():
    a = op(text="1")
    b = op(text="2").after(a)
`);
    assert.deepEqual(orders(f), ['p/print-text -> p/print-text-2 (after)']);
    assert.deepEqual(
      f.versions.map((v) => `${v.name} ${v.version ?? '-'}`),
      ['alpine -'],
    );
    assert.ok(io(f).includes('p/print-text-2 writes kfp-output:print-text-2.result (data)'));
    assert.equal(value(f, 'root.dag.tasks.print-text.inputs.parameters.text')?.value, '1');
  });
  test('an imported component becomes a task when the body uses it as one; a helper that returns a string does not', () => {
    const f = parse(`from kfp import dsl
from my_components import extract, train
from my_helpers import make_query
@dsl.pipeline(name="p")
def p(project: str):
    query = make_query("x.sql")
    data = extract(query=query, project=project).set_display_name("Extract").outputs["dataset"]
    train(data=data, image="europe-docker.pkg.dev/vertex-ai/training/sklearn:latest")
`);
    assert.deepEqual(
      f.stages.map((s) => s.name),
      ['extract', 'train'],
    );
    assert.deepEqual(orders(f), ['p/extract -> p/train (output)']);
    assert.deepEqual(
      f.versions.map((v) => `${v.name} ${v.version}`),
      ['europe-docker.pkg.dev/vertex-ai/training/sklearn latest'],
    );
  });
  test('a components module with no pipeline still states its pins', () => {
    const f = parse(
      `from kfp.v2.dsl import component\n@component(base_image="python:3.7", packages_to_install=["google-cloud-aiplatform==1.24.1"])\ndef lookup(): ...\n`,
    );
    assert.deepEqual(f.stages, []);
    assert.deepEqual(
      f.versions.map((v) => `${v.subject} ${v.name} ${v.version}`),
      ['image python 3.7', 'package google-cloud-aiplatform ==1.24.1'],
    );
  });
});

describe('kfp-dsl on the corpus', () => {
  test('the KFP sample pipeline agrees with its compiled IR on tasks and hand-offs', () => {
    const path = 'kubeflow__pipelines/test_data/sdk_compiled_pipelines/valid/essential/lightweight_python_functions_pipeline.py';
    const f = run(kfpDslAdapter, path, corpus(path));
    assert.deepEqual(
      f.stages.map((s) => local(s.id)),
      ['my-test-pipeline-beta/preprocess', 'my-test-pipeline-beta/train'],
    );
    assert.deepEqual(orders(f), ['my-test-pipeline-beta/preprocess -> my-test-pipeline-beta/train (taskOutputArtifact)']);
    assert.ok(io(f).includes('my-test-pipeline-beta/train reads kfp-output:preprocess.output_parameter_path'));
  });
  test('the Vertex AI xgboost training pipeline: twelve tasks, its :latest container images', () => {
    const path = 'GoogleCloudPlatform__vertex-pipelines-end-to-end-samples/pipelines/src/pipelines/xgboost/training/pipeline.py';
    const f = run(kfpDslAdapter, path, corpus(path));
    assert.equal(f.stages.length, 12);
    assert.ok(orders(f).includes('xgboost-train-pipeline/lookup-model -> xgboost-train-pipeline/custom-train-job (output)'));
    assert.deepEqual(
      f.versions.map((v) => v.version),
      ['latest', 'latest'],
    );
    assert.deepEqual(noteTexts(f.stages.find((s) => s.name === 'update-best-model')), [
      'condition: existing_model != ""',
      'component from vertex_components',
    ]);
    // Components from another package: which inputs they have is unknown, so the parameters they get are not their parameter list.
    assert.ok(f.references.length > 0 && f.references.every((r) => r.stage === undefined));
  });
});
