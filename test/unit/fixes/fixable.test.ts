// meta.fixable is truthful: a rule that offers fixes says so, and a rule that says so offers them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyse } from '../../helpers/ruleTester';
import { fraudExample } from '../../helpers/paths';
import { workspaceFiles } from '../../helpers/workspaceFiles';
import { RULES } from '../../../server/src/engine/rules/index';

const workspaces: Array<Record<string, string>> = [
  workspaceFiles(fraudExample()),
  {
    'dvc.yaml': 'stages:\n  prep:\n    cmd: python prep.py\n    deps:\n      - data/raw.csv\n    outs:\n      - data/prepared\n',
    'mlsystem.yaml': 'system: s\n',
  },
  {
    'dvc.yaml': 'stages:\n  a:\n    cmd: python a.py\n    outs:\n      - a.csv\n',
    'serving/dvc.yaml': 'stages:\n  b:\n    cmd: python b.py\n    outs:\n      - b.csv\n',
    CODEOWNERS: '/serving/ @acme/platform\n',
  },
  {
    'k8s/job.yaml':
      'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: train\nspec:\n  template:\n    spec:\n      containers:\n        - name: train\n          image: ghcr.io/acme/train:latest\n',
  },
  {
    '.github/workflows/train.yml':
      'on: push\njobs:\n  train:\n    runs-on: ubuntu-22.04\n    timeout_minutes: 30\n    steps:\n      - run: make\n',
  },
];

test('every rule that offers a fix is marked fixable, and every fixable rule offers one', async () => {
  const fixing = new Set<string>();
  for (const files of workspaces) for (const f of await analyse(files)) if (f.fixes?.length) fixing.add(f.ruleId);
  const fixable = new Set(RULES.filter((r) => r.meta.fixable).map((r) => r.meta.id));
  assert.deepEqual(
    [...fixing].filter((id) => !fixable.has(id)),
    [],
    'fixes from rules marked fixable: false',
  );
  assert.deepEqual([...fixable].filter((id) => !fixing.has(id)).sort(), [], 'rules marked fixable that offered no fix here');
});
