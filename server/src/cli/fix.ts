// `check --fix` and `--fix-dry-run`: apply the preferred fixes that need no filling in, in
// passes (a fix left out because it touched the same text as another is tried again after
// re-analysis), all in memory; then either write the files or print a unified diff.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import type { Analysis } from '../engine/analysis';
import type { Finding } from '../engine/model/finding';
import { applyFixes, fixAllFixes } from '../engine/fixes/apply';
import { plaintextSecrets } from '../engine/rules/config/secretInConfig';
import { writeGroups, type WriteHooks, type WriteOutcome } from '../node/safeWrite';

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
  /** Files that some fix edits together: written whole or not at all. */
  groups: string[][];
  /** Plaintext secrets the files held before fixing: masked in every diff. */
  secrets: string[];
}

/** Applies fixes of the findings `select` keeps, re-analysing between passes; changes only `analysis`. */
export function fixInMemory(analysis: Analysis, root: string, select: (f: Finding) => boolean): FixOutcome {
  const files = new Map<string, FileChange>();
  const together = new FileGroups();
  const secrets = plaintextSecrets(analysis.run().facts);
  let applied = 0;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const fixes = fixAllFixes(analysis.run().findings.filter(select));
    if (fixes.length === 0) break;
    const read = (file: string) => files.get(file)?.after ?? analysis.text(file) ?? readDisk(root, file);
    const next = applyFixes(fixes, read);
    for (const fix of fixes) together.join(fix.edits.map((e) => e.file));
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
  return { files, applied, groups: together.groups([...files.keys()]), secrets };
}

/** Union-find over file names: files a fix edits together end up in one group. */
class FileGroups {
  private readonly parent = new Map<string, string>();

  private find(file: string): string {
    let root = file;
    while (this.parent.has(root) && this.parent.get(root) !== root) root = this.parent.get(root)!;
    this.parent.set(file, root);
    return root;
  }

  join(files: string[]): void {
    for (const f of files) if (!this.parent.has(f)) this.parent.set(f, f);
    for (const f of files.slice(1)) this.parent.set(this.find(f), this.find(files[0]));
  }

  groups(files: string[]): string[][] {
    const byRoot = new Map<string, string[]>();
    for (const f of files) {
      const root = this.find(f);
      byRoot.set(root, [...(byRoot.get(root) ?? []), f]);
    }
    return [...byRoot.values()];
  }
}

function readDisk(root: string, file: string): string | undefined {
  try {
    return readFileSync(path.join(root, file), 'utf8');
  } catch {
    return undefined;
  }
}

/** Writes the changed files safely (see node/safeWrite.ts): each group whole or not at all; a file changed meanwhile is left alone. */
export function writeChanges(root: string, outcome: Pick<FixOutcome, 'files' | 'groups'>, hooks?: WriteHooks): WriteOutcome {
  const groups = outcome.groups.map((files) => files.map((file) => ({ file, ...outcome.files.get(file)! })));
  return writeGroups(root, groups, hooks);
}

/**
 * Unified diff of the changes (`a/` and `b/` prefixes, `/dev/null` for new files: `git apply` and
 * `patch -p1` take it). Each line of a plaintext secret shows as `****`: a diff printed in a CI
 * log must not leak what the fix moves away (the masked diff is for reading, not for applying).
 */
export function unifiedDiff(
  files: ReadonlyMap<string, FileChange>,
  display: (file: string) => string,
  secrets: readonly string[] = [],
): string {
  const diff = [...files]
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
  return maskSecrets(diff, secrets);
}

/** Replaces every line of every secret (lines of four characters or more, longest first) by `****`. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  const parts = [...new Set(secrets.flatMap((s) => s.split(/\r?\n/)).map((s) => s.trim()))]
    .filter((s) => s.length >= 4)
    .sort((a, b) => b.length - a.length);
  let out = text;
  for (const part of parts) out = out.split(part).join('****');
  return out;
}
