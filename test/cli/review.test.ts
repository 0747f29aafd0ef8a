// Code review outputs: GitHub annotations, the markdown PR comment, --changed-since on a real
// git repository, and SARIF checked by the SARIF SDK's own validator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { repoRoot, fraudExample } from '../helpers/paths';
import { escapeData, escapeProperty, formatGithub } from '../../server/src/cli/format/github';
import { escapeMarkdown, formatMarkdown } from '../../server/src/cli/format/markdown';
import type { Finding } from '../../server/src/engine/model/finding';

function loopwise(args: string[], cwd = repoRoot(), env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [path.join(repoRoot(), 'bin', 'loopwise.js'), ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, GITHUB_SHA: '', LOOPWISE_LINK_BASE: '', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function write(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
}

// ---------------------------------------------------------------------------------------------
// GitHub annotations

test('github: one workflow command per finding, with position, rule title and severity', () => {
  const r = loopwise(['check', fraudExample(), '--format', 'github']);
  const lines = r.stdout.trimEnd().split('\n');
  assert.ok(
    lines.length > 0 &&
      lines.every((l) => /^::(error|warning|notice) file=[^:]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[^:,]+::/.test(l)),
    r.stdout,
  );
  const secret = lines.find((l) => l.includes('title=config/secret-in-config'));
  assert.match(
    secret!,
    /^::error file=examples\/fraud-detection\/\.github\/workflows\/retrain\.yml,line=19,col=27,endLine=19,endColumn=49,title=config\/secret-in-config::`WAREHOUSE_PASSWORD` holds a plaintext secret/,
  );
  assert.doesNotMatch(r.stdout, /Fr4ud/);
  const loop = lines.find((l) => l.includes('title=feedback/undocumented-loop'))!;
  assert.match(loop, /%0A {2}↳ /, 'related locations on escaped new lines');
});

test('github: %, CR, LF, : and , are escaped as the runner expects', () => {
  assert.equal(escapeData('50% done\r\nnext: a, b'), '50%25 done%0D%0Anext: a, b');
  assert.equal(escapeProperty('dir,x/a:b%.yaml'), 'dir%2Cx/a%3Ab%25.yaml');
  const finding: Finding = {
    ruleId: 'config/hardcoded-path',
    severity: 'info',
    message: '100% sure:\nline two',
    file: 'we,ird:dir/p.yaml',
    range: { start: { line: 2, character: 4 }, end: { line: 2, character: 4 } },
    related: [],
  };
  assert.equal(
    formatGithub([finding]),
    '::notice file=we%2Cird%3Adir/p.yaml,line=3,col=5,endLine=3,endColumn=6,title=config/hardcoded-path::100%25 sure:%0Aline two\n',
  );
});

// ---------------------------------------------------------------------------------------------
// Markdown PR comment

test('markdown: summary table, findings by severity with links, and a diagram of the touched graph', () => {
  const r = loopwise(['check', fraudExample(), '--format', 'markdown'], repoRoot(), {
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'acme/fraud',
    GITHUB_SHA: 'abc123',
    GITHUB_WORKSPACE: repoRoot(),
  });
  assert.equal(r.code, 1, r.stderr);
  const md = r.stdout;
  assert.ok(md.startsWith('<!-- loopwise-report -->\n### Loopwise review\n'), md.slice(0, 200));
  assert.match(md, /\n\*\*\d+ findings\*\*: 1 error, \d+ warnings, \d+ notes?\.\n/);
  assert.match(md, /\n\| Severity \| Rule \| Findings \|\n\|---\|---\|---:\|\n\| 🔴 error \| /);
  assert.match(
    md,
    /\n\| 🔴 error \| \[config\/secret-in-config\]\(https:\/\/github\.com\/loopwise\/loopwise\/blob\/main\/docs\/rules\/config\/secret-in-config\.md\) \| 1 \|\n/,
  );
  assert.match(md, /\n#### 🔴 Errors \(1\)\n/);
  assert.match(
    md,
    /\n- \[`examples\/fraud-detection\/\.github\/workflows\/retrain\.yml:19`\]\(https:\/\/github\.com\/acme\/fraud\/blob\/abc123\/examples\/fraud-detection\/\.github\/workflows\/retrain\.yml#L19\) \*\*config\/secret-in-config\*\* — /,
  );
  assert.match(md, /\n```mermaid\nflowchart LR\n[\s\S]*\n```\n/);
  assert.ok(md.indexOf('#### 🔴 Errors') < md.indexOf('#### 🟠 Warnings'));
  assert.match(md, /can be fixed automatically: run `npx loopwise check --fix`/);
});

test('markdown: repository text cannot add markup', () => {
  assert.equal(
    escapeMarkdown('stage `a|b` reads <img src=x> and [link](javascript:x) *bold* & more'),
    'stage `a|b` reads \\<img src=x\\> and \\[link\\](javascript:x) \\*bold\\* &amp; more',
  );
  const finding: Finding = {
    ruleId: 'config/hardcoded-path',
    severity: 'warning',
    message: '<script>alert(1)</script>',
    file: 'a`b.yaml',
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
    related: [],
  };
  const md = formatMarkdown({ findings: [finding] });
  assert.match(md, /- ``a`b\.yaml:1`` \*\*config\/hardcoded-path\*\* — \\<script\\>alert\(1\)\\<\/script\\>\n/);
  assert.match(formatMarkdown({ findings: [] }), /✅ No findings\./);
});

// ---------------------------------------------------------------------------------------------
// --changed-since on a real repository

const gitEnv = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 't@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 't@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  HOME: tmpdir(),
};

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...gitEnv } });
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const train =
  'stages:\n  train:\n    cmd: python train.py labels/labels.parquet models/model.pkl\n    deps:\n      - train.py\n      - labels/labels.parquet\n    outs:\n      - models/model.pkl\n';
const score =
  'name: score\non:\n  workflow_dispatch:\njobs:\n  score:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: python score.py models/model.pkl --out data/predictions.parquet\n';
const label =
  'name: label\non:\n  workflow_dispatch:\njobs:\n  label:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: python label.py data/predictions.parquet --out labels/labels.parquet\n';

test("--changed-since: a change that closes a loop is told so though the loop's other hops are untouched", () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'loopwise-git-'));
  git(dir, 'init', '-q', '-b', 'main');
  write(dir, {
    'dvc.yaml': train,
    '.github/workflows/score.yml': score,
    'params.yaml': 'raw: /Users/alice/raw.csv\n',
    'old/dvc.yaml': 'stages:\n  a:\n    cmd: python a.py\n    outs:\n      - a.csv\n',
  });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'pipeline');
  git(dir, 'checkout', '-q', '-b', 'feature');
  write(dir, { '.github/workflows/label.yml': label });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'label predictions');

  const all = JSON.parse(loopwise(['check', '.', '--format', 'json'], dir).stdout).findings as Finding[];
  assert.ok(
    all.some((f) => f.ruleId === 'config/hardcoded-path'),
    'the untouched params.yaml has a finding',
  );
  const loop = all.find((f) => f.ruleId === 'feedback/undocumented-loop');
  assert.ok(loop, 'the change closes a loop');
  assert.notEqual(loop.file, '.github/workflows/label.yml', 'reported in a file the change did not touch');

  const changed = JSON.parse(loopwise(['check', '.', '--changed-since', 'main', '--format', 'json'], dir).stdout).findings as Finding[];
  assert.deepEqual(
    changed.map((f) => f.ruleId).filter((id) => id === 'feedback/undocumented-loop'),
    ['feedback/undocumented-loop'],
  );
  assert.ok(!changed.some((f) => f.ruleId === 'config/hardcoded-path'), 'findings in untouched files are left out');

  writeFileSync(path.join(dir, 'params.yaml'), 'raw: /Users/bob/raw.csv\n');
  const dirty = JSON.parse(loopwise(['check', '.', '--changed-since', 'main', '--format', 'json'], dir).stdout).findings as Finding[];
  assert.ok(
    dirty.some((f) => f.ruleId === 'config/hardcoded-path'),
    'uncommitted changes count',
  );

  git(dir, 'checkout', '-q', '--', 'params.yaml');
  renameSync(path.join(dir, 'params.yaml'), path.join(dir, 'conf.yaml'));
  git(dir, 'add', '-A');
  const renamed = loopwise(['check', '.', '--changed-since', 'main', '--format', 'markdown'], dir);
  assert.match(renamed.stdout, /touching files changed since `main`/);
  assert.match(renamed.stdout, /```mermaid\nflowchart LR/);
  rmSync(dir, { recursive: true });
});

test('--changed-since: outside a repository or with an unknown ref, a clear usage error', () => {
  const plain = mkdtempSync(path.join(tmpdir(), 'loopwise-nogit-'));
  write(plain, { 'dvc.yaml': train });
  const outside = loopwise(['check', '.', '--changed-since', 'main'], plain, { GIT_CEILING_DIRECTORIES: path.dirname(plain) });
  assert.equal(outside.code, 2);
  assert.match(outside.stderr, /--changed-since needs a git repository/);
  git(plain, 'init', '-q', '-b', 'main');
  const unknown = loopwise(['check', '.', '--changed-since', 'no-such-branch'], plain);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /Unknown git ref "no-such-branch"/);
  assert.equal(loopwise(['check', '.', '--changed-since', '--fix'], plain).code, 2);
  rmSync(plain, { recursive: true });
});

// ---------------------------------------------------------------------------------------------
// SARIF, validated by the SARIF SDK

test('sarif: fixes are mapped, and the SARIF SDK validator reports no error or warning', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'loopwise-sarif-'));
  const out = path.join(dir, 'out.sarif');
  const r = loopwise(['check', fraudExample(), '--format', 'sarif', '-o', out]);
  assert.equal(r.code, 1, r.stderr);
  const log = JSON.parse(readFileSync(out, 'utf8'));
  const results = log.runs[0].results as Array<{
    ruleId: string;
    fixes?: Array<{
      description: { text: string };
      artifactChanges: Array<{ replacements: Array<{ deletedRegion: { startLine: number }; insertedContent: { text: string } }> }>;
    }>;
  }>;
  const secret = results.find((x) => x.ruleId === 'config/secret-in-config')!;
  assert.equal(secret.fixes![0].artifactChanges[0].replacements[0].insertedContent.text, '"${{ secrets.WAREHOUSE_PASSWORD }}"');
  const loop = results.find((x) => x.ruleId === 'feedback/undocumented-loop')!;
  assert.doesNotMatch(JSON.stringify(loop.fixes), /\$\{\d/, 'snippet placeholders are replaced by their defaults');
  const report = path.join(dir, 'report.sarif');
  const tool = path.join(repoRoot(), 'node_modules', '.bin', 'sarif-multitool');
  assert.ok(existsSync(tool), 'the SARIF multitool is installed');
  // The .NET tool needs ICU (Debian: libicu72) unless told to run without culture data.
  const v = spawnSync(tool, ['validate', out, '-o', report], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' },
  });
  assert.equal(v.status, 0, `${v.stdout}\n${v.stderr}`);
  const validation = JSON.parse(readFileSync(report, 'utf8'));
  const problems = (validation.runs[0].results ?? []).filter(
    (x: { level?: string }) => x.level === 'error' || x.level === 'warning' || x.level === undefined,
  );
  assert.deepEqual(
    problems.map((x: { ruleId: string; message: { arguments?: string[] } }) => `${x.ruleId} ${x.message.arguments?.join(' ')}`),
    [],
  );
  rmSync(dir, { recursive: true });
});
