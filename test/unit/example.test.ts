// The fraud-detection example yields exactly the findings its EXPECTED.md lists (for every
// rule that exists), each once, and nothing else. Stays in force as rules are added.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadWorkspace } from '../../server/src/node/workspace';
import { RULES } from '../../server/src/engine/rules/index';
import { fraudExample } from '../helpers/paths';

interface Planted {
  file: string;
  line: number;
  rule: string;
}

function planted(): Planted[] {
  const text = readFileSync(path.join(fraudExample(), 'EXPECTED.md'), 'utf8');
  return text
    .split('\n')
    .filter((l) => /^\|\s*\d+\s*\|/.test(l))
    .map((l) => l.split('|').map((c) => c.trim()))
    .map((cells) => ({ file: cells[3], line: Number(cells[4]), rule: cells[5] }));
}

test('EXPECTED.md lists the planted items', () => {
  const items = planted();
  assert.ok(items.length >= 7);
  for (const p of items) assert.match(p.rule, /^[a-z]+\/[a-z-]+$/);
});

test('the fraud example yields exactly the planted findings of the rules that exist', async () => {
  const ws = await loadWorkspace(fraudExample(), { today: '2026-11-27' });
  const findings = ws.analysis.run().findings;
  const existing = new Set(RULES.map((r) => r.meta.id));
  const expected = planted()
    .filter((p) => existing.has(p.rule))
    .map((p) => `${p.file}:${p.line} ${p.rule}`)
    .sort();
  const actual = findings.map((f) => `${f.file}:${f.range.start.line + 1} ${f.ruleId}`).sort();
  assert.deepEqual(actual, expected, findings.map((f) => `${f.file}:${f.range.start.line + 1} ${f.ruleId} ${f.message}`).join('\n'));
});

test('the undocumented loop: a short message naming its key stocks, every hop across four formats a related location', async () => {
  const ws = await loadWorkspace(fraudExample(), { today: '2026-11-27' });
  const loop = ws.analysis.run().findings.find((f) => f.ruleId === 'feedback/undocumented-loop');
  assert.ok(loop, 'the loop is found');
  const files = new Set(loop.related.map((r) => r.file));
  for (const f of ['dvc.yaml', '.github/workflows/retrain.yml', 'serving/inference-service.yaml', 'dags/review_labels.py'])
    assert.ok(files.has(f), `a hop in ${f}`);
  const hops = loop.related.map((r) => r.message).join('\n');
  for (const hop of ['fraud.flagged_transactions', 'review.queue', 'fraud.review_labels', 'models/fraud_model.pkl'])
    assert.ok(hops.includes(hop), `a hop through ${hop}`);
  assert.equal(loop.related.length, 20);
  assert.equal(
    loop.message,
    "Undocumented reinforcing feedback loop R1: the model's output `fraud.flagged_transactions` comes back as `s3://acme-fraud-data/labels/reviewed.parquet`, read here, through 10 stages in 4 files. Document it under `loops:` in mlsystem.yaml with an owner, a monitor and a brake.",
  );
  assert.doesNotMatch(loop.message, /→/, 'the hop chain is in the related locations, not the message');
});
