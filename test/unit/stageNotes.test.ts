import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addNote, noteText, notesOf, remark, uniqueNotes, type StageNote } from '../../server/src/engine/model/stageNotes';
import { githubActionsAdapter } from '../../server/src/engine/sources/githubActions';
import { run } from './sources/yamlFacts';

test('each typed note reads as the prose people saw before notes were typed', () => {
  const cases: Array<[StageNote, string]> = [
    [{ kind: 'branch' }, 'branch'],
    [
      { kind: 'condition', keyword: 'when', expression: "{{steps.check.outputs.result}} == 'ok'" },
      "when: {{steps.check.outputs.result}} == 'ok'",
    ],
    [{ kind: 'waits-for', pipeline: 'features' }, 'waits for DAG features'],
    [
      { kind: 'waits-for', pipeline: 'features', task: 'report', offset: 'execution_delta=timedelta(hours=1)' },
      'waits for features/report (execution_delta=timedelta(hours=1))',
    ],
    [{ kind: 'triggers', pipeline: 'scoring' }, 'triggers DAG scoring'],
    [{ kind: 'deployment-environment', name: 'production' }, 'environment: production'],
    [{ kind: 'runs-to-completion', workload: 'CronJob' }, 'runs to completion (CronJob)'],
    [{ kind: 'probe', probe: 'readinessProbe' }, 'readinessProbe'],
    [{ kind: 'kserve', key: 'modelFormat', value: 'sklearn' }, 'modelFormat: sklearn'],
    [remark('cache disabled'), 'cache disabled'],
  ];
  for (const [note, text] of cases) assert.equal(noteText(note), text);
});

test('a stage keeps one note per reading, in first-seen order', () => {
  const stage: { notes?: StageNote[] } = {};
  addNote(stage, { kind: 'branch' });
  addNote(stage, remark('mapped'));
  addNote(stage, { kind: 'branch' });
  assert.deepEqual(stage.notes?.map(noteText), ['branch', 'mapped']);
  const probe: StageNote = { kind: 'probe', probe: 'livenessProbe' };
  assert.deepEqual(uniqueNotes([probe, remark('x'), { ...probe }]).map(noteText), ['livenessProbe', 'x']);
});

test('rules find a GitHub Actions deployment environment by its kind, not by its wording', () => {
  const wf = `on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment:
      name: production
    steps:
      - run: echo "environment: staging"
`;
  const facts = run(githubActionsAdapter, '.github/workflows/deploy.yml', wf);
  assert.deepEqual(
    notesOf(facts.stages[0], 'deployment-environment').map((n) => n.name),
    ['production'],
  );
});
