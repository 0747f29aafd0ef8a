// What an adversarial user measured, end to end on real files: fixes that cannot lose data,
// the workspace boundary, encodings, unreadable files, deep nesting, output-path errors.
// Each test is named after the case in docs/RELIABILITY.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { repoRoot, fraudExample } from '../helpers/paths';

const CLI = path.join(repoRoot(), 'bin', 'loopwise.js');
const SECRET_WORKFLOW =
  'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    env:\n      DB_PASSWORD: "hunter2-plaintext"\n    steps:\n      - run: python train.py\n';

/** Root reads any file whatever its mode: unreadable files are simulated by running as `nobody` (setpriv) then. */
const asRoot = process.getuid?.() === 0;

/**
 * The CLI as `nobody` can run it: the checkout may sit in a folder only root may enter (a clone
 * in a `mktemp -d` folder), so its `bin/` and `dist/` are copied once into a folder anyone may read.
 */
let nobodysCli: string | undefined;
function cliForNobody(): string {
  if (!nobodysCli) {
    const copy = mkdtempSync(path.join(tmpdir(), 'loopwise-cli-'));
    for (const part of ['bin', 'dist']) cpSync(path.join(repoRoot(), part), path.join(copy, part), { recursive: true });
    const open = (p: string) => {
      chmodSync(p, statSync(p).isDirectory() ? 0o755 : 0o644);
      if (statSync(p).isDirectory()) for (const name of readdirSync(p)) open(path.join(p, name));
    };
    open(copy);
    process.on('exit', () => rmSync(copy, { recursive: true, force: true }));
    nobodysCli = path.join(copy, 'bin', 'loopwise.js');
  }
  return nobodysCli;
}

