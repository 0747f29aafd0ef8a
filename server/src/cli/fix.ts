// `check --fix` and `--fix-dry-run`: apply the preferred fixes that need no filling in, in
// passes (a fix left out because it touched the same text as another is tried again after
// re-analysis), all in memory; then either write the files or print a unified diff.
import { promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import type { Analysis } from '../engine/analysis';
import type { Finding } from '../engine/rules/rule';
import { applyFixes, fixAllFixes } from '../engine/fixes/apply';

const MAX_PASSES = 10;

export interface FileChange {
  /** The text before any fix; undefined for a file a fix creates. */
  before?: string;
  after: string;
}

export interface FixOutcome {
  /** Workspace-relative file -> its text before and after. */
  files: Map<string, FileChange>;
  /** Fixes applied, over all passes. */
  applied: number;
}

/** Applies fixes of the findings `select` keeps, re-analysing between passes; changes only `analysis`. */
export function fixInMemory(analysis: Analysis, root: string, select: (f: Finding) => boolean): FixOutcome {
  const files = new Map<string, FileChange>();
  let applied = 0;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const fixes = fixAllFixes(analysis.run().findings.filter(select));
    if (fixes.length === 0) break;
    const read = (file: string) => files.get(file)?.after ?? analysis.text(file) ?? readDisk(root, file);
    const next = applyFixes(fixes, read);
    let progressed = false;
    for (const [file, after] of next) {
      const before = files.has(file) ? files.get(file)!.before : (analysis.text(file) ?? readDisk(root, file));
      if (after === read(file)) continue;
      files.set(file, { before, after });
      analysis.setFile(file, after);
      progressed = true;
    }
    if (!progressed) break;
    applied += fixes.length;
  }
  for (const [file, change] of files) if (change.before === change.after) files.delete(file);
  return { files, applied };
}

function readDisk(root: string, file: string): string | undefined {
  try {
    return readFileSync(path.join(root, file), 'utf8');
  } catch {
    return undefined;
  }
}

export async function writeChanges(root: string, files: ReadonlyMap<string, FileChange>): Promise<void> {
  for (const [file, change] of files) {
    const abs = path.join(root, file);
    await fs.mkdir(path.dirname(abs), { recursive: true });
    await fs.writeFile(abs, change.after);
  }
}

/** Unified diff of the changes (`a/` and `b/` prefixes, `/dev/null` for new files: `git apply` and `patch -p1` take it). */
export function unifiedDiff(files: ReadonlyMap<string, FileChange>, display: (file: string) => string): string {
  return [...files]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([file, change]) => {
      const name = display(file);
      const patch = createTwoFilesPatch(
        change.before === undefined ? '/dev/null' : `a/${name}`,
        `b/${name}`,
        change.before ?? '',
        change.after,
        undefined,
        undefined,
        { context: 3 },
      );
      return patch.replace(/^=+\n/, '');
    })
    .join('');
}
