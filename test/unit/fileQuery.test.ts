// Per-file queries and group indexes: kept from run to run, updated by difference, and always
// equal to what one pass over the files gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyFacts, type FileFacts, type Reference } from '../../server/src/engine/model/facts';
import { QueryStore, queryFile, type FileQuery, type GroupQuery } from '../../server/src/engine/rules/fileQuery';
import { Analysis } from '../../server/src/engine/analysis';
import type { Rule } from '../../server/src/engine/rules/rule';

function refsFile(file: string, names: string[]): FileFacts {
  const range = { file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } };
  return { ...emptyFacts(file, 'dvc'), references: names.map((name): Reference => ({ kind: 'param', name, scope: 'params.yaml', range })) };
}

const BY_SCOPE: GroupQuery<string> = {
  id: 'test/by-scope',
  fields: ['file', 'references'],
  *entries(f) {
    for (const r of f.references) yield [r.scope ?? '', `${f.file}:${r.name}`];
  },
};

/** What one pass over `facts` in order gives for `key`. */
function onePass(facts: FileFacts[], key: string): string[] {
  return facts.flatMap((f) => [...BY_SCOPE.entries(f)].filter(([k]) => k === key).map(([, v]) => v));
}

test('a group index updated by difference equals one pass over the files, in file order', () => {
  const store = new QueryStore();
  let files = [refsFile('a/dvc.yaml', ['x']), refsFile('b/dvc.yaml', ['y', 'z']), refsFile('c/dvc.yaml', ['w'])];
  const run = () => {
    store.sync(files);
    return store.groupsOf(files, BY_SCOPE).get('params.yaml');
  };
  assert.deepEqual(run(), onePass(files, 'params.yaml'));
  // a changed file's entries go out and come back in its place, not at the end
  files = [files[0], refsFile('b/dvc.yaml', ['y2']), files[2]];
  assert.deepEqual(run(), ['a/dvc.yaml:x', 'b/dvc.yaml:y2', 'c/dvc.yaml:w']);
  // a new file between two, a removed one
  files = [files[0], refsFile('ab/dvc.yaml', ['v']), files[1]];
  assert.deepEqual(run(), onePass(files, 'params.yaml'));
  assert.deepEqual(run(), ['a/dvc.yaml:x', 'ab/dvc.yaml:v', 'b/dvc.yaml:y2']);
  // a file with no entries left, and a key nobody has
  files = [refsFile('a/dvc.yaml', []), files[1], files[2]];
  assert.deepEqual(run(), ['ab/dvc.yaml:v', 'b/dvc.yaml:y2']);
  assert.deepEqual(store.groupsOf(files, BY_SCOPE).get('other.yaml'), []);
});

test('an index not used for some runs catches up on every change it missed', () => {
  const store = new QueryStore();
  let files = [refsFile('a/dvc.yaml', ['x']), refsFile('b/dvc.yaml', ['y'])];
  store.sync(files);
  const groups = store.groupsOf(files, BY_SCOPE);
  files = [refsFile('a/dvc.yaml', ['x1']), files[1]];
  store.sync(files); // the rule was reused: the index is not asked
  files = [files[0], refsFile('b/dvc.yaml', ['y1'])];
  store.sync(files);
  assert.equal(store.groupsOf(files, BY_SCOPE), groups, 'the same index, updated');
  assert.deepEqual(groups.get('params.yaml'), ['a/dvc.yaml:x1', 'b/dvc.yaml:y1']);
});

test('a query that reads a field it does not declare fails loudly', () => {
  const sloppy: FileQuery<number> = { id: 'test/sloppy', fields: ['references'], derive: (f) => f.values.length };
  assert.throws(() => queryFile(refsFile('a/dvc.yaml', ['x']), sloppy), /test\/sloppy reads `values`, which it does not declare/);
});

test('a per-file query is derived once per version of the facts', () => {
  let derived = 0;
  const count: FileQuery<number> = { id: 'test/count', fields: ['references'], derive: (f) => (derived++, f.references.length) };
  const facts = refsFile('a/dvc.yaml', ['x', 'y']);
  assert.equal(queryFile(facts, count), 2);
  assert.equal(queryFile(facts, count), 2);
  assert.equal(derived, 1);
  assert.equal(queryFile(refsFile('a/dvc.yaml', ['x']), count), 1);
  assert.equal(derived, 2);
});

test('a rule reading through a group index runs again when a declared field changes, and only then', () => {
  let runs = 0;
  const rule: Rule = {
    meta: { id: 'test/refs', category: 'config', severity: 'info', description: 'counts references', fixable: false, sources: [] },
    check(ctx) {
      runs++;
      const refs = ctx.grouped(BY_SCOPE).get('params.yaml');
      const first = ctx.facts[0];
      if (first)
        ctx.report({
          at: { file: first.file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
          message: `${refs.length}`,
        });
    },
  };
  const analysis = new Analysis({ rules: [rule] });
  analysis.setFile('params.yaml', 'lr: 1\nseed: 2\n');
  analysis.setFile('dvc.yaml', 'stages:\n  train:\n    cmd: python train.py\n    params:\n      - lr\n');
  assert.deepEqual(
    analysis.run().findings.map((f) => f.message),
    ['1'],
  );
  analysis.setFile('dvc.yaml', 'stages:\n  train:\n    cmd: python train.py\n    params:\n      - lr\n      - seed\n');
  assert.deepEqual(
    analysis.run().findings.map((f) => f.message),
    ['2'],
  );
  const before = runs;
  analysis.setFile('params.yaml', 'lr: 1\nseed: 3\n'); // values change, references do not
  analysis.run();
  assert.equal(runs, before, 'reused: nothing it reads changed');
});
