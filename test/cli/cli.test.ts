// The CLI end to end: exit codes, output formats, and every corpus file without a crash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, symlinkSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { repoRoot, corpusFiles, fraudExample } from '../helpers/paths';

function loopwise(args: string[], cwd = repoRoot()) {
  const r = spawnSync(process.execPath, [path.join(repoRoot(), 'bin', 'loopwise.js'), ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tempWorkspace(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'loopwise-cli-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

test('exit code 0 on a clean workspace', () => {
  const dir = tempWorkspace({ 'dvc.yaml': 'stages:\n  a:\n    cmd: python a.py\n    outs:\n      - a.csv\n' });
  const r = loopwise(['check', dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /No findings/);
  rmSync(dir, { recursive: true });
});

test('exit code 1 when there are error-level findings; --exit-zero and --quiet', () => {
  const dir = tempWorkspace({ 'params.yaml': 'db_password: hunter2-prod\nx: /Users/alice/x\n' });
  const r = loopwise(['check', dir]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /config\/secret-in-config/);
  assert.doesNotMatch(r.stdout, /hunter2/);
  assert.equal(loopwise(['check', dir, '--exit-zero']).code, 0);
  const quiet = loopwise(['check', dir, '--quiet']);
  assert.doesNotMatch(quiet.stdout, /hardcoded-path/);
  rmSync(dir, { recursive: true });
});

test('--max-warnings turns too many warnings into exit code 1', () => {
  const dir = tempWorkspace({ 'params.yaml': 'x: /Users/alice/x\n' });
  assert.equal(loopwise(['check', dir]).code, 0);
  assert.equal(loopwise(['check', dir, '--max-warnings', '0']).code, 1);
  rmSync(dir, { recursive: true });
});

test('stylish: a loop finding is one line with three hops and a count of the rest; json keeps every hop', () => {
  const r = loopwise(['check', fraudExample(), '--exit-zero']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split('\n');
  const at = lines.findIndex((l) => l.includes('feedback/undocumented-loop'));
  assert.ok(at >= 0, r.stdout);
  assert.match(lines[at], /Undocumented reinforcing feedback loop R1: the model's output `fraud\.flagged_transactions` comes back as/);
  assert.doesNotMatch(lines[at], /→/);
  const hops = lines.slice(at + 1).filter((l, i, all) => all.slice(0, i + 1).every((x) => /^\s+↳/.test(x)));
  assert.match(hops.at(-1)!, /↳ … 17 more/);
  assert.deepEqual(
    hops.map((l) => l.trim().replace(/^↳ \S+ /, '')),
    [
      'hop 1: s3://acme-fraud-data/labels/reviewed.parquet is read by prepare (dvc.yaml)',
      'hop 2: prepare (dvc.yaml) writes data/prepared',
      'hop 3: data/prepared is read by black_friday_2023_reweight (dvc.yaml)',
      '17 more (--format json lists them all)',
    ],
  );
  const json = JSON.parse(loopwise(['check', fraudExample(), '--exit-zero', '--format', 'json']).stdout) as {
    findings: Array<{ ruleId: string; related: unknown[] }>;
  };
  assert.equal(json.findings.find((f) => f.ruleId === 'feedback/undocumented-loop')!.related.length, 20);
});

test('exit code 2 on usage errors', () => {
  assert.equal(loopwise(['check', '--format', 'xml']).code, 2);
  assert.equal(loopwise(['frobnicate']).code, 2);
  assert.equal(loopwise(['check', '/no/such/folder']).code, 2);
  assert.equal(loopwise([]).code, 2);
  assert.match(loopwise(['check', '--nope']).stderr, /Usage/);
});

test('--timing prints where the time went to stderr and leaves the report alone', () => {
  const dir = tempWorkspace({
    'dvc.yaml': 'stages:\n  a:\n    cmd: python a.py\n    outs:\n      - a.csv\n',
    'dags/d.py': 'from airflow import DAG\nwith DAG("d") as dag:\n    EmptyOperator(task_id="t")\n',
  });
  const plain = loopwise(['check', dir, '--format', 'json']);
  const timed = loopwise(['check', dir, '--format', 'json', '--timing']);
  assert.equal(timed.code, plain.code, timed.stderr);
  assert.deepEqual(JSON.parse(timed.stdout), JSON.parse(plain.stdout));
  assert.equal(plain.stderr, '');
  for (const step of ['find files', 'read', 'parse dvc', 'parse airflow', 'link', 'loops', 'suppressions', 'total'])
    assert.match(timed.stderr, new RegExp(`^  ${step} +\\d+ ms$`, 'm'), step);
  assert.match(timed.stderr, /^ {2}rules \(\d+\) +\d+ ms$/m);
  rmSync(dir, { recursive: true });
});

test('--cache-location writes a cache the next run reads; the report is the same', () => {
  const dir = tempWorkspace({
    'dvc.yaml': 'stages:\n  a:\n    cmd: python a.py\n    deps: [raw.csv]\n    outs:\n      - a.csv\n',
    'params.yaml': 'db_password: hunter2-prod\n',
  });
  const cache = path.join(dir, '..', `${path.basename(dir)}.cache`);
  try {
    const first = loopwise(['check', dir, '--format', 'json', '--cache-location', cache, '--timing']);
    assert.match(first.stderr, /read \(0 of 2 from the cache\)/);
    const second = loopwise(['check', dir, '--format', 'json', '--cache-location', cache, '--timing']);
    assert.match(
      second.stderr,
      /read \(2 of 2 from the cache, and the last analysis\)/,
      "the second run starts from the first run's analysis",
    );
    assert.doesNotMatch(second.stderr, /^ {2}parse /m);
    assert.deepEqual(JSON.parse(second.stdout), JSON.parse(first.stdout));
    assert.equal(second.code, 1, 'the secret is still an error');
    assert.equal(loopwise(['check', dir, '--cache-location', '']).code, 2);
  } finally {
    rmSync(dir, { recursive: true });
    rmSync(cache, { force: true });
  }
});

test('json: the versioned findings interface', () => {
  const r = loopwise(['check', fraudExample(), '--format', 'json']);
  const out = JSON.parse(r.stdout) as { version: number; findings: Array<Record<string, unknown>> };
  assert.equal(out.version, 1);
  assert.ok(out.findings.length > 0);
  for (const f of out.findings) {
    for (const key of ['ruleId', 'severity', 'message', 'file', 'range', 'related']) assert.ok(key in f, `finding has ${key}`);
    assert.match(String(f.file), /^examples\/fraud-detection\//, 'paths are relative to the current folder');
  }
});

test('sarif: 2.1.0 with rule metadata, help URIs and related locations', () => {
  const r = loopwise(['check', fraudExample(), '--format', 'sarif']);
  const log = JSON.parse(r.stdout);
  assert.equal(log.version, '2.1.0');
  const run = log.runs[0];
  assert.equal(run.tool.driver.name, 'Loopwise');
  const rules = run.tool.driver.rules as Array<{ id: string; helpUri: string }>;
  assert.ok(rules.some((x) => x.id === 'feedback/undocumented-loop'));
  for (const rule of rules) assert.match(rule.helpUri, /docs\/rules\/.+\.md$/);
  for (const res of run.results) {
    assert.equal(rules[res.ruleIndex].id, res.ruleId);
    assert.ok(res.locations[0].physicalLocation.region.startLine >= 1);
  }
  const withRelated = run.results.find((x: { relatedLocations?: unknown[] }) => (x.relatedLocations?.length ?? 0) > 0);
  assert.ok(withRelated, 'some result has related locations');
});

test('graph: mermaid and json', () => {
  const json = JSON.parse(loopwise(['graph', fraudExample(), '--format', 'json']).stdout);
  assert.equal(json.version, 1);
  assert.ok(json.nodes.some((n: { kind: string }) => n.kind === 'stage'));
  assert.ok(json.edges.some((e: { kind: string }) => e.kind === 'writes'));
  const dir = mkdtempSync(path.join(tmpdir(), 'loopwise-graph-'));
  const out = path.join(dir, 'g.md');
  const r = loopwise(['graph', fraudExample(), '-o', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(readFileSync(out, 'utf8'), /```mermaid\n(flowchart|graph)/);
  rmSync(dir, { recursive: true });
});

test('rules and explain', () => {
  const rules = loopwise(['rules']);
  assert.equal(rules.code, 0);
  assert.match(rules.stdout, /feedback\/undocumented-loop/);
  const explain = loopwise(['explain', 'config/secret-in-config']);
  assert.equal(explain.code, 0);
  assert.match(explain.stdout, /secret/i);
  assert.equal(loopwise(['explain', 'no/such-rule']).code, 2);
});

test('bad input: half-typed YAML, binary, huge files, alias bombs, symlink loops', () => {
  const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 10; i++)
    bomb.push(
      `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
        .fill(`*${String.fromCharCode(96 + i)}`)
        .join(',')}]`,
    );
  const dir = tempWorkspace({
    'dvc.yaml': 'stages:\n  a:\n    cmd: [unclosed\n',
    'params.yaml': `${bomb.join('\n')}\n`,
    'deep/dvc.yaml': `${'['.repeat(5000)}\n`,
    'bin/dvc.yaml': 'a\u0000b',
    'big/params.yaml': `x: "${'a'.repeat(3 * 1024 * 1024)}"\n`,
  });
  symlinkSync(dir, path.join(dir, 'loop'));
  const started = Date.now();
  const r = loopwise(['check', dir, '--format', 'json']);
  assert.ok(Date.now() - started < 30_000, 'finishes quickly');
  assert.notEqual(r.code, 2, r.stderr);
  const findings = JSON.parse(r.stdout).findings as Array<{ ruleId: string; file: string }>;
  const syntax = findings.filter((f) => f.ruleId === 'loopwise/syntax-error' && f.file.endsWith('/dvc.yaml') && !f.file.includes('deep'));
  assert.equal(syntax.length, 1, 'one parse diagnostic for the half-typed file');
  assert.ok(findings.some((f) => f.ruleId === 'loopwise/skipped-file' && f.file.endsWith('big/params.yaml')));
  assert.ok(findings.some((f) => f.ruleId === 'loopwise/skipped-file' && f.file.endsWith('bin/dvc.yaml')));
  rmSync(dir, { recursive: true });
});

test('the whole public corpus is analysed without a crash', () => {
  const r = loopwise(['check', corpusFiles(), '--format', 'json']);
  assert.notEqual(r.code, 2, r.stderr);
  const findings = JSON.parse(r.stdout).findings as Array<{ ruleId: string; file: string; message: string }>;
  const broken = findings.filter((f) => ['loopwise/syntax-error', 'loopwise/internal-error'].includes(f.ruleId));
  assert.deepEqual(
    broken.map((f) => `${f.file}: ${f.message}`),
    [],
  );
});

test('files: each file read as which format, lock files, unrecognised candidates and unread systems', () => {
  const dir = tempWorkspace({
    'dvc.yaml': 'stages:\n  a:\n    cmd: python a.py data/in\n    deps:\n      - data/in\n    outs:\n      - a.csv\n',
    'params.yaml': 'seed: 1\n',
    'requirements.txt': 'pandas==2.2.0\n',
    'notes/random.yaml': 'colour: blue\n',
    Jenkinsfile: 'pipeline { agent any }\n',
  });
  const text = loopwise(['files', dir]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^Read 3 files: DVC 1, DVC params 1, not read 1\./);
  assert.match(text.stdout, /dvc\.yaml\s+DVC\s+1 stage, 1 read, 1 write/);
  assert.match(text.stdout, /Jenkinsfile\s+not read\s+1 notice/);
  assert.match(text.stdout, /Read for versions and project roots: requirements\.txt\./);
  assert.match(text.stdout, /Not recognised as any format \(1 YAML or Python file\):\n {2}notes\/random\.yaml/);
  const json = JSON.parse(loopwise(['files', dir, '--format', 'json']).stdout) as {
    read: Array<{ file: string; format: string }>;
    unrecognised: string[];
  };
  assert.deepEqual(
    json.read.map((e) => `${e.file}:${e.format}`),
    ['Jenkinsfile:other', 'dvc.yaml:dvc', 'params.yaml:dvc-params'],
  );
  assert.deepEqual(json.unrecognised, ['notes/random.yaml']);
  const check = loopwise(['check', dir, '--format', 'json']);
  assert.match(check.stdout, /Jenkins pipeline, which Loopwise has no reader for/);
  const graph = JSON.parse(loopwise(['graph', dir, '--format', 'json']).stdout) as { sources: Array<{ file: string; name: string }> };
  assert.deepEqual(
    graph.sources.map((s) => s.name),
    ['not read', 'DVC', 'DVC params'],
  );
  rmSync(dir, { recursive: true });
});
