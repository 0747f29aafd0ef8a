import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dvcAdapter } from '../../../server/src/engine/sources/dvc';
import { run, textAt, local } from './yamlFacts';

// `vars`, `${}` interpolation and `foreach` as DVC documents them (dvc.yaml reference, "Templating").
const PIPELINE = `vars:
  - data_dir: data
stages:
  prepare:
    cmd: python prepare.py \${data_dir}/raw \${data_dir}/prepared
    deps:
      - prepare.py
      - \${data_dir}/raw
    params:
      - prepare.split
    outs:
      - \${data_dir}/prepared
  train:
    foreach: [small, large]
    do:
      cmd: python train.py --size \${item}
      deps:
        - \${data_dir}/prepared
      params:
        - train.lr
      outs:
        - models/\${item}.pkl
      metrics:
        - metrics/\${item}.json:
            cache: false
`;
const PARAMS = { 'ml/params.yaml': 'prepare:\n  split: 0.2\ntrain:\n  lr: 0.01\n' };

test('detects dvc.yaml and dvc.yml only', () => {
  assert.equal(dvcAdapter.detect({ path: 'ml/dvc.yaml', text: '' }), true);
  assert.equal(dvcAdapter.detect({ path: 'dvc.yml', text: '' }), true);
  assert.equal(dvcAdapter.detect({ path: 'ml/dvc.lock', text: '' }), false);
  assert.equal(dvcAdapter.detect({ path: 'ml/params.yaml', text: '' }), false);
});

test('stages, one per foreach item, named stage@item, with roles from what they write', () => {
  const facts = run(dvcAdapter, 'ml/dvc.yaml', PIPELINE, PARAMS);
  assert.deepEqual(facts.problems, []);
  assert.deepEqual(
    facts.stages.map((s) => [local(s.id), s.role]),
    [
      ['ml/prepare', 'transform'],
      ['ml/train@small', 'train'],
      ['ml/train@large', 'train'],
    ],
  );
  assert.equal(textAt(PIPELINE, facts.stages[1].range), 'train');
});

test('deps, outs and metrics become reads and writes, with `${}` resolved from vars and the foreach item', () => {
  const facts = run(dvcAdapter, 'ml/dvc.yaml', PIPELINE, PARAMS);
  assert.deepEqual(
    facts.io.map((i) => `${local(i.stage)} ${i.direction} ${i.artifact.name} (${i.artifact.kind})`),
    [
      'ml/prepare reads prepare.py (code)',
      'ml/prepare reads data/raw (data)',
      'ml/prepare writes data/prepared (data)',
      'ml/train@small reads data/prepared (data)',
      'ml/train@small writes models/small.pkl (model)',
      'ml/train@small writes metrics/small.json (metrics)',
      'ml/train@large reads data/prepared (data)',
      'ml/train@large writes models/large.pkl (model)',
      'ml/train@large writes metrics/large.json (metrics)',
    ],
  );
});

test('`params:` entries and interpolated names are parameter references; a var from an inline `vars:` dict is none', () => {
  const facts = run(dvcAdapter, 'ml/dvc.yaml', PIPELINE, PARAMS);
  const names = new Set(facts.references.filter((r) => r.kind === 'param').map((r) => r.name));
  assert.deepEqual([...names].sort(), ['prepare.split', 'train.lr']);
});

test('a YAML error is one problem at its position, and the stage that parses is kept', () => {
  const text = 'stages:\n  prepare:\n    cmd: python p.py\n    outs:\n      - data/p\n  train: [unclosed\n';
  const facts = run(dvcAdapter, 'dvc.yaml', text);
  assert.equal(facts.problems.length, 1);
  assert.equal(facts.problems[0].range.range.start.line, 5);
  assert.ok(
    facts.stages.some((s) => s.name === 'prepare' && s.range.range.start.line === 1),
    'the stage that parses is kept',
  );
});
