// Python, parsed statically with tree-sitter (workspace code is never executed), and the small
// helpers the Python adapters (Airflow, Kedro pipelines, Feast) share: string values with
// constant resolution, call names and arguments, ranges, syntax problems, comments, and what
// strings in pipeline code name (storage URIs, paths, SQL tables).

// `require`, not `import`: bundlers then pick the package's CommonJS build, which finds its
// files from __dirname; the ESM build relies on import.meta.url, which a CJS bundle lacks.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
import TreeSitter = require('web-tree-sitter');
import type { Language, Tree } from 'web-tree-sitter';
import { Grammar, packTree, PyTree, type PackedPythonTree, type PyNode, type TreeSitterModule } from './pythonTree';
import { emptyFacts, type FileFacts, type Format, type ParseProblem, type SourceRef } from '../model/facts';
import { LineIndex } from './lineIndex';

export type SyntaxNode = PyNode;

const { Parser } = TreeSitter;

let ready: Promise<void> | undefined;
let parser: TreeSitter.Parser | undefined;
let grammar: Grammar | undefined;
/** web-tree-sitter's module object (Parser.init fills in the one it is given). */
let module: TreeSitterModule | undefined;

/** Loads tree-sitter and the Python grammar once per process; later calls share the promise. */
export function initPython(): Promise<void> {
  ready ??= load().catch((error: unknown) => {
    ready = undefined;
    throw error;
  });
  return ready;
}

export function isPythonReady(): boolean {
  return parser !== undefined;
}

async function load(): Promise<void> {
  await initRuntime(candidates.runtime);
  const language = await loadGrammar(candidates.grammar);
  const p = new Parser();
  p.setLanguage(language);
  grammar = new Grammar(language);
  parser = p;
}

// Candidates are tried in turn rather than checked on disk: the engine does not use node:fs.
async function initRuntime(candidates: string[]): Promise<void> {
  const failures: string[] = [];
  for (const path of candidates) {
    try {
      const options = { locateFile: () => path };
      await Parser.init(options);
      module = options as unknown as TreeSitterModule;
      return;
    } catch (error) {
      failures.push(`${path}: ${String(error)}`);
    }
  }
  throw new Error(`web-tree-sitter.wasm could not be loaded (${failures.join('; ') || 'no candidate location'})`);
}

async function loadGrammar(candidates: Array<string | Uint8Array>): Promise<Language> {
  const failures: string[] = [];
  for (const input of candidates) {
    try {
      return await TreeSitter.Language.load(input);
    } catch (error) {
      failures.push(`${typeof input === 'string' ? input : 'bytes'}: ${String(error)}`);
    }
  }
  throw new Error(`tree-sitter-python.wasm could not be loaded (${failures.join('; ') || 'no candidate location'})`);
}

/**
 * Where the host says the two WASM files may be (each list tried in turn): the Node host
 * (server/src/node/pythonWasm.ts) sets lists found from its own location when it loads, a
 * browser host would give URLs or the grammar's bytes; without a host (the engine's own tests),
 * the packages are looked for under the working folder.
 */
export interface PythonWasmCandidates {
  runtime: string[];
  grammar: Array<string | Uint8Array>;
}

let candidates: PythonWasmCandidates = {
  runtime: ['node_modules/web-tree-sitter/web-tree-sitter.wasm'],
  grammar: ['node_modules/tree-sitter-python/tree-sitter-python.wasm'],
};

export function setPythonWasmCandidates(found: PythonWasmCandidates): void {
  candidates = found;
}

