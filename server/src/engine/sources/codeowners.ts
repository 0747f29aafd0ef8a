// CODEOWNERS (GitHub semantics): `pattern owner...` lines, last matching pattern wins.
// Looked for where GitHub looks: the root, .github/ and docs/.
import type { SourceAdapter } from './adapter';
import { emptyFacts } from '../model/facts';
import { LineIndex, lineRange } from '../text/lineIndex';
import { dirname } from '../text/paths';

export const codeownersAdapter: SourceAdapter = {
  format: 'codeowners',
  displayName: 'CODEOWNERS',
  globs: ['**/CODEOWNERS'],
  detect: (file) => /^(\.github\/|docs\/)?CODEOWNERS$/.test(file.path) || /(^|\/)CODEOWNERS$/.test(file.path),
  parse(file) {
    const facts = emptyFacts(file.path, 'codeowners');
    const index = new LineIndex(file.text);
    const base = dirname(file.path).replace(/(^|\/)(\.github|docs)$/, '');
    let order = 0;
    for (let line = 0; line < index.lineCount; line++) {
      const text = index.line(line);
      const content = text.replace(/(^|\s)#.*$/, '').trim();
      if (!content) continue;
      const [pattern, ...owners] = content.split(/\s+/);
      const start = text.indexOf(pattern);
      const range = { file: file.path, range: lineRange(line, start, start + content.length) };
      if (/^\[.*\]$/.test(content)) continue; // GitLab-style section header
      if (owners.some((o) => !/^@[\w.-]+(\/[\w.-]+)?$|^[^@\s]+@[^@\s]+$/.test(o))) {
        facts.problems.push({
          message: `CODEOWNERS line has an owner that is neither @user, @org/team nor an email: ${owners.join(' ')}`,
          range,
          severity: 'warning',
        });
      }
      facts.ownerRules.push({ base, pattern, owners, order: order++, range });
    }
    return facts;
  },
};
