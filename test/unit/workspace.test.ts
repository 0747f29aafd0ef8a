// Which folders the workspace walk enters: a Python environment is skipped by its marker file
// (pyvenv.cfg, conda-meta/), not by its name, so an `env/` Hydra config group is read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { isSkippedPath, listCandidates } from '../../server/src/node/workspace';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'loopwise-ws-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}

test('a config folder named env is read; virtualenv and conda folders are skipped by their markers', async () => {
  const root = tree({
    'configs/main.yaml': 'defaults:\n  - env: tsp\n',
    'configs/env/tsp.yaml': 'name: tsp\n',
    'env/pyvenv.cfg': 'home = /usr/bin\n',
    'env/lib/site/conf.yaml': 'a: 1\n',
    'tools/conda-meta/history': '',
    'tools/pkg.yaml': 'b: 2\n',
  });
  try {
    const found = (await listCandidates(root, [])).sort();
    assert.deepEqual(found, ['configs/env/tsp.yaml', 'configs/main.yaml']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('Cloud Build configs under build/ are read; setuptools output and a build/ folder .gitignore ignores are not', async () => {
  const root = tree({
    'build/pipeline-deployment.yaml': 'steps:\n- name: gcr.io/cloud-builders/git\n',
    'build/lib/pkg/conf.yaml': 'a: 1\n',
    'build/lib.linux-x86_64-3.11/pkg/conf.yaml': 'a: 1\n',
    'build/bdist.linux-x86_64/conf.yaml': 'a: 1\n',
    'py/.gitignore': '*.pyc\nbuild/\n',
    'py/build/conf.yaml': 'a: 1\n',
    'py/params.yaml': 'lr: 0.1\n',
  });
  try {
    const found = (await listCandidates(root, [])).sort();
    assert.deepEqual(found, ['build/pipeline-deployment.yaml', 'py/params.yaml']);
    assert.ok(isSkippedPath('build/lib/pkg/conf.yaml') && !isSkippedPath('build/cloudbuild.yaml'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
