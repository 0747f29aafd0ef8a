// Minimal text edits to Python, at exact argument ranges from tree-sitter (the code is parsed,
// never run): add a keyword argument to a call or a decorator, add an import, tell whether a
// line starts inside a string literal.
import type { TextEdit } from '../model/finding';
import { isPythonReady, withPythonTree, type SyntaxNode } from '../text/python';
import { column, edit, eol, lineStart, nextLineStart } from './yamlEdit';

/** Runs `use` over the parsed text when the Python parser is loaded; undefined otherwise. */
export function withPython<T>(text: string, use: (root: SyntaxNode) => T | undefined): T | undefined {
  if (!isPythonReady()) return undefined;
  try {
    return withPythonTree(text, use);
  } catch {
    return undefined;
  }
}

/** Whether `offset` lies inside a string literal that starts on an earlier line (a triple-quoted SQL block). */
export function insideMultilineString(root: SyntaxNode, text: string, offset: number): boolean {
  for (let node: SyntaxNode | null = root.descendantForIndex(offset); node; node = node.parent) {
    if (node.type === 'string' && node.startIndex < offset && text.slice(node.startIndex, offset).includes('\n')) return true;
  }
  return false;
}

/** Whether `offset` lies strictly inside a string literal. */
export function insideString(root: SyntaxNode, offset: number): boolean {
  for (let node: SyntaxNode | null = root.descendantForIndex(Math.max(0, offset - 1)); node; node = node.parent) {
    if (node.type === 'string' && node.startIndex < offset && offset < node.endIndex) return true;
  }
  return false;
}

/** The outermost node that starts at `offset` and ends by `end`. */
export function nodeAt(root: SyntaxNode, offset: number, end: number): SyntaxNode | undefined {
  let node: SyntaxNode | null = root.descendantForIndex(offset, Math.max(offset, end - 1));
  while (node?.parent && node.parent.startIndex === node.startIndex && node.parent.endIndex <= end) node = node.parent;
  return node ?? undefined;
}

/** The task a stage was created by: an operator call (with `task_id=`) or a TaskFlow function's `@task` decorator. */
export function taskDefinition(root: SyntaxNode, offset: number): { call?: SyntaxNode; decorator?: SyntaxNode } | undefined {
  for (let node: SyntaxNode | null = root.descendantForIndex(offset); node; node = node.parent) {
    if (node.type === 'call' && keywordArgument(node, 'task_id')) return { call: node };
    if (node.type === 'decorated_definition') {
      const decorator = node.namedChildren.find((d) => d?.type === 'decorator' && /^@\s*task\b/.test(d.text));
      return decorator ? { decorator } : undefined;
    }
  }
  return undefined;
}

export function keywordArgument(call: SyntaxNode, name: string): SyntaxNode | undefined {
  const list = call.childForFieldName('arguments');
  return list?.namedChildren.find((a) => a?.type === 'keyword_argument' && a.childForFieldName('name')?.text === name) ?? undefined;
}

/**
 * `name=value` added as the call's last argument, in the call's layout: on its own line at the
 * arguments' indentation (keeping a trailing comma) when they are one per line, inline otherwise.
 */
export function addKeyword(file: string, text: string, call: SyntaxNode, name: string, value: string): TextEdit | undefined {
  const list = call.childForFieldName('arguments');
  if (!list || list.type !== 'argument_list') return undefined;
  const args = list.namedChildren.filter((a): a is SyntaxNode => a !== null && a.type !== 'comment');
  const close = list.endIndex - 1;
  const last = args[args.length - 1];
  if (!last) return edit(file, text, list.startIndex + 1, list.startIndex + 1, `${name}=${value}`);
  const between = text.slice(last.endIndex, close);
  const trailingComma = /^\s*,/.test(between);
  const multiline = text.slice(last.endIndex, close).includes('\n') || text.slice(list.startIndex, args[0].startIndex).includes('\n');
  if (multiline && lineStart(text, last.startIndex) !== lineStart(text, list.startIndex)) {
    const indent = ' '.repeat(column(text, last.startIndex));
    const at = trailingComma ? last.endIndex + between.indexOf(',') + 1 : last.endIndex;
    return edit(file, text, at, at, `${trailingComma ? '' : ','}${eol(text)}${indent}${name}=${value}${trailingComma ? ',' : ''}`);
  }
  const at = trailingComma ? last.endIndex + between.indexOf(',') + 1 : last.endIndex;
  return edit(file, text, at, at, `${trailingComma ? ' ' : ', '}${name}=${value}`);
}

/** `@task` -> `@task(name=value)`; `@task(...)` gets the keyword as its last argument. */
export function addDecoratorKeyword(file: string, text: string, decorator: SyntaxNode, name: string, value: string): TextEdit | undefined {
  const expression = decorator.namedChildren.find((c) => c !== null && c.type !== 'comment');
  if (!expression) return undefined;
  if (expression.type === 'call') return addKeyword(file, text, expression, name, value);
  return edit(file, text, expression.endIndex, expression.endIndex, `(${name}=${value})`);
}

/** Appends `item` to a list literal (`[a]` -> `[a, item]`). */
export function appendToList(file: string, text: string, list: SyntaxNode, item: string): TextEdit | undefined {
  if (list.type !== 'list') return undefined;
  const items = list.namedChildren.filter((a): a is SyntaxNode => a !== null && a.type !== 'comment');
  const last = items[items.length - 1];
  if (!last) return edit(file, text, list.startIndex + 1, list.startIndex + 1, item);
  return edit(file, text, last.endIndex, last.endIndex, `, ${item}`);
}

/**
 * `from <module> import <name>` after the module's last top-level import (or its docstring),
 * unless the name is imported already. Undefined when nothing needs adding.
 */
export function ensureImport(file: string, text: string, root: SyntaxNode, module: string, name: string): TextEdit | undefined {
  const imports = root.namedChildren.filter(
    (n): n is SyntaxNode => n !== null && /^(import_statement|import_from_statement|future_import_statement)$/.test(n.type),
  );
  if (imports.some((n) => new RegExp(`\\b${name}\\b`).test(n.text.replace(/^from\s+\S+/, '')))) return undefined;
  const nl = eol(text);
  const line = `from ${module} import ${name}${nl}`;
  const anchor = imports[imports.length - 1] ?? docstring(root);
  if (!anchor) return edit(file, text, 0, 0, line);
  const at = nextLineStart(text, anchor.endIndex);
  return edit(file, text, at, at, at === text.length && !text.endsWith('\n') ? `${nl}${line}` : line);
}

function docstring(root: SyntaxNode): SyntaxNode | undefined {
  const first = root.namedChildren.find((n) => n !== null && n.type !== 'comment');
  return first?.type === 'expression_statement' && first.namedChildren[0]?.type === 'string' ? first : undefined;
}
