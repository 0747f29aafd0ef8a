// One place per format: every adapter declares its display name, the files it may read (globs)
// and what its files mean to the rules (contributes). Candidate files, the server's file
// watchers, the extension's activation events and the rules' format tables all derive from
// these declarations, so adding a format touches its own adapter file and the ADAPTERS list.
import picomatch from 'picomatch';
import type { Format } from '../model/facts';
import type { FormatContribution, SourceAdapter } from './adapter';
import { ADAPTERS } from './index';

/** Files no adapter parses but that Loopwise reads: the versions lock files pin (fixes), and the markers of a project's root. */
export const SUPPORT_FILES: ReadonlyArray<{ globs: string[]; why: string }> = [
  {
    globs: ['**/dvc.lock', '**/poetry.lock', '**/uv.lock', '**/pylock.toml', '**/pylock.*.toml', '**/requirements*.txt'],
    why: 'lock files: the versions they pin (config/unpinned-version fixes)',
  },
  { globs: ['**/.dvc/config', '**/pyproject.toml', '**/setup.cfg'], why: "project markers: a project's root (model/projects.ts)" },
];

/**
 * Pipeline and CI systems Loopwise has no adapter for: a file of one that no adapter claims gets
 * one `loopwise/skipped` notice, so that silence about it never reads as "no debt there".
 */
export const UNREAD_SYSTEMS: ReadonlyArray<{ name: string; globs: string[] }> = [
  { name: 'Jenkins pipeline', globs: ['**/Jenkinsfile', '**/*.Jenkinsfile', '**/Jenkinsfile.*'] },
  { name: 'CircleCI config', globs: ['**/.circleci/config.{yml,yaml}'] },
  { name: 'Azure Pipelines definition', globs: ['**/azure-pipelines*.{yml,yaml}', '**/.azure-pipelines/**/*.{yml,yaml}'] },
  { name: 'Bitbucket Pipelines config', globs: ['**/bitbucket-pipelines.yml'] },
  { name: 'Travis CI config', globs: ['**/.travis.yml'] },
  { name: 'Buildkite pipeline', globs: ['**/.buildkite/**/*.{yml,yaml}'] },
  { name: 'Drone pipeline', globs: ['**/.drone.yml'] },
  { name: 'GitLab CI config', globs: ['**/.gitlab-ci.yml', '**/.gitlab-ci/**/*.{yml,yaml}'] },
  { name: 'Google Cloud Build config', globs: ['**/cloudbuild*.{yaml,yml}'] },
  { name: 'Snakemake workflow', globs: ['**/Snakefile', '**/*.smk'] },
  { name: 'Nextflow pipeline', globs: ['**/*.nf', '**/nextflow.config'] },
];

let unreadMatchers: Array<{ name: string; match: (path: string) => boolean }> | undefined;

/** The pipeline system a file belongs to when Loopwise has no adapter for it, or undefined. */
export function unreadSystemOf(path: string): string | undefined {
  unreadMatchers ??= UNREAD_SYSTEMS.map((s) => ({ name: s.name, match: picomatch(s.globs, { dot: true }) }));
  return unreadMatchers.find((m) => m.match(path))?.name;
}

let formatFileMatcher: ((path: string) => boolean) | undefined;

/** Whether some adapter may read the file, by its path alone (a file too large to read is then reported as skipped). */
export function mayBeFormatFile(path: string): boolean {
  formatFileMatcher ??= picomatch(
    ADAPTERS.flatMap((a) => a.globs ?? []),
    { dot: true },
  );
  return formatFileMatcher(path);
}

const LOCK_FILE = /^(dvc\.lock|poetry\.lock|uv\.lock|pylock(\.[\w-]+)?\.toml|requirements[\w.-]*\.txt)$/;
const PROJECT_MARKER = /(^|\/)(\.dvc\/config|pyproject\.toml|setup\.cfg)$/;

export interface FormatInfo {
  format: Format;
  displayName: string;
  globs: readonly string[];
  contributes: FormatContribution;
}

// Built on first use: sources/index.ts re-exports this module, so ADAPTERS is not ready while it loads.
let byFormat: Map<Format, FormatInfo> | undefined;

function infos(): Map<Format, FormatInfo> {
  return (byFormat ??= new Map(ADAPTERS.map((a) => [a.format, infoOf(a)])));
}

function infoOf(a: SourceAdapter): FormatInfo {
  return { format: a.format, displayName: a.displayName ?? a.format, globs: a.globs ?? [], contributes: a.contributes ?? {} };
}

/** What a format is called and what its files mean to the rules; a format with no adapter (`other`) contributes nothing. */
export function formatInfo(format: Format): FormatInfo {
  return infos().get(format) ?? { format, displayName: format, globs: [], contributes: {} };
}

export function formats(): FormatInfo[] {
  return [...infos().values()];
}

/** Every glob of a file Loopwise reads: adapters' files first, then lock files and project markers, then systems it only names. */
export function candidateGlobs(adapters: readonly SourceAdapter[] = ADAPTERS): string[] {
  const globs = [
    ...adapters.flatMap((a) => a.globs ?? []),
    ...SUPPORT_FILES.flatMap((s) => s.globs),
    ...UNREAD_SYSTEMS.flatMap((s) => s.globs),
  ];
  return [...new Set(globs)];
}

let matcher: ((path: string) => boolean) | undefined;

/** Whether a workspace-relative path may be read: a candidate for some adapter, a lock file, a project marker, an unread system's file. */
export function isCandidatePath(path: string): boolean {
  matcher ??= picomatch(candidateGlobs(), { dot: true });
  return matcher(path);
}

/** Lock files no adapter parses but fixes read: the versions they pin (`config/unpinned-version`). */
export function isLockFile(name: string): boolean {
  return LOCK_FILE.test(name);
}

/** Files no adapter parses whose presence marks a project's root: a DVC repository's config, Python packaging. */
export function isProjectMarker(path: string): boolean {
  return PROJECT_MARKER.test(path);
}

/** Globs that name a format's own file (not any `*.yaml` or `*.py`): the extension activates when a workspace contains one. */
export function activationGlobs(): string[] {
  return [...new Set(ADAPTERS.flatMap((a) => a.globs ?? []).filter((g) => !ANY_FILE_OF_A_TYPE.test(g)))];
}

/** `**\/*.py`, `**\/*.{yaml,yml}`: any file of a type, anywhere — too common to activate on. */
const ANY_FILE_OF_A_TYPE = /^\*\*\/\*\.[^/]*$/;

/**
 * Candidate files the editor must send the server when opened, beyond YAML and Python documents
 * (which the client selects by language): CODEOWNERS, MLproject, workflow files, lock files.
 */
export function documentPatterns(): string[] {
  return candidateGlobs().filter((g) => !/\.(\{yaml,yml\}|ya?ml|py)$/.test(g));
}
