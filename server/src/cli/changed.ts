// `check --changed-since <ref>`: the files a change touches (committed since the merge base
// with <ref>, plus staged, unstaged and untracked files; both names of a rename), and whether a
// finding touches them — its own file, a related location, or a node, loop hop or edge of the
// graph it is about, so that a change closing a loop is told so even when the loop's other
// hops are in files it did not touch. Git is only read, never written.
import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import * as path from 'node:path';
import type { AnalysisResult } from '../engine/analysis';
import type { Finding } from '../engine/model/finding';

export class GitError extends Error {}

function git(cwd: string, args: string[]): { ok: boolean; stdout: string; stderr: string } {
  const r = spawnSync('git', ['--no-optional-locks', ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new GitError(`--changed-since needs git, which could not be run (${r.error.message}).`);
  return { ok: r.status === 0, stdout: r.stdout, stderr: r.stderr };
}

/** Files changed since `ref`, relative to `root` (a folder inside the repository); files outside `root` are left out. */
export function changedFiles(root: string, ref: string): Set<string> {
  if (!ref || ref.startsWith('-')) throw new GitError(`--changed-since takes a git ref (a branch, tag or commit), not "${ref}".`);
  const top = git(root, ['rev-parse', '--show-toplevel']);
  if (!top.ok) throw new GitError(`--changed-since needs a git repository, and ${root} is not inside one.`);
  const repo = top.stdout.trim();
  if (!git(repo, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).ok)
    throw new GitError(`Unknown git ref "${ref}" (--changed-since): fetch it first, e.g. git fetch origin ${ref}.`);
  const committed = git(repo, ['diff', '--name-status', '-M', '-z', `${ref}...HEAD`, '--']);
  if (!committed.ok) throw new GitError(`git could not compare ${ref} with HEAD: ${committed.stderr.trim().split('\n')[0]}`);
  const names = [...namesOf(committed.stdout)];
  const uncommitted = git(repo, ['diff', '--name-status', '-M', '-z', 'HEAD', '--']);
  if (uncommitted.ok) names.push(...namesOf(uncommitted.stdout));
  const untracked = git(repo, ['ls-files', '--others', '--exclude-standard', '-z']);
  if (untracked.ok) names.push(...untracked.stdout.split('\0').filter(Boolean));
  const base = realpathSync(root);
  const out = new Set<string>();
  for (const name of names) {
    const rel = path
      .relative(base, path.join(realpathSync(repo), name))
      .split(path.sep)
      .join('/');
    if (rel && !rel.startsWith('../') && rel !== '..') out.add(rel);
  }
  return out;
}

/** Paths of `git diff --name-status -z` output; renames and copies give both names. */
function namesOf(output: string): string[] {
  const fields = output.split('\0');
  const out: string[] = [];
  for (let i = 0; i < fields.length;) {
    const status = fields[i++];
    if (!status) continue;
    const count = /^[RC]/.test(status) ? 2 : 1;
    out.push(...fields.slice(i, i + count).filter(Boolean));
    i += count;
  }
  return out;
}

/** Whether a finding (workspace-relative paths) is about anything in the changed files. */
export function touchesChanged(f: Finding, changed: ReadonlySet<string>, result: AnalysisResult): boolean {
  if (changed.has(f.file) || f.related.some((r) => changed.has(r.file))) return true;
  const nodes = new Set(f.nodes ?? []);
  const loop = f.loop ? result.loops.find((l) => l.id === f.loop) : undefined;
  for (const id of loop?.nodes ?? []) nodes.add(id);
  if (loop?.edges.some((e) => e.source && changed.has(e.source.file))) return true;
  for (const id of nodes) {
    const node = result.graph.nodes.get(id);
    if (node && ((node.source && changed.has(node.source.file)) || node.mentions.some((m) => changed.has(m.file)))) return true;
  }
  return result.graph.edges.some((e) => nodes.has(e.from) && nodes.has(e.to) && e.source !== undefined && changed.has(e.source.file));
}

/** Graph nodes in the changed files, for the diagram of what a change touches. */
export function nodesInChanged(changed: ReadonlySet<string>, result: AnalysisResult): string[] {
  return [...result.graph.nodes.values()]
    .filter((n) => (n.source && changed.has(n.source.file)) || n.mentions.some((m) => changed.has(m.file)))
    .map((n) => n.id);
}
