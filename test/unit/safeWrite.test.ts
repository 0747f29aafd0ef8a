// Writes that cannot lose data (server/src/node/safeWrite.ts), on real files: an edit saved
// while a fix runs is kept, a group is written whole or not at all, nothing is written out of
// the workspace. The "editor saving meanwhile" is a real write to the file, made at the last
// moment before the rename through the writer's hook.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { writeGroups } from '../../server/src/node/safeWrite';

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'loopwise-write-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

test('a file saved by someone else just before the rename is left with their edit, and reported', () => {
  const dir = workspace({ 'a.yml': 'a: 1\n' });
  const outcome = writeGroups(dir, [[{ file: 'a.yml', before: 'a: 1\n', after: 'a: 2\n' }]], {
    beforeRename: (abs) => writeFileSync(abs, 'a: 1\nmine: true\n'),
  });
  assert.equal(readFileSync(path.join(dir, 'a.yml'), 'utf8'), 'a: 1\nmine: true\n');
  assert.deepEqual(outcome, { written: [], skipped: [{ file: 'a.yml', reason: 'changed since it was analysed' }] });
  assert.deepEqual(readdirSync(dir), ['a.yml'], 'the temp file is removed');
  rmSync(dir, { recursive: true });
});

test('a file that differs from what was analysed is not written at all', () => {
  const dir = workspace({ 'a.yml': 'a: 1\nedited: yes\n' });
  const outcome = writeGroups(dir, [[{ file: 'a.yml', before: 'a: 1\n', after: 'a: 2\n' }]]);
  assert.equal(outcome.skipped[0].reason, 'changed since it was analysed');
  assert.equal(readFileSync(path.join(dir, 'a.yml'), 'utf8'), 'a: 1\nedited: yes\n');
  rmSync(dir, { recursive: true });
});

test('a group is written whole or not at all: a late change to its second file rolls back the first', () => {
  const dir = workspace({ 'one.py': 'one\n', 'two.py': 'two\n' });
  const outcome = writeGroups(
    dir,
    [
      [
        { file: 'one.py', before: 'one\n', after: 'ONE\n' },
        { file: 'two.py', before: 'two\n', after: 'TWO\n' },
      ],
    ],
    { beforeRename: (abs) => abs.endsWith('two.py') && writeFileSync(abs, 'two edited\n') },
  );
  assert.equal(readFileSync(path.join(dir, 'one.py'), 'utf8'), 'one\n', 'rolled back');
  assert.equal(readFileSync(path.join(dir, 'two.py'), 'utf8'), 'two edited\n', 'the edit is kept');
  assert.deepEqual(
    outcome.skipped.map((s) => s.file),
    ['one.py', 'two.py'],
  );
  assert.match(outcome.skipped[0].reason, /fixed together with two\.py/);
  assert.deepEqual(readdirSync(dir).sort(), ['one.py', 'two.py'], 'no temp or rollback file left');
  rmSync(dir, { recursive: true });
});

test('independent groups: one skipped group does not stop another', () => {
  const dir = workspace({ 'a.yml': 'a\n', 'b.yml': 'b changed\n' });
  const outcome = writeGroups(dir, [[{ file: 'a.yml', before: 'a\n', after: 'A\n' }], [{ file: 'b.yml', before: 'b\n', after: 'B\n' }]]);
  assert.deepEqual(outcome.written, ['a.yml']);
  assert.equal(readFileSync(path.join(dir, 'a.yml'), 'utf8'), 'A\n');
  rmSync(dir, { recursive: true });
});

test('a new file is created, but never over one that appeared meanwhile', () => {
  const dir = workspace({});
  assert.deepEqual(writeGroups(dir, [[{ file: 'sub/new.yml', after: 'x\n' }]]).written, ['sub/new.yml']);
  assert.equal(readFileSync(path.join(dir, 'sub/new.yml'), 'utf8'), 'x\n');
  const raced = writeGroups(dir, [[{ file: 'late.yml', after: 'mine\n' }]], { beforeRename: (abs) => writeFileSync(abs, 'theirs\n') });
  assert.equal(readFileSync(path.join(dir, 'late.yml'), 'utf8'), 'theirs\n');
  assert.equal(raced.written.length, 0);
  rmSync(dir, { recursive: true });
});

test('nothing is written outside the workspace: a ../ path or a symlink that leads out', () => {
  const outside = workspace({ 'target.yml': 'a: 1\n' });
  const dir = workspace({});
  symlinkSync(path.join(outside, 'target.yml'), path.join(dir, 'link.yml'));
  symlinkSync(outside, path.join(dir, 'linkdir'));
  const outcome = writeGroups(dir, [
    [{ file: 'link.yml', before: 'a: 1\n', after: 'a: 2\n' }],
    [{ file: 'linkdir/new.yml', after: 'x\n' }],
    [{ file: `../${path.basename(outside)}/target.yml`, before: 'a: 1\n', after: 'a: 3\n' }],
  ]);
  assert.equal(outcome.written.length, 0);
  assert.ok(outcome.skipped.every((s) => /outside the workspace/.test(s.reason)));
  assert.equal(readFileSync(path.join(outside, 'target.yml'), 'utf8'), 'a: 1\n');
  assert.ok(!existsSync(path.join(outside, 'new.yml')));
  rmSync(dir, { recursive: true });
  rmSync(outside, { recursive: true });
});

test('a symlink inside the workspace is written through to its target and stays a symlink', () => {
  const dir = workspace({ 'real.yml': 'a: 1\n' });
  symlinkSync(path.join(dir, 'real.yml'), path.join(dir, 'alias.yml'));
  writeGroups(dir, [[{ file: 'alias.yml', before: 'a: 1\n', after: 'a: 2\n' }]]);
  assert.equal(readFileSync(path.join(dir, 'real.yml'), 'utf8'), 'a: 2\n');
  assert.deepEqual(readdirSync(dir).sort(), ['alias.yml', 'real.yml']);
  rmSync(dir, { recursive: true });
});
