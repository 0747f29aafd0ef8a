// Where to put the cursor after a fix that leaves text to fill in elsewhere (a card entry written
// from a finding in dvc.yaml): the first placeholder, in the file as it is after the fix.
// Editors insert snippet edits for files that are not the active editor as plain text, so
// hosts open that file with this range selected and the author types over it.
import type { Range } from '../model/facts';
import type { Fix, TextEdit } from '../model/finding';
import { LineIndex } from '../text/lineIndex';
import { expandSnippet, firstPlaceholder } from './snippet';

export interface RevealTarget {
  file: string;
  /** The first placeholder's default text, after the fix is applied. */
  range: Range;
}

/** The first placeholder (lowest number) the fix leaves in a file other than `from`, or undefined when there is none. */
export function revealTarget(fix: Fix, from: string, read: (file: string) => string | undefined): RevealTarget | undefined {
  if (!fix.snippet) return undefined;
  const first = fix.edits
    .filter((e) => e.file !== from)
    .map((edit) => ({ edit, spot: firstPlaceholder(edit.newText) }))
    .filter((x): x is { edit: TextEdit; spot: NonNullable<ReturnType<typeof firstPlaceholder>> } => x.spot !== undefined)
    .sort((a, b) => a.spot.n - b.spot.n)[0];
  if (!first) return undefined;
  const { edit, spot } = first;
  const before = read(edit.file) ?? '';
  const index = LineIndex.of(before);
  const offset = (p: Range['start']) => index.offset(p);
  // Edits of the same fix earlier in the file move the inserted text along.
  const shift = fix.edits
    .filter((e) => e.file === edit.file && e !== edit && offset(e.range.start) < offset(edit.range.start))
    .reduce((n, e) => n + expandSnippet(e.newText).length - (offset(e.range.end) - offset(e.range.start)), 0);
  const start = offset(edit.range.start) + shift;
  const after = LineIndex.of(applyAll(before, fix, edit.file));
  return { file: edit.file, range: after.range(start + spot.start, start + spot.end) };
}

function applyAll(text: string, fix: Fix, file: string): string {
  const index = LineIndex.of(text);
  const spans = fix.edits
    .filter((e) => e.file === file)
    .map((e) => ({ start: index.offset(e.range.start), end: index.offset(e.range.end), text: expandSnippet(e.newText) }))
    .sort((a, b) => b.start - a.start);
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + s.text + out.slice(s.end);
  return out;
}
