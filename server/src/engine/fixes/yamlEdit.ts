// Minimal text edits to YAML, computed from the exact node ranges of the `yaml` package's
// Document API: everything outside the edited node stays byte-identical (comments, key order,
// quoting, indentation). New content is rendered in the style of its surroundings (block or
// flow, the sequence's own indentation).
import {
  parse,
  parseAllDocuments,
  isMap,
  isSeq,
  isScalar,
  isPair,
  isAlias,
  type Document,
  type Node as YamlNode,
  type Pair,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import type { TextEdit } from '../model/finding';
import { LineIndex } from '../text/lineIndex';
import { escapeSnippet } from './snippet';

/** A value in rendered content: text, a number, a list of texts, or raw text (snippet placeholders). */
export type EntryValue = string | number | string[] | { raw: string };
/** A mapping to render, in key order. */
export type Entry = Array<[string, EntryValue]>;

const MAX_DEPTH = 200;

export function parseDocs(text: string): Document.Parsed[] {
  return parseAllDocuments(text, { uniqueKeys: false, strict: false, prettyErrors: false }) as Document.Parsed[];
}

/** An edit replacing [start, end) of `text` (offsets) in `file`. */
export function edit(file: string, text: string, start: number, end: number, newText: string): TextEdit {
  const index = LineIndex.of(text);
  return { file, range: index.range(start, end), newText };
}

// ---------------------------------------------------------------------------------------------
// Lines

export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset of the line break ending the line of `offset` (or the end of the text); before a `\r`. */
export function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  const end = nl < 0 ? text.length : nl;
  return end > 0 && text[end - 1] === '\r' ? end - 1 : end;
}

