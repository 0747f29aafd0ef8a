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

test('the undocumented loop names every hop across four formats', async () => {
  const ws = await loadWorkspace(fraudExample(), { today: '2026-11-27' });
  const loop = ws.analysis.run().findings.find((f) => f.ruleId === 'feedback/undocumented-loop');
  assert.ok(loop, 'the loop is found');
  const files = new Set(loop.related.map((r) => r.file));
  for (const f of ['dvc.yaml', '.github/workflows/retrain.yml', 'serving/inference-service.yaml', 'dags/review_labels.py'])
    assert.ok(files.has(f), `a hop in ${f}`);
  for (const hop of ['fraud.flagged_transactions', 'review.queue', 'fraud.review_labels', 'models/fraud_model.pkl'])
    assert.match(loop.message, new RegExp(hop.replace(/[.*/]/g, '\\$&')));
});
