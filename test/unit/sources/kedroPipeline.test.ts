import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kedroPipelineAdapter, kedroPipelineName } from '../../../server/src/engine/sources/kedroPipeline';
import type { FileFacts } from '../../../server/src/engine/model/facts';
import { corpusFiles } from '../../helpers/paths';
import { noteTexts } from '../../../server/src/engine/model/stageNotes';

const FILE = 'src/spaceflights/pipelines/data_science/pipeline.py';

function parse(text: string, path = FILE): FileFacts {
  return kedroPipelineAdapter.parse({ path, text }, { read: () => undefined });
}

function short(id: string): string {
  return id.slice(id.indexOf('#') + 1);
}

const stages = (f: FileFacts): string[] => f.stages.map((s) => short(s.id));
const io = (f: FileFacts): string[] =>
  f.io.map((i) => `${short(i.stage)} ${i.direction} ${i.artifact.name}${i.artifact.dynamic ? ' (dynamic)' : ''}`);
const refs = (f: FileFacts): string[] => f.references.map((r) => `${short(r.stage ?? '')} ${r.kind}:${r.name}`);

function corpus(relative: string): string {
  return readFileSync(join(corpusFiles(), relative), 'utf8');
}

before(async () => {
  await kedroPipelineAdapter.init?.();
});

describe('kedro pipeline detect', () => {
  const cases: Array<[string, string, boolean]> = [
    [FILE, 'from kedro.pipeline import Pipeline, node\n', true],
    [FILE, 'from kedro.pipeline import Node, Pipeline\n', true],
    [FILE, 'import kedro.pipeline\n', true],
    [FILE, '# kedro project\nfrom .x import pipeline, node\np = pipeline([node(f, "a", "b")])\n', true],
    [FILE, 'from sklearn.pipeline import Pipeline\np = Pipeline([("a", node(1))])\n', false],
    [FILE, 'from airflow import DAG\nfrom kedro.pipeline import node\n', false],
    ['conf/base/catalog.yml', 'from kedro.pipeline import node\n', false],
  ];
  for (const [path, text, expected] of cases) {
    test(`${JSON.stringify(text.slice(0, 40))} -> ${expected}`, () => assert.equal(kedroPipelineAdapter.detect({ path, text }), expected));
  }
});

test('the pipeline is the folder the module lives in', () => {
  assert.equal(kedroPipelineName('src/p/pipelines/data_processing/pipeline.py'), 'data_processing');
  assert.equal(kedroPipelineName('src/p/pipelines/reporting.py'), 'reporting');
});

interface Case {
  name: string;
  source: string;
  stages?: string[];
  io?: string[];
  references?: string[];
  notes?: Record<string, string[]>;
  dynamic?: string[];
  problems?: number;
}

