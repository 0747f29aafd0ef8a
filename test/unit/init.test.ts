import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Analysis } from '../../server/src/engine/analysis';
import { initialCard } from '../../server/src/engine/card/init';

const files: Record<string, string> = {
  CODEOWNERS: '* @acme/fraud-ml\n/serving/ @acme/platform\n',
  'dvc.yaml':
    'stages:\n  train:\n    cmd: python train.py\n    deps:\n      - "data/la: bels.csv"\n      - data/raw.csv\n    outs:\n      - model.pkl\n  score:\n    cmd: python score.py\n    deps:\n      - model.pkl\n    outs:\n      - data/flags.csv\n  review:\n    cmd: python review.py\n    deps:\n      - data/flags.csv\n    outs:\n      - "data/la: bels.csv"\n',
};

async function analyse(extra: Record<string, string> = {}) {
  const a = new Analysis({ today: '2026-11-27' });
  for (const [p, t] of Object.entries({ ...files, ...extra })) a.setFile(p, t);
  await a.init();
  return a.run();
}

test('init writes a valid card that documents the loops it found and lists external candidates', async () => {
  const before = await analyse();
  assert.equal(before.loops.length, 1);
  const card = initialCard(before, { system: 'fraud', today: '2026-11-27' });
  assert.match(card, /^# Loopwise system card for fraud/);
  assert.match(card, /teams:/);
  assert.match(card, /@acme\/platform/);
  assert.match(card, /name: data\/raw.csv/);
  assert.match(card, /# Feedback loops/);
  const after = await analyse({ 'mlsystem.yaml': card });
  assert.deepEqual(
    after.findings.filter((f) => f.ruleId === 'loopwise/invalid-card' && f.severity === 'error').map((f) => f.message),
    [],
  );
  assert.equal(after.loops.filter((l) => !l.documented).length, 0, 'the generated loop entry documents the loop');
  assert.ok(after.graph.nodes.get('path:data/raw.csv')?.external, 'external candidates are declared');
});
