import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tfxAdapter } from '../../../server/src/engine/sources/tfx';
import { Analysis } from '../../../server/src/engine/analysis';
import type { FileFacts } from '../../../server/src/engine/model/facts';
import { corpusFiles } from '../../helpers/paths';
import { run } from './yamlFacts';

const FILE = 'pipelines/pipeline.py';
const parse = (text: string, path = FILE): FileFacts => run(tfxAdapter, path, text);
/** A stage id's last part: the component id. */
const name = (id: string): string => id.slice(id.lastIndexOf('/') + 1);
const io = (f: FileFacts): string[] => f.io.map((i) => `${name(i.stage)} ${i.direction} ${i.artifact.scheme}:${i.artifact.name}`);
const orders = (f: FileFacts): string[] => f.orders.map((o) => `${name(o.before)} -> ${name(o.after)}`);
const corpus = (relative: string): string => readFileSync(join(corpusFiles(), relative), 'utf8');

before(async () => {
  await tfxAdapter.init?.();
});

describe('tfx detect', () => {
  const cases: Array<[string, string, boolean]> = [
    ['p.py', 'from tfx import v1 as tfx\nexample_gen = tfx.components.CsvExampleGen(input_base="data")\n', true],
    ['p.py', 'from tfx.orchestration import pipeline\nreturn pipeline.Pipeline(pipeline_name="x", components=[])\n', true],
    // A Trainer module file imports TFX utilities and builds no component.
    ['model.py', 'from tfx.components.trainer.fn_args_utils import FnArgs\ndef run_fn(fn_args: FnArgs):\n  pass\n', false],
    ['p.py', 'from sklearn.pipeline import Pipeline\nPipeline(steps=[])\n', false],
    ['p.yaml', 'from tfx import v1 as tfx\ntfx.dsl.Pipeline()\n', false],
  ];
  for (const [path, text, expected] of cases)
    test(`${JSON.stringify(text.slice(0, 50))} -> ${expected}`, () => assert.equal(tfxAdapter.detect({ path, text }), expected));
});

// After tensorflow/tfx tfx/examples/penguin/penguin_pipeline_local.py: a warm-started Trainer and a gated Pusher.
const PIPELINE = `from tfx import v1 as tfx

_pipeline_name = 'penguin'
_data_root = 'data/penguin'

def _create_pipeline(pipeline_name, data_root, serving_model_dir):
  example_gen = tfx.components.CsvExampleGen(input_base=data_root)
  statistics_gen = tfx.components.StatisticsGen(examples=example_gen.outputs['examples'])
  schema_gen = tfx.components.SchemaGen(statistics=statistics_gen.outputs['statistics'])
  latest_model_resolver = tfx.dsl.Resolver(
      strategy_class=tfx.dsl.experimental.LatestArtifactStrategy,
      latest_model=tfx.dsl.Channel(type=tfx.types.standard_artifacts.Model)).with_id('latest_model_resolver')
  trainer = tfx.components.Trainer(
      module_file='model.py',
      examples=example_gen.outputs['examples'],
      schema=schema_gen.outputs['schema'],
      base_model=latest_model_resolver.outputs['latest_model'])
  evaluator = tfx.components.Evaluator(
      examples=example_gen.outputs['examples'],
      model=trainer.outputs['model'])
  pusher = tfx.components.Pusher(
      model=trainer.outputs['model'],
      model_blessing=evaluator.outputs['blessing'],
      push_destination=tfx.proto.PushDestination(
          filesystem=tfx.proto.PushDestination.Filesystem(base_directory=serving_model_dir)))
  return tfx.dsl.Pipeline(
      pipeline_name=pipeline_name,
      pipeline_root='pipelines',
      components=[example_gen, statistics_gen, schema_gen, latest_model_resolver, trainer, evaluator, pusher])

if __name__ == '__main__':
  tfx.orchestration.LocalDagRunner().run(
      _create_pipeline(pipeline_name=_pipeline_name, data_root=_data_root, serving_model_dir='serving_model/penguin'))
`;

