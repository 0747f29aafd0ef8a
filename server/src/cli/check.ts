// `loopwise check`: analyse each target, optionally fix (`--fix` writes, `--fix-dry-run`
// prints the diff), optionally keep only what a change touches (`--changed-since`), and
// report in one of the formats (stylish, json, sarif, github, markdown).
import { parseArgs } from 'node:util';
import * as path from 'node:path';
import type { Finding } from '../engine/model/finding';
import { ALL_RULE_METAS } from '../engine/rules/index';
import type { AnalysisResult } from '../engine/analysis';
import { toGraphJson } from '../engine/model/graphJson';
import { toMermaid } from '../engine/render/mermaid';
import { loadWorkspace } from '../node/workspace';
import { FactsCache } from '../node/factsCache';
import { formatStylish } from './format/stylish';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { formatGithub } from './format/github';
import { formatMarkdown, type Diagram } from './format/markdown';
import { formatTimings } from './format/timing';
import { changedFiles, GitError, nodesInChanged, touchesChanged } from './changed';
import { fixInMemory, unifiedDiff, writeChanges, type FileChange } from './fix';
import { UsageError, VERSION, checkOutputPath, targetFor, writeOutput } from './main';
import { coverageNotices, emptyCoverage, type Coverage } from './format/coverage';

const FORMATS = ['stylish', 'json', 'sarif', 'github', 'markdown'];

interface CheckOptions {
  format: string;
  output?: string;
  maxWarnings?: number;
  quiet: boolean;
  exitZero: boolean;
  fix: boolean;
  dryRun: boolean;
  changedSince?: string;
  timing: boolean;
  cache?: FactsCache;
}

interface TargetReport {
  root: string;
  findings: Finding[];
  changes: Map<string, FileChange>;
  applied: number;
  secrets: string[];
  diagram?: Diagram;
  coverage: Coverage;
}

export async function checkCommand(args: string[]): Promise<number> {
  const { options, positionals } = parseCheckArgs(args);
  checkOutputPath(options.output);
  const reports: TargetReport[] = [];
  for (const arg of positionals.length ? positionals : ['.']) reports.push(await checkTarget(arg, options));
  saveCache(options.cache);
  const findings = sortFindings(reports.flatMap((r) => r.findings));
  const coverage = mergedCoverage(reports);
  // The stylish report on a terminal shows these itself; every other way, stderr tells the user too.
  if (options.format !== 'stylish' || options.output || options.dryRun)
    for (const notice of coverageNotices(coverage)) process.stderr.write(`loopwise: ${notice}\n`);
  if (options.dryRun) {
    const diff = reports.map((r) => unifiedDiff(r.changes, (file) => display(r.root, file), r.secrets)).join('');
    await writeOutput(diff, options.output);
    process.stderr.write(fixSummary(reports, 'would fix'));
  } else {
    await writeOutput(render(findings, reports, options, coverage), options.output);
    if (options.fix) process.stderr.write(fixSummary(reports, 'fixed'));
  }
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  if (options.exitZero) return 0;
  return errors > 0 || (options.maxWarnings !== undefined && warnings > options.maxWarnings) ? 1 : 0;
}

