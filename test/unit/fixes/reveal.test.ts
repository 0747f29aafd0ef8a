// Where the cursor goes after a fix that leaves text to fill in another file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstPlaceholder, expandSnippet } from '../../../server/src/engine/fixes/snippet';
import { revealTarget } from '../../../server/src/engine/fixes/reveal';
import { isPlaceholderText, isPlaceholderVersion, PLACEHOLDER } from '../../../server/src/engine/fixes/placeholders';
import type { Fix } from '../../../server/src/engine/model/finding';

test('firstPlaceholder: the lowest-numbered placeholder, by its default in the expanded text; $0 last', () => {
  const cases: Array<[string, string | undefined]> = [
    ['owner: ${2:b}\nmonitor: ${1:what watches}\n', 'what watches'],
    ['cost: \\$5 ${1:x}', 'x'],
    ['a $0 b ${3:c}', 'c'],
    ['plain text', undefined],
  ];
  for (const [snippet, expected] of cases) {
    const spot = firstPlaceholder(snippet);
    assert.equal(spot && expandSnippet(snippet).slice(spot.start, spot.end), expected, snippet);
  }
});

test('revealTarget: the lowest-numbered placeholder in another file, after the fix, shifted by the fix’s earlier edits there', () => {
  const card = 'version: 1\nloops:\n  - name: a\n';
  const end = { line: 3, character: 0 };
  const fix: Fix = {
    title: 'Document',
    snippet: true,
    edits: [
      { file: 'mlsystem.yaml', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '# ${9:note}\n' },
      { file: 'mlsystem.yaml', range: { start: end, end }, newText: '  - name: b\n    owner: ${1:TODO-team}\n' },
      { file: 'dvc.yaml', range: { start: end, end }, newText: '# ${1:reason}\n' },
    ],
  };
  const files: Record<string, string> = { 'mlsystem.yaml': card, 'dvc.yaml': 'stages: {}\n' };
  const target = revealTarget(fix, 'dvc.yaml', (f) => files[f]);
  assert.deepEqual(target, { file: 'mlsystem.yaml', range: { start: { line: 5, character: 11 }, end: { line: 5, character: 20 } } });
  assert.equal(
    revealTarget({ ...fix, snippet: false }, 'dvc.yaml', (f) => files[f]),
    undefined,
    'only fixes with placeholders',
  );
  assert.equal(
    revealTarget({ ...fix, edits: [fix.edits[2]] }, 'dvc.yaml', (f) => files[f]),
    undefined,
    'nothing to reveal in the same file',
  );
});

test('placeholders: the texts fixes insert, to-do markers and empty values are not written yet; real text is', () => {
  for (const text of [...Object.values(PLACEHOLDER), '', '  ', 'TODO', 'todo: ask fraud-ops', 'TBD', '<brake>', '???'])
    assert.ok(isPlaceholderText(text), JSON.stringify(text));
  for (const text of ['fraud-ml', 'weekly flag-rate dashboard', 'a random audit of 1% of unflagged items', 'todos are tracked in JIRA-12'])
    assert.ok(!isPlaceholderText(text), JSON.stringify(text));
  assert.ok(isPlaceholderVersion('TODO-version'));
  assert.ok(isPlaceholderVersion('==TODO-version'));
  assert.ok(!isPlaceholderVersion('2.2.2'));
  assert.ok(!isPlaceholderVersion(undefined));
});
