// A RuleTester in ESLint's style: each case is a small workspace (path -> text); valid cases
// must yield no finding of the rule, invalid cases exactly the listed ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Analysis } from '../../server/src/engine/analysis';
import type { Rule } from '../../server/src/engine/rules/rule';
import type { Finding } from '../../server/src/engine/model/finding';

export interface ExpectedFinding {
  file: string;
  /** 1-based line, as editors show it. */
  line: number;
  message?: RegExp;
  severity?: Finding['severity'];
  related?: number;
  fixes?: number;
}

export interface RuleCase {
  name: string;
  files: Record<string, string>;
  today?: string;
}

export interface InvalidCase extends RuleCase {
  errors: ExpectedFinding[];
}

export async function analyse(files: Record<string, string>, rules?: Rule[], today = '2026-11-27'): Promise<Finding[]> {
  const analysis = new Analysis({ rules, today });
  for (const [path, text] of Object.entries(files)) analysis.setFile(path, text);
  await analysis.init();
  return analysis.run().findings;
}

export function ruleTester(rule: Rule, cases: { valid: RuleCase[]; invalid: InvalidCase[] }): void {
  for (const c of cases.valid) {
    test(`${rule.meta.id} valid: ${c.name}`, async () => {
      const found = (await analyse(c.files, [rule], c.today)).filter((f) => f.ruleId === rule.meta.id);
      assert.deepEqual(found.map(show), []);
    });
  }
  for (const c of cases.invalid) {
    test(`${rule.meta.id} invalid: ${c.name}`, async () => {
      const found = (await analyse(c.files, [rule], c.today)).filter((f) => f.ruleId === rule.meta.id);
      assert.equal(found.length, c.errors.length, `expected ${c.errors.length} finding(s), got:\n${found.map(show).join('\n')}`);
      const sorted = [...found].sort((a, b) => a.file.localeCompare(b.file) || a.range.start.line - b.range.start.line);
      const expected = [...c.errors].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
      expected.forEach((e, i) => {
        const f = sorted[i];
        assert.equal(f.file, e.file);
        assert.equal(f.range.start.line + 1, e.line, show(f));
        if (e.message) assert.match(f.message, e.message);
        if (e.severity) assert.equal(f.severity, e.severity);
        if (e.related !== undefined) assert.equal(f.related.length, e.related, show(f));
        if (e.fixes !== undefined) assert.equal(f.fixes?.length ?? 0, e.fixes, show(f));
      });
    });
  }
}

function show(f: Finding): string {
  return `${f.file}:${f.range.start.line + 1} ${f.ruleId} ${f.message}`;
}
