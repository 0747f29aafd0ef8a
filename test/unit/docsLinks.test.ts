// Rule links in diagnostics, SARIF and reports point at the rendered page in the repository.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../helpers/paths';
import { DOCS_BASE, docsUrl } from '../../server/src/engine/rules/rule';
import { RULES } from '../../server/src/engine/rules/index';
import { ruleDocsHref } from '../../server/src/lsp/convert';

test("every rule's link is <repository>/blob/main/docs/rules/<id>.md, and that page exists", () => {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as { repository?: string | { url?: string } };
  const repository = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  if (repository) {
    const base = repository
      .replace(/^git\+/, '')
      .replace(/\.git$/, '')
      .replace(/\/$/, '');
    assert.equal(DOCS_BASE, `${base}/blob/main/docs/rules/`, "package.json's repository and the docs links agree");
  }
  for (const rule of RULES) {
    const href = ruleDocsHref(rule.meta.id);
    assert.equal(href, docsUrl(rule.meta.id));
    assert.ok(href.startsWith('https://'), href);
    assert.ok(existsSync(path.join(repoRoot(), 'docs', 'rules', `${rule.meta.id}.md`)), `docs/rules/${rule.meta.id}.md`);
  }
});
