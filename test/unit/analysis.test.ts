import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Analysis } from '../../server/src/engine/analysis';
import { ADAPTERS } from '../../server/src/engine/sources/index';
import { pipelineFiles } from '../../bench/generate';

const dvc = 'stages:\n  train:\n    cmd: python train.py\n    params:\n      - lr\n    outs:\n      - model.pkl\n';

test('incremental: changing one file re-parses only that file (and files that read it)', async () => {
  const a = new Analysis({ today: '2026-11-27' });
  a.setFile('dvc.yaml', dvc);
  a.setFile('params.yaml', 'lr: 0.1\n');
  a.setFile('.github/workflows/ci.yml', 'on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo\n');
  await a.init();
  a.run();
  assert.equal(a.parseCount, 3);
  a.setFile('.github/workflows/ci.yml', 'on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n      - run: echo\n');
  a.run();
  assert.equal(a.parseCount, 4, 'only the workflow');
  a.setFile('.github/workflows/ci.yml', 'on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n      - run: echo\n');
  a.run();
  assert.equal(a.parseCount, 4, 'same text: no parse');
  a.setFile('params.yaml', 'lr: 0.2\n');
  a.run();
  assert.equal(a.parseCount, 6, 'params.yaml and the dvc.yaml that interpolates from it');
});

test('half-typed YAML keeps the last good facts and shows exactly one syntax error', async () => {
  const a = new Analysis({ today: '2026-11-27' });
  a.setFile('dvc.yaml', dvc);
  await a.init();
  const before = a.run().graph.stages().length;
  a.setFile('dvc.yaml', `${dvc}  evaluate:\n    cmd: [python eval.py\n`);
  const result = a.run();
  assert.equal(result.graph.stages().length, before);
  const syntax = result.findings.filter((f) => f.ruleId === 'loopwise/syntax-error');
  assert.equal(syntax.length, 1);
  assert.equal(syntax[0].range.start.line, 8);
});

test('an adapter that throws loses only its own file', async () => {
  const a = new Analysis({
    today: '2026-11-27',
    adapters: [
      {
        format: 'dvc',
        detect: (f) => f.path === 'bad.yaml',
        parse: () => {
          throw new Error('boom');
        },
      },
      ...ADAPTERS,
    ],
  });
  a.setFile('bad.yaml', 'x: 1\n');
  a.setFile('dvc.yaml', dvc);
  await a.init();
  const result = a.run();
  assert.ok(result.findings.some((f) => f.ruleId === 'loopwise/internal-error' && f.file === 'bad.yaml' && /boom/.test(f.message)));
  assert.equal(result.graph.stages().length, 1);
});

test('a deleted file disappears from the graph', async () => {
  const a = new Analysis();
  a.setFile('dvc.yaml', dvc);
  await a.init();
  assert.equal(a.run().graph.stages().length, 1);
  a.removeFile('dvc.yaml');
  assert.equal(a.run().graph.stages().length, 0);
});

test('runAsync pauses between steps; a change during the run makes its result stale, not cached', async () => {
  const a = new Analysis({ today: '2026-11-27' });
  a.setFile('dvc.yaml', dvc);
  await a.init();
  let pauses = 0;
  const stale = await a.runAsync(async () => {
    if (++pauses === 1) a.setFile('dvc.yaml', dvc.replace('train:', 'fit:'));
  });
  assert.ok(pauses > 3, 'pauses after linking, loops and each rule');
  assert.deepEqual(
    stale.graph.stages().map((s) => s.label),
    ['train'],
    'the run finishes with the facts it started from',
  );
  assert.equal(a.latest(), stale, 'the last result is kept for hosts to show meanwhile');
  const fresh = a.run();
  assert.notEqual(fresh, stale);
  assert.deepEqual(
    fresh.graph.stages().map((s) => s.label),
    ['fit'],
  );
  assert.equal(await a.runAsync(async () => undefined), fresh, 'nothing changed: the cached result');
});

test('runCancellable: a change during the run cancels it at the next pause', async () => {
  const a = new Analysis({ today: '2026-11-27' });
  a.setFile('dvc.yaml', dvc);
  await a.init();
  let pauses = 0;
  const cancelled = await a.runCancellable(async () => {
    if (++pauses === 2) a.setFile('dvc.yaml', dvc.replace('train:', 'fit:'));
  });
  assert.equal(cancelled, undefined);
  assert.equal(pauses, 2, 'stopped at the pause after the change');
  const fresh = await a.runCancellable(async () => undefined);
  assert.deepEqual(
    fresh?.graph.stages().map((s) => s.label),
    ['fit'],
  );
});