describe('tfx components and channels', () => {
  let f: FileFacts;
  before(() => {
    f = parse(PIPELINE);
  });
  test('each component is a stage of the named pipeline, with its role', () => {
    assert.deepEqual(
      f.stages.map((s) => `${s.pipeline}/${s.name} ${s.role}`),
      [
        'penguin/CsvExampleGen ingest',
        'penguin/StatisticsGen other',
        'penguin/SchemaGen other',
        'penguin/latest_model_resolver other',
        'penguin/Trainer train',
        'penguin/Evaluator evaluate',
        'penguin/Pusher deploy',
      ],
    );
  });
  test('a channel is a write of the producer, a read of the consumer and an order', () => {
    const lines = io(f);
    assert.ok(lines.includes('CsvExampleGen writes kfp-output:CsvExampleGen.examples'));
    assert.ok(lines.includes('StatisticsGen reads kfp-output:CsvExampleGen.examples'));
    assert.ok(orders(f).includes('CsvExampleGen -> StatisticsGen'));
  });
  test('input_base is read, the push destination written', () => {
    const lines = io(f);
    assert.ok(lines.includes('CsvExampleGen reads path:data/penguin'));
    assert.ok(lines.includes('Pusher writes path:serving_model/penguin'));
  });
  test('the Resolver reads the Trainer model of earlier runs, with no order back', () => {
    assert.ok(io(f).includes('latest_model_resolver reads kfp-output:Trainer.model'));
    assert.ok(io(f).includes('Trainer reads kfp-output:latest_model_resolver.latest_model'));
    assert.ok(orders(f).includes('latest_model_resolver -> Trainer'));
    assert.ok(!orders(f).includes('Trainer -> latest_model_resolver'));
  });
});

describe('tfx reading details', () => {
  const cases: Array<[string, string, (f: FileFacts) => boolean]> = [
    [
      '`.with_id()` names the component',
      `from tfx import v1 as tfx\ndef p():\n  g = tfx.components.CsvExampleGen(input_base='d').with_id('TrainDataGen')\n  return tfx.dsl.Pipeline(pipeline_name='x', components=[g])\n`,
      (f) => f.stages.map((s) => s.name).join() === 'TrainDataGen',
    ],
    [
      '`instance_name` names it as TFX 0.x did',
      `from tfx.components import ImporterNode\nfrom tfx.orchestration import pipeline\ndef p():\n  s = ImporterNode(instance_name='import_schema', source_uri='schema', artifact_type=Schema)\n  return pipeline.Pipeline(pipeline_name='x', components=[s])\n`,
      (f) => f.stages[0]?.name === 'ImporterNode.import_schema' && io(f).includes('ImporterNode.import_schema reads path:schema'),
    ],
    [
      'outputs read as attributes (`example_gen.outputs.examples`)',
      `from tfx.components import CsvExampleGen, StatisticsGen\nfrom tfx.orchestration import pipeline\ndef p():\n  g = CsvExampleGen(input_base='d')\n  s = StatisticsGen(examples=g.outputs.examples)\n  return pipeline.Pipeline(pipeline_name='x', components=[g, s])\n`,
      (f) => io(f).includes('StatisticsGen reads kfp-output:CsvExampleGen.examples'),
    ],
    [
      'components appended to the list',
      `from tfx import v1 as tfx\ndef p():\n  g = tfx.components.CsvExampleGen(input_base='d')\n  s = tfx.components.StatisticsGen(examples=g.outputs['examples'])\n  cs = [g]\n  cs.append(s)\n  return tfx.dsl.Pipeline(pipeline_name='x', components=cs)\n`,
      (f) => f.stages.length === 2,
    ],
    [
      'a BigQueryExampleGen query reads its tables',
      `from tfx.extensions.google_cloud_big_query.example_gen.component import BigQueryExampleGen\nfrom tfx.orchestration import pipeline\ndef p():\n  g = BigQueryExampleGen(query='SELECT * FROM proj.ds.taxi')\n  return pipeline.Pipeline(pipeline_name='x', components=[g])\n`,
      (f) => io(f).includes('BigQueryExampleGen reads table:proj.ds.taxi'),
    ],
    [
      'an aliased cloud Trainer is still a Trainer',
      `from tfx.v1.extensions.google_cloud_ai_platform import Trainer as VertexTrainer\nfrom tfx.orchestration import pipeline\ndef p():\n  t = VertexTrainer(module_file='m.py')\n  return pipeline.Pipeline(pipeline_name='x', components=[t])\n`,
      (f) => f.stages[0]?.name === 'Trainer' && f.stages[0]?.role === 'train',
    ],
    [
      'add_upstream_node orders',
      `from tfx import v1 as tfx\ndef p():\n  a = tfx.components.CsvExampleGen(input_base='d')\n  b = tfx.components.CsvExampleGen(input_base='e').with_id('B')\n  b.add_upstream_node(a)\n  return tfx.dsl.Pipeline(pipeline_name='x', components=[a, b])\n`,
      (f) => orders(f).includes('CsvExampleGen -> B'),
    ],
    [
      'a component from another module, used as one',
      `from tfx import v1 as tfx\nfrom src.pipelines import components as custom\ndef p():\n  g = tfx.components.CsvExampleGen(input_base='d')\n  u = custom.uploader(examples=g.outputs['examples']).with_id('Uploader')\n  return tfx.dsl.Pipeline(pipeline_name='x', components=[g, u])\n`,
      (f) => io(f).includes('Uploader reads kfp-output:CsvExampleGen.examples'),
    ],
    [
      'a Resolver restricted to one producer reads only its outputs',
      `from tfx import v1 as tfx\ndef p():\n  g = tfx.components.CsvExampleGen(input_base='d')\n  h = tfx.components.CsvExampleGen(input_base='e').with_id('H')\n  r = tfx.dsl.Resolver(strategy_class=S, examples=tfx.dsl.Channel(type=tfx.types.standard_artifacts.Examples, producer_component_id=g.id)).with_id('r')\n  return tfx.dsl.Pipeline(pipeline_name='x', components=[g, h, r])\n`,
      (f) => io(f).includes('r reads kfp-output:CsvExampleGen.examples') && !io(f).includes('r reads kfp-output:H.examples'),
    ],
    [
      'a cloud Pusher deploys the model its serving args name',
      `from tfx import v1 as tfx\n_serving_args = {'model_name': 'penguin', 'project_id': 'p'}\ndef p():\n  t = tfx.components.Trainer(module_file='m.py')\n  pusher = tfx.extensions.google_cloud_ai_platform.Pusher(model=t.outputs['model'], custom_config={tfx.extensions.google_cloud_ai_platform.experimental.PUSHER_SERVING_ARGS_KEY: _serving_args})\n  return tfx.dsl.Pipeline(pipeline_name='x', components=[t, pusher])\n`,
      (f) =>
        f.io.some(
          (i) => name(i.stage) === 'Pusher' && i.direction === 'writes' && i.artifact.scope === 'vertex' && i.artifact.name === 'penguin',
        ),
    ],
    [
      'the Kubeflow V2 runner default_image is an image every component runs in',
      `from tfx import v1 as tfx\nrunner = tfx.orchestration.experimental.KubeflowV2DagRunner(\n    config=tfx.orchestration.experimental.KubeflowV2DagRunnerConfig(default_image='gcr.io/p/tfx-pipeline'))\n`,
      (f) => f.versions.some((v) => v.subject === 'image' && v.name === 'gcr.io/p/tfx-pipeline' && v.version === undefined),
    ],
    [
      'a pipeline function nobody calls here runs with its defaults, named after the function',
      `from tfx.orchestration import pipeline\nfrom tfx.components import CsvExampleGen\ndef create_pipeline(pipeline_name, data_root='gs://b/data'):\n  g = CsvExampleGen(input_base=data_root)\n  return pipeline.Pipeline(pipeline_name=pipeline_name, components=[g])\n`,
      (f) => f.stages[0]?.pipeline === 'create_pipeline' && io(f).includes('CsvExampleGen reads uri:gs://b/data'),
    ],
  ];
  for (const [name, text, check] of cases)
    test(name, () => assert.ok(check(parse(text)), JSON.stringify({ io: io(parse(text)), orders: orders(parse(text)) })));
});

