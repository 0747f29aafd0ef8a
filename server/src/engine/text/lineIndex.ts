import type { Position, Range, SourceRef } from '../model/facts';

/** Maps string offsets (UTF-16 units, as LSP counts them) to 0-based line/character positions. */
export class LineIndex {
  private readonly starts: number[] = [0];
  private static readonly recent = new Map<string, LineIndex>();

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /**
   * The index of `text`, shared with the last few callers that asked for the same text: fix
   * builders run once per finding, and a file with many findings was indexed once for each.
   */
  static of(text: string): LineIndex {
    const cached = LineIndex.recent.get(text);
    if (cached) return cached;
    const index = new LineIndex(text);
    if (LineIndex.recent.size >= 16) LineIndex.recent.delete(LineIndex.recent.keys().next().value!);
    LineIndex.recent.set(text, index);
    return index;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - this.starts[lo] };
  }

  offset(pos: Position): number {
    const start = this.starts[Math.min(pos.line, this.starts.length - 1)] ?? 0;
    return Math.min(start + pos.character, this.text.length);
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  /** The text of one line without its line break. */
  line(n: number): string {
    const start = this.starts[n] ?? this.text.length;
    const next = this.starts[n + 1] ?? this.text.length + 1;
    return this.text.slice(start, next - 1).replace(/\r$/, '');
  }

  ref(file: string, start: number, end: number): SourceRef {
    return { file, range: this.range(start, end) };
  }
}

export function lineRange(line: number, fromChar: number, toChar: number): Range {
  return { start: { line, character: fromChar }, end: { line, character: toChar } };
}

export function containsPosition(range: Range, pos: Position): boolean {
  const afterStart = pos.line > range.start.line || (pos.line === range.start.line && pos.character >= range.start.character);
  const beforeEnd = pos.line < range.end.line || (pos.line === range.end.line && pos.character <= range.end.character);
  return afterStart && beforeEnd;
}
