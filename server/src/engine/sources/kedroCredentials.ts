// Kedro credentials (conf/<env>/credentials*.yml, conf/<env>/credentials*/**): top-level keys that
// catalog entries name in `credentials:`. Read only for their values, so that a literal secret
// committed here is found; Kedro's own .gitignore keeps `conf/**/*credentials*` out of git, so a
// file that is in the workspace anyway deserves the look.
import type { SourceAdapter } from './adapter';
import { emptyFacts } from '../model/facts';
import { collectValues, mappings, parseTemplatedYaml } from '../text/yaml';
import { isKedroConf } from './kedroParams';

export const kedroCredentialsAdapter: SourceAdapter = {
  format: 'kedro-credentials',
  displayName: 'Kedro credentials',
  globs: ['**/conf/*/**/credentials*.{yaml,yml}', '**/conf/*/**/credentials*/**/*.{yaml,yml}'],
  contributes: { ownable: true },
  detect: (file) => isKedroConf(file.path, 'credentials') && /^["']?[\w.-]+["']?\s*:/m.test(file.text),
  parse(file) {
    const y = parseTemplatedYaml(file.path, file.text);
    const facts = emptyFacts(file.path, 'kedro-credentials');
    facts.problems.push(...y.problems);
    for (const root of mappings(y)) collectValues(y, root, '', facts.values);
    return facts;
  },
};
