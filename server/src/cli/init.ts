// `loopwise init [path]`: writes a first mlsystem.yaml from what Loopwise inferred.
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { loadWorkspace } from '../node/workspace';
import { initialCard } from '../engine/card/init';
import { writeGroups } from '../node/safeWrite';
import { CliError, UsageError, targetFor } from './main';

export async function initCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { force: { type: 'boolean', default: false }, stdout: { type: 'boolean', default: false } },
  });
  const target = targetFor(positionals[0] ?? '.');
  if (target.only) throw new UsageError('init takes a workspace folder, not a file.');
  const ws = await loadWorkspace(target.root);
  const card = initialCard(ws.analysis.run(), { system: path.basename(target.root), today: new Date().toISOString().slice(0, 10) });
  if (values.stdout) {
    process.stdout.write(card);
    return 0;
  }
  const file = path.join(target.root, 'mlsystem.yaml');
  if (existsSync(file) && !values.force)
    throw new UsageError(
      `${path.relative(process.cwd(), file) || file} exists; use --force to overwrite it or --stdout to print a new card.`,
    );
  // Written like a fix: temp file and rename, never over a card that appeared or changed since it was read.
  const before = existsSync(file) ? (ws.analysis.text('mlsystem.yaml') ?? '') : undefined;
  const { skipped } = writeGroups(target.root, [[{ file: 'mlsystem.yaml', before, after: card }]]);
  if (skipped.length) throw new CliError(`Did not write ${path.relative(process.cwd(), file) || file}: it ${skipped[0].reason}.`);
  process.stderr.write(`Wrote ${path.relative(process.cwd(), file)}: fill in its TODOs.\n`);
  return 0;
}