/** The findings one rule reports on one file. */
async function findings(text: string, rule: string): Promise<string[]> {
  const a = new Analysis({ today: '2026-12-02' });
  a.setFile(FILE, text);
  await a.init();
  return a
    .run()
    .findings.filter((f) => f.ruleId === rule)
    .map((f) => `${f.range.start.line + 1}`);
}

describe('tfx facts the rules use', () => {
  const withoutBlessing = PIPELINE.replace("      model_blessing=evaluator.outputs['blessing'],\n", '');
  const inCond = withoutBlessing.replace(
    '  pusher = tfx.components.Pusher(',
    "  with tfx.dsl.Cond(evaluator.outputs['blessing'].future()[0].custom_property('blessed') == 1):\n    pusher = tfx.components.Pusher(",
  );
  const noWarmStart = PIPELINE.replace("      base_model=latest_model_resolver.outputs['latest_model'])", "      module_file2='x')");
  // The champion ratchet: the last blessed model is the Evaluator's baseline (after penguin_pipeline_local.py).
  const baseline = noWarmStart
    .replace(
      '  evaluator = tfx.components.Evaluator(',
      "  blessed = tfx.dsl.Resolver(\n      strategy_class=tfx.dsl.experimental.LatestBlessedModelStrategy,\n      model=tfx.dsl.Channel(type=tfx.types.standard_artifacts.Model),\n      model_blessing=tfx.dsl.Channel(type=tfx.types.standard_artifacts.ModelBlessing)).with_id('blessed')\n  evaluator = tfx.components.Evaluator(\n      baseline_model=blessed.outputs['model'],",
    )
    .replace('latest_model_resolver, trainer', 'latest_model_resolver, blessed, trainer');
  const withChangeThreshold = baseline.replace(
    "      baseline_model=blessed.outputs['model'],",
    "      baseline_model=blessed.outputs['model'],\n      eval_config=tfma.EvalConfig(metrics_specs=[tfma.MetricsSpec(thresholds={'auc': tfma.MetricThreshold(change_threshold=tfma.GenericChangeThreshold(absolute={'value': -1e-10}))})]),",
  );
  const cases: Array<[string, string, string, number]> = [
    ['a Pusher with the Evaluator blessing is gated', PIPELINE, 'pipeline/ungated-deploy', 0],
    ['a Pusher with no model_blessing deploys ungated', withoutBlessing, 'pipeline/ungated-deploy', 1],
    ['a Pusher inside `tfx.dsl.Cond` on the blessing is gated', inCond, 'pipeline/ungated-deploy', 0],
    ['a Resolver feeding the Trainer base_model is a warm-start loop', PIPELINE, 'feedback/undocumented-loop', 1],
    ['no Resolver feeding the Trainer, no loop', noWarmStart, 'feedback/undocumented-loop', 0],
    [
      'an untagged runner default_image is unpinned',
      `${PIPELINE}\nrunner = tfx.orchestration.experimental.KubeflowV2DagRunner(config=tfx.orchestration.experimental.KubeflowV2DagRunnerConfig(default_image='gcr.io/p/tfx-pipeline'))\n`,
      'config/unpinned-version',
      1,
    ],
    ['a blessed baseline compared by a change threshold is a loop', withChangeThreshold, 'feedback/undocumented-loop', 1],
    ['a blessed baseline no change threshold uses gives diff metrics only: no loop', baseline, 'feedback/undocumented-loop', 0],
  ];
  for (const [name, text, rule, count] of cases)
    test(name, async () => {
      assert.equal(tfxAdapter.detect({ path: FILE, text }), true);
      assert.equal((await findings(text, rule)).length, count);
    });
  test('the ungated Pusher is reported at the Pusher', async () => {
    const line = withoutBlessing.split('\n').findIndex((l) => l.includes('tfx.components.Pusher(')) + 1;
    assert.deepEqual(await findings(withoutBlessing, 'pipeline/ungated-deploy'), [`${line}`]);
  });
});

