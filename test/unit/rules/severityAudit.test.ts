// The severity audit in docs/design-notes.md is the list of rules allowed to report `error`:
// a rule that starts reporting errors (in its metadata or per finding) must be added there,
// with the reason its findings are certain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../../../server/src/engine/rules/index';
import { CORE_RULES } from '../../../server/src/engine/rules/core';
import { repoRoot } from '../../helpers/paths';

function auditedRules(): Set<string> {
  const notes = readFileSync(path.join(repoRoot(), 'docs', 'design-notes.md'), 'utf8');
  const rows = notes.split('\n').filter((l) => /^\s*\|\s*`[a-z]+\/[a-z-]+`\s*\|/.test(l));
  return new Set(rows.map((l) => /`([a-z]+\/[a-z-]+)`/.exec(l)![1]));
}

/** Rule source files that set `severity: 'error'` on a finding or compute it per finding. */
function rulesSettingErrorPerFinding(): string[] {
  const root = path.join(repoRoot(), 'server', 'src', 'engine', 'rules');
  const out: string[] = [];
  for (const dir of readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const file of readdirSync(path.join(root, dir.name)).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(path.join(root, dir.name, file), 'utf8');
      const report = text.indexOf('ctx.report(');
      if (report >= 0 && /'error'/.test(text.slice(report))) out.push(`${dir.name}/${file}`);
    }
  }
  return out;
}

test('every rule whose metadata says error is in the severity audit', () => {
  const audited = auditedRules();
  const errors = [...RULES, ...Object.values(CORE_RULES)].filter((r) => r.meta.severity === 'error').map((r) => r.meta.id);
  assert.ok(errors.length > 0);
  for (const id of errors) assert.ok(audited.has(id), `${id} reports errors but is not in the audit table of docs/design-notes.md`);
});

test('only audited rules choose error per finding', () => {
  const audited = auditedRules();
  const files = rulesSettingErrorPerFinding();
  assert.deepEqual(files.sort(), ['config/danglingReference.ts', 'pipeline/cycle.ts']);
  for (const id of ['config/dangling-reference', 'pipeline/cycle']) assert.ok(audited.has(id));
});
