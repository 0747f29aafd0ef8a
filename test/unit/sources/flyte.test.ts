import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { flyteAdapter } from '../../../server/src/engine/sources/flyte';
import type { FileFacts } from '../../../server/src/engine/model/facts';
import { corpusFiles } from '../../helpers/paths';
import { local, orders, run } from './yamlFacts';
import { noteTexts } from '../../../server/src/engine/model/stageNotes';

const parse = (text: string, path = 'wf.py'): FileFacts => run(flyteAdapter, path, text);
const corpus = (relative: string): string => readFileSync(join(corpusFiles(), 'flyteorg__flytesnacks', relative), 'utf8');
const io = (f: FileFacts): string[] => f.io.map((i) => `${local(i.stage)} ${i.direction} ${i.artifact.scheme}:${i.artifact.name}`);

before(async () => {
  await flyteAdapter.init?.();
});

describe('flyte detect', () => {
  const cases: Array<[string, string, boolean]> = [
    ['wf.py', 'from flytekit import task, workflow\n@task\ndef t(): ...\n', true],
    ['wf.py', 'import flytekit\n@flytekit.workflow\ndef w(): ...\n', true],
    ['wf.py', 'from flytekit.remote import FlyteRemote\nr = FlyteRemote()\n', false],
    ['wf.py', '@task\ndef t(): ...\n', false],
    ['wf.yaml', 'from flytekit import task\n@task\n', false],
  ];
  for (const [path, text, expected] of cases)
    test(`${JSON.stringify(text.slice(0, 40))} -> ${expected}`, () => assert.equal(flyteAdapter.detect({ path, text }), expected));
});

describe('flyte workflows (flytesnacks)', () => {
  const cases: Array<{ file: string; stages: string[]; orders: string[]; io?: string[] }> = [
    {
      file: 'examples/basics/basics/workflow.py',
      stages: ['simple_wf/slope', 'simple_wf/intercept'],
      orders: ['simple_wf/slope -> simple_wf/intercept (output)'],
      io: ['simple_wf/slope writes xcom:slope.output', 'simple_wf/intercept reads xcom:slope.output'],
    },
    {
      file: 'examples/advanced_composition/advanced_composition/chain_entities.py',
      stages: ['chain_tasks_wf/t2', 'chain_tasks_wf/t1', 'chain_tasks_wf/t0', 'sub_workflow_1/t1', 'sub_workflow_0/t0'],
      orders: ['chain_tasks_wf/t0 -> chain_tasks_wf/t1 (>>)', 'chain_tasks_wf/t1 -> chain_tasks_wf/t2 (>>)'],
    },
  ];
  for (const c of cases)
    test(c.file, () => {
      const f = parse(corpus(c.file), c.file);
      assert.deepEqual(
        f.stages.map((s) => local(s.id)),
        c.stages,
      );
      assert.deepEqual(orders(f), c.orders);
      if (c.io) assert.deepEqual(io(f), c.io);
    });

  test('launch plans: CronSchedule and FixedRate schedule their workflow', () => {
    const f = parse(corpus('examples/productionizing/productionizing/lp_schedules.py'));
    assert.deepEqual(
      f.schedules.map((s) => [s.pipeline, s.kind, s.expression]),
      [
        ['date_formatter_wf', 'cron', '*/1 * * * *'],
        ['positive_wf', 'interval', 'timedelta(minutes=10)'],
      ],
    );
  });

  test('ImageSpec packages are pins, unpinned ones without a version; tasks keep their image', () => {
    const f = parse(corpus('examples/customizing_dependencies/customizing_dependencies/image_spec.py'));
    assert.deepEqual(
      f.versions.map((v) => `${v.name}@${v.version ?? ''}`),
      ['pandas@', 'numpy@', 'python@3.9', 'scikit-learn@'],
    );
    assert.equal(f.stages.find((s) => s.name === 'train_model')?.image, 'sklearn_image_spec');
  });

  test('@dynamic is a dynamic stage; reference tasks are noted as defined elsewhere', () => {
    const dyn = parse(corpus('examples/advanced_composition/advanced_composition/dynamic_workflow.py'));
    assert.equal(dyn.stages.find((s) => s.name === 'count_characters')?.dynamic, true);
    const ref = parse(corpus('examples/productionizing/productionizing/reference_task.py'));
    assert.ok(ref.stages.every((s) => noteTexts(s)?.some((n) => n.includes('defined in another project'))));
  });
});

describe('flyte task options', () => {
  const cases: Array<[string, string, (f: FileFacts) => unknown, unknown]> = [
    [
      'container_image literal is the stage image and a pin',
      'from flytekit import task, workflow\n@task(container_image="ghcr.io/org/train:latest")\ndef t(): ...\n@workflow\ndef w():\n    t()\n',
      (f) => [f.stages[0].image, f.versions.map((v) => `${v.name}:${v.version}`)],
      ['ghcr.io/org/train:latest', ['ghcr.io/org/train:latest']],
    ],
    [
      'cache and cache_version',
      'from flytekit import task, workflow\n@task(cache=True, cache_version="1.0")\ndef t(): ...\n@workflow\ndef w():\n    t()\n',
      (f) => [noteTexts(f.stages[0]), f.values.find((v) => v.key === 't.cache_version')?.value],
      [['cached'], '1.0'],
    ],
    [
      'a task called twice is two stages',
      'from flytekit import task, workflow\n@task\ndef t(x: int) -> int: ...\n@workflow\ndef w():\n    a = t(x=1)\n    t(x=a)\n',
      (f) => orders(f),
      ['w/t -> w/t-2 (output)'],
    ],
  ];
  for (const [name, text, read, expected] of cases) test(name, () => assert.deepEqual(read(parse(text)), expected));
});
