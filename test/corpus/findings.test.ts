// Every finding on the public corpus, as a reviewed snapshot. Each repository under
// test/corpus/files is analysed as its own workspace (as a user would open it), and its findings
// are kept in test/corpus/snapshots/<owner>__<repo>.snap. Every finding is judged by hand in
// test/corpus/REVIEW.md or a table under test/corpus/review/: a change in findings fails here
// until the snapshot is regenerated (LOOPWISE_UPDATE_SNAPSHOT=1) and the review updated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadWorkspace } from '../../server/src/node/workspace';
import { corpusFiles, corpusRoot } from '../helpers/paths';

const SNAPSHOTS = () => path.join(corpusRoot(), 'snapshots');
const TODAY = '2026-11-27';
/**
 * A ratchet, not the goal: the share of debt findings judged true on this corpus when it was last
 * reviewed (257 of 263). The product's bar is 0.97; raise this as false findings are fixed. It
 * was 0.979 (193 of 197) before the new formats and rule classes met the new repositories: their
 * 66 findings brought one debatable one (review/integration.md I3) and one from a new registry
 * read (review/registry.md), so it was set to what was measured then — never lower it to pass a
 * false finding.
 */
const MIN_PRECISION = 0.977;
/** Loopwise's own notices (a template not rendered, templating not resolved) say what was not read; they are not debt. */
const NOTICE = /^loopwise\//;

interface SnapshotLine {
  key: string;
  severity: string;
}

const repositories = () =>
  readdirSync(corpusFiles(), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();

/** One repository's findings, one line each: `<repo>/<file>:<line> <severity> <rule> — <message>`. */
export async function repositoryFindings(repo: string): Promise<string> {
  const ws = await loadWorkspace(path.join(corpusFiles(), repo), { today: TODAY });
  const lines = ws.analysis
    .run()
    .findings.sort(
      (a, b) =>
        a.file.localeCompare(b.file) ||
        a.range.start.line - b.range.start.line ||
        a.ruleId.localeCompare(b.ruleId) ||
        a.message.localeCompare(b.message),
    )
    .map((f) => `${repo}/${f.file}:${f.range.start.line + 1} ${f.severity} ${f.ruleId} — ${f.message}`);
  return lines.length ? `${lines.join('\n')}\n` : '';
}

function snapshotLines(): SnapshotLine[] {
  if (!existsSync(SNAPSHOTS())) return [];
  return readdirSync(SNAPSHOTS())
    .filter((f) => f.endsWith('.snap'))
    .flatMap((f) => readFileSync(path.join(SNAPSHOTS(), f), 'utf8').split('\n'))
    .filter(Boolean)
    .map((line) => {
      const [location, severity, rule] = line.split(' ');
      return { key: `${location} ${rule}`, severity };
    });
}

/** Review rows: `| # | \`<repo>/<file>:<line>\` | <rule> | TP/FP/DEBATABLE | why |`, keyed by location and rule. */
function reviewVerdicts(): Map<string, string> {
  const files = [path.join(corpusRoot(), 'REVIEW.md')];
  const dir = path.join(corpusRoot(), 'review');
  if (existsSync(dir)) files.push(...readdirSync(dir).map((f) => path.join(dir, f)));
  const verdicts = new Map<string, string>();
  for (const file of files) {
    for (const m of readFileSync(file, 'utf8').matchAll(/^\| [^|]* \| `([^`]+)` \| ([\w/-]+) \| (TP|FP|DEBATABLE) \|/gm)) {
      const key = `${m[1]} ${m[2]}`;
      assert.ok(!verdicts.has(key), `${key} is judged once (${path.basename(file)})`);
      verdicts.set(key, m[3]);
    }
  }
  return verdicts;
}

test('corpus findings match the reviewed snapshots, repository by repository', async () => {
  const update = Boolean(process.env.LOOPWISE_UPDATE_SNAPSHOT);
  if (update) {
    rmSync(SNAPSHOTS(), { recursive: true, force: true });
    mkdirSync(SNAPSHOTS(), { recursive: true });
  }
  const changed: string[] = [];
  for (const repo of repositories()) {
    const actual = await repositoryFindings(repo);
    const file = path.join(SNAPSHOTS(), `${repo}.snap`);
    if (update && actual) writeFileSync(file, actual);
    const expected = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (actual !== expected) changed.push(`${repo}:\n${actual}`);
  }
  assert.deepEqual(changed, [], 'findings differ from test/corpus/snapshots (LOOPWISE_UPDATE_SNAPSHOT=1 rewrites them)');
});

test('every corpus finding is judged, no review row is stale, and precision holds', () => {
  const findings = snapshotLines();
  const verdicts = reviewVerdicts();
  const unjudged = [...new Set(findings.filter((f) => !verdicts.has(f.key)).map((f) => f.key))];
  assert.deepEqual(unjudged, [], 'findings with no verdict in test/corpus/REVIEW.md or test/corpus/review/');
  const keys = new Set(findings.map((f) => f.key));
  const stale = [...verdicts.keys()].filter((k) => !keys.has(k));
  assert.deepEqual(stale, [], 'review rows for findings that are no longer reported');
  const falseErrors = findings.filter((f) => verdicts.get(f.key) === 'FP' && f.severity === 'error').map((f) => f.key);
  assert.deepEqual(falseErrors, [], 'no false finding is an error');
  const debt = findings.filter((f) => !NOTICE.test(f.key.split(' ')[1]));
  const trueCount = debt.filter((f) => verdicts.get(f.key) === 'TP').length;
  const precision = debt.length ? trueCount / debt.length : 1;
  assert.ok(precision >= MIN_PRECISION, `precision ${precision.toFixed(3)} (${trueCount}/${debt.length}) is at least ${MIN_PRECISION}`);
  console.log(`precision ${precision.toFixed(3)} (${trueCount}/${debt.length} debt findings judged true)`);
});
