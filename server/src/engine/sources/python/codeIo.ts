// The code-I/O scan: what a function body's Python code reads and writes (pandas, Spark, open,
// joblib, savefig, ...), storage URIs, SQL text, and locations in command lines. Every Python
// pipeline adapter runs it over its tasks' and steps' bodies.
//
// A full walk over every node of a body costs more than parsing the file (each node visited is
// a call into WASM), so the body's source text is scanned with one regular expression for the
// places that may state a fact, in document order, and only those become syntax nodes: IO
// calls, strings holding a URI, SQL or a template, and assignments of strings (which bind local
// names). Other assignments, loop targets and `as` names only hide outer bindings, which the
// text alone tells.
import { REGISTRY_CALL } from '../registry/calls';
import type { ArtifactRef, SourceRef } from '../../model/facts';
import type { LineIndex } from '../../text/lineIndex';
import type { CallArgs, PyString, SyntaxNode } from '../../text/python';
import { argumentList, isPathLike, isStorageUri, literalOffset, looksLikeSql, nodeRef, shortName, stringValue } from '../../text/python';
import { directionOf, dottedBefore, hintOf, pathRef, tableRef, type Direction } from './refs';
import type { PyValue, Scope, StrValue } from './values';

/** Where the scan's findings go: the adapter ties them to its task or step. */
export interface CodeIoSink {
  io(direction: Direction, artifact: ArtifactRef, range: SourceRef): void;
  /** A SQL text in the code. */
  sql(text: string, node: SyntaxNode, dynamic: boolean): void;
  rangeOf(node: SyntaxNode): SourceRef;
  /** Each string the scan reads (Airflow finds Jinja templates in them). */
  string?(value: string, node: SyntaxNode): void;
  /** A local path the code returns (`return path`). */
  returnedPath?(path: string): void;
}

/** A call in a scanned body, for the adapter's hooks. */
export interface CallSite {
  /** The dotted name before `(` (`mlflow.register_model`). */
  name: string;
  short: string;
  /** The call's argument list. */
  list: SyntaxNode;
  scope: Scope<PyValue>;
}

/** An SDK's own meaning for a call in task code (Airflow `Variable.get`, `xcom_pull`): true when it took the call. */
export type CallHook = (site: CallSite) => boolean;

const READ_FN =
  /^(read_(?!sql$|sql_query$)\w+|load|load_model|load_from_disk|load_table|open_dataset|open_zarr|open_mfdataset|imread|read_sql_table)$/;
const WRITE_FN =
  /^(to_(?!sql$|dict$|numpy$|list$|string$|records$|frame$|datetime$|timedelta$|pandas$|period$|series$|markdown$|latex$|html$)\w+|dump|save|save_model|savefig|write_text|write_bytes|write_table|write_parquet|write_csv|write_json|write_deltalake|imwrite|export_file)$/;
