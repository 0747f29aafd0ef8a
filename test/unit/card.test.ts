import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml } from '../../server/src/engine/text/yaml';
import { parseCard, parseDuration } from '../../server/src/engine/card/parse';

function card(text: string) {
  return parseCard(parseYaml('mlsystem.yaml', text));
}

test('a complete card', () => {
  const { card: c, problems } = card(
    [
      'system: fraud',
      'domain: credit-scoring',
      'risk: high',
      'teams:',
      '  - name: ml',
      '    role: [research, mlops]',
      '    members: ["@acme/ml"]',
      'loops:',
      '  - name: reviews',
      '    hops: [flags, labels]',
      '    monitor: label balance',
      '    brake: 5% random review',
      'influences:',
      '  - from: flags',
      '    to: fraud attempts',
      '    sign: "-"',
      'durations:',
      '  - stage: agg',
      '    p95: 1h30m',
      'emissions: {tracked: true, tool: codecarbon}',
    ].join('\n'),
  );
  assert.deepEqual(problems, []);
  assert.deepEqual(c!.teams[0].roles, ['research', 'mlops']);
  assert.equal(c!.loops[0].brake, '5% random review');
  assert.equal(c!.influences[0].sign, -1);
  assert.equal(c!.durations[0].minutes, 90);
  assert.equal(c!.emissions?.tracked, true);
});

test('validation errors carry the exact range of the offending node', () => {
  const { problems } = card('teams:\n  - name: ml\n    role: wizard\nrisk: extreme\nloops:\n  - name: x\n    hops: [only-one]\nbogus: 1\n');
  const at = problems.map((p) => `${p.range.range.start.line}:${p.range.range.start.character} ${p.severity} ${p.message}`);
  assert.ok(
    at.some((p) => p.startsWith('2:10 error Unknown team role "wizard"')),
    at.join('\n'),
  );
  assert.ok(
    at.some((p) => p.startsWith('3:6 error risk must be one of')),
    at.join('\n'),
  );
  assert.ok(
    at.some((p) => p.startsWith('6:10 error A documented loop needs at least two hops')),
    at.join('\n'),
  );
  assert.ok(
    at.some((p) => p.startsWith('7:0 warning Unknown section "bogus"')),
    at.join('\n'),
  );
});

test('durations', () => {
  assert.equal(parseDuration('90m'), 90);
  assert.equal(parseDuration('2h'), 120);
  assert.equal(parseDuration('45'), 45);
  assert.equal(parseDuration('soon'), undefined);
});
