// The packed tree answers every question the readers ask exactly as web-tree-sitter's own
// nodes do: checked node by node on the corpus's Python files, the example's, and broken code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { Node } from 'web-tree-sitter';
import { initPython, parsePython, parsePythonPacked, withPythonTree, type SyntaxNode } from '../../server/src/engine/text/python';
import { corpusFiles, fraudExample } from '../helpers/paths';

const FIELDS = [
  'name',
  'parameters',
  'body',
  'function',
  'arguments',
  'left',
  'right',
  'operator',
  'value',
  'key',
  'object',
  'attribute',
  'definition',
  'alias',
  'condition',
  'type',
  'return_type',
  'module_name',
];

function pythonFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) pythonFiles(file, out);
    else if (name.endsWith('.py')) out.push(file);
  }
  return out;
}

const BROKEN = [
  'with DAG("x") as dag:\n    a = BashOperator(task_id="a", bash_command="echo"\n    a >> b\n',
  'def f(:\n    return 1\n',
  'x = [1, 2\ny = {"a": }\n',
  '@task\ndef t():\n    df = pd.read_parquet("s3://b/k.parquet"\n',
];

/** Everything PyNode promises about one node, from either implementation. */
function describe(n: SyntaxNode | Node): string {
  const fields = FIELDS.map((f) => `${f}=${n.childForFieldName(f)?.startIndex ?? '-'}/${n.childrenForFieldName(f).length}`).join(' ');
  const p = n.startPosition;
  return [
    n.type,
    n.isNamed,
    n.startIndex,
    n.endIndex,
    `${p.row}:${p.column}`,
    n.hasError,
    n.isError,
    n.isMissing,
    n.childCount,
    n.namedChildCount,
    n.parent?.startIndex ?? '-',
    n.firstNamedChild?.startIndex ?? '-',
    n.lastNamedChild?.startIndex ?? '-',
    n.child(1)?.type ?? '-',
    n.namedChild(1)?.type ?? '-',
    fields,
  ].join(' ');
}

function walk(n: SyntaxNode | Node, out: string[]): void {
  out.push(describe(n));
  for (const c of n.children) if (c) walk(c, out);
}

function compare(label: string, text: string): void {
  const tree = parsePython(text);
  try {
    const expected: string[] = [];
    walk(tree.rootNode, expected);
    const actual: string[] = [];
    withPythonTree(text, (root) => walk(root, actual));
    assert.equal(actual.length, expected.length, `${label}: node count`);
    for (let i = 0; i < expected.length; i++) assert.equal(actual[i], expected[i], `${label}: node ${i}`);
    withPythonTree(text, (root) => {
      for (let offset = 0; offset < text.length; offset += 97) {
        for (const [a, b] of [
          [root.descendantForIndex(offset), tree.rootNode.descendantForIndex(offset)],
          [root.namedDescendantForIndex(offset, offset + 3), tree.rootNode.namedDescendantForIndex(offset, offset + 3)],
        ] as const) {
          assert.equal(
            `${a?.type} ${a?.startIndex}-${a?.endIndex}`,
            `${b?.type} ${b?.startIndex}-${b?.endIndex}`,
            `${label}: descendant at ${offset}`,
          );
        }
      }
    });
  } finally {
    tree.delete();
  }
}

test('the packed tree matches tree-sitter node by node on real and broken Python', async () => {
  await initPython();
  const files = [...pythonFiles(corpusFiles()), ...pythonFiles(fraudExample())];
  assert.ok(files.length >= 8, `Python files found: ${files.length}`);
  for (const file of files) compare(path.basename(file), readFileSync(file, 'utf8'));
  BROKEN.forEach((text, i) => compare(`broken ${i}`, text));
});

test('the packed tree matches tree-sitter on 150 half-typed variants of real DAGs', async () => {
  await initPython();
  const files = pythonFiles(corpusFiles()).map((f) => readFileSync(f, 'utf8'));
  const junk = [
    '',
    '(',
    ')',
    '[',
    ']',
    '{',
    '}',
    ':',
    ',',
    '"',
    "'",
    '"""',
    '\\',
    '>>',
    '@task',
    'def ',
    'lambda',
    ' if ',
    '\t',
    '    ',
    '\n',
    '#',
    'f"{',
    '\u00e9',
    '\ud83d\ude00',
  ];
  let seed = 7;
  const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
  for (let i = 0; i < 150; i++) {
    const lines = files[random(files.length)].split('\n');
    for (let k = 0; k < 1 + random(4); k++) {
      const at = random(lines.length);
      const line = lines[at] ?? '';
      const col = random(line.length + 1);
      if (random(3) === 0) lines.splice(at, 1);
      else lines[at] = line.slice(0, col) + junk[random(junk.length)] + line.slice(col + random(3));
    }
    compare(`variant ${i}`, lines.join('\n'));
  }
});

test('a packed tree moves between threads as one buffer and reads back the same', async () => {
  await initPython();
  const text = 'from airflow import DAG\n\nwith DAG("d") as dag:\n    a = BashOperator(task_id="a", bash_command="x")\n';
  const packed = parsePythonPacked(text);
  const moved = structuredClone(packed, { transfer: [packed.buffer] });
  assert.equal(packed.buffer.byteLength, 0, 'the buffer was transferred, not copied');
  const before: string[] = [];
  withPythonTree(text, (root) => walk(root, before));
  const after: string[] = [];
  withPythonTree(text, (root) => walk(root, after), moved);
  assert.deepEqual(after, before);
});

test('a file with more nodes than the copy has room for grows it', async () => {
  await initPython();
  const text = Array.from({ length: 3000 }, (_, i) => `v${i} = f(a, b[${i}], "s")`).join('\n');
  let count = 0;
  withPythonTree(text, (root) => {
    count = root.namedChildCount;
    assert.equal(root.lastNamedChild?.text, 'v2999 = f(a, b[2999], "s")');
  });
  assert.equal(count, 3000);
});
