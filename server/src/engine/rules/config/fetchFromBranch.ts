import type { Rule, RuleContext } from '../rule';
import type { RemoteFetch, SourceRef, Stage } from '../../model/facts';
import { shellCommands, type ShellCommand } from '../../sources/shell';
import { pipInstallStart } from '../../sources/pipInstall';
import { LineIndex } from '../../text/lineIndex';

export const fetchFromBranch: Rule = {
  meta: {
    id: 'config/fetch-from-branch',
    category: 'config',
    severity: 'warning',
    description:
      'Code or data fetched at run time from a moving ref: `git clone` of a branch, `pip install git+…` without a commit or tag, `raw.githubusercontent.com/…/main/…`, `mlflow run` of a repository without `--version`, a Tekton git resolver at a branch.',
    fixable: false,
    sources: [
      'Sculley et al. 2015, "Hidden Technical Debt in Machine Learning Systems" (unstable data dependencies)',
      'Breck et al. 2017, "The ML Test Score", Infrastructure 1 (reproducible training)',
    ],
  },
  scope: 'file',
  check(ctx) {
    const seen = new Set<string>();
    for (const facts of ctx.facts) {
      for (const stage of facts.stages) {
        for (const fetch of stage.fetches ?? [])
          if (isBranchName(fetch.ref)) ctx.report({ at: fetch.range, message: branchFetch(stage, fetch), nodes: [stage.id] });
        if (!stage.command) continue;
        const commands = shellCommands(stage.command);
        const chosen = chosenBranchCommands(commands);
        for (const cmd of commands) {
          if (chosen.has(cmd)) continue;
          for (const moving of movingFetches(cmd, commands)) {
            const at = locate(ctx, stage, cmd, moving.token);
            const key = `${at.file}:${at.range.start.line}:${moving.token}`;
            if (seen.has(key)) continue;
            seen.add(key);
            ctx.report({ at, message: moving.message, nodes: [stage.id] });
          }
        }
      }
    }
  },
};

interface MovingFetch {
  /** The argument that names the moving source, to point at. */
  token: string;
  message: string;
}

