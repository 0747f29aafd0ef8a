// A parsed Python file as plain arrays in one buffer. The readers ask thousands of small
// questions per file (a node's type, a field, its parent); asked of web-tree-sitter's nodes,
// each is a call into WASM that marshals the node through memory and costs more than the
// answer. So the tree is copied out once, by one cursor walk over the raw exports of the
// tree-sitter module (six calls per node), and every question after that is an array lookup.
// The buffer can move to another thread without a copy: a parse worker parses and packs, the
// thread that owns the Analysis reads. PyNode answers the part of tree-sitter's Node API the
// readers use, with tree-sitter's semantics (test/unit/pythonTree.test.ts compares both).
import type { Language, Tree } from 'web-tree-sitter';

/** The raw exports of web-tree-sitter's module object that the copy uses. */
export interface TreeSitterModule {
  HEAP32: Int32Array;
  _ts_init(): number;
  _ts_tree_cursor_goto_first_child_wasm(tree: number): number;
  _ts_tree_cursor_goto_next_sibling_wasm(tree: number): number;
  _ts_tree_cursor_goto_parent_wasm(tree: number): number;
  _ts_tree_cursor_current_node_type_id_wasm(tree: number): number;
  _ts_tree_cursor_current_field_id_wasm(tree: number): number;
  _ts_tree_cursor_start_index_wasm(tree: number): number;
  _ts_tree_cursor_end_index_wasm(tree: number): number;
  _ts_tree_cursor_current_node_is_missing_wasm(tree: number): number;
  _ts_tree_cursor_current_node_wasm(tree: number): number;
  _ts_node_has_error_wasm(tree: number): number;
}

/** A syntax tree packed for transfer: `count` nodes in the layout PyTree reads. */
export interface PackedPythonTree {
  buffer: ArrayBuffer;
  count: number;
}

const ERROR_SYMBOL = 0xffff;
const MISSING = 1;
const HAS_ERROR = 2;
/** Bytes per node: five 32-bit arrays, two 16-bit arrays, one byte of flags. */
const NODE_BYTES = 5 * 4 + 2 * 2 + 1;

/** Names, named-ness and field ids of one grammar, computed once. */
export class Grammar {
  readonly types: string[];
  readonly named: Uint8Array;
  private readonly fieldIds = new Map<string, number>();

  constructor(language: Language) {
    this.types = language.types.map((t) => t ?? '');
    this.named = new Uint8Array(this.types.length);
    for (let id = 0; id < this.types.length; id++) this.named[id] = language.nodeTypeIsNamed(id) ? 1 : 0;
    language.fields.forEach((name, id) => {
      if (name) this.fieldIds.set(name, id);
    });
  }

  typeName(id: number): string {
    return id === ERROR_SYMBOL ? 'ERROR' : (this.types[id] ?? 'ERROR');
  }

  isNamed(id: number): boolean {
    return id === ERROR_SYMBOL || this.named[id] === 1;
  }

  fieldId(name: string): number {
    return this.fieldIds.get(name) ?? -1;
  }
}

/** Node columns over one buffer; see PackedPythonTree. */
class Columns {
  readonly start: Uint32Array;
  readonly end: Uint32Array;
  readonly parent: Int32Array;
  readonly firstChild: Int32Array;
  readonly nextSibling: Int32Array;
  readonly type: Uint16Array;
  readonly field: Uint16Array;
  readonly flags: Uint8Array;

  constructor(buffer: ArrayBuffer, capacity: number) {
    let at = 0;
    const take = <T>(make: new (b: ArrayBuffer, offset: number, length: number) => T, bytes: number): T => {
      const view = new make(buffer, at, capacity);
      at += bytes * capacity;
      return view;
    };
    this.start = take(Uint32Array, 4);
    this.end = take(Uint32Array, 4);
    this.parent = take(Int32Array, 4);
    this.firstChild = take(Int32Array, 4);
    this.nextSibling = take(Int32Array, 4);
    this.type = take(Uint16Array, 2);
    this.field = take(Uint16Array, 2);
    this.flags = take(Uint8Array, 1);
  }

  static allocate(capacity: number): Columns {
    return new Columns(new ArrayBuffer(capacity * NODE_BYTES), capacity);
  }

  /** The first `count` nodes, packed into a buffer of their own. */
  pack(count: number): PackedPythonTree {
    const out = Columns.allocate(count);
    this.copyTo(out, count);
    return { buffer: out.start.buffer as ArrayBuffer, count };
  }

  copyTo(out: Columns, count: number): void {
    out.start.set(this.start.subarray(0, count));
    out.end.set(this.end.subarray(0, count));
    out.parent.set(this.parent.subarray(0, count));
    out.firstChild.set(this.firstChild.subarray(0, count));
    out.nextSibling.set(this.nextSibling.subarray(0, count));
    out.type.set(this.type.subarray(0, count));
    out.field.set(this.field.subarray(0, count));
    out.flags.set(this.flags.subarray(0, count));
  }
}

/** The copy's working space, reused across files and grown when a file has more nodes. */
let scratch = Columns.allocate(1 << 14);

