// A long rule written as a generator pauses where it says (`ctx.pauseDue()`), so a host answers
// requests meanwhile; run without pauses (the CLI) or with them, it reports the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Analysis } from '../../server/src/engine/analysis';
import type { Rule } from '../../server/src/engine/rules/rule';

const TODAY = '2026-12-03';
const AT = { file: 'params.yaml', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 2 } } };

function busyRule(id: string, ms: number, fail = false): Rule & { pauses: number } {
  const rule = {
    pauses: 0,
    meta: { id, category: 'config', severity: 'warning', description: 'busy', fixable: false, sources: [] },
    *check(ctx) {
      const end = performance.now() + ms;
      while (performance.now() < end)
        if (ctx.pauseDue()) {
          rule.pauses++;
          yield;
        }
      if (fail) throw new Error('broken after a pause');
      ctx.report({ at: AT, message: `${id} ran ${ctx.facts.length} file(s)` });
    },
  } satisfies Rule & { pauses: number };
  return rule;
}

function analysis(rules: Rule[]): Analysis {
  const a = new Analysis({ today: TODAY, rules });
  a.setFile('params.yaml', 'lr: 0.1\n');
  return a;
}

test('a generator rule pauses every few milliseconds and reports once', async () => {
  const rule = busyRule('test/busy', 40);
  let pauses = 0;
  const result = await analysis([rule]).runAsync(async () => {
    pauses++;
    await new Promise((resolve) => setImmediate(resolve));
  });
  assert.ok(rule.pauses >= 3, `the rule paused ${rule.pauses} times in 40 ms`);
  assert.ok(pauses >= rule.pauses, 'each pause of the rule is a pause of the analysis');
  assert.deepEqual(
    result.findings.filter((f) => f.ruleId === 'test/busy').map((f) => f.message),
    ['test/busy ran 1 file(s)'],
  );
  const drained = analysis([busyRule('test/busy', 40)]).run();
  assert.deepEqual(
    drained.findings.map((f) => [f.ruleId, f.message]),
    result.findings.map((f) => [f.ruleId, f.message]),
  );
});

test('a generator rule that throws after pausing loses its own findings, not the others', () => {
  const result = analysis([busyRule('test/broken', 20, true), busyRule('test/fine', 1)]).run();
  const ids = result.findings.map((f) => f.ruleId);
  assert.ok(ids.includes('loopwise/internal-error'), ids.join(', '));
  assert.ok(ids.includes('test/fine'));
  assert.ok(!ids.includes('test/broken'));
});
