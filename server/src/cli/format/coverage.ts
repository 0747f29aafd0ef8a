// What a report did not cover: files and folders that could not be read and symlinks that
// lead out of the workspace. Every format carries it, so a run that read nothing never passes
// as a clean one.
export interface Coverage {
  /** Paths as displayed, with the reason they could not be read. */
  unreadable: Array<{ path: string; reason: string }>;
  /** Symlinks not followed because they resolve outside the analysed folder. */
  outside: Array<{ path: string; target: string }>;
  /** Other notices of the run (too many files, …). */
  notices: string[];
}

export function emptyCoverage(): Coverage {
  return { unreadable: [], outside: [], notices: [] };
}

/** One line per kind of gap: what a reader of any format is told. */
export function coverageNotices(c: Coverage | undefined): string[] {
  if (!c) return [];
  const lines: string[] = [];
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  if (c.unreadable.length)
    lines.push(
      `Could not read ${plural(c.unreadable.length, 'file or folder', 'files or folders')}, not analysed: ${c.unreadable.map((u) => `${u.path} (${u.reason})`).join(', ')}.`,
    );
  if (c.outside.length)
    lines.push(
      `Not read: ${plural(c.outside.length, 'symlink leads', 'symlinks lead')} outside the workspace: ${c.outside.map((o) => `${o.path} -> ${o.target}`).join(', ')}.`,
    );
  return [...lines, ...c.notices];
}