/**
 * Copies `tree` out of WASM memory. The cursor lives in web-tree-sitter's transfer buffer for
 * the whole walk (each raw call reads and writes it there), and goes back into the TreeCursor
 * object before that is deleted, since moving may have reallocated its stack.
 */
export function packTree(tree: Tree, module: TreeSitterModule): PackedPythonTree {
  const cursor = tree.walk() as unknown as { handles: number[]; delete(): void };
  const buffer = module._ts_init() >> 2;
  const withErrors = tree.rootNode.hasError;
  let count: number;
  try {
    module.HEAP32.set(cursor.handles, buffer);
    count = walk((tree as unknown as { 0: number })[0], module, withErrors ? buffer : -1);
  } finally {
    const heap = module.HEAP32;
    for (let i = 0; i < 4; i++) cursor.handles[i] = heap[buffer + i];
    cursor.delete();
  }
  return scratch.pack(count);
}

/** Words of the transfer buffer the cursor occupies (marshal_cursor), kept while a node is marshalled there. */
const CURSOR_WORDS = 4;

/**
 * ts_node_has_error of the cursor's node. It is asked of tree-sitter, not derived from the ERROR
 * and MISSING nodes the walk sees: a missing hidden token (`_newline`) is no visible node, yet
 * its ancestors have an error. The node is marshalled over the cursor, so the cursor is put back.
 */
function hasError(t: number, m: TreeSitterModule, buffer: number): boolean {
  const cursor = m.HEAP32.slice(buffer, buffer + CURSOR_WORDS);
  m._ts_tree_cursor_current_node_wasm(t);
  const answer = m._ts_node_has_error_wasm(t) === 1;
  m.HEAP32.set(cursor, buffer);
  return answer;
}

/** `errorBuffer` is the transfer buffer's word offset when the tree has errors, else -1. */
function walk(t: number, m: TreeSitterModule, errorBuffer: number): number {
  const withMissing = errorBuffer >= 0;
  let count = 0;
  let c = scratch;
  const record = (parent: number): number => {
    if (count === c.start.length) c = grow(c, count);
    const n = count++;
    c.type[n] = m._ts_tree_cursor_current_node_type_id_wasm(t);
    c.field[n] = parent < 0 ? 0 : m._ts_tree_cursor_current_field_id_wasm(t);
    c.start[n] = m._ts_tree_cursor_start_index_wasm(t);
    c.end[n] = m._ts_tree_cursor_end_index_wasm(t);
    c.parent[n] = parent;
    c.firstChild[n] = -1;
    c.nextSibling[n] = -1;
    c.flags[n] = withMissing
      ? (m._ts_tree_cursor_current_node_is_missing_wasm(t) ? MISSING : 0) | (hasError(t, m, errorBuffer) ? HAS_ERROR : 0)
      : 0;
    return n;
  };
  let current = record(-1);
  for (;;) {
    if (m._ts_tree_cursor_goto_first_child_wasm(t)) {
      const child = record(current);
      c.firstChild[current] = child;
      current = child;
      continue;
    }
    for (;;) {
      if (m._ts_tree_cursor_goto_next_sibling_wasm(t)) {
        const sibling = record(c.parent[current]);
        c.nextSibling[current] = sibling;
        current = sibling;
        break;
      }
      if (!m._ts_tree_cursor_goto_parent_wasm(t)) return count;
      current = c.parent[current];
    }
  }
}

function grow(c: Columns, count: number): Columns {
  scratch = Columns.allocate(count * 2);
  c.copyTo(scratch, count);
  return scratch;
}

export class PyTree {
  readonly count: number;
  readonly columns: Columns;
  private readonly nodes: Array<PyNode | undefined>;
  private lineStarts?: number[];

  constructor(
    readonly text: string,
    readonly grammar: Grammar,
    packed: PackedPythonTree,
  ) {
    this.count = packed.count;
    this.columns = new Columns(packed.buffer, packed.count);
    this.nodes = new Array<PyNode | undefined>(packed.count);
  }

  get rootNode(): PyNode {
    return this.node(0);
  }

  node(index: number): PyNode {
    return (this.nodes[index] ??= new PyNode(this, index));
  }

  /** Row and column (UTF-16 code units, as web-tree-sitter counts them) of an offset. */
  position(offset: number): { row: number; column: number } {
    const starts = (this.lineStarts ??= lineStartsOf(this.text));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { row: lo, column: offset - starts[lo] };
  }
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

export class PyNode {
  private namedCache?: PyNode[];

  constructor(
    readonly tree: PyTree,
    readonly index: number,
  ) {}

  get type(): string {
    return this.tree.grammar.typeName(this.tree.columns.type[this.index]);
  }

  get isNamed(): boolean {
    return this.tree.grammar.isNamed(this.tree.columns.type[this.index]);
  }

  get startIndex(): number {
    return this.tree.columns.start[this.index];
  }

  get endIndex(): number {
    return this.tree.columns.end[this.index];
  }

  get text(): string {
    return this.tree.text.slice(this.startIndex, this.endIndex);
  }

