import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { metaflowAdapter } from '../../../server/src/engine/sources/metaflow';
import type { FileFacts } from '../../../server/src/engine/model/facts';
import { corpusFiles } from '../../helpers/paths';
import { local, orders, run, value } from './yamlFacts';
import { noteTexts } from '../../../server/src/engine/model/stageNotes';

const FILE = 'flows/train.py';
const parse = (text: string): FileFacts => run(metaflowAdapter, FILE, text);
const io = (f: FileFacts): string[] => f.io.map((i) => `${local(i.stage)} ${i.direction} ${i.artifact.scheme}:${i.artifact.name}`);
const corpus = (relative: string): string => readFileSync(join(corpusFiles(), relative), 'utf8');

before(async () => {
  await metaflowAdapter.init?.();
});

describe('metaflow detect', () => {
  const cases: Array<[string, string, boolean]> = [
    ['f.py', 'from metaflow import FlowSpec, step\nclass F(FlowSpec): ...\n', true],
    ['f.py', 'import metaflow\nclass F(metaflow.FlowSpec): ...\n', true],
    ['f.py', 'from metaflow import Flow\nrun = Flow("X").latest_run\n', false],
    ['f.py', 'class FlowSpec: ...\n', false],
    ['f.yaml', 'from metaflow import FlowSpec\n', false],
  ];
  for (const [path, text, expected] of cases)
    test(`${JSON.stringify(text.slice(0, 40))} -> ${expected}`, () => assert.equal(metaflowAdapter.detect({ path, text }), expected));
});

const FLOW = `from metaflow import FlowSpec, step, Parameter, IncludeFile, schedule, kubernetes, pypi, environment, timeout, retry, trigger_on_finish

@schedule(cron="0 2 * * *", timezone="Europe/Paris")
@trigger_on_finish(flow="FeatureFlow")
class TrainFlow(FlowSpec):
    alpha = Parameter("alpha", help="Learning rate", default=0.01)
    data = IncludeFile("data", default="data/train.csv")

    @step
    def start(self):
        self.rows = load(self.data)
        self.shards = [1, 2]
        self.next(self.train, foreach="shards")

    @kubernetes(image="registry.example.com/train:latest", memory=4000)
    @pypi(packages={"scikit-learn": "1.4.0"}, python="3.11")
    @environment(vars={"MODE": "full"})
    @timeout(hours=2)
    @retry
    @step
    def train(self):
        import pandas as pd
        self.model = fit(self.rows, self.alpha)
        pd.DataFrame().to_parquet("s3://bucket/models/scores.parquet")
        self.next(self.join)

    @step
    def join(self, inputs):
        self.model = inputs[0].model
        self.next(self.end)

    @step
    def end(self):
        print(self.model)
`;

describe('metaflow flows', () => {
  let f: FileFacts;
  before(() => {
    f = parse(FLOW);
  });
  test('steps are stages of the flow; self.next the transitions', () => {
    assert.deepEqual(
      f.stages.map((s) => local(s.id)),
      ['TrainFlow/start', 'TrainFlow/train', 'TrainFlow/join', 'TrainFlow/end'],
    );
    assert.deepEqual(orders(f), [
      'TrainFlow/start -> TrainFlow/train (foreach)',
      'TrainFlow/train -> TrainFlow/join (next)',
      'TrainFlow/join -> TrainFlow/end (next)',
      '@FeatureFlow -> TrainFlow/start (trigger_on_finish)',
    ]);
    assert.equal(f.stages[1].dynamic, true);
  });
  test('artifacts handed to a later step are in-run values; a rewritten one is one per writer; unread ones are left out', () => {
    const all = io(f);
    for (const e of [
      'TrainFlow/start writes xcom:TrainFlow.rows',
      'TrainFlow/train reads xcom:TrainFlow.rows',
      'TrainFlow/end reads xcom:TrainFlow.model@train',
      'TrainFlow/end reads xcom:TrainFlow.model@join',
      'TrainFlow/train writes uri:s3://bucket/models/scores.parquet',
      'TrainFlow/start reads path:data/train.csv',
    ])
      assert.ok(all.includes(e), `${e} in\n${all.join('\n')}`);
    assert.ok(!all.some((e) => e.includes('TrainFlow.shards')), 'foreach input is read by the runtime, not a step');
    assert.ok(!all.some((e) => e.includes('TrainFlow.alpha')), 'a parameter is no artifact');
  });
  test('parameters: defaults with their help text, references from steps', () => {
    assert.equal(value(f, 'TrainFlow.alpha')?.value, 0.01);
    assert.equal(value(f, 'TrainFlow.alpha')?.comment, 'Learning rate');
    assert.ok(f.references.some((r) => r.name === 'alpha' && r.stage && local(r.stage) === 'TrainFlow/train'));
  });
  test('step decorators: image, packages, environment, timeout, retry', () => {
    const train = f.stages[1];
    assert.equal(train.image, 'registry.example.com/train:latest');
    assert.deepEqual(
      f.versions.map((v) => `${v.subject} ${v.name} ${v.version}`),
      ['image registry.example.com/train latest', 'package scikit-learn 1.4.0', 'package python 3.11'],
    );
    assert.equal(value(f, 'TrainFlow.train.environment.MODE')?.value, 'full');
    assert.deepEqual(
      train.limits?.map((l) => l.minutes),
      [120],
    );
    assert.ok(noteTexts(train)?.includes('retry'));
  });
  test('@schedule is the flow schedule', () =>
    assert.deepEqual(
      f.schedules.map((s) => `${s.pipeline} ${s.kind} ${s.expression} ${s.timezone}`),
      ['TrainFlow cron 0 2 * * * Europe/Paris'],
    ));
  test('a bare @schedule runs daily', () => {
    const g = parse(
      'from metaflow import FlowSpec, step, schedule\n@schedule\nclass F(FlowSpec):\n    @step\n    def start(self):\n        self.next(self.end)\n    @step\n    def end(self): pass\n',
    );
    assert.deepEqual(
      g.schedules.map((s) => s.expression),
      ['@daily'],
    );
  });
});

describe('metaflow on the corpus', () => {
  test("the playlist tutorial: a fan-out and join, and a note where it reads another flow's latest run", () => {
    const path = 'Netflix__metaflow/metaflow/tutorials/04-playlist-plus/playlist.py';
    const f = run(metaflowAdapter, path, corpus(path));
    assert.deepEqual(
      f.stages.map((s) => s.name),
      ['start', 'bonus_movie', 'genre_movies', 'join', 'end'],
    );
    assert.ok(noteTexts(f.stages[0])?.includes("reads genre_stats from flow MovieStatsFlow's latest run"));
    assert.ok(io(f).includes('PlayListFlow/end reads xcom:PlayListFlow.playlist'));
    assert.deepEqual(
      f.versions.map((v) => `${v.name} ${v.version}`),
      ['editdistance 0.5.3'],
    );
  });
  test('the statistics tutorial fans out over genres', () => {
    const path = 'Netflix__metaflow/metaflow/tutorials/02-statistics/stats.py';
    const f = run(metaflowAdapter, path, corpus(path));
    assert.ok(orders(f).includes('MovieStatsFlow/start -> MovieStatsFlow/compute_statistics (foreach)'));
  });
});
