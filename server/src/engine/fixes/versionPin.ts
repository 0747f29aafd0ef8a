// The fixes for config/unpinned-version: pin the reference to a version the workspace already
// names for it — a lock file (requirements*.txt with ==, poetry.lock, uv.lock, pylock.toml,
// dvc.lock) or the same image, model or action pinned in another manifest — one fix per version
// found; else a placeholder for the author to fill in (never a made-up version, and the finding
// stays until a real one is in). No placeholder where a stage of the workspace writes the
// reference through its moving pointer: pinning the reader alone would cut it off from what the
// writer publishes. The edit touches only the version part of the reference.
import type { VersionPin } from '../model/facts';
import type { GraphNode } from '../model/graph';
import type { RuleContext } from '../rules/rule';
import type { Fix } from '../model/finding';
import { LineIndex } from '../text/lineIndex';
import { placeholder } from './snippet';
import { isLockFile } from '../sources/index';
import { basename } from '../text/paths';
import { isPlaceholderVersion, VERSION_PLACEHOLDER } from './placeholders';

export const MOVING_VERSION = /^(latest|main|master|head|stable|nightly|edge|dev|current|prod|production)$/i;

/** At most this many versions are offered, most used first. */
const MAX_OFFERED = 3;

interface Candidate {
  version: string;
  /** Where it was found, for the fix title. */
  source: string;
  fromLock: boolean;
}

/** Fixes pinning `pin`: one per version the workspace names, else a placeholder (or none, see above). */
export function pinFixes(ctx: RuleContext, pin: VersionPin): Fix[] {
  const text = ctx.text(pin.range.file);
  if (text === undefined) return [];
  const index = LineIndex.of(text);
  const start = index.offset(pin.range.range.start);
  const end = index.offset(pin.range.range.end);
  const source = text.slice(start, end);
  const candidates = offered(versionCandidates(ctx, pin));
  const fixes: Fix[] = [];
  for (const [i, candidate] of candidates.entries()) {
    const spot = locate(source, pin, candidate.version);
    if (!spot) continue;
    fixes.push({
      title: `Pin ${pin.name} to ${candidate.version} (as in ${candidate.source})`,
      edits: [{ file: pin.range.file, range: index.range(start + spot.from, start + spot.to), newText: spot.text(candidate.version) }],
      // A lock file says what is installed; manifests that agree on one version leave no choice.
      isPreferred: i === 0 && (candidate.fromLock || candidates.length === 1),
    });
  }
  if (candidates.length || isPlaceholderVersion(pin.version) || movingWriters(ctx, pin).length) return fixes;
  const spot = locate(source, pin, undefined);
  if (!spot) return [];
  return [
    {
      title: `Pin ${pin.name} to a version you fill in`,
      edits: [
        {
          file: pin.range.file,
          range: index.range(start + spot.from, start + spot.to),
          newText: spot.text(placeholder(1, VERSION_PLACEHOLDER)),
        },
      ],
      isPreferred: false,
      snippet: true,
    },
  ];
}

/** Distinct versions, first `MAX_OFFERED`. */
function offered(candidates: Candidate[]): Candidate[] {
  const seen = new Set<string>();
  return candidates.filter((c) => !seen.has(c.version) && seen.add(c.version)).slice(0, MAX_OFFERED);
}

/**
 * Stages of the workspace that write what this reference reads (the same stock, matched by the
 * graph), when the reference names a moving pointer: they publish to that pointer.
 */
export function movingWriters(ctx: RuleContext, pin: VersionPin): GraphNode[] {
  if (!pin.stage) return [];
  const reads = ctx.graph.incoming(pin.stage).filter((e) => e.kind === 'reads' && e.source && within(e.source, pin.range));
  return [...new Set(reads.flatMap((e) => ctx.graph.producers(e.from)))];
}

function within(a: VersionPin['range'], b: VersionPin['range']): boolean {
  const before = (x: { line: number; character: number }, y: { line: number; character: number }) =>
    x.line < y.line || (x.line === y.line && x.character <= y.character);
  return a.file === b.file && before(b.range.start, a.range.start) && before(a.range.start, b.range.end);
}

interface Spot {
  from: number;
  to: number;
  /** The replacement for [from, to) given the version to pin. */
  text(version: string): string;
}

