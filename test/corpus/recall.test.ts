// Recall on hand-read debt: test/corpus/recall/*.md lists every debt item a person found by reading
// corpus files in a format Loopwise reads, marked found or missed (format in recall/README.md). This
// test holds the ledger to the reviewed snapshots (test/corpus/snapshots, written by findings.test.ts):
// a found item must have a finding of its rule in its file within two lines, a missed item must not,
// so the ledger cannot go stale; and recall may not fall below the ratchet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { corpusFiles, corpusRoot } from '../helpers/paths';

/**
 * A ratchet, not the goal (the issue's bar is 0.70 of hand-read debt in supported formats): the
 * share of ledger items found when the ledger was last measured. Raise it as misses are fixed;
 * never lower it to pass. It moves down only when a new batch of hand-read items joins the ledger
 * (0.876 -> 0.861 when the Prefect/Dagster, TFX/SageMaker, ZenML/Flyte and Azure ML/Seldon/Ray
 * batches, read before their adapters existed, were added): a found item that is lost fails the
 * test below that checks every row, so no regression can hide behind a lower ratio.
 */
const MIN_RECALL = 0.861;
/** How far a finding may be from the line a reader noted (a multi-line step, a key above its value). */
const LINE_SLACK = 2;
const NO_RULE = '—';

interface LedgerItem {
  id: string;
  format: string;
  file: string;
  line: number;
  rule: string;
  found: boolean;
  source: string;
}

const ROW = /^\| ([^|]+?) \| ([^|]+?) \| `([^`]+):(\d+)` \| [^|]*\| ([\w/-]+|—) \| (found|missed) \|[^|]*\|\s*$/;

function ledger(): LedgerItem[] {
  const dir = path.join(corpusRoot(), 'recall');
  const items: LedgerItem[] = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md')) {
    const lines = readFileSync(path.join(dir, name), 'utf8').split('\n');
    lines.forEach((text, i) => {
      if (!/^\| [^-|]/.test(text) || /^\| id \|/.test(text)) return;
      const m = ROW.exec(text);
      assert.ok(m, `${name}:${i + 1} is a ledger row (| id | format | \`file:line\` | debt | rule | found/missed | why |)`);
      items.push({
        id: m[1],
        format: m[2],
        file: m[3],
        line: Number(m[4]),
        rule: m[5],
        found: m[6] === 'found',
        source: `${name}:${i + 1}`,
      });
    });
  }
  return items;
}

/** Snapshot findings by `file rule` -> 1-based lines. */
function findingLines(): Map<string, number[]> {
  const dir = path.join(corpusRoot(), 'snapshots');
  const out = new Map<string, number[]>();
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.snap'))) {
    for (const line of readFileSync(path.join(dir, name), 'utf8').split('\n')) {
      const m = /^(\S+):(\d+) \S+ (\S+) /.exec(line);
      if (!m) continue;
      const key = `${m[1]} ${m[3]}`;
      out.set(key, [...(out.get(key) ?? []), Number(m[2])]);
    }
  }
  return out;
}

function isFound(item: LedgerItem, findings: Map<string, number[]>): boolean {
  return (findings.get(`${item.file} ${item.rule}`) ?? []).some((l) => Math.abs(l - item.line) <= LINE_SLACK);
}

function ratio(items: LedgerItem[]): string {
  const found = items.filter((i) => i.found).length;
  return `${found}/${items.length} = ${((100 * found) / items.length).toFixed(0)}%`;
}

test('the recall ledger has unique ids and names corpus files', () => {
  const items = ledger();
  assert.ok(items.length > 0, 'the ledger has rows');
  const ids = items.map((i) => i.id);
  assert.deepEqual(
    ids.filter((id, i) => ids.indexOf(id) !== i),
    [],
    'ledger ids are unique',
  );
  const absent = items.filter((i) => !existsSync(path.join(corpusFiles(), i.file))).map((i) => `${i.id} ${i.file}`);
  assert.deepEqual(absent, [], 'every ledger item is in a corpus file');
  const unruledFound = items.filter((i) => i.found && i.rule === NO_RULE).map((i) => i.id);
  assert.deepEqual(unruledFound, [], 'a found item names the rule that found it');
});

test('every found item has its finding and every missed item is still missed', () => {
  const findings = findingLines();
  const items = ledger();
  const lost = items.filter((i) => i.found && !isFound(i, findings)).map((i) => `${i.id} ${i.file}:${i.line} ${i.rule} (${i.source})`);
  assert.deepEqual(lost, [], 'found items with no finding of their rule within two lines in the snapshots');
  const nowFound = items
    .filter((i) => !i.found && i.rule !== NO_RULE && isFound(i, findings))
    .map((i) => `${i.id} ${i.file}:${i.line} ${i.rule} (${i.source})`);
  assert.deepEqual(nowFound, [], 'missed items that are now found: flip them to found in the ledger');
});

test('recall on hand-read debt holds the ratchet', () => {
  const items = ledger();
  const byFormat = new Map<string, LedgerItem[]>();
  for (const item of items) byFormat.set(item.format, [...(byFormat.get(item.format) ?? []), item]);
  const rows = [...byFormat].sort(([a], [b]) => a.localeCompare(b)).map(([format, of]) => `  ${format}: ${ratio(of)}`);
  const byBatch = new Map<string, LedgerItem[]>();
  for (const item of items) {
    const batch = item.source.replace(/\.md:\d+$/, '');
    byBatch.set(batch, [...(byBatch.get(batch) ?? []), item]);
  }
  console.log(`per review batch: ${[...byBatch].map(([b, of]) => `${b} ${ratio(of)}`).join(', ')}`);
  const withRule = items.filter((i) => i.rule !== NO_RULE);
  console.log(
    `recall on hand-read debt, per format:\n${rows.join('\n')}\n  total: ${ratio(items)} (items with a rule: ${ratio(withRule)})`,
  );
  const recall = items.filter((i) => i.found).length / items.length;
  assert.ok(recall >= MIN_RECALL, `recall ${recall.toFixed(3)} (${ratio(items)}) is at least ${MIN_RECALL}`);
});
