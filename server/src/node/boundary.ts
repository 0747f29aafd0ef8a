// The workspace boundary: Loopwise reads and writes only files whose real path (every symlink
// resolved) lies inside the analysed root. A link to a folder or file elsewhere is listed in a
// notice, never followed: it could be a system file, another project, or a huge tree.
import { realpathSync } from 'node:fs';
import * as path from 'node:path';

const realRoots = new Map<string, string>();

function realRoot(root: string): string {
  let real = realRoots.get(root);
  if (real === undefined) {
    try {
      real = realpathSync(root);
    } catch {
      real = path.resolve(root);
    }
    realRoots.set(root, real);
  }
  return real;
}

/** Whether `real` (an already resolved path) lies inside the real path of `root`. */
export function isWithin(root: string, real: string): boolean {
  const rel = path.relative(realRoot(root), real);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}

/**
 * Whether `abs` resolves inside `root`. A path that does not exist yet counts by its nearest
 * existing ancestor (a file a fix creates).
 */
export function isInside(root: string, abs: string): boolean {
  for (let p = path.resolve(abs); ; p = path.dirname(p)) {
    try {
      return isWithin(root, realpathSync(p));
    } catch {
      if (p === path.dirname(p)) return false;
    }
  }
}
