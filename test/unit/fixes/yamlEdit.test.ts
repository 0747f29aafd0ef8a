import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { appendToTopList, yamlScalar, type Entry } from '../../../server/src/engine/fixes/yamlEdit';
import { applyEdits } from '../../../server/src/engine/fixes/apply';

const entry: Entry = [
  ['name', 'labels-loop'],
  ['hops', ['s3://b/labels.parquet', 'fraud.flagged_transactions']],
  ['polarity', 'R'],
];

function append(text: string | undefined, key = 'loops', item: Entry = entry): string {
  const edit = appendToTopList('mlsystem.yaml', text, key, item, { snippet: false, header: 'version: 1\n' });
  assert.ok(edit, 'an edit');
  return applyEdits(text ?? '', [edit]);
}

test('appending to a block list keeps the rest of the file byte-identical, comments included', () => {
  const text =
    '# card\nsystem: fraud   # the system\nloops:\n  # the one we know\n  - name: old\n    hops: [a, b]   # two hops\n  # end of loops\nmonitors: []\n';
  assert.equal(
    append(text),
    '# card\nsystem: fraud   # the system\nloops:\n  # the one we know\n  - name: old\n    hops: [a, b]   # two hops\n  - name: labels-loop\n    hops:\n      - s3://b/labels.parquet\n      - fraud.flagged_transactions\n    polarity: R\n  # end of loops\nmonitors: []\n',
  );
});

test("the list's own indentation is kept (dash at column 0, wide content)", () => {
  const text = 'loops:\n-   name: old\n    hops: [a, b]\n';
  assert.equal(
    append(text),
    'loops:\n-   name: old\n    hops: [a, b]\n-   name: labels-loop\n    hops:\n      - s3://b/labels.parquet\n      - fraud.flagged_transactions\n    polarity: R\n',
  );
});

test('a flow list gets a flow item; an empty key or empty flow list gets the first item', () => {
  assert.equal(
    append('loops: [{name: old, hops: [a, b]}]  # inline\n'),
    'loops: [{name: old, hops: [a, b]}, {name: labels-loop, hops: [s3://b/labels.parquet, fraud.flagged_transactions], polarity: R}]  # inline\n',
  );
  assert.equal(
    append('loops: []\nx: 1\n'),
    'loops: [{name: labels-loop, hops: [s3://b/labels.parquet, fraud.flagged_transactions], polarity: R}]\nx: 1\n',
  );
  assert.equal(
    append('loops:\nx: 1\n'),
    'loops:\n  - name: labels-loop\n    hops:\n      - s3://b/labels.parquet\n      - fraud.flagged_transactions\n    polarity: R\nx: 1\n',
  );
});

test("a missing section is added at the end in the style of the file's other lists; a missing file is created", () => {
  assert.equal(
    append('system: s\nteams:\n- name: a\n  role: research\n'),
    'system: s\nteams:\n- name: a\n  role: research\n\nloops:\n- name: labels-loop\n  hops:\n    - s3://b/labels.parquet\n    - fraud.flagged_transactions\n  polarity: R\n',
  );
  assert.equal(
    append('system: s'),
    'system: s\n\nloops:\n  - name: labels-loop\n    hops:\n      - s3://b/labels.parquet\n      - fraud.flagged_transactions\n    polarity: R\n',
  );
  assert.equal(
    append(undefined),
    'version: 1\nloops:\n  - name: labels-loop\n    hops:\n      - s3://b/labels.parquet\n      - fraud.flagged_transactions\n    polarity: R\n',
  );
});

test('CRLF files stay CRLF', () => {
  const out = append('system: s\r\nloops:\r\n  - name: old\r\n    hops: [a, b]\r\n');
  assert.equal(
    out,
    'system: s\r\nloops:\r\n  - name: old\r\n    hops: [a, b]\r\n  - name: labels-loop\r\n    hops:\r\n      - s3://b/labels.parquet\r\n      - fraud.flagged_transactions\r\n    polarity: R\r\n',
  );
});

test('a section holding something other than a list is not touched', () => {
  assert.equal(appendToTopList('mlsystem.yaml', 'loops: nope\n', 'loops', entry, { snippet: false }), undefined);
  assert.equal(appendToTopList('mlsystem.yaml', 'loops: [unclosed\n', 'loops', entry, { snippet: false }), undefined);
});

test('scalars are plain when they read back as the same string, quoted otherwise', () => {
  for (const [value, flow, expected] of [
    ['fraud.flagged', false, 'fraud.flagged'],
    ['s3://b/k', true, 's3://b/k'],
    ['yes', false, '"yes"'],
    ['1.5', false, '"1.5"'],
    ['a: b', false, '"a: b"'],
    ['a, b', true, '"a, b"'],
    ['#x', false, '"#x"'],
  ] as const) {
    const out = yamlScalar(value, flow);
    assert.equal(out, expected);
    assert.equal(flow ? parse(`[${out}]`)[0] : parse(`k: ${out}`).k, value);
  }
});