const SPARK_IO = new Set(['parquet', 'csv', 'json', 'orc', 'text', 'load', 'save', 'table', 'saveAsTable', 'insertInto', 'avro', 'delta']);
const PATH_KEYWORDS = [
  'path',
  'filepath_or_buffer',
  'path_or_buf',
  'filename',
  'file',
  'fname',
  'filepath',
  'uri',
  'model_uri',
  'output_file',
  'input_file',
  'io',
  'f',
  'table_uri',
];
const TABLE_FN = new Set(['to_sql', 'read_sql_table', 'table', 'saveAsTable', 'insertInto']);
const STRING_EXPRESSIONS = new Set(['string', 'concatenated_string', 'binary_operator', 'call', 'identifier', 'parenthesized_expression']);
/** The start of a right-hand side that may be a string: a literal, a join, a concatenation. */
const STRINGISH_RHS = /^(?:[rRbBuUfF]{0,2}["']|\(|(?:os\.)?path\.join\b|posixpath\.join\b|(?:pathlib\.)?Path\(|str\(|[A-Za-z_][\w.]*\s*\+)/;

type BodyEvent = 'assign' | 'call' | 'string' | 'loop' | 'alias' | 'return';

// One pattern per kind of place (several simple scans beat one alternation); group 1 is the name.
const BODY_EVENTS: Array<[BodyEvent, RegExp]> = [
  ['assign', /^[ \t]*([A-Za-z_]\w*)[ \t]*(?::[^=\n]+)?=(?!=)[ \t]*/gm],
  [
    'call',
    /\b(?:read_\w+|to_\w+|open|dump|save|save_model|savefig|load\w*|write_\w+|imread|imwrite|export_file|parquet|csv|json|orc|text|table|saveAsTable|insertInto|avro|delta|xcom_pull|Variable\.get)[ \t]*\(/g,
  ],
  // Upper-case SQL anywhere; lower-case only right after a quote (`df.update(` is no SQL).
  [
    'string',
    /:\/\/|\{\{|\b(?:SELECT|INSERT|CREATE|MERGE|UPDATE|DELETE|WITH|REPLACE|COPY|UNLOAD|TRUNCATE)\b|["']\s*(?:select|insert|create|merge|update|delete|with)\b/g,
  ],
  // Model-registry calls (`mlflow.register_model(`, `push_to_hub(`): adapters' call hooks read them (sources/registry).
  ['call', REGISTRY_CALL],
  ['loop', /\bfor[ \t]+([\w, \t()]+?)[ \t]+in\b/g],
  ['alias', /\bas[ \t]+([A-Za-z_]\w*)/g],
  ['return', /^[ \t]*return[ \t]+([A-Za-z_]\w*)[ \t]*$/gm],
];

interface Candidate {
  node: SyntaxNode;
  str: PyString;
}

/** The IO a call states: which way, the arguments that may name the location, and whether they name tables. */
export interface IoCall {
  direction: Direction;
  args: SyntaxNode[];
  table: boolean;
}

/** Scans one body (a function's block or a lambda) once; `run` emits to the sink. */
export class CodeIoScan {
  private readonly consumed: Array<[number, number]> = [];
  private readonly consumedOrigins = new Set<number>();
  private readonly candidates: Candidate[] = [];
  private readonly names: string[] = [];
  private readonly seenStrings = new Set<number>();
  private readonly seenCalls = new Set<number>();

  constructor(
    private readonly sink: CodeIoSink,
    private readonly scope: Scope<PyValue>,
    private readonly text: string,
    private readonly hooks: CallHook[] = [],
  ) {}

  run(body: SyntaxNode): void {
    for (const e of this.events(body.startIndex, body.endIndex)) {
      const m = e.match;
      if (e.kind === 'assign')
        this.assignment(body, m.index + m[0].indexOf(m[1]), m[1], this.text.slice(m.index + m[0].length, m.index + m[0].length + 40));
      else if (e.kind === 'call') this.call(body, m.index + m[0].length - 1);
      else if (e.kind === 'string') this.string(body, m.index);
      else if (e.kind === 'loop') for (const name of m[1].match(/[A-Za-z_]\w*/g) ?? []) this.scope.set(name, undefined);
      else if (e.kind === 'return') this.returned(m[1]);
      else this.scope.set(m[1], undefined);
    }
    for (const c of this.candidates) {
      if (this.isConsumed(c.node)) continue;
      // A bucket prefix that the code extends into full keys is not an artifact by itself.
      if (this.names.some((n) => n !== c.str.value && n.startsWith(`${c.str.value.replace(/\/+$/, '')}/`))) continue;
      this.emit(directionOf(hintOf(c.node)), pathRef(c.str), c.node);
    }
  }

  /**
   * The places in [start, end) that may state a fact, in document order. The patterns run over
   * the body alone: run over the file from `start`, each one's last search went on to the end
   * of the file, once per task body. Match offsets are made file offsets.
   */
  private events(start: number, end: number): Array<{ kind: BodyEvent; match: RegExpExecArray }> {
    const body = this.text.slice(start, end);
    const found: Array<{ kind: BodyEvent; match: RegExpExecArray }> = [];
    for (const [kind, pattern] of BODY_EVENTS) {
      pattern.lastIndex = 0;
      for (let m = pattern.exec(body); m; m = pattern.exec(body)) {
        if (m[0].length === 0) pattern.lastIndex++;
        m.index += start;
        found.push({ kind, match: m });
      }
    }
    return found.sort((a, b) => a.match.index - b.match.index);
  }

  /** `name = <string expression>` binds a local; any other assignment to a name hides outer bindings. */
  private assignment(body: SyntaxNode, at: number, name: string, rhs: string): void {
    if (!STRINGISH_RHS.test(rhs)) {
      this.scope.set(name, undefined);
      return;
    }
    const assignment = body.descendantForIndex(at)?.parent;
    if (assignment?.type !== 'assignment') return;
    const right = assignment.childForFieldName('right');
    const str = right && STRING_EXPRESSIONS.has(right.type) ? stringValue(right, this.scope.lookup) : undefined;
    this.scope.set(name, str && right ? { kind: 'str', str, origins: this.originsOf(right) } : undefined);
  }

  private originsOf(node: SyntaxNode): number[] {
    const origins: number[] = [];
    const walk = (n: SyntaxNode, depth: number): void => {
      if (depth > 20) return;
      const type = n.type;
      if (type === 'string') origins.push(n.startIndex);
      else if (type === 'identifier') {
        const v = this.scope.get(n.text);
        if (v?.kind === 'str') origins.push(...(v as StrValue).origins);
      } else for (const c of n.namedChildren) if (c) walk(c, depth + 1);
    };
    walk(node, 0);
    return origins;
  }

  /** The call whose argument list opens at `paren` (`pd.read_csv(`). */
  private call(body: SyntaxNode, paren: number): void {
    const list = body.namedDescendantForIndex(paren);
    if (list?.type !== 'argument_list' || this.seenCalls.has(list.startIndex)) return;
    this.seenCalls.add(list.startIndex);
    const name = dottedBefore(this.text, paren);
    const short = shortName(name);
    const site: CallSite = { name, short, list, scope: this.scope };
    if (this.hooks.some((hook) => hook(site))) return;
    const args = argumentList(list);
    const io = ioCall(list, name, short, args);
    if (!io) return;
    for (const arg of io.args) {
      const str = stringValue(arg, this.scope.lookup);
      if (!str) continue;
      if (io.table) {
        if (/\s/.test(str.value)) continue;
        this.consume(arg);
        return this.emit(io.direction, tableRef(str.value, str.dynamic), arg);
      }
      if (!isPathLike(str, io.direction === 'reads')) continue;
      this.consume(arg);
      return this.emit(io.direction, pathRef(str), arg);
    }
  }

  /** A URI, a template or a SQL keyword at `at`: what the string around it says (once per string). */
  private string(body: SyntaxNode, at: number): void {
    let node = body.descendantForIndex(at);
    for (let i = 0; i < 3 && node && node.type !== 'string'; i++) node = node.parent;
    if (!node || node.type !== 'string') return;
    if (node.parent?.type === 'concatenated_string') node = node.parent;
    if (this.seenStrings.has(node.startIndex)) return;
    this.seenStrings.add(node.startIndex);
    const str = stringValue(node, this.scope.lookup);
    if (!str) return;
    this.sink.string?.(str.value, node);
    if (isStorageUri(str.value)) this.candidates.push({ node, str });
    else if (looksLikeSql(str.value)) this.sink.sql(str.value, node, str.dynamic);
  }

  /** `return path`: a path the body returns (resolved by the adapter after the body's writes are known). */
  private returned(name: string): void {
    const v = this.scope.get(name);
    if (v?.kind === 'str' && !(v as StrValue).str.dynamic) this.sink.returnedPath?.((v as StrValue).str.value);
  }

  private consume(arg: SyntaxNode): void {
    this.consumed.push([arg.startIndex, arg.endIndex]);
    for (const o of this.originsOf(arg)) this.consumedOrigins.add(o);
  }

  private isConsumed(node: SyntaxNode): boolean {
    const at = node.startIndex;
    return this.consumedOrigins.has(at) || this.consumed.some(([s, e]) => at >= s && at < e);
  }

  private emit(direction: Direction, artifact: ArtifactRef, node: SyntaxNode): void {
    this.names.push(artifact.name);
    this.sink.io(direction, artifact, this.sink.rangeOf(node));
  }
}

/** What an IO function call reads or writes (`pd.read_csv`, `df.write.parquet`, `to_sql`, `open(p, "w")`). */
export function ioCall(list: SyntaxNode, name: string, short: string, args: CallArgs): IoCall | undefined {
  const candidates = (): SyntaxNode[] => [
    ...args.positional,
    ...PATH_KEYWORDS.map((k) => args.keywords.get(k)).filter((n): n is SyntaxNode => n !== undefined),
  ];
  if (short === 'open') {
    const mode = args.keywords.get('mode') ?? args.positional[1];
    const m = mode ? (stringValue(mode)?.value ?? '') : '';
    const file = args.keywords.get('file') ?? args.positional[0];
    return { direction: /[wax+]/.test(m) ? 'writes' : 'reads', args: file ? [file] : [], table: false };
  }
  if (SPARK_IO.has(short)) {
    // `spark.read.parquet(p)`, `df.write.mode("overwrite").parquet(p)`: the chain says which way.
    const fn = list.parent?.childForFieldName('function');
    const chain = fn?.type === 'attribute' ? (fn.childForFieldName('object')?.text ?? name) : name;
    const direction: Direction | undefined = /\.write(Stream|To)?\b|^write\b/.test(chain)
      ? 'writes'
      : /\.read(Stream)?\b|^read\b/.test(chain)
        ? 'reads'
        : short === 'table' && /spark/i.test(chain)
          ? 'reads'
          : undefined;
    if (direction) return { direction, args: candidates(), table: TABLE_FN.has(short) };
    if (short === 'saveAsTable' || short === 'insertInto') return { direction: 'writes', args: candidates(), table: true };
  }
  if (short === 'to_sql')
    return {
      direction: 'writes',
      args: [args.keywords.get('name') ?? args.positional[0]].filter((n): n is SyntaxNode => n !== undefined),
      table: true,
    };
  if (short === 'read_sql_table')
    return {
      direction: 'reads',
      args: [args.keywords.get('table_name') ?? args.positional[0]].filter((n): n is SyntaxNode => n !== undefined),
      table: true,
    };
  if (READ_FN.test(short)) return { direction: 'reads', args: candidates(), table: false };
  if (WRITE_FN.test(short)) return { direction: 'writes', args: candidates(), table: false };
  return undefined;
}

const COPY_VERBS = new Set(['cp', 'mv', 'sync', 'rsync']);

/**
 * Locations in a command line: storage URIs anywhere, paths after `--input`/`--output`-like
 * flags. In a copy (`aws s3 cp a b`, `gsutil -m rsync a b`, `cp a b`) the last location is
 * written and the others are read.
 */
export function commandLineIo(
  str: PyString,
  node: SyntaxNode,
  index: LineIndex,
  file: string,
): Array<{ direction: Direction; artifact: ArtifactRef; range: SourceRef }> {
  const found: Array<{ direction: Direction; artifact: ArtifactRef; range: SourceRef }> = [];
  for (const segment of str.value.matchAll(/[^;&|\n]+/g)) {
    const words = [...segment[0].matchAll(/[^\s"'=]+/g)].map((m) => ({ word: m[0], at: (segment.index ?? 0) + (m.index ?? 0) }));
    const verb = words.findIndex((w, i) => i < 4 && COPY_VERBS.has(w.word));
    const located = words
      .map((w, i) => {
        const flag = i > 0 ? words[i - 1].word : '';
        const afterFlag = /^--?[\w-]*(in|out|data|path|file|dest|src|source|target|model)/i.test(flag);
        const copied = verb >= 0 && i > verb && !w.word.startsWith('-');
        const isLocation = isStorageUri(w.word) || ((afterFlag || copied) && isPathLike({ value: w.word, dynamic: false }, false));
        return isLocation ? { ...w, direction: directionOf(flag.replace(/^-+/, '')) } : undefined;
      })
      .filter((w): w is { word: string; at: number; direction: Direction } => w !== undefined);
    if (verb >= 0 && located.length >= 2) located[located.length - 1].direction = 'writes';
    for (const w of located) {
      const start = literalOffset(node, w.at);
      const range = start === undefined ? nodeRef(index, file, node) : index.ref(file, start, start + w.word.length);
      found.push({ direction: w.direction, artifact: pathRef({ value: w.word, dynamic: str.dynamic }), range });
    }
  }
  return found;
}
