// The system card, mlsystem.yaml: Loopwise's own format (see card/).
import type { SourceAdapter } from './adapter';
import { emptyFacts } from '../model/facts';
import { parseYaml } from '../text/yaml';
import { parseCard } from '../card/parse';

export const cardAdapter: SourceAdapter = {
  format: 'card',
  displayName: 'Loopwise system card',
  globs: ['**/mlsystem.{yaml,yml}'],
  detect: (file) => /(^|\/)mlsystem\.ya?ml$/.test(file.path),
  parse(file) {
    const y = parseYaml(file.path, file.text);
    const facts = emptyFacts(file.path, 'card');
    facts.problems.push(...y.problems);
    if (y.problems.length) return facts;
    const { card, problems } = parseCard(y);
    facts.card = card;
    facts.problems.push(...problems);
    return facts;
  },
};
