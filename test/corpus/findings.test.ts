// Every finding on the public corpus, as a reviewed snapshot: each one is judged in
// test/corpus/REVIEW.md. A change in findings fails here until the snapshot is regenerated
// (LOOPWISE_UPDATE_SNAPSHOT=1) and the review updated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadWorkspace } from '../../server/src/node/workspace';
import { corpusFiles, repoRoot } from '../helpers/paths';

const SNAPSHOT = path.join(repoRoot(), 'test', 'corpus', 'findings.snap');

export async function corpusFindings(): Promise<string> {
  const ws = await loadWorkspace(corpusFiles(), { today: '2026-11-27' });
  const lines = ws.analysis
    .run()
    .findings.sort(
      (a, b) =>
        a.file.localeCompare(b.file) ||
        a.range.start.line - b.range.start.line ||
        a.ruleId.localeCompare(b.ruleId) ||
        a.message.localeCompare(b.message),
    )
    .map((f) => `${f.file}:${f.range.start.line + 1} ${f.severity} ${f.ruleId} — ${f.message}`);
  return `${lines.join('\n')}\n`;
}

test('corpus findings match the reviewed snapshot', async () => {
  const actual = await corpusFindings();
  if (process.env.LOOPWISE_UPDATE_SNAPSHOT) writeFileSync(SNAPSHOT, actual);
  assert.equal(actual, readFileSync(SNAPSHOT, 'utf8'));
});

test('every snapshot finding is judged in REVIEW.md', () => {
  const review = readFileSync(path.join(repoRoot(), 'test', 'corpus', 'REVIEW.md'), 'utf8');
  const judged = new Set([...review.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1])));
  const count = readFileSync(SNAPSHOT, 'utf8').trim().split('\n').length;
  for (let i = 1; i <= count; i++) assert.ok(judged.has(i), `finding ${i} of findings.snap is judged in REVIEW.md`);
  const verdicts = [...review.matchAll(/^\| \d+ \|[^|]*\|[^|]*\| (TP|FP) \|/gm)].map((m) => m[1]);
  assert.equal(verdicts.length, count, 'one verdict per finding');
  const precision = verdicts.filter((v) => v === 'TP').length / verdicts.length;
  assert.ok(precision >= 0.9, `precision ${precision.toFixed(2)} is at least 0.90`);
});
