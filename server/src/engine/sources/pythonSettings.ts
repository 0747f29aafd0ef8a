// String settings written into Python pipeline code: keyword arguments (`S3FileSystem(secret=
// "...")`), dictionary entries (`client_kwargs={"endpoint_url": "..."}`), module constants and
// lists of options. They become ConfigValues so the configuration rules (plaintext secrets,
// host-specific endpoints) see code the way they see YAML. Only plain string literals: numbers
// in code are mostly hyperparameters, and f-strings are not literal values.
import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { ConfigValue } from '../model/facts';
import type { LineIndex } from '../text/lineIndex';
import { callName, commentFor, literalString, nodeRef, shortName } from '../text/python';

const MAX_VALUES = 5000;

export function collectPythonSettings(root: SyntaxNode, index: LineIndex, file: string, out: ConfigValue[]): void {
  const stack: SyntaxNode[] = [root];
  let added = 0;
  while (stack.length && added < MAX_VALUES) {
    const node = stack.pop()!;
    for (const [key, value] of settingsAt(node)) {
      const text = literalString(value);
      if (text === undefined) continue;
      out.push({ key, value: text, comment: commentFor(index, value.startPosition.row), range: nodeRef(index, file, value) });
      added++;
    }
    for (let i = node.namedChildCount - 1; i >= 0; i--) {
      const child = node.namedChild(i);
      if (child) stack.push(child);
    }
  }
}

/** The (key, value node) settings a node states directly. */
function settingsAt(node: SyntaxNode): Array<[string, SyntaxNode]> {
  switch (node.type) {
    case 'keyword_argument': {
      const name = node.childForFieldName('name')?.text;
      const value = node.childForFieldName('value');
      const call = node.parent?.parent;
      if (!name || !value) return [];
      const key = `${call?.type === 'call' ? shortName(callName(call)) || 'call' : 'call'}.${name}`;
      return value.type === 'list' ? listItems(key, value) : [[key, value]];
    }
    case 'pair': {
      const k = node.childForFieldName('key');
      const value = node.childForFieldName('value');
      const name = k ? literalString(k) : undefined;
      return name && value ? [[`${ownerKey(node.parent)}.${name}`, value]] : [];
    }
    case 'assignment': {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (left?.type !== 'identifier' || !right || node.parent?.parent?.type !== 'module') return [];
      return right.type === 'list' ? listItems(left.text, right) : [[left.text, right]];
    }
    default:
      return [];
  }
}

function listItems(key: string, list: SyntaxNode): Array<[string, SyntaxNode]> {
  return list.namedChildren.filter((c): c is SyntaxNode => !!c && c.type === 'string').map((c, i) => [`${key}[${i}]`, c]);
}

/** What a dictionary is called: the keyword or variable it is assigned to. */
function ownerKey(dict: SyntaxNode | null): string {
  const parent = dict?.parent;
  if (parent?.type === 'keyword_argument') return parent.childForFieldName('name')?.text ?? 'dict';
  if (parent?.type === 'assignment') return parent.childForFieldName('left')?.text ?? 'dict';
  if (parent?.type === 'pair') return literalString(parent.childForFieldName('key')!) ?? 'dict';
  return 'dict';
}
