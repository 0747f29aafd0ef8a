import * as path from 'node:path';
import { existsSync } from 'node:fs';

/** The repository root (the folder with package.json), found from a compiled test in out/. */
export function repoRoot(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'server'))) return dir;
  }
  throw new Error('repository root not found');
}

/** ../shared/corpus beside the repository (as CI clones it), or undefined. */
export function corpusRoot(): string {
  for (let dir = repoRoot(); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared', 'corpus');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('shared/corpus not found next to the repository');
}

export const fraudExample = () => path.join(repoRoot(), 'examples', 'fraud-detection');