  get startPosition(): { row: number; column: number } {
    return this.tree.position(this.startIndex);
  }

  get isError(): boolean {
    return this.tree.columns.type[this.index] === ERROR_SYMBOL;
  }

  get isMissing(): boolean {
    return (this.tree.columns.flags[this.index] & MISSING) !== 0;
  }

  get hasError(): boolean {
    return (this.tree.columns.flags[this.index] & HAS_ERROR) !== 0;
  }

  get parent(): PyNode | null {
    const p = this.tree.columns.parent[this.index];
    return p < 0 ? null : this.tree.node(p);
  }

  get children(): PyNode[] {
    const { columns } = this.tree;
    const out: PyNode[] = [];
    for (let c = columns.firstChild[this.index]; c >= 0; c = columns.nextSibling[c]) out.push(this.tree.node(c));
    return out;
  }

  /** Kept per node: readers ask for the same node's named children many times. */
  get namedChildren(): PyNode[] {
    if (this.namedCache) return this.namedCache;
    const { columns, grammar } = this.tree;
    const out: PyNode[] = [];
    for (let c = columns.firstChild[this.index]; c >= 0; c = columns.nextSibling[c])
      if (grammar.isNamed(columns.type[c])) out.push(this.tree.node(c));
    this.namedCache = out;
    return out;
  }

  get childCount(): number {
    const { columns } = this.tree;
    let n = 0;
    for (let c = columns.firstChild[this.index]; c >= 0; c = columns.nextSibling[c]) n++;
    return n;
  }

  get namedChildCount(): number {
    return this.namedChildren.length;
  }

  child(i: number): PyNode | null {
    const { columns } = this.tree;
    let c = columns.firstChild[this.index];
    for (let k = 0; c >= 0 && k < i; k++) c = columns.nextSibling[c];
    return c >= 0 ? this.tree.node(c) : null;
  }

  /**
   * As ts_node_named_child counts: an anonymous child that has children (`not in` around a
   * stray token in broken code) is looked through, counting its own named children.
   */
  namedChild(i: number): PyNode | null {
    const { columns, grammar } = this.tree;
    let node = this.index;
    let index = i;
    descend: for (;;) {
      let k = 0;
      for (let c = columns.firstChild[node]; c >= 0; c = columns.nextSibling[c]) {
        if (grammar.isNamed(columns.type[c])) {
          if (k === index) return this.tree.node(c);
          k++;
          continue;
        }
        const inner = this.namedCount(c);
        if (index - k < inner) {
          index -= k;
          node = c;
          continue descend;
        }
        k += inner;
      }
      return null;
    }
  }

  private namedCount(index: number): number {
    const { columns, grammar } = this.tree;
    let n = 0;
    for (let c = columns.firstChild[index]; c >= 0; c = columns.nextSibling[c]) if (grammar.isNamed(columns.type[c])) n++;
    return n;
  }

  get firstNamedChild(): PyNode | null {
    return this.namedChild(0);
  }

  get lastNamedChild(): PyNode | null {
    return this.namedChild(this.namedChildCount - 1);
  }

  /**
   * ts_node_child_by_field_id looks the field up in the node's own production, and an ERROR node
   * has none: it answers null there, although the cursor (so childrenForFieldName) still gives
   * children inside a hidden rule of the broken code that rule's fields.
   */
  childForFieldName(name: string): PyNode | null {
    const { columns } = this.tree;
    if (columns.type[this.index] === ERROR_SYMBOL) return null;
    const id = this.tree.grammar.fieldId(name);
    for (let c = columns.firstChild[this.index]; c >= 0; c = columns.nextSibling[c]) if (columns.field[c] === id) return this.tree.node(c);
    return null;
  }

  childrenForFieldName(name: string): PyNode[] {
    const { columns } = this.tree;
    const id = this.tree.grammar.fieldId(name);
    const out: PyNode[] = [];
    for (let c = columns.firstChild[this.index]; c >= 0; c = columns.nextSibling[c])
      if (columns.field[c] === id) out.push(this.tree.node(c));
    return out;
  }

  /** The smallest node spanning [start, end], as ts_node_descendant_for_byte_range picks it. */
  descendantForIndex(start: number, end = start): PyNode | null {
    return this.descendant(start, end, false);
  }

  namedDescendantForIndex(start: number, end = start): PyNode | null {
    return this.descendant(start, end, true);
  }

  private descendant(start: number, end: number, namedOnly: boolean): PyNode {
    const { columns: t, grammar } = this.tree;
    let node = this.index;
    let found = node;
    for (let descended = true; descended;) {
      descended = false;
      for (let c = t.firstChild[node]; c >= 0; c = t.nextSibling[c]) {
        const childEnd = t.end[c];
        if (childEnd < end) continue;
        if (t.start[c] === childEnd ? childEnd < start : childEnd <= start) continue;
        if (start < t.start[c]) break;
        node = c;
        if (!namedOnly || grammar.isNamed(t.type[c])) found = c;
        descended = true;
        break;
      }
    }
    return this.tree.node(found);
  }
}