/** Branch names that move by definition; a name with a digit is taken for a release tag or version. */
const BRANCH = /^(main|master|develop|development|dev|trunk|head|nightly|stable|latest|gh-pages|release)$/i;
const SHA = /^[0-9a-f]{7,40}$/i;
const TEMPLATED = /\$|\{\{|\{%|%\(|</;

/**
 * Commands in the `then` branch of a shell `if` that compares a value with a branch name
 * (`if [ "${{ matrix.transformers-version }}" == "main" ]; then pip install git+…`): the script
 * states that it tracks the branch on purpose (a canary job against upstream), so that is not
 * the unnoticed drift this rule is about.
 */
function chosenBranchCommands(commands: readonly ShellCommand[]): Set<ShellCommand> {
  const chosen = new Set<ShellCommand>();
  let inside = false;
  for (const cmd of commands) {
    const [head] = cmd.argv;
    if (head === 'if' || head === 'elif') inside = comparesWithBranch(cmd.argv);
    else if (head === 'else' || head === 'fi') inside = false;
    else if (inside && head !== 'then') chosen.add(cmd);
  }
  return chosen;
}

function comparesWithBranch(argv: readonly string[]): boolean {
  return argv.some((w, i) => (w === '==' || w === '=') && (BRANCH.test(argv[i + 1] ?? '') || BRANCH.test(argv[i - 1] ?? '')));
}

function movingFetches(cmd: ShellCommand, all: readonly ShellCommand[]): MovingFetch[] {
  const { argv } = cmd;
  if (/^(echo|printf)$/.test(argv[0] ?? '')) return [];
  return [gitClone(argv, all), mlflowRun(argv), ...pipFromGit(argv), ...movingUrls(argv)].filter((m): m is MovingFetch => !!m);
}

const CLONE_OPTIONS_WITH_VALUE = new Set([
  '-b',
  '--branch',
  '-o',
  '--origin',
  '-c',
  '--config',
  '--depth',
  '--reference',
  '--reference-if-able',
  '-j',
  '--jobs',
  '--filter',
  '--separate-git-dir',
  '--template',
  '-u',
  '--upload-pack',
  '--shallow-since',
  '--shallow-exclude',
  '--server-option',
  '--bundle-uri',
]);

function gitClone(argv: readonly string[], all: readonly ShellCommand[]): MovingFetch | undefined {
  if (argv[0] !== 'git' || argv[1] !== 'clone') return undefined;
  let branch: string | undefined;
  const positional: string[] = [];
  for (let i = 2; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-b' || arg === '--branch') branch = argv[++i];
    else if (arg.startsWith('--branch=')) branch = arg.slice('--branch='.length);
    else if (CLONE_OPTIONS_WITH_VALUE.has(arg)) i++;
    else if (!arg.startsWith('-')) positional.push(arg);
  }
  const url = positional[0];
  if (!url || !isRemote(url) || TEMPLATED.test(url)) return undefined;
  if (branch !== undefined) {
    if (TEMPLATED.test(branch) || !isBranchName(branch)) return undefined;
    return {
      token: url,
      message: `\`git clone --branch ${branch} ${url}\` fetches whatever was last pushed to branch \`${branch}\`, so two runs can build from different code; clone a tag or check out a commit SHA.`,
    };
  }
  if (all.some((c) => c.argv[0] === 'git' && c.argv.some((a) => a === 'checkout' || a === 'reset' || a === 'switch'))) return undefined;
  return {
    token: url,
    message: `\`git clone ${url}\` fetches the repository's default branch as it is at run time, so two runs can build from different code; clone a tag (\`--branch v1.2.0\`) or check out a commit SHA after cloning.`,
  };
}

/** A definition the orchestrator fetches from a branch (a Tekton git resolver's `revision`). */
function branchFetch(stage: Stage, fetch: RemoteFetch): string {
  const what = fetch.path ? `\`${fetch.path}\` of ${fetch.url}` : fetch.url;
  const from = fetch.param ? `\`${fetch.ref}\` (the default of param \`${fetch.param}\`)` : `\`${fetch.ref}\``;
  return `Task \`${stage.name}\` is fetched at run time from ${what} at ${from}, a branch name (no digit, not a commit), so each run may execute whatever was last pushed there; pin a release tag or commit SHA.`;
}

function isRemote(url: string): boolean {
  return /^(https?:\/\/|ssh:\/\/|git:\/\/|git@)/.test(url);
}

function isBranchName(ref: string): boolean {
  return BRANCH.test(ref) || (!/\d/.test(ref) && !SHA.test(ref));
}

/** `pip install git+https://host/org/repo[@ref][#egg=…]`, `name @ git+…`. */
function pipFromGit(argv: readonly string[]): MovingFetch[] {
  const start = pipInstallStart(argv);
  if (start < 0) return [];
  return argv.slice(start).flatMap((arg) => {
    const at = arg.indexOf('git+');
    if (at < 0 || TEMPLATED.test(arg)) return [];
    const url = arg.slice(at);
    const ref = vcsRef(url);
    if (ref === undefined)
      return [
        {
          token: url,
          message: `\`pip install ${url}\` installs the repository's default branch as it is at install time, so each build may get different code; add a tag or commit SHA (\`…@v1.2.0\`).`,
        },
      ];
    return isBranchName(ref)
      ? [
          {
            token: url,
            message: `\`pip install ${url}\` installs whatever was last pushed to branch \`${ref}\`, so each build may get different code; pin a tag or commit SHA instead of the branch.`,
          },
        ]
      : [];
  });
}

/** The `@ref` of a pip VCS URL, after the host's user part. */
function vcsRef(url: string): string | undefined {
  const path = url
    .replace(/^git\+/, '')
    .replace(/#.*$/, '')
    .replace(/^[a-z+]+:\/\//, '')
    .replace(/^[^/@]+@/, '');
  const at = path.lastIndexOf('@');
  return at < 0 ? undefined : path.slice(at + 1);
}

// Files served from a branch: raw.githubusercontent.com/<org>/<repo>/<ref>/…,
// github.com/<org>/<repo>/{raw,blob}/<ref>/…, …/archive/<ref>.zip, GitLab /-/raw/<ref>/.
const BRANCH_URL =
  /^https?:\/\/(?:raw\.githubusercontent\.com\/[^/\s]+\/[^/\s]+\/(?:refs\/heads\/)?([^/\s]+)\/|github\.com\/[^/\s]+\/[^/\s]+\/(?:raw|blob)\/(?:refs\/heads\/)?([^/\s]+)\/|github\.com\/[^/\s]+\/[^/\s]+\/archive\/(?:refs\/heads\/)?([^/\s]+?)\.(?:zip|tar\.gz)$|[^/\s]+\/[^\s]+\/-\/raw\/([^/\s]+)\/)/;

function movingUrls(argv: readonly string[]): MovingFetch[] {
  return argv.flatMap((arg) => {
    const m = BRANCH_URL.exec(arg);
    const ref = m ? (m[1] ?? m[2] ?? m[3] ?? m[4]) : undefined;
    if (!ref || !BRANCH.test(ref) || TEMPLATED.test(arg)) return [];
    return [
      {
        token: arg,
        message: `\`${arg}\` is read from branch \`${ref}\` at run time, so what the run fetches changes whenever someone pushes there; use a tag or commit SHA in the URL.`,
      },
    ];
  });
}

const MLFLOW_RUN_OPTIONS_WITH_VALUE = new Set([
  '-e',
  '--entry-point',
  '-P',
  '--param-list',
  '-A',
  '--docker-args',
  '--experiment-name',
  '--experiment-id',
  '-b',
  '--backend',
  '-c',
  '--backend-config',
  '--env-manager',
  '--storage-dir',
  '--run-id',
  '--run-name',
]);

function mlflowRun(argv: readonly string[]): MovingFetch | undefined {
  if (argv[0] !== 'mlflow' || argv[1] !== 'run') return undefined;
  let version: string | undefined;
  let uri: string | undefined;
  for (let i = 2; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-v' || arg === '--version') version = argv[++i];
    else if (MLFLOW_RUN_OPTIONS_WITH_VALUE.has(arg)) i++;
    else if (!arg.startsWith('-') && uri === undefined) uri = arg;
  }
  if (!uri || !isRemote(uri) || TEMPLATED.test(uri)) return undefined;
  if (version === undefined)
    return {
      token: uri,
      message: `\`mlflow run ${uri}\` runs the project's default branch as it is at run time; pass \`--version\` with a tag or commit SHA.`,
    };
  return isBranchName(version) && !TEMPLATED.test(version)
    ? {
        token: uri,
        message: `\`mlflow run ${uri} --version ${version}\` runs whatever was last pushed to branch \`${version}\`; pass a tag or commit SHA.`,
      }
    : undefined;
}

/** The argument's place in the file: searched from the stage's start, else the stage itself. */
function locate(ctx: RuleContext, stage: Stage, cmd: ShellCommand, token: string): SourceRef {
  const file = stage.range.file;
  const text = ctx.text(file);
  if (text === undefined) return stage.range;
  const index = LineIndex.of(text);
  const from = index.offset(stage.range.range.start);
  const line = text.indexOf(cmd.text, from);
  const start = line >= 0 ? line : from;
  const at = text.indexOf(token, start);
  return at >= 0 ? index.ref(file, at, at + token.length) : stage.range;
}