function parseCheckArgs(args: string[]): { options: CheckOptions; positionals: string[] } {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'stylish' },
      output: { type: 'string', short: 'o' },
      'max-warnings': { type: 'string' },
      quiet: { type: 'boolean', default: false },
      'exit-zero': { type: 'boolean', default: false },
      fix: { type: 'boolean', default: false },
      'fix-dry-run': { type: 'boolean', default: false },
      'changed-since': { type: 'string' },
      timing: { type: 'boolean', default: false },
      cache: { type: 'boolean', default: false },
      'cache-location': { type: 'string' },
    },
  });
  const format = values.format!;
  if (!FORMATS.includes(format))
    throw new UsageError(`Unknown format "${format}" (expected ${FORMATS.slice(0, -1).join(', ')} or ${FORMATS[FORMATS.length - 1]}).`);
  const maxWarnings = values['max-warnings'] === undefined ? undefined : Number(values['max-warnings']);
  if (maxWarnings !== undefined && !Number.isInteger(maxWarnings)) throw new UsageError('--max-warnings takes a whole number.');
  if (values.fix && values['fix-dry-run']) throw new UsageError('Use either --fix or --fix-dry-run, not both.');
  if (values['changed-since'] !== undefined && values['changed-since'].trim() === '')
    throw new UsageError('--changed-since takes a git ref, e.g. origin/main.');
  const options = {
    format,
    output: values.output,
    maxWarnings,
    quiet: !!values.quiet,
    exitZero: !!values['exit-zero'],
    fix: !!values.fix,
    dryRun: !!values['fix-dry-run'],
    changedSince: values['changed-since'],
    timing: !!values.timing,
    cache: cacheFor(values.cache, values['cache-location']),
  };
  return { options, positionals };
}

async function checkTarget(arg: string, options: CheckOptions): Promise<TargetReport> {
  const target = targetFor(arg);
  const changed = options.changedSince === undefined ? undefined : gitChanged(target.root, options.changedSince);
  const ws = await loadWorkspace(target.root, {}, options.cache);
  const keep = (f: Finding, result: AnalysisResult) =>
    (!target.only || f.file === target.only || f.related.some((r) => r.file === target.only)) &&
    (!options.quiet || f.severity === 'error') &&
    (!changed || touchesChanged(f, changed, result));
  let changes = new Map<string, FileChange>();
  let applied = 0;
  let secrets: string[] = [];
  if (options.fix || options.dryRun) {
    const outcome = fixInMemory(ws.analysis, ws.root, (f) => keep(f, ws.analysis.run()));
    ({ files: changes, applied, secrets } = outcome);
    if (options.fix) {
      const written = writeChanges(ws.root, outcome);
      for (const { file, reason } of written.skipped) {
        process.stderr.write(`loopwise: not fixed: ${display(ws.root, file)} ${reason}; the file is left as it is.\n`);
        const before = changes.get(file)?.before;
        if (before === undefined) ws.analysis.removeFile(file);
        else ws.analysis.setFile(file, before);
        changes.delete(file);
      }
    }
  }
  const result = ws.analysis.run();
  options.cache?.remember(ws.root, ws.analysis);
  const findings = result.findings.filter((f) => keep(f, result));
  const diagram = options.format === 'markdown' ? diagramFor(result, findings, changed, path.basename(ws.root)) : undefined;
  if (options.timing)
    process.stderr.write(
      formatTimings(`${path.relative(process.cwd(), ws.root) || '.'} (${ws.files} files)`, ws.analysis.timings.entries()),
    );
  const coverage: Coverage = {
    unreadable: ws.walk.unreadable.map((u) => ({ path: display(ws.root, u.path), reason: u.reason })),
    outside: ws.walk.outside.map((o) => ({ path: display(ws.root, o.path), target: o.target })),
    notices: ws.notices.filter((n) => n.startsWith('Stopped after')),
  };
  return { root: ws.root, findings: findings.map((f) => displayed(ws.root, f)), changes, applied, secrets, diagram, coverage };
}

/** `--cache` keeps facts in .loopwise-cache in the current folder; `--cache-location` names another file (and implies --cache). */
function cacheFor(enabled: boolean | undefined, location: string | undefined): FactsCache | undefined {
  if (!enabled && location === undefined) return undefined;
  if (location !== undefined && location.trim() === '') throw new UsageError('--cache-location takes a file path.');
  return new FactsCache(path.resolve(location ?? '.loopwise-cache'), VERSION);
}

/** A cache that cannot be written costs the next run time, not this run its report. */
function saveCache(cache: FactsCache | undefined): void {
  try {
    cache?.save();
  } catch (e) {
    process.stderr.write(`Loopwise could not write its cache ${cache!.file}: ${(e as Error).message}\n`);
  }
}