function loopwise(args: string[], cwd: string, unprivileged = false) {
  const [cmd, argv] =
    unprivileged && asRoot
      ? ['setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, cliForNobody(), ...args]]
      : [process.execPath, [CLI, ...args]];
  const r = spawnSync(cmd, argv, { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

function tempDir(prefix = 'loopwise-rel-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  chmodSync(dir, 0o755); // readable by `nobody` where a test runs the CLI as that user
  return dir;
}

function workspace(files: Record<string, string | Buffer>, dir = tempDir()): string {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

function copyOfExample(): string {
  const dir = tempDir('loopwise-relfix-');
  cpSync(fraudExample(), dir, { recursive: true });
  return dir;
}

function noStackTrace(stderr: string): void {
  assert.doesNotMatch(stderr, /crashed|\n\s+at /, 'no stack trace');
}

// ---------------------------------------------------------------------------------------------
// Fixes that cannot lose data

test('--fix replaces each file by rename (new inode, no temp file left) and keeps its mode', () => {
  const dir = copyOfExample();
  const file = path.join(dir, '.github/workflows/retrain.yml');
  chmodSync(file, 0o640);
  const inode = statSync(file).ino;
  const r = loopwise(['check', '.', '--fix'], dir);
  assert.notEqual(r.code, 2, r.stderr);
  assert.doesNotMatch(readFileSync(file, 'utf8'), /Fr4ud/, 'the fix was written');
  assert.notEqual(statSync(file).ino, inode, 'written to a temp file and renamed over the original, never truncated in place');
  assert.equal(statSync(file).mode & 0o777, 0o640, 'file mode preserved');
  const leftovers = readdirSync(path.dirname(file)).filter((f) => f.includes('.loopwise-'));
  assert.deepEqual(leftovers, [], 'no temp file left behind');
  rmSync(dir, { recursive: true });
});

test('--fix on a read-only file: one line, exit not 2, and the other file of the same fix left untouched (whole or nothing)', () => {
  const dir = copyOfExample();
  const readOnly = path.join(dir, 'dags/daily_consumers.py');
  const partner = path.join(dir, 'dags/nightly_aggregates.py');
  const partnerBefore = readFileSync(partner, 'utf8');
  chmodSync(readOnly, 0o444);
  const r = loopwise(['check', '.', '--fix'], dir);
  assert.notEqual(r.code, 2, r.stderr);
  noStackTrace(r.stderr);
  assert.match(r.stderr, /not fixed: dags\/daily_consumers\.py is read-only/);
  assert.match(r.stderr, /not fixed: dags\/nightly_aggregates\.py left untouched: it is fixed together with dags\/daily_consumers\.py/);
  assert.equal(readFileSync(partner, 'utf8'), partnerBefore, 'the schedule fix spans both DAGs: neither is written');
  assert.doesNotMatch(readFileSync(path.join(dir, '.github/workflows/retrain.yml'), 'utf8'), /Fr4ud/, 'independent fixes still apply');
  rmSync(dir, { recursive: true });
});

test('--fix-dry-run never prints the plaintext secret it replaces', () => {
  const dir = workspace({ '.github/workflows/ci.yml': SECRET_WORKFLOW });
  const r = loopwise(['check', '.', '--fix-dry-run'], dir);
  assert.match(r.stdout, /^\+ +DB_PASSWORD: "\$\{\{ secrets\.DB_PASSWORD \}\}"$/m, 'the diff is printed');
  assert.doesNotMatch(r.stdout + r.stderr, /hunter2/);
  rmSync(dir, { recursive: true });
});

// ---------------------------------------------------------------------------------------------
// The workspace boundary

test('symlinks out of the workspace are not read, listed in one notice (folder of pipelines and a params.yaml to a system file)', () => {
  const outside = workspace({
    'dvc.yaml': 'stages:\n  leak:\n    cmd: python leak.py\n    params:\n      - nothere\n',
    'secret.yml': 'password: "outside-plaintext-1"\n',
  });
  const dir = workspace({
    'dvc.yaml': 'stages:\n  train:\n    cmd: python train.py\n    deps:\n      - train.py\n    params:\n      - lr\n',
    'train.py': 'print(1)\n',
  });
  symlinkSync(outside, path.join(dir, 'pipelines'));
  symlinkSync(path.join(outside, 'secret.yml'), path.join(dir, 'params.yaml'));
  const r = loopwise(['check', '.', '--format', 'json'], dir);
  const report = JSON.parse(r.stdout) as { findings: Array<{ file: string; message: string }>; outsideWorkspace: Array<{ path: string }> };
  assert.ok(!report.findings.some((f) => f.file.startsWith('pipelines/')), 'the linked folder is not analysed');
  assert.ok(!report.findings.some((f) => /password/i.test(f.message)), 'the linked params.yaml is not read');
  assert.deepEqual(report.outsideWorkspace.map((o) => o.path).sort(), ['params.yaml', 'pipelines']);
  assert.equal(r.stderr.match(/outside the workspace/g)?.length, 1, `one notice: ${r.stderr}`);
  rmSync(dir, { recursive: true });
  rmSync(outside, { recursive: true });
});

test('--fix never writes through a symlink that leads out of the workspace', () => {
  const outside = workspace({ 'ci.yml': SECRET_WORKFLOW });
  const dir = workspace({ 'dvc.yaml': 'stages:\n  a:\n    cmd: python a.py\n' });
  mkdirSync(path.join(dir, '.github/workflows'), { recursive: true });
  symlinkSync(path.join(outside, 'ci.yml'), path.join(dir, '.github/workflows/ci.yml'));
  const r = loopwise(['check', '.', '--fix'], dir);
  noStackTrace(r.stderr);
  assert.equal(readFileSync(path.join(outside, 'ci.yml'), 'utf8'), SECRET_WORKFLOW, 'the file outside is untouched');
  rmSync(dir, { recursive: true });
  rmSync(outside, { recursive: true });
});

test('a symlink loop inside the workspace is still walked once', () => {
  const dir = workspace({ 'a/dvc.yaml': 'stages:\n  s:\n    cmd: python s.py\n' });
  symlinkSync(path.join(dir, 'a'), path.join(dir, 'a', 'again'));
  const r = loopwise(['check', '.', '--format', 'json'], dir);
  assert.notEqual(r.code, 2, r.stderr);
  assert.equal(JSON.parse(r.stdout).outsideWorkspace.length, 0);
  rmSync(dir, { recursive: true });
});

// ---------------------------------------------------------------------------------------------
// Encodings and shapes

test('a workflow that starts with a UTF-8 BOM is analysed (secret found, graph has its job), and --fix keeps the BOM', () => {
  const dir = workspace({ '.github/workflows/ci.yml': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SECRET_WORKFLOW)]) });
  const r = loopwise(['check', '.', '--format', 'json'], dir);
  const findings = JSON.parse(r.stdout).findings as Array<{ ruleId: string; range: { start: { line: number; character: number } } }>;
  const secret = findings.find((f) => f.ruleId === 'config/secret-in-config');
  assert.ok(secret, r.stdout);
  assert.deepEqual(secret.range.start, { line: 5, character: 19 }, 'columns count from after the BOM');
  const graph = JSON.parse(loopwise(['graph', '.', '--format', 'json'], dir).stdout) as { nodes: Array<{ label: string }> };
  assert.ok(graph.nodes.some((n) => n.label === 'build'));
  loopwise(['check', '.', '--fix'], dir);
  const bytes = readFileSync(path.join(dir, '.github/workflows/ci.yml'));
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'BOM kept');
  assert.doesNotMatch(bytes.toString('utf8'), /hunter2/);
  rmSync(dir, { recursive: true });
});

test('CRLF line ends give the same line and column as LF', () => {
  const dir = workspace({ '.github/workflows/ci.yml': SECRET_WORKFLOW.replace(/\n/g, '\r\n') });
  const findings = JSON.parse(loopwise(['check', '.', '--format', 'json'], dir).stdout).findings as Array<{
    ruleId: string;
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
  }>;
  const secret = findings.find((f) => f.ruleId === 'config/secret-in-config');
  assert.deepEqual(secret?.range, { start: { line: 5, character: 19 }, end: { line: 5, character: 38 } });
  rmSync(dir, { recursive: true });
});

test('a file that is not UTF-8 (Latin-1) is reported as not analysed, not misread', () => {
  const dir = workspace({ 'params.yaml': Buffer.from('name: caf\xe9\nlr: 0.1\n', 'latin1') });
  const findings = JSON.parse(loopwise(['check', '.', '--format', 'json'], dir).stdout).findings as Array<{
    ruleId: string;
    message: string;
  }>;
  assert.deepEqual(
    findings.map((f) => [f.ruleId, f.message]),
    [['loopwise/skipped-file', 'File skipped: it is not UTF-8, so it is not analysed (Loopwise does not guess encodings).']],
  );
  rmSync(dir, { recursive: true });
});

test('valid YAML nested 1000 levels deep gives a "too deep to analyse" warning, not a stack overflow', () => {
  let nested = 'x: 1\n';
  for (let i = 0; i < 1000; i++) nested = `k:\n${nested.replace(/^/gm, '  ')}`;
  const dir = workspace({ 'params.yaml': nested });
  const r = loopwise(['check', '.'], dir);
  assert.notEqual(r.code, 2, r.stderr);
  assert.match(r.stdout, /too deep to analyse/);
  assert.doesNotMatch(r.stdout, /Maximum call stack/);
  rmSync(dir, { recursive: true });
});

test('a 4-line workflow with ~960 nested [ and a ${{ }} expression (the fuzzed abort) ends normally', () => {
  const dir = workspace({ '.github/workflows/ci.yml': `on: push\njobs:\n  a:\n    runs-on: ${'['.repeat(960)}\${{ matrix.os }}\n` });
  const r = loopwise(['check', '.'], dir);
  assert.equal(r.signal, null, 'no abort');
  assert.notEqual(r.code, 134);
  assert.notEqual(r.code, 2, r.stderr);
  assert.match(r.stdout, /too deep to analyse/);
  rmSync(dir, { recursive: true });
});

test('a syntax error in params.yaml does not cascade into "not defined" errors in the dvc.yaml that reads it', () => {
  const dir = workspace({
    'dvc.yaml': 'stages:\n  train:\n    cmd: python train.py --seed 1\n    params:\n      - train.lr\n      - model.depth\n',
    // The unclosed quote swallows `model:`: a partial parse defines train.* only.
    'params.yaml': 'train:\n  lr: 0.1\n  bad: "x\nmodel:\n  depth: 3\n',
    'train.py': 'print(1)\n',
  });
  const findings = JSON.parse(loopwise(['check', '.', '--format', 'json'], dir).stdout).findings as Array<{ ruleId: string; file: string }>;
  assert.deepEqual(
    findings.map((f) => `${f.file} ${f.ruleId}`),
    ['params.yaml loopwise/syntax-error'],
    'only the syntax error: no dangling reference, and no judgement of the half-parsed file',
  );
  rmSync(dir, { recursive: true });
});

// ---------------------------------------------------------------------------------------------
// No silent passes

test(`an unreadable workspace root is an error: exit 2, one line${asRoot ? ' (run as nobody via setpriv, root reads anything)' : ''}`, () => {
  const dir = workspace({ 'dvc.yaml': 'stages:\n  a:\n    cmd: python a.py\n' });
  chmodSync(dir, 0o700);
  const r = loopwise(['check', dir], tmpdir(), true);
  chmodSync(dir, 0o755);
  assert.equal(r.code, 2, r.stdout);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /Cannot read the folder .*: EACCES/);
  assert.doesNotMatch(r.stdout, /No findings/);
  rmSync(dir, { recursive: true });
});