const cases: Case[] = [
  {
    name: 'positional and keyword arguments, lists, dict inputs, params: and parameters',
    source: `
from kedro.pipeline import Pipeline, node
from .nodes import split_data, train_model, evaluate_model

def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline([
        node(split_data, ["model_input_table", "params:model_options"], ["X_train", "X_test", "y_train", "y_test"], name="split_data_node"),
        node(func=train_model, inputs={"X": "X_train", "y": "y_train", "seed": "params:model_options.random_state"}, outputs="regressor", name="train_model_node"),
        node(evaluate_model, inputs=["regressor", "X_test", "y_test", "parameters"], outputs=None, name="evaluate_model_node"),
    ])
`,
    stages: ['data_science/split_data_node', 'data_science/train_model_node', 'data_science/evaluate_model_node'],
    io: [
      'data_science/split_data_node reads model_input_table',
      'data_science/split_data_node writes X_train',
      'data_science/split_data_node writes y_test',
      'data_science/train_model_node reads X_train',
      'data_science/train_model_node reads y_train',
      'data_science/train_model_node writes regressor',
      'data_science/evaluate_model_node reads regressor',
    ],
    references: [
      'data_science/split_data_node param:model_options',
      'data_science/train_model_node param:model_options.random_state',
      'data_science/evaluate_model_node param:*',
    ],
  },
  {
    name: 'unnamed nodes are named after their function (twice: with a suffix) and noted',
    source: `
from kedro.pipeline import Pipeline, node
from . import nodes

def create_pipeline(**kwargs):
    return Pipeline([
        node(nodes.plot, "companies", "plot_a"),
        node(nodes.plot, "shuttles", "plot_b"),
        node(lambda df: df, "plot_b", "plot_c"),
    ])
`,
    stages: ['data_science/plot', 'data_science/plot__1', 'data_science/lambda'],
    notes: { 'data_science/plot': ['unnamed'], 'data_science/plot__1': ['unnamed'] },
  },
  {
    name: 'a modular pipeline: namespace prefixes datasets, params and names unless kept by inputs/outputs/parameters',
    source: `
from kedro.pipeline import Pipeline, node, pipeline

def create_pipeline(**kwargs):
    base = pipeline([
        node(train, ["X_train", "params:model_options"], "regressor", name="train_model_node"),
        node(evaluate, ["regressor", "X_test"], "metrics", name="evaluate_node"),
    ])
    active = pipeline(base, inputs={"X_train": "features_active", "X_test": "X_test"}, parameters="params:model_options", namespace="active")
    candidate = pipeline(pipe=base, outputs={"metrics": "candidate_metrics"}, namespace="candidate")
    return active + candidate
`,
    stages: [
      'data_science/active.train_model_node',
      'data_science/active.evaluate_node',
      'data_science/candidate.train_model_node',
      'data_science/candidate.evaluate_node',
    ],
    io: [
      'data_science/active.train_model_node reads features_active',
      'data_science/active.train_model_node writes active.regressor',
      'data_science/active.evaluate_node reads X_test',
      'data_science/active.evaluate_node writes active.metrics',
      'data_science/candidate.train_model_node reads candidate.X_train',
      'data_science/candidate.evaluate_node writes candidate_metrics',
    ],
    references: [
      'data_science/active.train_model_node param:model_options',
      'data_science/candidate.train_model_node param:candidate.model_options',
    ],
  },
  {
    name: 'nodes made in a comprehension are dynamic; f-string datasets stay as written',
    source: `
from kedro.pipeline import Pipeline, node

def create_pipeline(**kwargs):
    return Pipeline([node(clean, f"raw_{region}", f"clean_{region}", name=f"clean_{region}") for region in REGIONS])
`,
    stages: ['data_science/clean_{region}'],
    dynamic: ['data_science/clean_{region}'],
    io: ['data_science/clean_{region} reads raw_{region} (dynamic)', 'data_science/clean_{region} writes clean_{region} (dynamic)'],
  },
  {
    name: 'a syntax error: one problem, and the nodes that parse',
    source: `
from kedro.pipeline import Pipeline, node

def create_pipeline(**kwargs):
    return Pipeline([
        node(a, "x", "y", name="first"),
        node(b, "y", "z", name="second",
    ])
`,
    problems: 1,
  },
  {
    name: 'nodes added with +=, spliced with *, and dataset names from constants (the shared evaluator)',
    source: `
from kedro.pipeline import Pipeline, node, pipeline

RAW = "companies"
OUT = f"{RAW}_clean"

def create_pipeline(**kwargs) -> Pipeline:
    nodes = [node(clean, RAW, OUT, name="clean")]
    nodes += [node(check, OUT, None, name="check")]
    more = [node(report, OUT, "report", name="report")]
    return pipeline([*nodes, *more], namespace="ns")
`,
    stages: ['data_science/ns.clean', 'data_science/ns.check', 'data_science/ns.report'],
    io: [
      'data_science/ns.clean reads ns.companies',
      'data_science/ns.clean writes ns.companies_clean',
      'data_science/ns.check reads ns.companies_clean',
      'data_science/ns.report reads ns.companies_clean',
      'data_science/ns.report writes ns.report',
    ],
  },
];

describe('kedro pipeline parse', () => {
  for (const c of cases) {
    test(c.name, () => {
      const f = parse(c.source);
      assert.equal(f.problems.length, c.problems ?? 0, JSON.stringify(f.problems));
      if (c.stages) assert.deepEqual(stages(f).sort(), [...c.stages].sort());
      for (const e of c.io ?? []) assert.ok(io(f).includes(e), `missing ${e} in\n  ${io(f).join('\n  ')}`);
      for (const e of c.references ?? []) assert.ok(refs(f).includes(e), `missing ${e} in\n  ${refs(f).join('\n  ')}`);
      for (const [name, notes] of Object.entries(c.notes ?? {})) {
        const s = f.stages.find((x) => short(x.id) === name);
        for (const n of notes) assert.ok(noteTexts(s)?.includes(n), `${name} notes ${n}`);
      }
      for (const name of c.dynamic ?? []) assert.equal(f.stages.find((x) => short(x.id) === name)?.dynamic, true);
      for (const i of f.io) assert.equal(i.artifact.scheme, 'dataset');
    });
  }

  test('ranges: the stage at its name string, each dataset at its string', () => {
    const f = parse('from kedro.pipeline import node, pipeline\np = pipeline([node(f, "a", "b", name="n")])\n');
    assert.deepEqual(f.stages[0].range.range, { start: { line: 1, character: 37 }, end: { line: 1, character: 40 } });
    assert.deepEqual(f.io[0].range.range, { start: { line: 1, character: 22 }, end: { line: 1, character: 25 } });
  });

  test('never throws on noise', () => {
    for (const text of [
      '',
      'from kedro.pipeline import node\nnode(',
      '\u0000\u0000',
      `from kedro.pipeline import node\nx = ${'('.repeat(300)}`,
    ]) {
      const f = parse(text);
      assert.ok(f.problems.length <= 1);
    }
  });
});

