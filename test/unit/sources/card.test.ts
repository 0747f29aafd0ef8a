import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cardAdapter } from '../../../server/src/engine/sources/card';
import { run } from './yamlFacts';

const CARD = `system: fraud
teams:
  - name: fraud-ml
    role: research
    members: ["@acme/fraud-ml"]
loops:
  - name: R1
    hops: [models/model.pkl, fraud.flagged]
    owner: fraud-ml
    monitor: weekly precision on audited samples
    brake: 5% random audit holdout
`;

test('detects mlsystem.yaml and mlsystem.yml anywhere', () => {
  assert.equal(cardAdapter.detect({ path: 'mlsystem.yaml', text: '' }), true);
  assert.equal(cardAdapter.detect({ path: 'fraud/mlsystem.yml', text: '' }), true);
  assert.equal(cardAdapter.detect({ path: 'system.yaml', text: '' }), false);
});

test('a valid card: its teams and documented loops, and no problem', () => {
  const facts = run(cardAdapter, 'mlsystem.yaml', CARD);
  assert.deepEqual(facts.problems, []);
  assert.equal(facts.card?.system, 'fraud');
  assert.deepEqual(
    facts.card?.teams.map((t) => [t.name, t.roles, t.members]),
    [['fraud-ml', ['research'], ['@acme/fraud-ml']]],
  );
  assert.deepEqual(
    facts.card?.loops.map((l) => [l.name, l.owner]),
    [['R1', 'fraud-ml']],
  );
});

test('schema problems are reported at the key, with the keys the card accepts', () => {
  const facts = run(cardAdapter, 'mlsystem.yaml', 'teams:\n  - name: ml\n    role: research\n    owns: [dvc.yaml]\n');
  assert.deepEqual(
    facts.problems.map((p) => [p.severity, p.range.range.start.line]),
    [['warning', 3]],
  );
  assert.match(facts.problems[0].message, /Unknown key "owns" in teams; expected one of: name, role/);
  assert.deepEqual(
    run(cardAdapter, 'mlsystem.yaml', 'loops: 3\n').problems.map((p) => [p.severity, p.message]),
    [['error', 'loops must be a list.']],
  );
});

test('a card that is not YAML is only a syntax problem: no card is read from it', () => {
  const facts = run(cardAdapter, 'mlsystem.yaml', 'teams: [unclosed\n');
  assert.equal(facts.problems.length, 1);
  assert.equal(facts.card, undefined);
});