/** Parses Python synchronously. `initPython()` must have been awaited. The caller deletes the tree. */
export function parsePython(text: string): Tree {
  if (!parser) throw new Error('Python parser used before initPython() was awaited');
  const tree = parser.parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

/** Parses and copies the tree out of WASM (whose memory is not garbage collected, so it is freed here). */
export function parsePythonPacked(text: string): PackedPythonTree {
  const tree = parsePython(text);
  try {
    return packTree(tree, module!);
  } finally {
    tree.delete();
  }
}

/** Hands the root of `text`'s tree to `use`: the tree a worker packed for this text, or a new parse. */
export function withPythonTree<T>(text: string, use: (root: SyntaxNode) => T, packed?: PackedPythonTree): T {
  return use(new PyTree(text, grammar!, packed ?? parsePythonPacked(text)).rootNode);
}

/**
 * The problem a Python reader reports when reading failed. The readers walk the tree
 * recursively where Python code nests (long `>>` chains are read iteratively): code nested
 * thousands of levels deep (generated or corrupted; CPython itself stops at 200 nested
 * parentheses) overflows the stack, which is reported as too deep to analyse, not as a bug.
 */
export function readFailure(error: unknown, index: LineIndex, file: string, what: string): ParseProblem {
  if (error instanceof RangeError && /call stack/i.test(error.message))
    return {
      message: 'Not analysed: this Python file nests too deep to analyse (thousands of levels).',
      range: index.ref(file, 0, 0),
      severity: 'warning',
      syntax: true,
    };
  return {
    message: `Loopwise could not read ${what}: ${String(error)}`,
    range: index.ref(file, 0, 0),
    severity: 'warning',
    internal: true,
  };
}

export function nodeRef(index: LineIndex, file: string, node: SyntaxNode): SourceRef {
  return index.ref(file, node.startIndex, node.endIndex);
}

// ---------------------------------------------------------------------------------------------
// Syntax errors

/** The first ERROR or MISSING node as one problem, or undefined when the file parses. */
export function syntaxProblem(root: SyntaxNode, index: LineIndex, file: string): ParseProblem | undefined {
  if (!root.hasError) return undefined;
  const bad = firstBadNode(root) ?? root;
  const text = bad.text.split('\n')[0].trim().slice(0, 40);
  const message = bad.isMissing ? `Python syntax error: missing "${bad.type}"` : `Python syntax error${text ? ` near "${text}"` : ''}`;
  const end = bad.endIndex > bad.startIndex ? bad.endIndex : bad.startIndex + 1;
  return { message, range: index.ref(file, bad.startIndex, end), severity: 'error', syntax: true };
}

function firstBadNode(node: SyntaxNode): SyntaxNode | undefined {
  // Down one path, without recursion, and one pass over each node's children: `child(i)` walks
  // the sibling list, so a loop over it was quadratic (75,000 string pieces took seconds).
  for (let at: SyntaxNode | undefined = node; at;) {
    if (at.isError || at.isMissing) return at;
    at = at.children.find((child) => child.hasError || child.isMissing);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Names and arguments

/** `a.b.c` for an identifier or attribute chain, undefined for anything else. */
export function dottedName(node: SyntaxNode | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') {
    const object = dottedName(node.childForFieldName('object'));
    const attribute = node.childForFieldName('attribute');
    return object && attribute ? `${object}.${attribute.text}` : undefined;
  }
  return undefined;
}

/** The dotted name of what a call calls (`aql.export_file`), undefined for computed callees. */
export function callName(call: SyntaxNode): string | undefined {
  return dottedName(call.childForFieldName('function'));
}

/** The last part of a call's name: `EmptyOperator` for `operators.empty.EmptyOperator(...)`. */
export function shortName(name: string | undefined): string {
  return name ? name.slice(name.lastIndexOf('.') + 1) : '';
}

export interface CallArgs {
  positional: SyntaxNode[];
  keywords: Map<string, SyntaxNode>;
  /** Offset of each keyword's name (`name=`), for ranges that point at the keyword. */
  keywordAt: Map<string, number>;
}

export function noArgs(): CallArgs {
  return { positional: [], keywords: new Map(), keywordAt: new Map() };
}

export function callArgs(call: SyntaxNode): CallArgs {
  const list = call.childForFieldName('arguments');
  return list ? argumentList(list) : noArgs();
}

const KEYWORD = /^([A-Za-z_]\w*)\s*=(?!=)/;

/**
 * The arguments of an `argument_list` node. Kinds are told from the source text (a keyword
 * argument starts with `name=`), which saves two WASM round trips per argument.
 */
export function argumentList(list: SyntaxNode): CallArgs {
  const args = noArgs();
  for (const child of list.namedChildren) {
    if (!child) continue;
    const text = child.text;
    const keyword = KEYWORD.exec(text);
    if (keyword) {
      const value = child.lastNamedChild;
      if (value) {
        args.keywords.set(keyword[1], value);
        args.keywordAt.set(keyword[1], child.startIndex);
      }
    } else if (text[0] !== '#' && text[0] !== '*') {
      args.positional.push(child);
    }
  }
  return args;
}

/** A keyword argument, or the positional one at `position` when the keyword is absent. */
export function argument(args: CallArgs, keyword: string, position?: number): SyntaxNode | undefined {
  return args.keywords.get(keyword) ?? (position === undefined ? undefined : args.positional[position]);
}

/** Elements of a list, tuple or set literal (one element for anything else). */
export function elements(node: SyntaxNode): SyntaxNode[] {
  if (node.type === 'list' || node.type === 'tuple' || node.type === 'set' || node.type === 'expression_list') {
    return node.namedChildren.filter((c): c is SyntaxNode => c !== null && c.type !== 'comment');
  }
  if (node.type === 'parenthesized_expression') {
    const inner = node.namedChildren.find((c) => c && c.type !== 'comment');
    return inner ? elements(inner) : [];
  }
  return [node];
}

/** `key: value` pairs of a dict literal with string keys, or of `dict(k=v)`. */
export function dictEntries(node: SyntaxNode): Array<{ key: string; value: SyntaxNode }> {
  if (node.type === 'call' && callName(node) === 'dict') {
    const args = callArgs(node);
    return [...args.keywords].map(([key, value]) => ({ key, value }));
  }
  if (node.type !== 'dictionary') return [];
  const entries: Array<{ key: string; value: SyntaxNode }> = [];
  for (const pair of node.namedChildren) {
    if (!pair || pair.type !== 'pair') continue;
    const keyNode = pair.childForFieldName('key');
    const value = pair.childForFieldName('value');
    const key = keyNode ? literalString(keyNode) : undefined;
    if (value && key !== undefined) entries.push({ key, value });
  }
  return entries;
}

/** Parameter names of a function definition, in order (without `*args`/`**kwargs`). */
export function parameterNames(fn: SyntaxNode): string[] {
  const params = fn.childForFieldName('parameters');
  if (!params) return [];
  const names: string[] = [];
  for (const p of params.namedChildren) {
    if (!p) continue;
    if (p.type === 'identifier') names.push(p.text);
    else if (p.type === 'typed_parameter') {
      const id = p.namedChildren.find((c) => c?.type === 'identifier');
      if (id) names.push(id.text);
    } else if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') {
      const id = p.childForFieldName('name');
      if (id) names.push(id.text);
    }
  }
  return names;
}

// ---------------------------------------------------------------------------------------------
// Strings

/** A string value: exact when `dynamic` is false; as written (with `{expr}` holes) when true. */
export interface PyString {
  value: string;
  dynamic: boolean;
}

/** Resolves a name to the string it is bound to, if known. */
export type NameLookup = (name: string) => PyString | undefined;

/** The value of a plain string literal (no interpolation, no names), else undefined. */
export function literalString(node: SyntaxNode): string | undefined {
  const s = node.type === 'string' || node.type === 'concatenated_string' ? stringValue(node) : undefined;
  return s && !s.dynamic ? s.value : undefined;
}

/**
 * The string an expression evaluates to: literals, f-strings, implicit and `+` concatenation,
 * `os.path.join`, `str()`, names bound to constants. Parts that cannot be resolved stay as
 * written, in braces, and make the result dynamic. Undefined when the node is no string at all.
 */
export function stringValue(node: SyntaxNode, lookup?: NameLookup, depth = 0): PyString | undefined {
  if (depth > 20) return undefined;
  switch (node.type) {
    case 'string':
      return stringLiteral(node, lookup, depth);
    case 'concatenated_string':
      return joinParts(node.namedChildren.map((c) => (c ? stringLiteral(c, lookup, depth) : undefined)));
    case 'parenthesized_expression': {
      const inner = node.namedChildren.find((c) => c && c.type !== 'comment');
      return inner ? stringValue(inner, lookup, depth + 1) : undefined;
    }
    case 'identifier':
      return lookup?.(node.text);
    case 'binary_operator':
      return concatenation(node, lookup, depth);
    case 'call':
      return stringCall(node, lookup, depth);
    default:
      return undefined;
  }
}

function stringLiteral(node: SyntaxNode, lookup: NameLookup | undefined, depth: number): PyString | undefined {
  return decodeLiteral(node.text, lookup, depth);
}

/**
 * The value of one Python string literal from its source text (prefix, quotes, escapes,
 * f-string fields). Decoding the text is much cheaper than visiting the literal's nodes.
 */
export function decodeLiteral(raw: string, lookup?: NameLookup, depth = 0): PyString | undefined {
  const open = /^([rRbBuUfFtT]{0,3})('''|"""|'|")/.exec(raw);
  if (!open) return undefined;
  const prefix = open[1].toLowerCase();
  const quote = open[2];
  const closed = raw.length >= open[0].length + quote.length && raw.endsWith(quote);
  const body = raw.slice(open[0].length, closed ? raw.length - quote.length : raw.length);
  const isRaw = prefix.includes('r');
  if (!prefix.includes('f') && !prefix.includes('t')) return { value: isRaw ? body : unescape(body), dynamic: false };
  let value = '';
  let dynamic = false;
  let i = 0;
  while (i < body.length) {
    const c = body[i];
    if ((c === '{' || c === '}') && body[i + 1] === c) {
      value += c;
      i += 2;
    } else if (c === '{') {
      const end = closingBrace(body, i);
      const field = interpolation(body.slice(i + 1, end), lookup, depth);
      value += field.value;
      dynamic ||= field.dynamic;
      i = end + 1;
    } else {
      let j = i + 1;
      while (j < body.length && body[j] !== '{' && body[j] !== '}') j++;
      const chunk = body.slice(i, j);
      value += isRaw ? chunk : unescape(chunk);
      i = j;
    }
  }
  return { value, dynamic };
}

/** The index of the `}` closing the f-string field opened at `open` (nested brackets and quotes skipped). */
function closingBrace(body: string, open: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < body.length; i++) {
    const c = body[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '{' || c === '[' || c === '(') depth++;
    else if (c === '}' || c === ']' || c === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return body.length;
}

/** An f-string field: a name bound to a known string, else the field as written, in braces. */
function interpolation(field: string, lookup: NameLookup | undefined, depth: number): PyString {
  const name = field.trim();
  if (depth < 20 && /^[A-Za-z_]\w*$/.test(name)) {
    const bound = lookup?.(name);
    if (bound) return bound;
  }
  return { value: `{${field}}`, dynamic: true };
}

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '0': '\0',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '\n': '',
};

function unescape(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[\s\S])/g, (m, e: string) => {
    if (e.length > 1) return String.fromCodePoint(parseInt(e.slice(1), 16));
    return ESCAPES[e] ?? m;
  });
}

function concatenation(node: SyntaxNode, lookup: NameLookup | undefined, depth: number): PyString | undefined {
  const operator = node.childForFieldName('operator');
  if (operator?.type !== '+') return undefined;
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (!left || !right) return undefined;
  const l = stringValue(left, lookup, depth + 1);
  const r = stringValue(right, lookup, depth + 1);
  // One side must be a string for `+` to be a concatenation at all.
  if (!l && !r) return undefined;
  return joinParts([l ?? hole(left), r ?? hole(right)]);
}

const PATH_JOINS = new Set(['os.path.join', 'path.join', 'posixpath.join', 'join']);

function stringCall(node: SyntaxNode, lookup: NameLookup | undefined, depth: number): PyString | undefined {
  const name = callName(node);
  const args = callArgs(node);
  if (name && PATH_JOINS.has(name) && args.positional.length > 0) {
    const parts = args.positional.map((a) => stringValue(a, lookup, depth + 1));
    if (parts.every((p) => p === undefined)) return undefined;
    const joined = parts.map((p, i) => p ?? hole(args.positional[i]));
    return {
      value: joined.map((p) => p.value).reduce((a, b) => (a === '' ? b : b.startsWith('/') ? b : `${a.replace(/\/+$/, '')}/${b}`)),
      dynamic: joined.some((p) => p.dynamic),
    };
  }
  if ((name === 'str' || name === 'Path' || name === 'pathlib.Path') && args.positional.length === 1) {
    return stringValue(args.positional[0], lookup, depth + 1);
  }
  const fn = node.childForFieldName('function');
  if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'format') {
    const object = fn.childForFieldName('object');
    const template = object ? stringValue(object, lookup, depth + 1) : undefined;
    return template ? { value: template.value, dynamic: true } : undefined;
  }
  return undefined;
}

function hole(node: SyntaxNode): PyString {
  return { value: `{${node.text}}`, dynamic: true };
}

function joinParts(parts: Array<PyString | undefined>): PyString | undefined {
  if (parts.some((p) => p === undefined)) return undefined;
  const known = parts as PyString[];
  return { value: known.map((p) => p.value).join(''), dynamic: known.some((p) => p.dynamic) };
}

/** Offset in the file of character `i` of a plain (unescaped, uninterpolated) string's value. */
export function literalOffset(node: SyntaxNode, i: number): number | undefined {
  if (node.type !== 'string') return undefined;
  const contents = node.namedChildren.filter((c) => c && c.type !== 'string_start' && c.type !== 'string_end');
  if (contents.length !== 1 || contents[0]?.type !== 'string_content' || contents[0].text.includes('\\')) return undefined;
  return contents[0].startIndex + i;
}

// ---------------------------------------------------------------------------------------------
// Comments

/** The comment at the end of `line`, or on the comment lines directly above it. */
export function commentFor(index: LineIndex, line: number): string | undefined {
  const trailing = trailingComment(index.line(line));
  if (trailing) return trailing;
  const above: string[] = [];
  for (let n = line - 1; n >= 0; n--) {
    const m = /^\s*#\s?(.*)$/.exec(index.line(n));
    if (!m) break;
    above.unshift(m[1].trim());
  }
  return above.length > 0 ? above.join('\n') : undefined;
}

function trailingComment(line: string): string | undefined {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') return line.slice(0, i).trim() === '' ? undefined : line.slice(i + 1).trim() || undefined;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// What strings in pipeline code name: storage URIs, file paths, SQL tables

const STORAGE_URI = /^(s3|s3a|s3n|gs|gcs|abfs|abfss|az|adl|wasb|wasbs|hdfs|dbfs|oss|r2|file|minio|lakefs):\/\/\S+$/i;

/** An object-store or file-system URI (not a web URL): `s3://b/k`, `gs://…`, `abfss://…`. */
export function isStorageUri(value: string): boolean {
  return STORAGE_URI.test(value);
}

/** Whether a string names a file, folder or URI (as a read/write function's argument would). */
export function isPathLike(s: PyString, allowWeb: boolean): boolean {
  const v = s.value;
  if (v === '' || /[\n\t]/.test(v) || v.length > 500) return false;
  if (/^https?:\/\//i.test(v)) return allowWeb;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return true;
  if (v.includes(' ') && !s.dynamic) return false;
  return v.includes('/') || /\.[A-Za-z0-9]{1,8}$/.test(v) || (s.dynamic && v.includes('{'));
}

const SQL_START =
  /^\s*(?:(?:--[^\n]*\n|\/\*[\s\S]*?\*\/)\s*)*(SELECT|WITH|INSERT|CREATE|MERGE|UPDATE|DELETE|REPLACE|COPY|UNLOAD|TRUNCATE)\b/i;

export function looksLikeSql(text: string): boolean {
  return SQL_START.test(text) && /\s/.test(text.trim());
}

export interface SqlTable {
  name: string;
  direction: 'reads' | 'writes';
  /** Offset of the name in the SQL text. */
  offset: number;
  /** The name holds a template (`{{ params.table }}`, `{schema}`). */
  dynamic: boolean;
}

const PART = '(?:`[^`\\n]+`|"[^"\\n]+"|\\[[^\\]\\n]+\\]|\\{\\{[^}\\n]*\\}\\}|\\{[\\w.]+\\}|[A-Za-z_][\\w$]*)';
const NAME = `(${PART}(?:\\s*\\.\\s*${PART})*)`;
const SQL_WRITES = [
  new RegExp(`\\bINSERT\\s+(?:OVERWRITE\\s+|IGNORE\\s+)?(?:INTO\\s+)?(?:TABLE\\s+)?${NAME}`, 'gi'),
  new RegExp(
    `\\bCREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:(?:GLOBAL\\s+|LOCAL\\s+)?TEMP(?:ORARY)?\\s+|TRANSIENT\\s+|EXTERNAL\\s+|MATERIALIZED\\s+)?(?:TABLE|VIEW)\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?${NAME}`,
    'gi',
  ),
  new RegExp(`\\bMERGE\\s+INTO\\s+${NAME}`, 'gi'),
  new RegExp(`\\bUPDATE\\s+${NAME}\\s+SET\\b`, 'gi'),
  new RegExp(`\\bDELETE\\s+FROM\\s+${NAME}`, 'gi'),
  new RegExp(`\\bTRUNCATE\\s+(?:TABLE\\s+)?${NAME}`, 'gi'),
  new RegExp(`\\bCOPY\\s+INTO\\s+${NAME}`, 'gi'),
];
const SQL_READS = new RegExp(`\\b(FROM|JOIN|USING)\\s+${NAME}`, 'gi');
const CTE = new RegExp(`(?:\\bWITH\\s+(?:RECURSIVE\\s+)?|,\\s*)${NAME}\\s+AS\\s*\\(`, 'gi');
const NOT_TABLES = new Set(['dual', 'lateral', 'unnest', 'select', 'values', 'table', 'the', 'a']);
const FROM_INSIDE = /\b(EXTRACT|TRIM|SUBSTRING|POSITION|OVERLAY)\s*\($/i;

/** Tables a SQL text reads (FROM, JOIN, USING) and writes (INSERT, CREATE … AS, MERGE, UPDATE, DELETE). */
export function sqlTables(sql: string): SqlTable[] {
  const text = maskSqlNoise(sql);
  const ctes = new Set<string>();
  for (const m of text.matchAll(CTE)) ctes.add(m[1].toLowerCase());
  const tables: SqlTable[] = [];
  const claimed = new Set<number>();
  for (const pattern of SQL_WRITES) {
    for (const m of text.matchAll(pattern)) {
      const offset = (m.index ?? 0) + m[0].length - m[1].length;
      claimed.add(offset);
      addTable(tables, m[1], 'writes', offset, ctes);
    }
  }
  for (const m of text.matchAll(SQL_READS)) {
    const offset = (m.index ?? 0) + m[0].length - m[2].length;
    const after = text.slice(offset + m[2].length).trimStart();
    if (claimed.has(offset) || after.startsWith('(') || isInsideFunction(text, m.index ?? 0)) continue;
    addTable(tables, m[2], 'reads', offset, ctes);
  }
  return tables;
}

function addTable(tables: SqlTable[], raw: string, direction: SqlTable['direction'], offset: number, ctes: Set<string>): void {
  const name = raw.replace(/\s*\.\s*/g, '.');
  const lower = name.toLowerCase();
  if (ctes.has(lower) || NOT_TABLES.has(lower)) return;
  tables.push({ name, direction, offset, dynamic: /\{/.test(name) });
}

/** Comments and quoted literals blanked out (same length), so offsets stay exact. */
function maskSqlNoise(sql: string): string {
  return sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^'\\]|\\.|'')*'/g, (m) => ' '.repeat(m.length));
}

/** `EXTRACT(YEAR FROM ts)`: the FROM belongs to a function call, not to a table. */
function isInsideFunction(text: string, at: number): boolean {
  let depth = 0;
  for (let i = at - 1; i >= 0 && i > at - 400; i--) {
    const c = text[i];
    if (c === ')') depth++;
    else if (c === '(') {
      if (depth === 0) return FROM_INSIDE.test(text.slice(Math.max(0, i - 20), i + 1));
      depth--;
    }
  }
  return false;
}

/**
 * One Python file read by an adapter: its syntax tree, the first syntax error as a problem, then `read`. A failure of Loopwise itself
 * becomes one problem saying `what` was not read, never an exception.
 */
export function readPythonFile(
  file: { path: string; text: string },
  format: Format,
  what: string,
  read: (root: SyntaxNode, index: LineIndex, facts: FileFacts) => void,
): FileFacts {
  const facts = emptyFacts(file.path, format);
  const index = new LineIndex(file.text);
  try {
    withPythonTree(file.text, (root) => {
      const problem = syntaxProblem(root, index, file.path);
      if (problem) facts.problems.push(problem);
      read(root, index, facts);
    });
  } catch (error) {
    facts.problems.push(readFailure(error, index, file.path, what));
  }
  return facts;
}
