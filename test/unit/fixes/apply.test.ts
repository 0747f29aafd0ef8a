import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyEdits,
  applyFixes,
  autoFix,
  editsConflict,
  fixAllFixes,
  OverlappingEditsError,
  selectFixes,
} from '../../../server/src/engine/fixes/apply';
import { escapeSnippet, expandSnippet, placeholder } from '../../../server/src/engine/fixes/snippet';
import type { Finding, Fix, TextEdit } from '../../../server/src/engine/model/finding';

const at = (line: number, character: number) => ({ line, character });
const e = (file: string, from: [number, number], to: [number, number], newText: string): TextEdit => ({
  file,
  range: { start: at(...from), end: at(...to) },
  newText,
});

test('applyEdits: positions refer to the original text, in any order', () => {
  const text = 'a: 1\nb: 2\nc: 3\n';
  assert.equal(
    applyEdits(text, [e('f', [2, 3], [2, 4], '30'), e('f', [0, 3], [0, 4], '10'), e('f', [1, 0], [1, 0], '# two\n')]),
    'a: 10\n# two\nb: 2\nc: 30\n',
  );
  assert.equal(applyEdits(text, []), text);
  assert.equal(applyEdits('', [e('f', [0, 0], [0, 0], 'new\n')]), 'new\n');
});

test('applyEdits: overlapping edits and two insertions at one point are refused', () => {
  assert.throws(() => applyEdits('abcdef', [e('f', [0, 1], [0, 4], 'x'), e('f', [0, 3], [0, 5], 'y')]), OverlappingEditsError);
  assert.throws(() => applyEdits('abcdef', [e('f', [0, 2], [0, 2], 'x'), e('f', [0, 2], [0, 2], 'y')]), OverlappingEditsError);
  assert.throws(() => applyEdits('abcdef', [e('f', [0, 1], [0, 3], 'x'), e('f', [0, 3], [0, 3], 'y')]), OverlappingEditsError);
  assert.equal(applyEdits('abcdef', [e('f', [0, 0], [0, 2], 'X'), e('f', [0, 2], [0, 4], 'Y')]), 'XYef', 'adjacent replacements are fine');
});

test('editsConflict: only within one file', () => {
  assert.equal(editsConflict(e('a', [0, 0], [0, 2], ''), e('b', [0, 0], [0, 2], '')), false);
  assert.equal(editsConflict(e('a', [0, 0], [0, 2], ''), e('a', [0, 1], [0, 1], '')), true);
});

const fix = (title: string, edits: TextEdit[], extra: Partial<Fix> = {}): Fix => ({ title, edits, isPreferred: true, ...extra });
const finding = (fixes: Fix[]): Finding => ({
  ruleId: 'r/x',
  severity: 'warning',
  message: 'm',
  file: 'f',
  range: { start: at(0, 0), end: at(0, 0) },
  related: [],
  fixes,
});

test('fix all: preferred fixes without placeholders; a conflicting fix waits; the same fix twice counts once', () => {
  const a = fix('a', [e('f', [0, 0], [0, 1], 'A')]);
  const b = fix('b', [e('f', [0, 0], [0, 2], 'B')]);
  const c = fix('c', [e('g', [0, 0], [0, 0], 'C')]);
  const snippet = fix('s', [e('h', [0, 0], [0, 0], '${1:x}')], { snippet: true });
  const notPreferred = fix('n', [e('h', [1, 0], [1, 0], 'n')], { isPreferred: false });
  assert.equal(autoFix(finding([notPreferred, snippet])), undefined);
  const chosen = fixAllFixes([finding([a]), finding([b]), finding([c]), finding([{ ...c }]), finding([snippet]), finding([notPreferred])]);
  assert.deepEqual(
    chosen.map((x) => x.title),
    ['a', 'c'],
  );
  assert.deepEqual(
    selectFixes([fix('self', [e('f', [0, 0], [0, 3], 'x'), e('f', [0, 1], [0, 2], 'y')])]),
    [],
    'a fix whose own edits overlap is never applied',
  );
  const out = applyFixes(chosen, (file) => ({ f: 'xyz', g: undefined })[file]);
  assert.deepEqual(
    [...out],
    [
      ['f', 'Ayz'],
      ['g', 'C'],
    ],
  );
});

test('snippets: placeholders expand to their defaults; literal text is escaped', () => {
  assert.equal(expandSnippet('owner: ${1:team}\nmonitor: ${2:a, b}$0'), 'owner: team\nmonitor: a, b');
  assert.equal(
    expandSnippet(`run: ${escapeSnippet('${{ secrets.X }} \\ $HOME')} ${placeholder(1, 'a}b$c')}`),
    'run: ${{ secrets.X }} \\ $HOME a}b$c',
  );
  assert.equal(expandSnippet('${1:outer ${2:inner}} $3 ${4}'), 'outer inner  ');
});
