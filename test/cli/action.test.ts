// The composite GitHub Action: its shape, and its Loopwise step run as the runner would run it
// (bash, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files), on a push and on a pull request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { repoRoot, fraudExample } from '../helpers/paths';

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
}

const action = parse(readFileSync(path.join(repoRoot(), 'action.yml'), 'utf8')) as {
  runs: { using: string; steps: Step[] };
  inputs: Record<string, { default?: string }>;
};
const gitEnv = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 't@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 't@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  HOME: tmpdir(),
};

function git(cwd: string, ...args: string[]): void {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...gitEnv } });
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
}

/** Runs the action's Loopwise step in `cwd` as the runner runs `shell: bash`; returns its outputs, summary and console. */
function runCheckStep(cwd: string, env: Record<string, string>) {
  const step = action.runs.steps.find((s) => s.id === 'check')!;
  const temp = mkdtempSync(path.join(tmpdir(), 'loopwise-runner-'));
  const files = { GITHUB_OUTPUT: path.join(temp, 'output'), GITHUB_STEP_SUMMARY: path.join(temp, 'summary') };
  for (const f of Object.values(files)) writeFileSync(f, '');
  const inputs = {
    LOOPWISE: `${process.execPath} ${path.join(repoRoot(), 'bin', 'loopwise.js')}`,
    PATHS: '.',
    CHANGED_SINCE: '',
    BASE_REF: '',
    MAX_WARNINGS: '',
    ANNOTATIONS: 'true',
    LOOPWISE_LINK_BASE: 'https://github.com/acme/fraud/blob/abc',
  };
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, ...gitEnv, ...inputs, ...env, ...files, RUNNER_TEMP: temp },
  });
  const outputs = Object.fromEntries(
    readFileSync(files.GITHUB_OUTPUT, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(/=(.*)/s).slice(0, 2)),
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, outputs, summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'), temp };
}

test('action.yml: a composite action that sets up Node, uploads SARIF and comments on the PR', () => {
  assert.equal(action.runs.using, 'composite');
  const uses = action.runs.steps.map((s) => s.uses).filter(Boolean);
  assert.deepEqual(uses, ['actions/setup-node@v4', 'github/codeql-action/upload-sarif@v3', 'actions/github-script@v7']);
  const check = action.runs.steps.find((s) => s.id === 'check')!.run!;
  assert.match(check, /check "\$\{paths\[@\]\}" --format sarif -o "\$out\/loopwise\.sarif" --exit-zero/);
  assert.match(check, /--format markdown -o "\$out\/loopwise\.md"/);
  assert.equal(action.inputs.command.default, 'npx --yes loopwise');
});

test('action: on a push, SARIF, the markdown report in the job summary, annotations, and the exit code as output', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'loopwise-action-'));
  cpSync(fraudExample(), dir, { recursive: true });
  const r = runCheckStep(dir, {});
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.outputs['exit-code'], '1', 'error-level findings');
  assert.ok(existsSync(r.outputs['sarif-file']));
  assert.equal(JSON.parse(readFileSync(r.outputs['sarif-file'], 'utf8')).version, '2.1.0');
  assert.ok(r.summary.startsWith('<!-- loopwise-report -->'));
  assert.match(r.summary, /\(https:\/\/github\.com\/acme\/fraud\/blob\/abc\/\.github\/workflows\/retrain\.yml#L19\)/);
  assert.match(r.stdout, /^::error file=\.github\/workflows\/retrain\.yml,line=19,/m);
  rmSync(dir, { recursive: true });
  rmSync(r.temp, { recursive: true });
});

test('action: on a pull request, the comment covers what the PR touches (compared with the base branch)', () => {
  const origin = mkdtempSync(path.join(tmpdir(), 'loopwise-origin-'));
  cpSync(fraudExample(), origin, { recursive: true });
  git(origin, 'init', '-q', '-b', 'main');
  git(origin, 'add', '-A');
  git(origin, 'commit', '-q', '-m', 'example');
  const clone = mkdtempSync(path.join(tmpdir(), 'loopwise-clone-'));
  git(clone, 'clone', '-q', origin, '.');
  git(clone, 'checkout', '-q', '-b', 'pr');
  writeFileSync(
    path.join(clone, 'params.yaml'),
    `${readFileSync(path.join(clone, 'params.yaml'), 'utf8')}\nexport:\n  path: /Users/alice/exports\n`,
  );
  git(clone, 'commit', '-q', '-am', 'export path');
  const r = runCheckStep(clone, { BASE_REF: 'main' });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.outputs['exit-code'], '0', 'no error-level finding in what the PR touches');
  assert.match(r.summary, /touching files changed since `origin\/main`/);
  assert.match(r.summary, /config\/hardcoded-path/);
  assert.doesNotMatch(r.summary, /secret-in-config/, 'findings in untouched files are left to code scanning');
  rmSync(origin, { recursive: true });
  rmSync(clone, { recursive: true });
  rmSync(r.temp, { recursive: true });
});
