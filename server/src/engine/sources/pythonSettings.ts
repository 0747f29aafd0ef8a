// String settings written into Python pipeline code: keyword arguments (`S3FileSystem(secret=
// "...")`), dictionary entries (`client_kwargs={"endpoint_url": "..."}`), module constants and
// lists of options. They become ConfigValues so the configuration rules (plaintext secrets,
// host-specific endpoints) see code the way they see YAML. Only plain string literals: numbers
// in code are mostly hyperparameters, and f-strings are not literal values. Found with one
// tree-sitter query (run inside WASM) rather than a walk over every node.
import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { ConfigValue } from '../model/facts';
import type { LineIndex } from '../text/lineIndex';
import { callName, commentFor, literalString, nodeRef, pythonQuery, shortName } from '../text/python';

const MAX_VALUES = 5000;

const SETTINGS = `
(keyword_argument name: (identifier) @key value: (string) @value)
(keyword_argument name: (identifier) @key value: (list (string) @value))
(pair key: (string) @key value: (string) @value)
(module (expression_statement (assignment left: (identifier) @key right: (string) @value)))
(module (expression_statement (assignment left: (identifier) @key right: (list (string) @value))))
`;

// Code is full of strings (task ids, SQL, log lines); only those a configuration rule can act
// on are worth a ConfigValue: URLs and absolute paths, and values under credential-like names.
const WORTH_A_LOOK = /:\/\/|^["']{1,3}\/|^["'][A-Za-z]:\\|AKIA|gh[pousr]_|xox[baprs]-|PRIVATE KEY|sk_live_/;
const CREDENTIAL_NAME = /pass|pwd|secret|token|key|credential|auth/i;
const MAX_RAW = 400;

export function collectPythonSettings(root: SyntaxNode, index: LineIndex, file: string, out: ConfigValue[]): void {
  const captures = pythonQuery(SETTINGS).captures(root);
  const source = index.text;
  let key: SyntaxNode | undefined;
  let added = 0;
  const positions = new Map<number, number>();
  for (const capture of captures) {
    if (capture.name === 'key') {
      key = capture.node;
      continue;
    }
    if (!key || added >= MAX_VALUES) continue;
    const raw = source.slice(capture.node.startIndex, capture.node.endIndex);
    const keyText = source.slice(key.startIndex, key.endIndex);
    if (raw.length > MAX_RAW || !(WORTH_A_LOOK.test(raw) || CREDENTIAL_NAME.test(keyText))) continue;
    const text = literalString(capture.node);
    if (text === undefined) continue;
    const name = keyName(key);
    if (!name) continue;
    const inList = capture.node.parent?.type === 'list';
    const n = inList ? (positions.get(key.id) ?? 0) : 0;
    if (inList) positions.set(key.id, n + 1);
    out.push({ key: inList ? `${name}[${n}]` : name, value: text, comment: commentFor(index, capture.node.startPosition.row), range: nodeRef(index, file, capture.node) });
    added++;
  }
}

/** `Call.keyword`, `dict.key` or `NAME`, as config rules see key paths. */
function keyName(key: SyntaxNode): string | undefined {
  const holder = key.parent;
  if (holder?.type === 'keyword_argument') {
    const call = holder.parent?.parent;
    return `${call?.type === 'call' ? shortName(callName(call)) || 'call' : 'call'}.${key.text}`;
  }
  if (holder?.type === 'pair') {
    const name = literalString(key);
    return name === undefined ? undefined : `${ownerKey(holder.parent)}.${name}`;
  }
  return key.text;
}

/** What a dictionary is called: the keyword or variable it is assigned to. */
function ownerKey(dict: SyntaxNode | null): string {
  const parent = dict?.parent;
  if (parent?.type === 'keyword_argument') return parent.childForFieldName('name')?.text ?? 'dict';
  if (parent?.type === 'assignment') return parent.childForFieldName('left')?.text ?? 'dict';
  if (parent?.type === 'pair') return literalString(parent.childForFieldName('key')!) ?? 'dict';
  return 'dict';
}
