// `loopwise files`: each file read, as which format, with what it contributed; then what was
// read only for versions or project roots, and the candidate files no format recognised.
import { parseArgs } from 'node:util';
import { loadWorkspace } from '../node/workspace';
import { UsageError, targetFor, writeOutput, checkOutputPath } from './main';
import { countByFormat, summariseSources, type SourceEntry, type SourcesSummary } from '../engine/sources/summary';

export async function filesCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string', default: 'text' }, output: { type: 'string', short: 'o' }, all: { type: 'boolean' } },
  });
  if (values.format !== 'text' && values.format !== 'json')
    throw new UsageError(`Unknown files format "${values.format}" (expected text, json).`);
  if (positionals.length > 1) throw new UsageError('files takes one workspace folder.');
  checkOutputPath(values.output);
  const target = targetFor(positionals[0] ?? '.');
  const ws = await loadWorkspace(target.root);
  const summary = summariseSources(ws.analysis.run().facts, ws.analysis.paths());
  const text = values.format === 'json' ? `${JSON.stringify(summary, null, 2)}\n` : renderText(summary, ws.notices, !!values.all);
  await writeOutput(text, values.output);
  return 0;
}

function renderText(summary: SourcesSummary, notices: readonly string[], all: boolean): string {
  const lines: string[] = [];
  const counts = countByFormat(summary);
  lines.push(`Read ${count(summary.read.length, 'file')}: ${counts.map(([name, n]) => `${name} ${n}`).join(', ') || 'none'}.`, '');
  const width = Math.max(0, ...summary.read.map((e) => e.file.length));
  for (const e of summary.read) lines.push(`  ${e.file.padEnd(width)}  ${e.name.padEnd(20)}  ${contribution(e)}`);
  if (summary.support.length) lines.push('', `Read for versions and project roots: ${summary.support.join(', ')}.`);
  if (summary.unrecognised.length) {
    const listed = all ? summary.unrecognised : summary.unrecognised.slice(0, 10);
    lines.push('', `Not recognised as any format (${count(summary.unrecognised.length, 'YAML or Python file')}):`);
    for (const f of listed) lines.push(`  ${f}`);
    if (listed.length < summary.unrecognised.length)
      lines.push(`  … and ${summary.unrecognised.length - listed.length} more (--all lists them)`);
  }
  for (const n of notices) lines.push('', n);
  return `${lines.join('\n')}\n`;
}

function contribution(e: SourceEntry): string {
  const parts: string[] = [];
  if (e.stages) parts.push(count(e.stages, 'stage'));
  if (e.reads) parts.push(count(e.reads, 'read'));
  if (e.writes) parts.push(count(e.writes, 'write'));
  if (e.values) parts.push(count(e.values, 'value'));
  if (e.owners) parts.push(count(e.owners, 'owner rule'));
  if (e.format === 'card') parts.push('the system card');
  if (e.notices) parts.push(count(e.notices, 'notice'));
  return parts.join(', ') || 'nothing (see its notices)';
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}