function gitChanged(root: string, ref: string): Set<string> {
  try {
    return changedFiles(root, ref);
  } catch (e) {
    if (e instanceof GitError) throw new UsageError(e.message);
    throw e;
  }
}

/** The graph around what the findings and the change are about (the whole graph when that is small). */
function diagramFor(
  result: AnalysisResult,
  findings: readonly Finding[],
  changed: ReadonlySet<string> | undefined,
  title: string,
): Diagram | undefined {
  const touched = new Set([...findings.flatMap((f) => f.nodes ?? []), ...(changed ? nodesInChanged(changed, result) : [])]);
  if (touched.size === 0) return undefined;
  const graph = toGraphJson(result.graph, result.loops, result.findings, result.card);
  const known = [...touched].filter((id) => result.graph.nodes.has(id));
  const { text } = toMermaid(graph, findings, { focus: { nodes: known, hops: 1 }, collapse: 'auto', direction: 'LR' });
  return { title, mermaid: text };
}

/** Paths relative to the current folder, as the user typed them. */
function display(root: string, file: string): string {
  return path.relative(process.cwd(), path.join(root, file)).split(path.sep).join('/') || file;
}

function displayed(root: string, f: Finding): Finding {
  const d = (file: string) => display(root, file);
  return {
    ...f,
    file: d(f.file),
    related: f.related.map((r) => ({ ...r, file: d(r.file) })),
    fixes: f.fixes?.map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, file: d(e.file) })) })),
  };
}

function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      a.ruleId.localeCompare(b.ruleId),
  );
}

function mergedCoverage(reports: readonly TargetReport[]): Coverage {
  const all = emptyCoverage();
  for (const r of reports) {
    all.unreadable.push(...r.coverage.unreadable);
    all.outside.push(...r.coverage.outside);
    all.notices.push(...r.coverage.notices);
  }
  return all;
}

function render(findings: Finding[], reports: TargetReport[], options: CheckOptions, coverage: Coverage): string {
  switch (options.format) {
    case 'json':
      return formatJson(findings, {
        unreadable: coverage.unreadable,
        outsideWorkspace: coverage.outside,
        notices: coverageNotices(coverage),
      });
    case 'sarif':
      return formatSarif(findings, ALL_RULE_METAS, VERSION, coverage);
    case 'github':
      return formatGithub(findings, coverage);
    case 'markdown':
      return formatMarkdown({
        findings,
        diagrams: reports.flatMap((r) => (r.diagram ? [r.diagram] : [])),
        changedSince: options.changedSince,
        link: githubLink(),
        coverage,
      });
    default:
      return formatStylish(findings, !options.output && process.stdout.isTTY === true && !process.env.NO_COLOR, coverage);
  }
}

/** Links to the files on GitHub when run in a workflow (or LOOPWISE_LINK_BASE names a `…/blob/<sha>` URL). */
function githubLink(): ((file: string, line: number, endLine: number) => string | undefined) | undefined {
  const env = process.env;
  const base =
    env.LOOPWISE_LINK_BASE ||
    (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_SHA
      ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/blob/${env.GITHUB_SHA}`
      : undefined);
  if (!base) return undefined;
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  return (file, line, endLine) => {
    const rel = path.relative(workspace, path.resolve(file)).split(path.sep).join('/');
    if (rel.startsWith('../')) return undefined;
    return `${base.replace(/\/$/, '')}/${rel.split('/').map(encodeURIComponent).join('/')}#L${line}${endLine > line ? `-L${endLine}` : ''}`;
  };
}

function fixSummary(reports: readonly TargetReport[], verb: string): string {
  const files = reports.flatMap((r) => [...r.changes.keys()].map((f) => display(r.root, f)));
  const applied = reports.reduce((n, r) => n + r.applied, 0);
  if (files.length === 0) return `Nothing to fix automatically.\n`;
  return `Loopwise ${verb} ${applied} finding${applied === 1 ? '' : 's'} in ${files.length} file${files.length === 1 ? '' : 's'}: ${files.join(', ')}\n`;
}
