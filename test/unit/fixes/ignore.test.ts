// "Ignore <rule> here": the comment goes where the suppression reader finds it without
// changing what the file means, and the finding is gone after re-analysis.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyse } from '../../helpers/ruleTester';
import { applyFix } from '../../helpers/fixTester';
import { ignoreFix } from '../../../server/src/engine/fixes/ignore';
import type { Finding } from '../../../server/src/engine/model/finding';

interface IgnoreCase {
  name: string;
  files: Record<string, string>;
  ruleId: string;
  /** Expected text of the finding's file after the fix; undefined: no ignore action is possible. */
  expect: string | undefined;
}

const workflow = (run: string) => `name: train
on: push
jobs:
  train:
    runs-on: ubuntu-24.04
    steps:
      - run: ${run}
`;

const podDag = `from datetime import datetime

from airflow import DAG
from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator

with DAG("train", schedule=None, start_date=datetime(2024, 1, 1)):
    KubernetesPodOperator(
        task_id="train",
        image="ghcr.io/acme/train:latest",
    )
`;

const cases: IgnoreCase[] = [
  {
    name: "YAML: a comment line above, at the line's indentation",
    files: { 'params.yaml': 'paths:\n  raw: /Users/alice/raw.csv   # local copy\n' },
    ruleId: 'config/hardcoded-path',
    expect: 'paths:\n  # loopwise-ignore config/hardcoded-path: reason\n  raw: /Users/alice/raw.csv   # local copy\n',
  },
  {
    name: 'YAML: inside a flow sequence, a trailing comment',
    files: { 'params.yaml': 'inputs: [data/a.csv,\n  /Users/alice/raw.csv]\n' },
    ruleId: 'config/hardcoded-path',
    expect: 'inputs: [data/a.csv,\n  /Users/alice/raw.csv]  # loopwise-ignore config/hardcoded-path: reason\n',
  },
  {
    name: 'YAML: the first line of a block scalar, a comment on its header',
    files: { '.github/workflows/train.yml': workflow('|\n          pip install pandas\n          python train.py') },
    ruleId: 'config/unpinned-version',
    expect: workflow('|  # loopwise-ignore config/unpinned-version: reason\n          pip install pandas\n          python train.py'),
  },
  {
    name: 'YAML: deeper inside a block scalar no comment can cover the line',
    files: { '.github/workflows/train.yml': workflow('|\n          python prep.py\n          pip install pandas') },
    ruleId: 'config/unpinned-version',
    expect: undefined,
  },
  {
    name: 'YAML: the line above suppresses something else, so a trailing comment',
    files: {
      'params.yaml':
        'paths:\n  # loopwise-ignore config/undocumented-threshold: agreed with fraud-ops\n  x: {score_threshold: 0.7, raw: /Users/alice/raw.csv}\n',
    },
    ruleId: 'config/hardcoded-path',
    expect:
      'paths:\n  # loopwise-ignore config/undocumented-threshold: agreed with fraud-ops\n  x: {score_threshold: 0.7, raw: /Users/alice/raw.csv}  # loopwise-ignore config/hardcoded-path: reason\n',
  },
  {
    name: 'Python: a comment line above',
    files: { 'dags/train.py': podDag },
    ruleId: 'config/unpinned-version',
    expect: podDag.replace('        image=', '        # loopwise-ignore config/unpinned-version: reason\n        image='),
  },
];

for (const c of cases) {
  test(`ignore: ${c.name}`, async () => {
    const finding = (await analyse(c.files)).find((f) => f.ruleId === c.ruleId);
    assert.ok(finding, `a ${c.ruleId} finding`);
    const fix = ignoreFix(finding, c.files[finding.file]);
    if (c.expect === undefined) return assert.equal(fix, undefined);
    assert.ok(fix);
    assert.equal(fix.title, `Ignore ${c.ruleId} here`);
    assert.equal(fix.snippet, true);
    const after = applyFix(c.files, fix);
    assert.equal(after[finding.file], c.expect);
    const again = await analyse(after);
    assert.deepEqual(
      again.filter((f) => f.ruleId === c.ruleId || f.ruleId.startsWith('loopwise/')).map((f) => `${f.ruleId} ${f.message}`),
      [],
    );
  });
}

test("ignore: not offered inside a multi-line Python string, nor for Loopwise's own findings", async () => {
  const sqlDag =
    'from airflow import DAG\nfrom airflow.providers.postgres.operators.postgres import PostgresOperator\n\nwith DAG("d", schedule=None):\n    PostgresOperator(\n        task_id="t",\n        sql="""\n            SELECT * FROM a\n        """,\n    )\n';
  await analyse({ 'dags/d.py': sqlDag }); // loads the Python parser
  const inSql: Finding = {
    ruleId: 'pipeline/orphan-output',
    severity: 'warning',
    message: 'm',
    file: 'dags/d.py',
    range: { start: { line: 7, character: 12 }, end: { line: 7, character: 27 } },
    related: [],
  };
  assert.equal(ignoreFix(inSql, sqlDag), undefined);
  assert.ok(ignoreFix({ ...inSql, range: { start: { line: 5, character: 8 }, end: { line: 5, character: 9 } } }, sqlDag));
  assert.equal(ignoreFix({ ...inSql, ruleId: 'loopwise/syntax-error' }, sqlDag), undefined);
});
