import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { findProjects } from '../../server/src/engine/model/projects';
import { isSkippedPath, listCandidates } from '../../server/src/node/workspace';
import { Analysis } from '../../server/src/engine/analysis';

const projectsOf = (files: Record<string, string>) => {
  const analysis = new Analysis({ rules: [] });
  for (const [p, text] of Object.entries(files)) analysis.setFile(p, text);
  const { facts } = analysis.run();
  return findProjects(facts, Object.keys(files));
};

test('projects: the nearest marker folder; a dvc.yaml folder only where no other marker encloses it', () => {
  const of = projectsOf({
    'README.yaml': 'x: 1\n',
    '.dvc/config': '[core]\n',
    'pipelines/a/dvc.yaml': 'stages: {}\n',
    'charts/api/Chart.yaml': 'name: api\n',
    'charts/api/values.yaml': 'replicas: 1\n',
    'kedro/conf/base/parameters.yml': 'a: 1\n',
    'kedro/src/pkg/settings.py': 'X = 1\n',
    'kedro/src/pkg/nodes.py': 'X = 1\n',
    'tools/pyproject.toml': '[project]\n',
    'tools/cli/main.py': 'X = 1\n',
    'other/dvc.yaml': 'stages: {}\n',
  });
  assert.equal(of('pipelines/a/dvc.yaml'), '');
  assert.equal(of('charts/api/values.yaml'), 'charts/api');
  assert.equal(of('kedro/conf/base/parameters.yml'), 'kedro');
  assert.equal(of('kedro/src/pkg/nodes.py'), 'kedro');
  assert.equal(of('tools/cli/main.py'), 'tools');
  assert.equal(of('other/dvc.yaml'), '', 'enclosed by the root DVC repository');
});

test('projects: separate DVC pipelines with no repository marker above them; the graph joins them', () => {
  const of = projectsOf({
    'a/dvc.yaml': 'stages:\n  s:\n    cmd: x\n    outs:\n      - out.csv\n',
    'b/dvc.yaml': 'stages:\n  s:\n    cmd: x\n    deps:\n      - ../a/out.csv\n',
    'c/dvc.yaml': 'stages:\n  s:\n    cmd: x\n    deps:\n      - out.csv\n',
  });
  assert.equal(of('a/dvc.yaml'), of('b/dvc.yaml'));
  assert.notEqual(of('a/dvc.yaml'), of('c/dvc.yaml'));
});

test('projects: a shared bucket joins projects, a local service URI does not', () => {
  const dep = (uri: string) => `stages:\n  s:\n    cmd: x\n    deps:\n      - ${uri}\n`;
  const local = projectsOf({ 'a/dvc.yaml': dep('http://localhost:8000/data.csv'), 'b/dvc.yaml': dep('http://localhost:8000/data.csv') });
  assert.notEqual(local('a/dvc.yaml'), local('b/dvc.yaml'));
  const shared = projectsOf({ 'a/dvc.yaml': dep('s3://bucket/data.csv'), 'b/dvc.yaml': dep('s3://bucket/data.csv') });
  assert.equal(shared('a/dvc.yaml'), shared('b/dvc.yaml'));
});

test('workspace: lists .dvc/config and packaging files as project markers, never the rest of .dvc', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'loopwise-projects-'));
  try {
    mkdirSync(path.join(root, 'repo/.dvc/cache'), { recursive: true });
    writeFileSync(path.join(root, 'repo/.dvc/config'), '[core]\n');
    writeFileSync(path.join(root, 'repo/.dvc/cache/x.yaml'), 'a: 1\n');
    writeFileSync(path.join(root, 'repo/pyproject.toml'), '[project]\n');
    writeFileSync(path.join(root, 'repo/setup.cfg'), '[metadata]\n');
    assert.deepEqual((await listCandidates(root)).sort(), ['repo/.dvc/config', 'repo/pyproject.toml', 'repo/setup.cfg']);
    assert.equal(isSkippedPath('repo/.dvc/config'), false);
    assert.equal(isSkippedPath('node_modules/x/.dvc/config'), true);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('graph: a rename is guessed (possible edge) only within one project', () => {
  const possibleEdges = (files: Record<string, string>) => {
    const analysis = new Analysis({ rules: [] });
    for (const [p, text] of Object.entries(files)) analysis.setFile(p, text);
    return analysis.run().graph.edges.filter((e) => e.possible).length;
  };
  const writer = 'stages:\n  s:\n    cmd: x\n    outs:\n      - out/transactions.parquet\n';
  const reader = 'stages:\n  r:\n    cmd: y\n    deps:\n      - in/transactions.csv\n';
  assert.equal(possibleEdges({ '.dvc/config': '', 'a/dvc.yaml': writer, 'b/dvc.yaml': reader }), 1, 'one repository');
  assert.equal(possibleEdges({ 'a/.dvc/config': '', 'a/dvc.yaml': writer, 'b/.dvc/config': '', 'b/dvc.yaml': reader }), 0);
});