/** Where in the reference's source the version goes, and how it is written there. */
function locate(source: string, pin: VersionPin, pinned: string | undefined): Spot | undefined {
  const nameAt = findName(source, pin);
  const digest = pinned?.startsWith('sha256:') && pin.subject === 'image';
  if (pin.version) {
    const sep = nameAt >= 0 ? source.slice(nameAt + pin.name.length, nameAt + pin.name.length + 1) : '';
    if (nameAt >= 0 && /[:@/]/.test(sep) && source.startsWith(pin.version, nameAt + pin.name.length + 1)) {
      const from = nameAt + pin.name.length;
      const to = from + 1 + pin.version.length;
      return { from, to, text: (v) => `${digest ? '@' : sep}${v}` };
    }
    const at = tokenIndex(source, pin.version);
    if (at < 0) return undefined;
    return { from: at, to: at + pin.version.length, text: (v) => v };
  }
  if (nameAt < 0) return undefined;
  let from = nameAt + pin.name.length;
  if (pin.subject === 'package') {
    const extras = /^\[[^\]]*\]/.exec(source.slice(from));
    if (extras) from += extras[0].length;
    const spec = /^\s*(===|==|~=|>=|<=|!=|>|<)[^\s"',;]*/.exec(source.slice(from));
    return { from, to: from + (spec?.[0].length ?? 0), text: (v) => `==${v}` };
  }
  const sep =
    pin.subject === 'action'
      ? '@'
      : pin.subject === 'image'
        ? digest
          ? '@'
          : ':'
        : pin.subject === 'model' && /^[a-z][\w+.-]*:\/\//i.test(pin.name)
          ? '/'
          : ':';
  return { from, to: from, text: (v) => `${sep}${v}` };
}

/** The name as a whole token (not inside a longer name). */
function findName(source: string, pin: VersionPin): number {
  const flags = pin.subject === 'package' ? 'i' : '';
  const re = new RegExp(`(^|[\\s"'=(\\[,])(${escapeRegExp(pin.name)})(?![A-Za-z0-9_.-]*[A-Za-z0-9_])`, flags);
  const m = re.exec(source);
  return m ? m.index + m[1].length : -1;
}

function tokenIndex(source: string, token: string): number {
  const m = new RegExp(`(^|[^A-Za-z0-9_.-])${escapeRegExp(token)}(?![A-Za-z0-9_])`).exec(source);
  return m ? m.index + m[1].length : -1;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

// ---------------------------------------------------------------------------------------------
// Where a fixed version may be found

/** Fixed versions the workspace names for the pin's subject, best first. */
export function versionCandidates(ctx: RuleContext, pin: VersionPin): Candidate[] {
  const fromLocks = lockCandidates(ctx, pin);
  if (fromLocks.length) return fromLocks;
  return manifestCandidates(ctx, pin);
}

function isFixed(version: string | undefined): version is string {
  return !!version && !MOVING_VERSION.test(version) && !/[${}*]/.test(version);
}

// Lock files and the pins of the workspace are gathered once per analysis run (keyed by its
// facts), not once per finding: a workspace with hundreds of unpinned packages stays linear.
const locksByRun = new WeakMap<readonly unknown[], string[]>();
const pinsByRun = new WeakMap<readonly unknown[], Map<string, VersionPin[]>>();

function lockFiles(ctx: RuleContext): string[] {
  let locks = locksByRun.get(ctx.facts);
  if (!locks) locksByRun.set(ctx.facts, (locks = ctx.files().filter((f) => isLockFile(basename(f)))));
  return locks;
}

function pinKey(subject: VersionPin['subject'], name: string): string {
  return `${subject}\u0000${subject === 'package' ? normalise(name) : name}`;
}

function pinsLike(ctx: RuleContext, pin: VersionPin): VersionPin[] {
  let index = pinsByRun.get(ctx.facts);
  if (!index) {
    index = new Map();
    for (const f of ctx.facts) {
      for (const p of f.versions) {
        const key = pinKey(p.subject, p.name);
        const list = index.get(key);
        if (list) list.push(p);
        else index.set(key, [p]);
      }
    }
    pinsByRun.set(ctx.facts, index);
  }
  return index.get(pinKey(pin.subject, pin.name)) ?? [];
}

/** Lock files, nearest to the pinned file first. */
function lockCandidates(ctx: RuleContext, pin: VersionPin): Candidate[] {
  const dir = pin.range.file.includes('/') ? pin.range.file.slice(0, pin.range.file.lastIndexOf('/')) : '';
  const locks = [...lockFiles(ctx)].sort((a, b) => distance(dir, a) - distance(dir, b) || a.localeCompare(b));
  const out: Candidate[] = [];
  for (const file of locks) {
    const text = ctx.text(file);
    if (text === undefined) continue;
    const version = pin.subject === 'package' ? packageVersionIn(basename(file), text, pin.name) : mentionedVersion(text, pin.name);
    if (isFixed(version)) out.push({ version, source: file, fromLock: true });
  }
  return out;
}

/** How many folders apart a lock file is from the pinned file's folder (0: the same folder). */
function distance(dir: string, file: string): number {
  const fileDir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
  if (fileDir === dir) return 0;
  if (dir.startsWith(fileDir === '' ? '' : `${fileDir}/`)) return dir.split('/').length - (fileDir ? fileDir.split('/').length : 0);
  return 100;
}

/** PEP 503 normalised package name. */
function normalise(name: string): string {
  return name
    .toLowerCase()
    .replace(/[-_.]+/g, '-')
    .replace(/\[.*$/, '');
}

function packageVersionIn(file: string, text: string, name: string): string | undefined {
  const wanted = normalise(name);
  if (file.endsWith('.txt')) {
    for (const line of text.split('\n')) {
      const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*===?\s*([^\s;#\\]+)/.exec(line);
      if (m && normalise(m[1]) === wanted) return m[3];
    }
    return undefined;
  }
  if (file === 'dvc.lock') return undefined;
  // TOML lock files: one [[package]] (or [[packages]]) table per package, name then version.
  for (const block of text.split(/^\[\[packages?\]\]\s*$/m).slice(1)) {
    const n = /^name\s*=\s*"([^"]+)"/m.exec(block);
    const v = /^version\s*=\s*"([^"]+)"/m.exec(block);
    if (n && v && normalise(n[1]) === wanted) return v[1];
  }
  return undefined;
}