describe('kedro pipeline corpus (EXPECTED.md 8)', () => {
  const root = 'kedro-org__kedro-starters/spaceflights-pandas/{{ cookiecutter.repo_name }}/src/{{ cookiecutter.python_package }}/pipelines';

  test('data_processing: three named nodes; both preprocess nodes feed create_model_input_table_node', () => {
    const path = `${root}/data_processing/pipeline.py`;
    const f = parse(corpus(path), path);
    assert.equal(f.problems.length, 0);
    assert.deepEqual(stages(f), [
      'data_processing/preprocess_companies_node',
      'data_processing/preprocess_shuttles_node',
      'data_processing/create_model_input_table_node',
    ]);
    assert.deepEqual(io(f), [
      'data_processing/preprocess_companies_node reads companies',
      'data_processing/preprocess_companies_node writes preprocessed_companies',
      'data_processing/preprocess_shuttles_node reads shuttles',
      'data_processing/preprocess_shuttles_node writes preprocessed_shuttles',
      'data_processing/create_model_input_table_node reads preprocessed_shuttles',
      'data_processing/create_model_input_table_node reads preprocessed_companies',
      'data_processing/create_model_input_table_node reads reviews',
      'data_processing/create_model_input_table_node writes model_input_table',
    ]);
    assert.ok(f.stages.every((s) => !noteTexts(s)));
  });

  test('reporting: three unnamed nodes, named after their functions', () => {
    const path = `${root}/reporting/pipeline.py`;
    const f = parse(corpus(path), path);
    assert.equal(f.problems.length, 0);
    assert.deepEqual(stages(f), [
      'reporting/compare_passenger_capacity_exp',
      'reporting/compare_passenger_capacity_go',
      'reporting/create_confusion_matrix',
    ]);
    assert.ok(f.stages.every((s) => noteTexts(s)?.includes('unnamed')));
    assert.deepEqual(io(f), [
      'reporting/compare_passenger_capacity_exp reads preprocessed_shuttles',
      'reporting/compare_passenger_capacity_exp writes shuttle_passenger_capacity_plot_exp',
      'reporting/compare_passenger_capacity_go reads preprocessed_shuttles',
      'reporting/compare_passenger_capacity_go writes shuttle_passenger_capacity_plot_go',
      'reporting/create_confusion_matrix reads companies',
      'reporting/create_confusion_matrix writes dummy_confusion_matrix',
    ]);
  });
});

describe('kedro modular pipelines: names Kedro will use', () => {
  const head = 'from kedro.pipeline import node, pipeline\nfrom p.pipelines import model_input as mip\n';

  test('a wrapped pipeline of another module records its namespace and the inner names it maps', () => {
    const f = parse(
      `${head}s16 = pipeline(mip.create_pipeline(), inputs={"td": "td"}, parameters={"params:model_input": "params:s16.model_input"}, namespace="s16")\n`,
    );
    assert.deepEqual(
      f.definitions.map((d) => `${d.scope} ${d.name}`),
      ['kedro:namespace s16', 'kedro:renamed model_input'],
    );
  });

  test('nested namespaces around a foreign pipeline are all recorded; local nodes record none', () => {
    const nested = parse(`${head}p = pipeline(pipeline([mip.create_pipeline()], namespace="inner"), namespace="outer")\n`);
    assert.deepEqual(
      nested.definitions.map((d) => d.name),
      ['inner', 'outer'],
    );
    const local = parse(`${head}def create_pipeline():\n    return pipeline([node(f, "params:a", "b", name="n")], namespace="ns")\n`);
    assert.deepEqual(local.definitions, []);
    assert.deepEqual(refs(local), ['data_science/ns.n param:ns.a']);
  });

  test('a run-time namespace or `parameters=` target leaves `{…}` in the name and says why', () => {
    const f = parse(
      `${head}def make(m):\n    base = pipeline([node(f, ["params:model_input", "params:seed", "x"], "y", name="n")])\n    return pipeline(base, parameters={"params:model_input": f"params:{m}.model_input"}, namespace=m)\n`,
    );
    assert.deepEqual(
      f.references.map((r) => [r.name, r.uncertain]),
      [
        ['{m}.model_input', 'its `parameters=` mapping is computed at run time'],
        ['{m}.seed', 'its namespace `m` is computed at run time'],
      ],
    );
    assert.deepEqual(io(f), ['data_science/{m}.n reads {m}.x (dynamic)', 'data_science/{m}.n writes {m}.y (dynamic)']);
    assert.equal(f.stages[0].dynamic, true);
  });

  test('a transcoded dataset is mapped by its base name and keeps its suffix (Kedro `_map_transcode_base`)', () => {
    const f = parse(
      `${head}def create_pipeline():\n    return pipeline([node(f, "events@spark", "features@pandas", name="n")], inputs={"events": "raw_events"}, namespace="ns")\n`,
    );
    assert.deepEqual(io(f), ['data_science/ns.n reads raw_events@spark', 'data_science/ns.n writes ns.features@pandas']);
  });
});