/** Offset just after the line break ending the line of `offset`; the text's length on the last line. */
export function nextLineStart(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

export function column(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** The file's line break: CRLF when its first line ends with one. */
export function eol(text: string): string {
  const nl = text.indexOf('\n');
  return nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n';
}

/** End of the last non-blank character before `offset`. */
export function contentEnd(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && /\s/.test(text[i - 1])) i--;
  return i;
}

// ---------------------------------------------------------------------------------------------
// Rendering

/** A scalar as YAML: plain when it reads back as the same string, double-quoted otherwise. */
export function yamlScalar(value: string | number, flow = false): string {
  if (typeof value === 'number') return String(value);
  return readsBackAs(value, flow) ? value : JSON.stringify(value);
}

/** Read back the same by YAML 1.2 and 1.1 parsers alike (PyYAML, which DVC and Airflow use, reads `yes` as true). */
function readsBackAs(value: string, flow: boolean): boolean {
  if (value === '' || value !== value.trim() || /[\n\r\t]/.test(value)) return false;
  return (['1.2', '1.1'] as const).every((version) => {
    try {
      const parsed: unknown = flow ? parse(`[${value}]`, { version }) : parse(`k: ${value}`, { version });
      return flow ? Array.isArray(parsed) && parsed.length === 1 && parsed[0] === value : (parsed as { k?: unknown })?.k === value;
    } catch {
      return false;
    }
  });
}

function renderValue(value: EntryValue, flow: boolean, snippet: boolean): string {
  if (typeof value === 'object' && !Array.isArray(value)) return value.raw;
  const literal = (s: string | number) => (snippet ? escapeSnippet(yamlScalar(s, flow)) : yamlScalar(s, flow));
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  return literal(value);
}

/** A sequence item in block style: `- key: value` at `dash`, further keys at `content`. */
export function renderBlockItem(entry: Entry, dash: number, content: number, nl: string, snippet: boolean): string {
  const lines: string[] = [];
  entry.forEach(([key, value], i) => {
    const prefix = i === 0 ? `${' '.repeat(dash)}-${' '.repeat(Math.max(1, content - dash - 1))}` : ' '.repeat(content);
    const k = snippet ? escapeSnippet(yamlScalar(key)) : yamlScalar(key);
    if (Array.isArray(value)) {
      lines.push(`${prefix}${k}:`);
      for (const item of value) lines.push(`${' '.repeat(content + 2)}- ${renderValue(item, false, snippet)}`);
    } else {
      lines.push(`${prefix}${k}: ${renderValue(value, false, snippet)}`);
    }
  });
  return lines.map((l) => l + nl).join('');
}

/** A mapping in flow style: `{key: value, key: [a, b]}`. */
export function renderFlowItem(entry: Entry, snippet: boolean): string {
  return `{${entry.map(([key, value]) => `${snippet ? escapeSnippet(yamlScalar(key, true)) : yamlScalar(key, true)}: ${renderValue(value, true, snippet)}`).join(', ')}}`;
}

// ---------------------------------------------------------------------------------------------
// Finding nodes

export function topMap(docs: Document.Parsed[]): YAMLMap | undefined {
  const contents = docs[0]?.contents;
  return isMap(contents) ? contents : undefined;
}

export function pairIn(map: YAMLMap, key: string): Pair<YamlNode, YamlNode | null> | undefined {
  return map.items.find((p) => isScalar(p.key) && String(p.key.value) === key) as Pair<YamlNode, YamlNode | null> | undefined;
}

export interface Located {
  node: YamlNode;
  /** The pair whose value the node is, if any. */
  pair?: Pair<YamlNode, YamlNode | null>;
  /** The collection holding the node (or its pair). */
  parent?: YAMLMap | YAMLSeq;
  /** The ancestors, outermost first. */
  ancestors: Array<YAMLMap | YAMLSeq>;
}

/** The node that starts at `offset` (a scalar, a collection), with its pair and parents. */
export function nodeStartingAt(docs: Document.Parsed[], offset: number): Located | undefined {
  for (const doc of docs) {
    const hit = find(doc.contents as YamlNode | null, offset, [], undefined, 0);
    if (hit) return hit;
  }
  return undefined;
}

function find(
  node: YamlNode | null | undefined,
  offset: number,
  ancestors: Array<YAMLMap | YAMLSeq>,
  pair: Pair<YamlNode, YamlNode | null> | undefined,
  depth: number,
): Located | undefined {
  if (!node || isAlias(node) || depth > MAX_DEPTH || !node.range) return undefined;
  if (node.range[0] === offset && !(isMap(node) || isSeq(node))) return { node, pair, parent: ancestors[ancestors.length - 1], ancestors };
  if (node.range[0] > offset || node.range[2] < offset) return undefined;
  if (isMap(node)) {
    for (const p of node.items) {
      const hit = find(p.value as YamlNode | null, offset, [...ancestors, node], p as Pair<YamlNode, YamlNode | null>, depth + 1);
      if (hit) return hit;
    }
  } else if (isSeq(node)) {
    for (const item of node.items) {
      const hit = find(item as YamlNode, offset, [...ancestors, node], undefined, depth + 1);
      if (hit) return hit;
    }
  }
  return node.range[0] === offset ? { node, pair, parent: ancestors[ancestors.length - 1], ancestors } : undefined;
}

/** Whether `offset` lies inside a collection written in flow style (`[...]`, `{...}`) that starts before it. */
export function insideFlow(docs: Document.Parsed[], offset: number): boolean {
  let found = false;
  const visit = (node: unknown, depth: number): void => {
    if (found || depth > MAX_DEPTH || isAlias(node)) return;
    if (isPair(node)) return void (visit(node.key, depth + 1), visit(node.value, depth + 1));
    if (!(isMap(node) || isSeq(node)) || !node.range) return;
    if (node.range[0] > offset || node.range[1] <= offset) return;
    if (node.flow && node.range[0] < offset) {
      found = true;
      return;
    }
    for (const item of node.items) visit(item, depth + 1);
  };
  for (const doc of docs) visit(doc.contents, 0);
  return found;
}

/** The scalar that contains `offset` strictly inside its text (after its first character, before its end; a block scalar up to its last line break). */
export function scalarContaining(
  docs: Document.Parsed[],
  text: string,
  offset: number,
): { start: number; end: number; block: boolean } | undefined {
  let hit: { start: number; end: number; block: boolean } | undefined;
  const visit = (node: unknown, depth: number): void => {
    if (hit || depth > MAX_DEPTH || isAlias(node)) return;
    if (isPair(node)) return void (visit(node.key, depth + 1), visit(node.value, depth + 1));
    if (isScalar(node) && node.range) {
      const [start, end] = node.range;
      const block = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
      // The end of a block scalar's last line is still its content; a flow scalar's end is not.
      if (start < offset && (offset < contentEnd(text, end) || (block && offset < end))) hit = { start, end, block };
      return;
    }
    if ((isMap(node) || isSeq(node)) && node.range && node.range[0] <= offset && offset <= node.range[2])
      for (const item of node.items) visit(item, depth + 1);
  };
  for (const doc of docs) visit(doc.contents, 0);
  return hit;
}

// ---------------------------------------------------------------------------------------------
// Replacing a scalar

/** `value` written in the quoting style of the scalar at [start, end) where that style can hold it. */
export function scalarLike(text: string, start: number, value: string, flow: boolean): string {
  const quote = text[start];
  if (quote === '"') return JSON.stringify(value);
  if (quote === "'") return `'${value.replace(/'/g, "''")}'`;
  return yamlScalar(value, flow);
}

// ---------------------------------------------------------------------------------------------
// Appending to a top-level list

export interface SectionEditOptions {
  /** Text of a new file, before the section, when the file does not exist yet. */
  header?: string;
  snippet: boolean;
}

/**
 * Adds `entry` as the last item of the top-level list `key` of a YAML file: appended after
 * the existing items (same indentation), inside a flow list, under an empty key, or as a new
 * section at the end. `text` undefined: the file is created. Undefined when the key holds
 * something other than a list.
 */
export function appendToTopList(
  file: string,
  text: string | undefined,
  key: string,
  entry: Entry,
  options: SectionEditOptions,
): TextEdit | undefined {
  if (text === undefined || text.trim() === '') {
    const body = `${options.header ?? ''}${key}:\n${renderBlockItem(entry, 2, 4, '\n', options.snippet)}`;
    return {
      file,
      range: { start: { line: 0, character: 0 }, end: LineIndex.of(text ?? '').position((text ?? '').length) },
      newText: body,
    };
  }
  const docs = parseDocs(text);
  const root = topMap(docs);
  if (!root || root.flow || docs[0].errors.length) return undefined;
  const nl = eol(text);
  const pair = pairIn(root, key);
  if (!pair) return newSection(file, text, docs, root, key, entry, options.snippet, nl);
  const value = pair.value;
  if (isSeq(value) && value.flow) return appendFlow(file, text, value, entry, options.snippet);
  if (isSeq(value) && value.items.length > 0) return appendBlock(file, text, value, entry, options.snippet, nl);
  if (value === null || (isScalar(value) && (value.value === null || value.value === undefined)))
    return underEmptyKey(file, text, pair, entry, options.snippet, nl);
  if (isSeq(value)) return underEmptyKey(file, text, pair, entry, options.snippet, nl);
  return undefined;
}

function appendBlock(file: string, text: string, seq: YAMLSeq, entry: Entry, snippet: boolean, nl: string): TextEdit {
  const dash = column(text, seq.range![0]);
  const first = seq.items[0] as YamlNode;
  const content =
    first?.range && lineStart(text, first.range[0]) === lineStart(text, seq.range![0]) ? column(text, first.range[0]) : dash + 2;
  const last = seq.items[seq.items.length - 1] as YamlNode;
  const end = contentEnd(text, last.range![1]);
  const at = nextLineStart(text, end);
  const needsBreak = at === text.length && !text.endsWith('\n');
  return edit(file, text, at, at, `${needsBreak ? nl : ''}${renderBlockItem(entry, dash, content, nl, snippet)}`);
}

function appendFlow(file: string, text: string, seq: YAMLSeq, entry: Entry, snippet: boolean): TextEdit {
  const item = renderFlowItem(entry, snippet);
  const last = seq.items[seq.items.length - 1] as YamlNode | undefined;
  if (last?.range) {
    const at = contentEnd(text, last.range[1]);
    return edit(file, text, at, at, `, ${item}`);
  }
  const close = text.lastIndexOf(']', seq.range![1]);
  return edit(file, text, close, close, item);
}

function underEmptyKey(
  file: string,
  text: string,
  pair: Pair<YamlNode, YamlNode | null>,
  entry: Entry,
  snippet: boolean,
  nl: string,
): TextEdit {
  const keyStart = pair.key.range![0];
  const indent = column(text, keyStart);
  const value = pair.value;
  const items = renderBlockItem(entry, indent + 2, indent + 4, nl, snippet);
  const valueText = value?.range ? text.slice(value.range[0], contentEnd(text, value.range[1])) : '';
  if (value?.range && valueText !== '') {
    // `key: ~`, `key: null` or `key: []`: the value gives way to the items.
    const start = contentEnd(text, value.range[0]);
    return edit(file, text, start, contentEnd(text, value.range[1]), `${nl}${items.slice(0, -nl.length)}`);
  }
  const at = lineEnd(text, keyStart);
  return edit(file, text, at, at, `${nl}${items.slice(0, -nl.length)}`);
}

function newSection(
  file: string,
  text: string,
  docs: Document.Parsed[],
  root: YAMLMap,
  key: string,
  entry: Entry,
  snippet: boolean,
  nl: string,
): TextEdit {
  const { dash, content } = listStyle(text, root);
  const section = `${yamlScalar(key)}:${nl}${renderBlockItem(entry, dash, content, nl, snippet)}`;
  if (docs.length > 1) {
    // Several documents: the section belongs to the first one, right after its last entry.
    const at = nextLineStart(text, contentEnd(text, root.range![1]));
    return edit(file, text, at, at, section);
  }
  const lead = text.endsWith('\n') ? (text.endsWith(`${nl}${nl}`) ? '' : nl) : `${nl}${nl}`;
  return edit(file, text, text.length, text.length, `${lead}${section}`);
}

/** How the file's existing top-level lists indent their items (`- ` at 2, content at 4 by default). */
function listStyle(text: string, root: YAMLMap): { dash: number; content: number } {
  for (const p of root.items) {
    const v = p.value;
    if (isSeq(v) && !v.flow && v.items.length && v.range) {
      const first = v.items[0] as YamlNode;
      const dash = column(text, v.range[0]);
      const content =
        first.range && lineStart(text, first.range[0]) === lineStart(text, v.range[0]) ? column(text, first.range[0]) : dash + 2;
      return { dash, content };
    }
  }
  return { dash: 2, content: 4 };
}
