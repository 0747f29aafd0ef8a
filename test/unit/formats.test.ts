// One place per format: each adapter's declaration (display name, globs, contributions) is what
// candidates, the editor's activation and document selection, and the rules' tables derive from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { ADAPTERS } from '../../server/src/engine/sources/index';
import { activationGlobs, documentPatterns, formatInfo, isCandidatePath } from '../../server/src/engine/sources/formats';
import { corpusFiles, fraudExample, repoRoot } from '../helpers/paths';

test('every adapter declares what users call it and which files it may read', () => {
  for (const a of ADAPTERS) {
    assert.ok(a.displayName && a.displayName !== a.format, `${a.format}: displayName`);
    assert.ok(a.globs && a.globs.length > 0, `${a.format}: globs`);
  }
});

test('package.json activation events and the client document patterns are derived from the declarations', () => {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as { activationEvents: string[] };
  const patterns = JSON.parse(readFileSync(path.join(repoRoot(), 'client', 'src', 'documentPatterns.json'), 'utf8')) as string[];
  const hint = 'out of step with the adapters: run `npm run build && node scripts/sync-formats.mjs`';
  assert.deepEqual(
    pkg.activationEvents,
    [...activationGlobs().map((g) => `workspaceContains:${g}`), 'onLanguage:yaml', 'onLanguage:python'],
    hint,
  );
  assert.deepEqual(patterns, documentPatterns(), hint);
});

function allFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const abs = path.join(dir, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else out.push(abs);
    }
  };
  walk(root);
  return out;
}

test("an adapter's globs cover every real file it detects (corpus and example)", () => {
  const roots = readdirSync(corpusFiles()).map((r) => path.join(corpusFiles(), r));
  roots.push(fraudExample());
  const misses: string[] = [];
  let detected = 0;
  for (const root of roots) {
    for (const abs of allFiles(root)) {
      const rel = path.relative(root, abs).split(path.sep).join('/');
      const text = readFileSync(abs, 'utf8');
      for (const a of ADAPTERS) {
        if (!a.detect({ path: rel, text })) continue;
        detected++;
        if (!picomatch(a.globs ?? [], { dot: true })(rel)) misses.push(`${a.format}: ${path.basename(root)}/${rel}`);
        if (!isCandidatePath(rel)) misses.push(`not a candidate: ${path.basename(root)}/${rel}`);
      }
    }
  }
  assert.ok(detected > 300, `${detected} detections`);
  assert.deepEqual(misses, []);
});

test('candidates: format files, lock files and project markers; nothing else', () => {
  const yes = [
    'dvc.yaml',
    'a/b/params.yml',
    '.github/workflows/train.yml',
    'CODEOWNERS',
    '.github/CODEOWNERS',
    'proj/MLProject',
    'requirements-dev.txt',
    'svc/requirements.txt',
    'poetry.lock',
    '.dvc/config',
    'pkg/pyproject.toml',
    'dags/x.py',
    'conf/base/catalog.yml',
  ];
  const no = ['README.md', 'notes.txt', 'data/x.csv', 'Dockerfile', 'model.pkl', 'src/app.ts'];
  for (const p of yes) assert.ok(isCandidatePath(p), p);
  for (const p of no) assert.ok(!isCandidatePath(p), p);
});

test('rule tables come from the declarations: orchestrators, ownable files, online serving', () => {
  assert.equal(formatInfo('airflow').displayName, 'Airflow');
  assert.ok(formatInfo('dvc').contributes.orchestrator && !formatInfo('hydra').contributes.orchestrator);
  assert.ok(formatInfo('kedro-params').contributes.ownable && !formatInfo('codeowners').contributes.ownable);
  assert.equal(formatInfo('kserve').contributes.serving, 'always');
  assert.equal(formatInfo('kubernetes').contributes.serving, 'long-running');
  assert.equal(formatInfo('other').contributes.ownable, undefined);
});
