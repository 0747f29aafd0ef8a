import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandMentions } from '../../../server/src/engine/sources/commandMentions';
import { LineIndex } from '../../../server/src/engine/text/lineIndex';

// [command, working directory, expected `text@column -> identity name` of each mention]
const CASES: Array<[string, string | undefined, string[]]> = [
  ['python train.py data/prepared models/m.pkl', 'ml', ['data/prepared@16', 'models/m.pkl@30']],
  ['python prep.py --out=data/x --labels s3://b/labels.parquet.', '', ['data/x@21', 's3://b/labels.parquet@37']],
  ['cp "data/a b.csv" /mnt/out/ && echo done', '', ['/mnt/out/@18']],
  ['python p.py --in \'data/raw\' --out="data/clean"', 'w', ['data/raw@18', 'data/clean@35']],
  ['python run.py --lr 0.1 --date 2023-11-24 -o ${OUT}/x {{ inputs.p }}/y', '', []],
  ['python run.py data/in', undefined, []],
  ['aws s3 cp s3://bucket/key ./local/', undefined, ['s3://bucket/key@10']],
  ['echo https://example.org/x and file:///tmp/y', '', ['https://example.org/x@5', 'file:///tmp/y@31']],
];

test('paths and URIs inside a command keep their exact columns; unknowable ones are left out', () => {
  for (const [cmd, base, expected] of CASES) {
    const text = `cmd: ${cmd}\n`;
    const mentions = commandMentions(text, new LineIndex(text), 'f.yaml', 5, 5 + cmd.length, base);
    const got = mentions.map((m) => {
      const { start, end } = m.range.range;
      assert.equal(start.line, 0);
      const written = text.slice(start.character, end.character);
      return `${written}@${start.character - 5}`;
    });
    assert.deepEqual(got, expected, cmd);
  }
});

test('relative paths resolve against the working directory, absolute ones and URIs do not', () => {
  const cmd = 'python a.py data/x /abs/y gs://b/z';
  // A bare script name is code, not a stock: only paths with a folder or a data extension count.
  const text = cmd;
  const m = commandMentions(text, new LineIndex(text), 'f', 0, text.length, 'sub/dir');
  assert.deepEqual(
    m.map((x) => [x.artifact?.scheme, x.artifact?.name, x.artifact?.base]),
    [
      ['path', 'data/x', 'sub/dir'],
      ['path', '/abs/y', ''],
      ['uri', 'gs://b/z', undefined],
    ],
  );
});
