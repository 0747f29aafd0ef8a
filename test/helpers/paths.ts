import * as path from 'node:path';
import { existsSync } from 'node:fs';

/** The repository root (the folder with package.json), found from a compiled test in out/. */
export function repoRoot(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'server'))) return dir;
  }
  throw new Error('repository root not found');
}

/** The public corpus kept in the repository: `test/corpus` (SOURCES.md, EXPECTED.md, files/). */
export const corpusRoot = () => path.join(repoRoot(), 'test', 'corpus');

/** The corpus files themselves, as `<owner>__<repo>/<original path>`. */
export const corpusFiles = () => path.join(corpusRoot(), 'files');

export const fraudExample = () => path.join(repoRoot(), 'examples', 'fraud-detection');
