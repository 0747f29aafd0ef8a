import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { isCandidatePath } from '../../server/src/engine/sources/index';

/** The candidate files of a folder on disk as a workspace map (relative POSIX path -> text). */
export function workspaceFiles(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const abs = path.join(dir, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else {
        const rel = path.relative(root, abs).split(path.sep).join('/');
        if (isCandidatePath(rel)) out[rel] = readFileSync(abs, 'utf8');
      }
    }
  };
  walk(root);
  return out;
}
