// Files shipped beside the bundles (docs/, media/, dist/) are found by walking up from the
// running code: dist/*.js in a package or checkout, out/**/*.js in tests.
import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** The first `<ancestor>/<rel>` that exists, from this module's folder up. */
export function findUp(rel: string, from = __dirname): string | undefined {
  for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, rel);
    if (existsSync(file)) return file;
  }
  return undefined;
}

/** A rule's documentation page (docs/rules/<category>/<name>.md). */
export function docsPagePath(ruleId: string): string | undefined {
  return findUp(path.join('docs', 'rules', `${ruleId}.md`));
}
