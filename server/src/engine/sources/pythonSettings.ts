// String settings written into Python pipeline code: keyword arguments (`S3FileSystem(secret=
// "...")`), dictionary entries (`client_kwargs={"endpoint_url": "..."}`), module constants and
// lists of options. They become ConfigValues so the configuration rules (plaintext secrets,
// host-specific endpoints) see code the way they see YAML. Only plain string literals: numbers
// in code are mostly hyperparameters, and f-strings are not literal values.
//
// Code is full of strings (task ids, SQL, log lines), and asking tree-sitter about each costs a
// crossing into WASM; so the source text is searched first for what a configuration rule can
// act on — URLs, absolute paths, token shapes, values under credential-like names — and only
// those places are looked up in the tree.
import type { SyntaxNode } from '../text/python';
import type { ConfigValue } from '../model/facts';
import type { LineIndex } from '../text/lineIndex';
import { callName, commentFor, literalString, nodeRef, shortName } from '../text/python';

const MAX_VALUES = 5000;
const MAX_RAW = 400;
// Only where a match ends matters (the quote that opens the value), so credential-like names
// are matched from the keyword on: a leading `\b\w*` made every word a backtracking search.
const INTERESTING =
  /:\/\/|["']\/|["'][A-Za-z]:\\|AKIA|gh[pousr]_|xox[baprs]-|PRIVATE KEY|sk_live_|(?:pass|pwd|secret|token|key|credential|auth)\w*["']?\s*[=:]\s*[rRbBuU]?["']/gi;

export function collectPythonSettings(root: SyntaxNode, index: LineIndex, file: string, out: ConfigValue[]): void {
  const source = index.text;
  const seen = new Set<number>();
  let added = 0;
  for (const m of source.matchAll(INTERESTING)) {
    if (added >= MAX_VALUES) break;
    const value = stringAt(root, m.index + m[0].length - 1);
    if (!value || seen.has(value.startIndex) || value.endIndex - value.startIndex > MAX_RAW) continue;
    seen.add(value.startIndex);
    const setting = settingOf(value);
    const text = setting && literalString(value);
    if (!setting || text === undefined) continue;
    out.push({ key: setting, value: text, comment: commentFor(index, value.startPosition.row), range: nodeRef(index, file, value) });
    added++;
  }
}

/** The string literal around an offset, if any. */
function stringAt(root: SyntaxNode, offset: number): SyntaxNode | undefined {
  let node: SyntaxNode | null = root.descendantForIndex(offset);
  for (let depth = 0; node && depth < 4; depth++, node = node.parent) if (node.type === 'string') return node;
  return undefined;
}

/** The key path of a string that is a setting (keyword argument, dictionary value, module constant, or an item of a list that is one). */
function settingOf(value: SyntaxNode): string | undefined {
  let holder = value.parent;
  let item = '';
  if (holder?.type === 'list') {
    item = `[${holder.namedChildren.filter((c) => c?.type === 'string').findIndex((c) => c!.startIndex === value.startIndex)}]`;
    holder = holder.parent;
  }
  if (holder?.type === 'keyword_argument' && holder.childForFieldName('value')?.startIndex !== value.startIndex && !item) return undefined;
  if (holder?.type === 'keyword_argument') {
    const key = holder.childForFieldName('name');
    return key ? `${keyName(key)}${item}` : undefined;
  }
  if (holder?.type === 'pair' && !item) {
    const key = holder.childForFieldName('key');
    return key && key.startIndex !== value.startIndex ? keyName(key) : undefined;
  }
  if (holder?.type === 'assignment' && holder.parent?.parent?.type === 'module') {
    const left = holder.childForFieldName('left');
    return left?.type === 'identifier' ? `${left.text}${item}` : undefined;
  }
  return undefined;
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
