// The `loopwise` command line. Argument parsing uses node:util parseArgs: it is maintained
// with Node itself, and our flags are few and flat, so a framework would add nothing.
import { promises as fs, existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { graphCommand } from './graph';
import { rulesCommand, explainCommand } from './rules';
import { initCommand } from './init';
import { checkCommand } from './check';
import { filesCommand } from './files';
import { UnreadableRootError } from '../node/workspace';
import { startServer } from '../lsp/server';

import { VERSION } from '../version';

export { VERSION };

const USAGE = `Usage: loopwise <command> [options]

Commands:
  check [paths...]     Analyse the ML system in each path and report findings
      --format <f>     stylish (default) | json | sarif | github | markdown
      -o, --output <file>  write the report to a file instead of stdout
      --fix            apply the preferred fixes, write the files, report what remains
      --fix-dry-run    print the fixes as a unified diff; change nothing
      --changed-since <git-ref>  only findings that touch files changed since the ref
                       (the finding's file, a related location, or a loop through them)
      --max-warnings <n>   exit 1 when there are more than n warnings
      --quiet          report errors only
      --exit-zero      exit 0 even when there are errors (for demos and dashboards)
      --cache          keep each file's facts in .loopwise-cache between runs: unchanged files are not parsed again
      --cache-location <file>  the cache file (implies --cache)
      --timing         print where the time went (parsing per format, linking, loops, slowest rules) to stderr
  graph [path]         Print the inferred causal graph
      --format <f>     mermaid (default) | json | html | dot; with --loop: svg (default) | html | mermaid
      --loop <id>      draw one feedback loop (R1, B2, ...) as a causal loop diagram
      -o, --output <file>
  files [path]         List each file read, as which format, and what each contributed;
                       then the candidate files no format recognised
      --format <f>     text (default) | json
      --all            list every unrecognised file
      -o, --output <file>
  rules                List every rule with its category, severity and whether it can fix
  explain <rule-id>    Show a rule's documentation
  init [path]          Write a first mlsystem.yaml from what Loopwise inferred (--stdout, --force)
  lsp --stdio          Start the language server on stdin/stdout (for any LSP editor)

Exit codes: 0 no errors, 1 errors found (or too many warnings), 2 usage error or crash.`;

export class UsageError extends Error {}

/** A failure the user can act on (an unreadable folder, an output path that cannot be written): one line, exit 2, no usage text. */
export class CliError extends Error {}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'check':
      return checkCommand(rest);
    case 'graph':
      return graphCommand(rest);
    case 'files':
      return filesCommand(rest);
    case 'rules':
      return rulesCommand(rest);
    case 'explain':
      return explainCommand(rest);
    case 'init':
      return initCommand(rest);
    case 'lsp':
      return startLsp();
    case '--version':
    case '-v':
      process.stdout.write(`${VERSION}\n`);
      return 0;
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

async function startLsp(): Promise<number> {
  startServer();
  return new Promise<number>(() => undefined); // the connection owns the process from here
}

interface Target {
  root: string;
  /** Only report findings in these workspace-relative files (a file argument). */
  only?: string;
}

/** A folder is analysed as a workspace; a file is reported within the workspace that contains it. */
export function targetFor(arg: string): Target {
  const abs = path.resolve(arg);
  if (!existsSync(abs)) throw new UsageError(`No such file or folder: ${arg}`);
  if (statSync(abs).isDirectory()) return { root: abs };
  let dir = path.dirname(abs);
  while (dir !== path.dirname(dir) && !['.git', 'mlsystem.yaml', 'dvc.yaml'].some((m) => existsSync(path.join(dir, m))))
    dir = path.dirname(dir);
  const root = dir === path.dirname(dir) ? path.dirname(abs) : dir;
  return { root, only: path.relative(root, abs).split(path.sep).join('/') };
}

export async function writeOutput(text: string, output: string | undefined): Promise<void> {
  if (!output) {
    process.stdout.write(text);
    return;
  }
  try {
    await fs.mkdir(path.dirname(path.resolve(output)), { recursive: true });
    await fs.writeFile(output, text);
  } catch (e) {
    throw new CliError(`Cannot write the report to ${output}: ${describeFsError(e)}.`);
  }
}

/** Fails before any analysis when `-o` names a folder or a place nothing can be written. */
export function checkOutputPath(output: string | undefined): void {
  if (output === undefined) return;
  if (output.trim() === '') throw new UsageError('-o/--output takes a file path.');
  const abs = path.resolve(output);
  if (existsSync(abs) && statSync(abs).isDirectory()) throw new CliError(`Cannot write the report to ${output}: it is a folder.`);
}

function describeFsError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const what: Record<string, string> = {
    EISDIR: 'it is a folder',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ENOTDIR: 'a part of the path is a file, not a folder',
    EROFS: 'the file system is read-only',
    ENOSPC: 'no space left on the device',
    EEXIST: 'a part of the path is a file, not a folder', // mkdir of the report's folder
  };
  return (err.code && what[err.code]) ?? err.message ?? String(e);
}

export function run(): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      if (e instanceof UsageError || (e as { code?: string })?.code?.startsWith?.('ERR_PARSE_ARGS')) {
        process.stderr.write(`loopwise: ${(e as Error).message}\n\n${USAGE}\n`);
      } else if (e instanceof CliError || e instanceof UnreadableRootError) {
        process.stderr.write(`loopwise: ${e.message}\n`);
      } else {
        process.stderr.write(`loopwise crashed: ${e instanceof Error ? e.stack : String(e)}\n`);
      }
      process.exitCode = 2;
    },
  );
}

if (require.main === module) run();