test(`unreadable folders are counted in every format${asRoot ? ' (run as nobody via setpriv, root reads anything)' : ''}`, () => {
  const dir = workspace({
    'dvc.yaml': 'stages:\n  a:\n    cmd: python a.py\n',
    'locked/dvc.yaml': 'stages:\n  b:\n    cmd: python b.py\n',
  });
  chmodSync(path.join(dir, 'locked'), 0o000);
  const run = (format: string) => loopwise(['check', '.', '--format', format], dir, true);
  try {
    const stylish = run('stylish');
    assert.match(stylish.stdout, /Could not read 1 file or folder, not analysed: locked \(EACCES\)/);
    assert.doesNotMatch(stylish.stdout, /^No findings\.$/m);
    assert.deepEqual(JSON.parse(run('json').stdout).unreadable, [{ path: 'locked', reason: 'EACCES' }]);
    const sarif = JSON.parse(run('sarif').stdout) as {
      runs: Array<{
        invocations: Array<{ properties: Record<string, number>; toolExecutionNotifications: Array<{ message: { text: string } }> }>;
      }>;
    };
    const invocation = sarif.runs[0].invocations[0];
    assert.equal(invocation.properties.unreadableFiles, 1);
    assert.match(invocation.toolExecutionNotifications[0].message.text, /locked/);
    assert.match(run('github').stdout, /^::warning title=Loopwise%3A not analysed::Could not read 1 file or folder/m);
    assert.match(run('markdown').stdout, /> ⚠️ Could not read 1 file or folder/);
  } finally {
    chmodSync(path.join(dir, 'locked'), 0o755);
    rmSync(dir, { recursive: true });
  }
});