/** `name:tag`, `name@sha256:...` or `name/version` written anywhere in a text (dvc.lock records commands and paths as run). */
function mentionedVersion(text: string, name: string): string | undefined {
  const re = new RegExp(`${escapeRegExp(name)}(?:[:/]|@)(sha256:[a-f0-9]{64}|v?\\d+(?:[._-]\\d+)*[\\w.+-]*)`, 'g');
  for (const m of text.matchAll(re)) if (isFixed(m[1])) return m[1];
  return undefined;
}

/**
 * The same image, model, action or feature view pinned elsewhere: the most used version, then
 * the highest. Kept per name for the run: a thousand files pinning one package would otherwise
 * count each other's pins a thousand times.
 */
function manifestCandidates(ctx: RuleContext, pin: VersionPin): Candidate[] {
  if (isFixed(pin.version))
    return countCandidates(
      pinsLike(ctx, pin).filter((p) => p !== pin),
      pin.subject,
    );
  let byKey = candidatesByRun.get(ctx.facts);
  if (!byKey) candidatesByRun.set(ctx.facts, (byKey = new Map()));
  const key = pinKey(pin.subject, pin.name);
  let found = byKey.get(key);
  if (!found) byKey.set(key, (found = countCandidates(pinsLike(ctx, pin), pin.subject)));
  return found;
}

const candidatesByRun = new WeakMap<readonly unknown[], Map<string, Candidate[]>>();

function countCandidates(pins: VersionPin[], subject: VersionPin['subject']): Candidate[] {
  const counts = new Map<string, { n: number; source: string }>();
  for (const p of pins) {
    if (!isFixed(p.version) || (subject === 'package' && /[<>~!,]/.test(p.version))) continue;
    const version = p.version.replace(/^={2,3}/, '');
    const seen = counts.get(version);
    counts.set(version, { n: (seen?.n ?? 0) + 1, source: seen?.source ?? p.range.file });
  }
  return [...counts]
    .sort((a, b) => b[1].n - a[1].n || compareVersions(b[0], a[0]))
    .map(([version, { source }]) => ({ version, source, fromLock: false }));
}

function compareVersions(a: string, b: string): number {
  const pa = a.replace(/^v/, '').split(/[.\-_+]/);
  const pb = b.replace(/^v/, '').split(/[.\-_+]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = Number(pa[i] ?? 0);
    const y = Number(pb[i] ?? 0);
    if (Number.isNaN(x) || Number.isNaN(y)) return (pa[i] ?? '').localeCompare(pb[i] ?? '');
    if (x !== y) return x - y;
  }
  return 0;
}
