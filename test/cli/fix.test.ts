// `check --fix` and `--fix-dry-run` end to end on a copy of the running example.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { repoRoot, fraudExample } from '../helpers/paths';
import { workspaceFiles } from '../helpers/workspaceFiles';

function loopwise(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [path.join(repoRoot(), 'bin', 'loopwise.js'), ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function copyOfExample(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'loopwise-fix-'));
  cpSync(fraudExample(), dir, { recursive: true });
  return dir;
}

test('--fix-dry-run prints a unified diff and changes nothing', () => {
  const dir = copyOfExample();
  const before = workspaceFiles(dir);
  const r = loopwise(['check', '.', '--fix-dry-run'], dir);
  assert.notEqual(r.code, 2, r.stderr);
  assert.match(r.stdout, /^--- a\/\.github\/workflows\/retrain\.yml\n\+\+\+ b\/\.github\/workflows\/retrain\.yml\n@@ /m);
  assert.match(r.stdout, /^\+ {6}WAREHOUSE_PASSWORD: "\$\{\{ secrets\.WAREHOUSE_PASSWORD \}\}"$/m);
  assert.match(r.stdout, /^\+from airflow\.datasets import Dataset$/m);
  assert.match(r.stdout, /^\+ {8}outlets=\[Dataset\("warehouse\.txn_daily_agg"\)\],$/m);
  assert.doesNotMatch(r.stdout, /Found|warning|error/, 'only the diff on stdout');
  assert.match(r.stderr, /would fix 2 findings in 3 files/);
  assert.deepEqual(workspaceFiles(dir), before, 'no file changed');
  assert.doesNotMatch(r.stdout, /Fr4ud/, 'the plaintext secret the fix moves away is not printed');
  assert.match(r.stdout, /^- {6}WAREHOUSE_PASSWORD: "\*\*\*\*"$/m, 'its line shows the secret masked');
  // The file with the secret is masked, so only the other files' hunks can apply as they are.
  const applied = spawnSync('git', ['apply', '--check', '--exclude=.github/workflows/retrain.yml', '-'], {
    cwd: dir,
    input: r.stdout,
    encoding: 'utf8',
  });
  assert.equal(applied.status, 0, `git apply accepts the diff: ${applied.stderr}`);
  rmSync(dir, { recursive: true });
});

test('--fix writes the preferred fixes, reports what remains, and a second run changes nothing', () => {
  const dir = copyOfExample();
  const before = workspaceFiles(dir);
  const r = loopwise(['check', '.', '--fix', '--format', 'json'], dir);
  assert.notEqual(r.code, 2, r.stderr);
  const remaining = JSON.parse(r.stdout).findings as Array<{ ruleId: string }>;
  assert.ok(
    !remaining.some((f) => f.ruleId === 'config/secret-in-config' || f.ruleId === 'pipeline/schedule-race'),
    'the fixed findings are gone',
  );
  assert.ok(
    remaining.some((f) => f.ruleId === 'feedback/undocumented-loop'),
    'a fix with placeholders to fill is left to the author',
  );
  assert.match(r.stderr, /fixed 2 findings in 3 files/);
  const after = workspaceFiles(dir);
  const changed = Object.keys(after)
    .filter((f) => after[f] !== before[f])
    .sort();
  assert.deepEqual(changed, ['.github/workflows/retrain.yml', 'dags/daily_consumers.py', 'dags/nightly_aggregates.py']);
  assert.doesNotMatch(after['.github/workflows/retrain.yml'], /Fr4ud/);
  const second = loopwise(['check', '.', '--fix'], dir);
  assert.match(second.stderr, /Nothing to fix automatically/);
  assert.deepEqual(workspaceFiles(dir), after, 'the second run changes nothing');
  rmSync(dir, { recursive: true });
});

test('--fix on one file fixes only the findings about that file', () => {
  const dir = copyOfExample();
  const r = loopwise(['check', '.github/workflows/retrain.yml', '--fix'], dir);
  assert.notEqual(r.code, 2, r.stderr);
  assert.doesNotMatch(readFileSync(path.join(dir, '.github/workflows/retrain.yml'), 'utf8'), /Fr4ud/);
  assert.equal(
    readFileSync(path.join(dir, 'dags/daily_consumers.py'), 'utf8'),
    readFileSync(path.join(fraudExample(), 'dags/daily_consumers.py'), 'utf8'),
    'findings outside the file are left alone',
  );
  rmSync(dir, { recursive: true });
});

test('--fix and --fix-dry-run together are a usage error', () => {
  assert.equal(loopwise(['check', '.', '--fix', '--fix-dry-run'], fraudExample()).code, 2);
});
