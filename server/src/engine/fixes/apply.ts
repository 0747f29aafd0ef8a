// Applying fixes: edits to text with overlap checks, and choosing which fixes a "fix all"
// applies (preferred, without placeholders to fill in, never two that touch the same text).
import type { Position, Range } from '../model/facts';
import type { Finding, Fix, TextEdit } from '../model/finding';
import { LineIndex } from '../text/lineIndex';
import { expandSnippet } from './snippet';
import { pushTo } from '../text/collections';

export class OverlappingEditsError extends Error {}

/** Applies edits of one file; positions refer to the text before any of them. Throws on overlap. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  if (edits.length === 0) return text;
  const index = LineIndex.of(text);
  const spans = edits
    .map((e, order) => ({ start: index.offset(e.range.start), end: index.offset(e.range.end), newText: e.newText, order }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.order - b.order);
  for (let i = 1; i < spans.length; i++) {
    if (spansConflict(spans[i - 1], spans[i])) throw new OverlappingEditsError(`Edits overlap at offset ${spans[i].start}.`);
  }
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + s.newText;
    at = s.end;
  }
  return out + text.slice(at);
}

interface Span {
  start: number;
  end: number;
}

/** Two edits conflict when they share text, or when one inserts where the other begins or ends (the order would be a guess). */
function spansConflict(a: Span, b: Span): boolean {
  const start = Math.max(a.start, b.start);
  const end = Math.min(a.end, b.end);
  if (start < end) return true;
  return start === end && (a.start === a.end || b.start === b.end);
}

function comparePos(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

function rangesConflict(a: Range, b: Range): boolean {
  const start = comparePos(a.start, b.start) >= 0 ? a.start : b.start;
  const end = comparePos(a.end, b.end) <= 0 ? a.end : b.end;
  const c = comparePos(start, end);
  if (c < 0) return true;
  const empty = (r: Range) => comparePos(r.start, r.end) === 0;
  return c === 0 && (empty(a) || empty(b));
}

export function editsConflict(a: TextEdit, b: TextEdit): boolean {
  return a.file === b.file && rangesConflict(a.range, b.range);
}

function sameEdits(a: Fix, b: Fix): boolean {
  return (
    a.edits.length === b.edits.length &&
    a.edits.every(
      (e, i) =>
        e.file === b.edits[i].file &&
        e.newText === b.edits[i].newText &&
        comparePos(e.range.start, b.edits[i].range.start) === 0 &&
        comparePos(e.range.end, b.edits[i].range.end) === 0,
    )
  );
}

/** The fix a "fix all" may apply for a finding: its preferred fix, if that needs no filling in. */
export function autoFix(finding: Finding): Fix | undefined {
  return finding.fixes?.find((f) => f.isPreferred && !f.snippet && f.edits.length > 0);
}

/**
 * Fixes that can be applied together, in order: a fix whose edits conflict with an earlier
 * chosen fix (or with each other) is left for a later pass; the same fix offered by two
 * findings is chosen once.
 */
export function selectFixes(fixes: readonly Fix[]): Fix[] {
  const chosen: Fix[] = [];
  const edits: TextEdit[] = [];
  for (const fix of fixes) {
    if (chosen.some((c) => sameEdits(c, fix))) continue;
    const own = fix.edits.some((e, i) => fix.edits.some((o, j) => j > i && editsConflict(e, o)));
    if (own || fix.edits.some((e) => edits.some((o) => editsConflict(e, o)))) continue;
    chosen.push(fix);
    edits.push(...fix.edits);
  }
  return chosen;
}

/** The fixes "fix all" applies to these findings. */
export function fixAllFixes(findings: readonly Finding[]): Fix[] {
  return selectFixes(findings.map(autoFix).filter((f): f is Fix => f !== undefined));
}

/** Edits of a fix as the text they insert: snippet placeholders become their defaults. */
export function plainEdits(fix: Fix): TextEdit[] {
  return fix.snippet ? fix.edits.map((e) => ({ ...e, newText: expandSnippet(e.newText) })) : fix.edits;
}

/**
 * Applies non-conflicting fixes to the files they edit. `read` gives a file's current text
 * (undefined: the file does not exist yet and is created). Returns the new text per file.
 */
export function applyFixes(fixes: readonly Fix[], read: (file: string) => string | undefined): Map<string, string> {
  const byFile = new Map<string, TextEdit[]>();
  for (const fix of fixes) for (const e of plainEdits(fix)) pushTo(byFile, e.file, e);
  const out = new Map<string, string>();
  for (const [file, edits] of byFile) out.set(file, applyEdits(read(file) ?? '', edits));
  return out;
}
