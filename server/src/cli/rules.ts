// `loopwise rules` and `loopwise explain <id>`: the catalogue in the terminal.
import { readFileSync } from 'node:fs';
import { docsPagePath } from '../node/findUp';
import { ALL_RULE_METAS } from '../engine/rules/index';
import { UsageError } from './main';

export async function rulesCommand(args: string[]): Promise<number> {
  const json = args.includes('--json');
  if (json) {
    process.stdout.write(`${JSON.stringify(ALL_RULE_METAS, null, 2)}\n`);
    return 0;
  }
  const rows = ALL_RULE_METAS.map((m) => [m.id, m.severity, m.fixable ? 'fix' : '', m.description]);
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  const lines = rows.map(([id, sev, fix, desc]) => `${id.padEnd(w0)}  ${sev.padEnd(w1)}  ${fix.padEnd(3)}  ${desc}`);
  process.stdout.write(`${'rule'.padEnd(w0)}  ${'level'.padEnd(w1)}  fix  description\n${lines.join('\n')}\n`);
  return 0;
}

export async function explainCommand(args: string[]): Promise<number> {
  const id = args[0];
  if (!id) throw new UsageError('explain needs a rule id, e.g. `loopwise explain feedback/undocumented-loop`.');
  const meta = ALL_RULE_METAS.find((m) => m.id === id);
  if (!meta) throw new UsageError(`Unknown rule "${id}". Run \`loopwise rules\` for the list.`);
  const page = docsPage(id);
  process.stdout.write(page ?? `${meta.id} (${meta.severity})\n\n${meta.description}\n\nSources: ${meta.sources.join('; ')}\n`);
  return 0;
}

/** The docs page shipped beside the CLI (docs/rules/<id>.md). */
export function docsPage(id: string): string | undefined {
  const file = docsPagePath(id);
  return file ? readFileSync(file, 'utf8') : undefined;
}
