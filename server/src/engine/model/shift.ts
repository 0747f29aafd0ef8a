// Edits that only move text: a line inserted above everything a file defines, a comment, an
// indentation-free blank line. The file re-parses to the same facts at other positions; what
// was derived from its old facts (the graph, other rules' findings) is kept with its positions
// moved, instead of linking the workspace again. Nothing is trusted without a check: the old
// facts, moved, must equal the new facts exactly, else the caller analyses as usual.
import type { Position, Range } from './facts';
import { LineIndex } from '../text/lineIndex';

/** Old position -> new position, or undefined inside the changed text (or not a real position). */
export type MovePosition = (p: Position) => Position | undefined;

/**
 * How positions outside the changed part of a text move: the changed part is what lies between
 * the longest common prefix and the longest common suffix of the two texts.
 */
export function textShift(before: string, after: string): MovePosition {
  const max = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  const changedEnd = before.length - suffix;
  const delta = after.length - before.length;
  const from = LineIndex.of(before);
  const to = LineIndex.of(after);
  return (p) => {
    const offset = from.offset(p);
    const back = from.position(offset);
    if (back.line !== p.line || back.character !== p.character) return undefined;
    if (offset < prefix) return p;
    if (offset >= changedEnd) return to.position(offset + delta);
    return undefined;
  };
}

/**
 * Whether `after` is `before` with every position in `file` moved by `move` (and nothing else
 * different). On success, maps each object of `before` to its counterpart in `after`, so that
 * what referenced the old facts can reference the new ones.
 */
export function sameButMoved(before: unknown, after: unknown, file: string, move: MovePosition): Map<object, object> | undefined {
  const pairs = new Map<object, object>();
  return matches(before, after, undefined, file, move, pairs) ? pairs : undefined;
}

function matches(
  a: unknown,
  b: unknown,
  inFile: string | undefined,
  file: string,
  move: MovePosition,
  pairs: Map<object, object>,
): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return a === b;
  const seen = pairs.get(a);
  if (seen) return seen === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  pairs.set(a, b);
  if (inFile === file && isPosition(a)) {
    const moved = move(a);
    return !!moved && isPosition(b) && moved.line === b.line && moved.character === b.character;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = Object.keys(ra);
  if (keys.length !== Object.keys(rb).length) return false;
  const here = typeof ra.file === 'string' ? ra.file : inFile;
  for (const key of keys) {
    if (!(key in rb)) return false;
    // A bare line number (a suppression's `line`) cannot be told from any other number: it must not move.
    if (here === file && key === 'line' && typeof ra[key] === 'number' && !isPosition(a)) {
      if (move({ line: ra[key] as number, character: 0 })?.line !== ra[key]) return false;
    }
    if (!matches(ra[key], rb[key], here, file, move, pairs)) return false;
  }
  return true;
}

function isPosition(x: object): x is Position {
  const r = x as Record<string, unknown>;
  return typeof r.line === 'number' && typeof r.character === 'number' && Object.keys(r).length === 2;
}

/**
 * A copy of `value` with every place in `file` moved (objects that hold none are shared, not
 * copied); undefined when a place falls inside the changed text. Places are objects with a
 * `file` and a `range` (SourceRef, Finding, RelatedLocation, TextEdit).
 */
export function moved<T>(value: T, file: string, move: MovePosition): T | undefined {
  const failed = { value: false };
  const out = copyMoved(value, file, move, failed);
  return failed.value ? undefined : (out as T);
}

function copyMoved(value: unknown, file: string, move: MovePosition, failed: { value: boolean }): unknown {
  if (typeof value !== 'object' || value === null || failed.value) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const next = copyMoved(item, file, move, failed);
      if (next !== item) (copy ??= [...value])[i] = next;
    });
    return copy ?? value;
  }
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  if (record.file === file && isRange(record.range)) {
    const range = moveRange(record.range, move);
    if (!range) {
      failed.value = true;
      return value;
    }
    copy = { ...record, range };
  }
  for (const [key, item] of Object.entries(record)) {
    if (key === 'range' && copy) continue;
    const next = copyMoved(item, file, move, failed);
    if (next !== item) (copy ??= { ...record })[key] = next;
  }
  return copy ?? value;
}

function isRange(x: unknown): x is Range {
  const r = x as Range | undefined;
  return !!r && typeof r === 'object' && typeof r.start?.line === 'number' && typeof r.end?.line === 'number';
}

function moveRange(r: Range, move: MovePosition): Range | undefined {
  const start = move(r.start);
  const end = move(r.end);
  return start && end ? { start, end } : undefined;
}
