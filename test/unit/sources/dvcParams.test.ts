import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dvcParamsAdapter } from '../../../server/src/engine/sources/dvcParams';
import { run, textAt, value } from './yamlFacts';

const PARAMS = 'prepare:\n  split: 0.2  # held out for evaluation\ntrain:\n  lr: 0.01\n';

test('detects params.yaml and params.yml', () => {
  assert.equal(dvcParamsAdapter.detect({ path: 'ml/params.yaml', text: '' }), true);
  assert.equal(dvcParamsAdapter.detect({ path: 'params.yml', text: '' }), true);
  assert.equal(dvcParamsAdapter.detect({ path: 'ml/parameters.yaml', text: '' }), false);
});

test('every key is a parameter definition, by its dotted path, as DVC stages name them', () => {
  const facts = run(dvcParamsAdapter, 'params.yaml', PARAMS);
  assert.deepEqual(facts.problems, []);
  assert.deepEqual(
    facts.definitions.map((d) => [d.kind, d.name]),
    [
      ['param', 'prepare'],
      ['param', 'prepare.split'],
      ['param', 'train'],
      ['param', 'train.lr'],
    ],
  );
  assert.equal(textAt(PARAMS, facts.definitions[1].range), 'split');
});

test('leaf values are configuration values with their numbers', () => {
  const facts = run(dvcParamsAdapter, 'params.yaml', PARAMS);
  assert.equal(value(facts, 'prepare.split')?.value, 0.2);
  assert.equal(value(facts, 'train.lr')?.value, 0.01);
});

test('a YAML error is reported as one problem', () => {
  const facts = run(dvcParamsAdapter, 'params.yaml', 'train:\n  lr: [0.01\n');
  assert.equal(facts.problems.length, 1);
});
