import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeownersAdapter } from '../../../server/src/engine/sources/codeowners';
import { analyse } from '../../helpers/ruleTester';
import { run, textAt } from './yamlFacts';

const OWNERS =
  '# owners\n* @acme/platform\n/dags/ @acme/data-eng alice@example.com  # the DAGs\nserving/** @acme/ml-serving not-an-owner\n';

test('detects CODEOWNERS where GitHub looks for it', () => {
  for (const p of ['CODEOWNERS', '.github/CODEOWNERS', 'docs/CODEOWNERS'])
    assert.equal(codeownersAdapter.detect({ path: p, text: '' }), true, p);
  assert.equal(codeownersAdapter.detect({ path: 'OWNERS', text: '' }), false);
});

test('one rule per line, in file order (the last match wins), comments left out', () => {
  const facts = run(codeownersAdapter, '.github/CODEOWNERS', OWNERS);
  assert.deepEqual(
    facts.ownerRules.map((r) => [r.base, r.pattern, r.owners, r.order]),
    [
      ['', '*', ['@acme/platform'], 0],
      ['', '/dags/', ['@acme/data-eng', 'alice@example.com'], 1],
      ['', 'serving/**', ['@acme/ml-serving', 'not-an-owner'], 2],
    ],
  );
  assert.equal(textAt(OWNERS, facts.ownerRules[1].range), '/dags/ @acme/data-eng alice@example.com');
});

test('an owner that is neither @user, @org/team nor an email is a warning, reported as loopwise/invalid-config', async () => {
  const facts = run(codeownersAdapter, 'CODEOWNERS', OWNERS);
  assert.deepEqual(
    facts.problems.map((p) => [p.severity, p.range.range.start.line]),
    [['warning', 3]],
  );
  const findings = await analyse({ CODEOWNERS: OWNERS });
  const invalid = findings.filter((f) => f.ruleId === 'loopwise/invalid-config');
  assert.deepEqual(
    invalid.map((f) => [f.file, f.range.start.line, f.severity]),
    [['CODEOWNERS', 3, 'warning']],
  );
  assert.match(invalid[0].message, /not-an-owner/);
});
