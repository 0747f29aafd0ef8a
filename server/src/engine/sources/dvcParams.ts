// params.yaml beside a dvc.yaml (or any `params.yaml`): the parameters DVC stages reference.
import type { SourceAdapter } from './adapter';
import { emptyFacts } from '../model/facts';
import { parseYaml } from '../text/yaml';
import { defineParams } from './params';

export const dvcParamsAdapter: SourceAdapter = {
  format: 'dvc-params',
  displayName: 'DVC params',
  globs: ['**/params.{yaml,yml}'],
  contributes: { ownable: true },
  detect: (file) => /(^|\/)params\.ya?ml$/.test(file.path),
  parse(file) {
    const y = parseYaml(file.path, file.text);
    const facts = emptyFacts(file.path, 'dvc-params');
    facts.problems.push(...y.problems);
    defineParams(y, facts, file.path);
    return facts;
  },
};
