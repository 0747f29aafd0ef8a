// Writing files Loopwise changed itself (`check --fix`) so that no edit is lost:
// - every file is written to a temp file beside it and renamed over the original (a reader
//   sees the old text or the new, never a half-written file), with the original's mode;
// - just before each rename, the file on disk is checked (by hash) against the text that was
//   analysed: a file saved meanwhile is left untouched and reported;
// - the files of one group (a fix spanning several files) are written whole or not at all:
//   all are checked first, then renamed; a failure rolls back the ones already renamed;
// - nothing is written outside the workspace, nor through a symlink that leads out of it.
import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import * as path from 'node:path';
import { decode, hasBom } from './readText';
import { isInside } from './boundary';

/** One file to write: its workspace-relative path, the text analysed (undefined: a new file) and the new text. */
export interface PlannedWrite {
  file: string;
  before?: string;
  after: string;
}

export interface WriteOutcome {
  written: string[];
  /** Files left untouched, with why (changed meanwhile, read-only, outside the workspace, …). */
  skipped: Array<{ file: string; reason: string }>;
}

export interface WriteHooks {
  /** Called just before a file is renamed into place: tests change the file here, as an editor saving meanwhile would. */
  beforeRename?: (abs: string) => void;
}

interface Prepared extends PlannedWrite {
  target: string;
  temp?: string;
  /** The bytes on disk when checked (undefined for a new file): what a rollback puts back. */
  original?: Buffer;
  mode: number;
  bom: boolean;
}

class Refused extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(reason);
  }
}

/** Writes each group of files whole or not at all; groups are independent of each other. */
export function writeGroups(root: string, groups: PlannedWrite[][], hooks: WriteHooks = {}): WriteOutcome {
  const outcome: WriteOutcome = { written: [], skipped: [] };
  for (const group of groups) {
    try {
      writeGroup(root, group, hooks);
      outcome.written.push(...group.map((w) => w.file));
    } catch (e) {
      const blamed = e instanceof Refused ? e.file : undefined;
      const reason =
        e instanceof Refused ? e.message : `could not be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
      for (const w of group)
        outcome.skipped.push({
          file: w.file,
          reason:
            blamed === undefined || blamed === w.file ? reason : `left untouched: it is fixed together with ${blamed}, which ${reason}`,
        });
    }
  }
  return outcome;
}

function writeGroup(root: string, group: PlannedWrite[], hooks: WriteHooks): void {
  const prepared = group.map((w) => check(root, w));
  const renamed: Prepared[] = [];
  try {
    for (const p of prepared) writeTemp(p);
    for (const p of prepared) {
      hooks.beforeRename?.(p.target);
      verifyUnchanged(p);
      if (p.original === undefined) {
        linkSync(p.temp!, p.target); // fails if a file appeared meanwhile: never overwrite one
        unlinkSync(p.temp!);
      } else renameSync(p.temp!, p.target);
      p.temp = undefined;
      renamed.push(p);
    }
  } catch (e) {
    for (const p of prepared) if (p.temp) removeQuietly(p.temp);
    rollBack(renamed);
    throw e;
  }
}

/** Where the file is written and what it holds now; refuses files outside the workspace, read-only or changed. */
function check(root: string, w: PlannedWrite): Prepared {
  const abs = path.resolve(root, w.file);
  if (!isInside(root, abs)) throw new Refused(w.file, 'lies outside the workspace (or is reached through a symlink that leads out of it)');
  const exists = existsSync(abs) || isLink(abs);
  if (w.before === undefined) {
    if (exists) throw new Refused(w.file, 'was created since it was analysed');
    return { ...w, target: abs, mode: 0o644, bom: false };
  }
  if (!exists) throw new Refused(w.file, 'was deleted since it was analysed');
  const target = realpathSync(abs);
  const stat = statSync(target);
  if (!stat.isFile()) throw new Refused(w.file, 'is no longer a regular file');
  if ((stat.mode & 0o222) === 0) throw new Refused(w.file, 'is read-only');
  const original = readFileSync(target);
  const prepared = { ...w, target, original, mode: stat.mode & 0o7777, bom: hasBom(original) };
  if (hash(decoded(original)) !== hash(w.before)) throw new Refused(w.file, 'changed since it was analysed');
  return prepared;
}

function writeTemp(p: Prepared): void {
  mkdirSync(path.dirname(p.target), { recursive: true });
  const temp = path.join(
    path.dirname(p.target),
    `.${path.basename(p.target)}.loopwise-${process.pid}-${randomBytes(4).toString('hex')}.tmp`,
  );
  writeFileSync(temp, (p.bom ? '\uFEFF' : '') + p.after, { flag: 'wx', mode: p.mode });
  p.temp = temp;
}

/** The last look before the rename: the file must still hold the bytes checked earlier. */
function verifyUnchanged(p: Prepared): void {
  if (p.original === undefined) return;
  let now: Buffer;
  try {
    now = readFileSync(p.target);
  } catch {
    throw new Refused(p.file, 'was deleted since it was analysed');
  }
  if (hash(now) !== hash(p.original)) throw new Refused(p.file, 'changed since it was analysed');
}

function rollBack(renamed: Prepared[]): void {
  for (const p of renamed.reverse()) {
    if (p.original === undefined) removeQuietly(p.target);
    else {
      const temp = `${p.target}.loopwise-rollback-${process.pid}`;
      writeFileSync(temp, p.original, { mode: p.mode });
      renameSync(temp, p.target);
    }
  }
}

function decoded(bytes: Buffer): string | undefined {
  const text = decode(bytes);
  return typeof text === 'string' ? text : undefined;
}

function hash(content: string | Buffer | undefined): string {
  return content === undefined ? '' : createHash('sha256').update(content).digest('hex');
}

function isLink(abs: string): boolean {
  try {
    return lstatSync(abs).isSymbolicLink();
  } catch {
    return false;
  }
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}