// ---------------------------------------------------------------------------------------------
// Output-path errors

test('-o naming a folder or a path under a file is a one-line error, exit 2, no stack trace', () => {
  const dir = workspace({ 'dvc.yaml': 'stages:\n  a:\n    cmd: python a.py\n', 'afile.txt': 'x' });
  for (const [output, why] of [
    [dir, /it is a folder/],
    [path.join(dir, 'afile.txt', 'report.json'), /a part of the path is a file, not a folder/],
  ] as const) {
    const r = loopwise(['check', '.', '-o', output], dir);
    assert.equal(r.code, 2);
    noStackTrace(r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, why);
  }
  const graph = loopwise(['graph', '.', '-o', dir], dir);
  assert.equal(graph.code, 2);
  noStackTrace(graph.stderr);
  rmSync(dir, { recursive: true });
});

test('init writes mlsystem.yaml by rename like a fix (with --force over an existing card)', () => {
  const dir = workspace({ 'dvc.yaml': 'stages:\n  a:\n    cmd: python a.py\n    outs:\n      - a.csv\n' });
  assert.equal(loopwise(['init', '.'], dir).code, 0);
  const card = path.join(dir, 'mlsystem.yaml');
  const inode = statSync(card).ino;
  assert.equal(loopwise(['init', '.'], dir).code, 2, 'no overwrite without --force');
  const forced = loopwise(['init', '.', '--force'], dir);
  assert.equal(forced.code, 0, forced.stderr);
  assert.notEqual(statSync(card).ino, inode, 'replaced by rename');
  assert.deepEqual(
    readdirSync(dir).filter((f) => f.includes('.loopwise-')),
    [],
  );
  rmSync(dir, { recursive: true });
});