describe('tfx real files', () => {
  test('mlops-with-vertex-ai: the warm-start Resolver reads the Trainer model and feeds base_model', () => {
    const path = 'GoogleCloudPlatform__mlops-with-vertex-ai/src/tfx_pipelines/training_pipeline.py';
    const f = run(tfxAdapter, path, corpus(path));
    assert.ok(f.stages.some((s) => s.name === 'ModelTrainer' && s.role === 'train'));
    assert.ok(io(f).includes('WarmstartModelResolver reads kfp-output:ModelTrainer.model'));
    assert.ok(io(f).includes('ModelTrainer reads kfp-output:WarmstartModelResolver.latest_model'));
    assert.ok(io(f).includes('ModelPusher reads kfp-output:ModelEvaluator.blessing'));
  });
  test('mlops-on-gcp: InfraValidator and Evaluator blessings both reach the Pusher', () => {
    const path = 'GoogleCloudPlatform__mlops-on-gcp/immersion/tfx_pipelines/03-cicd/solutions/pipeline/pipeline.py';
    const f = run(tfxAdapter, path, corpus(path));
    assert.ok(orders(f).includes('Evaluator -> Pusher'));
    assert.ok(orders(f).includes('InfraValidator -> Pusher'));
    assert.equal(f.stages.find((s) => s.name === 'InfraValidator')?.role, 'evaluate');
  });
  test('penguin (tensorflow/tfx): the pipeline is named by the module constant passed through main()', () => {
    const path = 'tensorflow__tfx/tfx/examples/penguin/penguin_pipeline_kubeflow.py';
    const f = run(tfxAdapter, path, corpus(path));
    assert.ok(f.stages.length >= 9);
    assert.ok(f.stages.every((s) => s.pipeline === 'penguin-kubeflow'));
  });
  test('penguin (tensorflow/tfx): the cloud and local Pushers of the if/else branches are one stage with both destinations', () => {
    const path = 'tensorflow__tfx/tfx/examples/penguin/penguin_pipeline_kubeflow.py';
    const f = run(tfxAdapter, path, corpus(path));
    assert.equal(f.stages.filter((s) => s.name === 'Pusher').length, 1);
    assert.ok(io(f).includes('Pusher writes model:penguin'));
    assert.ok(io(f).includes('Pusher writes uri:gs://<your-project-bucket>/serving_model/penguin-kubeflow'));
  });
});