test("fileFindings (stage 1): the edited file's parse problems and file-scope rules fresh, other rules as last analysed", async () => {
  const a = new Analysis({ today: '2026-11-27' });
  const workflow = 'on: push\njobs:\n  train:\n    runs-on: ubuntu-22.04\n    steps:\n      - run: python train.py\n';
  a.setFile('.github/workflows/ci.yml', workflow);
  a.setFile('dvc.yaml', dvc);
  await a.init();
  const before = a.run().findings.filter((f) => f.file === 'dvc.yaml');
  assert.ok(
    before.some((f) => f.ruleId === 'config/dangling-reference'),
    'lr is not defined: a cross-file rule finding',
  );
  const secret = workflow.replace('    steps:', '    env:\n      DB_PASSWORD: hunter2hunter2\n    steps:');
  a.setFile('.github/workflows/ci.yml', secret);
  const own = a.fileFindings('.github/workflows/ci.yml');
  assert.ok(
    own.some((f) => f.ruleId === 'config/secret-in-config'),
    'a file-scope rule runs on the edited file alone, before any full analysis',
  );
  a.setFile('dvc.yaml', `${dvc}  evaluate:\n    cmd: [python eval.py\n`);
  const broken = a.fileFindings('dvc.yaml');
  assert.equal(broken.filter((f) => f.ruleId === 'loopwise/syntax-error').length, 1, 'the parse problem is fresh');
  assert.ok(
    broken.some((f) => f.ruleId === 'config/dangling-reference'),
    'cross-file findings stay as last analysed until stage 2',
  );
  assert.deepEqual(
    a
      .run()
      .findings.filter((f) => f.ruleId === 'config/secret-in-config')
      .map((f) => f.file),
    ['.github/workflows/ci.yml'],
    'stage 2 agrees',
  );
});

/** Five generated pipelines of every format, loaded into one Analysis and analysed once. */
async function generatedWorkspace(): Promise<{ a: Analysis; files: Map<string, string> }> {
  const files = new Map<string, string>();
  for (let i = 0; i < 5; i++) for (const [rel, text] of pipelineFiles(i)) files.set(rel, text);
  const a = new Analysis({ today: '2026-11-27' });
  for (const [rel, text] of files) a.setFile(rel, text);
  await a.init();
  a.run();
  return { a, files };
}

async function coldFindings(files: Map<string, string>): Promise<string[]> {
  const cold = new Analysis({ today: '2026-11-27' });
  for (const [rel, text] of files) cold.setFile(rel, text);
  await cold.init();
  return cold
    .run()
    .findings.map((f) => JSON.stringify(f))
    .sort();
}

test('early cut-off: an edit that changes no field linking reads reuses the graph and reruns only the rules that read what changed', async () => {
  const { a, files } = await generatedWorkspace();
  const links = a.linkCount;
  const target = 'pipelines/p0/dvc.yaml';
  const edited = files.get(target)!.replace('- seed', '- seeed');
  assert.notEqual(edited, files.get(target));
  a.setFile(target, edited);
  files.set(target, edited);
  const before = new Map(a.timings.entries());
  const result = a.run();
  assert.equal(a.linkCount, links, 'the graph was reused');
  const reran = (id: string) => a.timings.get(`rule ${id}`) !== (before.get(`rule ${id}`) ?? 0);
  assert.ok(reran('config/dangling-reference'), 'a rule that reads references ran again');
  assert.ok(!reran('pipeline/orphan-output'), 'a rule that reads only the graph was reused');
  assert.ok(result.findings.some((f) => f.ruleId === 'config/dangling-reference' && f.file === target));
  assert.deepEqual(result.findings.map((f) => JSON.stringify(f)).sort(), await coldFindings(files));
});

test('early cut-off: a line inserted above a file moves its places in the graph and findings instead of linking again', async () => {
  const { a, files } = await generatedWorkspace();
  const links = a.linkCount;
  const target = 'pipelines/p0/dvc.yaml';
  const before = a
    .run()
    .graph.nodes.get([...a.run().graph.nodes.values()].find((n) => n.source?.file === target && n.kind === 'stage')!.id)!;
  const line = before.source!.range.start.line;
  const edited = `# a comment above everything\n${files.get(target)!}`;
  a.setFile(target, edited);
  files.set(target, edited);
  const result = a.run();
  assert.equal(a.moveCount, 1);
  assert.equal(a.linkCount, links, 'the graph was reused');
  assert.equal(result.graph.nodes.get(before.id)!.source!.range.start.line, line + 1, 'the stage moved down one line');
  assert.deepEqual(result.findings.map((f) => JSON.stringify(f)).sort(), await coldFindings(files));
  // An edit that changes what a stage writes is not a move: the workspace is linked again.
  const meaningful = `# one more line\n${edited.replaceAll('data/prepared', 'data/prep')}`;
  a.setFile(target, meaningful);
  files.set(target, meaningful);
  const relinked = a.run();
  assert.equal(a.moveCount, 1);
  assert.equal(a.linkCount, links + 1);
  assert.deepEqual(relinked.findings.map((f) => JSON.stringify(f)).sort(), await coldFindings(files));
});
