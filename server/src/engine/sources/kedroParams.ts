// Kedro parameters (conf/<env>/parameters*.yml, conf/<env>/parameters/**): every key path is a
// parameter that pipeline nodes reference as `params:<key>` (scope 'kedro', shared by all files).
import type { SourceAdapter } from './adapter';
import { emptyFacts } from '../model/facts';
import { parseTemplatedYaml } from '../text/yaml';
import { defineParams } from './params';

export const kedroParamsAdapter: SourceAdapter = {
  format: 'kedro-params',
  displayName: 'Kedro parameters',
  globs: ['**/conf/*/**/parameters*.{yaml,yml}', '**/conf/*/**/parameters*/**/*.{yaml,yml}'],
  contributes: { ownable: true },
  detect: (file) => isKedroConf(file.path, 'parameters') && /^["']?[\w.-]+["']?\s*:/m.test(file.text),
  parse(file) {
    const y = parseTemplatedYaml(file.path, file.text);
    const facts = emptyFacts(file.path, 'kedro-params');
    facts.problems.push(...y.problems);
    defineParams(y, facts, 'kedro');
    return facts;
  },
};

// Kedro's config loader patterns under `conf/<env>/`: `<kind>*.yml`, `<kind>*/**`, `**/<kind>*`
// (any path segment starting with the kind). Exported for the catalog adapter.
export function isKedroConf(path: string, kind: 'catalog' | 'parameters' | 'credentials'): boolean {
  const m = /(?:^|\/)conf\/[^/]+\/(.+)$/.exec(path);
  if (!m || !/\.ya?ml$/i.test(path)) return false;
  return m[1].split('/').some((segment) => segment.startsWith(kind));
}
