import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyse } from '../helpers/ruleTester';
import { parseDirectives } from '../../server/src/engine/suppressions';

test('directive grammar: ids, until, reason', () => {
  const [d] = parseDirectives(
    'f.yaml',
    'x: 1  # loopwise-ignore config/hardcoded-path, config/secret-in-config until 2027-01-31: rotated weekly\n',
  );
  assert.deepEqual(d.rules, ['config/hardcoded-path', 'config/secret-in-config']);
  assert.equal(d.until, '2027-01-31');
  assert.equal(d.reason, 'rotated weekly');
  assert.equal(d.line, 0);
});

test('a suppression on the line or the line above silences the finding', async () => {
  const same = await analyse({ 'params.yaml': 'data: /Users/alice/x  # loopwise-ignore config/hardcoded-path: laptop-only demo config\n' });
  assert.deepEqual(
    same.map((f) => f.ruleId),
    [],
  );
  const above = await analyse({
    'params.yaml': '# loopwise-ignore config/hardcoded-path: laptop-only demo config\ndata: /Users/alice/x\n',
  });
  assert.deepEqual(
    above.map((f) => f.ruleId),
    [],
  );
});

test('no reason, an expired date, and an unused suppression are reported', async () => {
  const noReason = await analyse({ 'params.yaml': 'data: /Users/alice/x  # loopwise-ignore config/hardcoded-path\n' });
  assert.deepEqual(
    noReason.map((f) => f.ruleId),
    ['loopwise/suppression-without-reason'],
  );
  const expired = await analyse(
    { 'params.yaml': 'data: /Users/alice/x  # loopwise-ignore config/hardcoded-path until 2026-01-01: temporary\n' },
    undefined,
    '2026-11-27',
  );
  assert.deepEqual(expired.map((f) => f.ruleId).sort(), ['config/hardcoded-path', 'loopwise/expired-suppression']);
  const unused = await analyse({ 'params.yaml': 'data: data/x  # loopwise-ignore config/hardcoded-path: not needed\n' });
  assert.deepEqual(
    unused.map((f) => f.ruleId),
    ['loopwise/unused-suppression'],
  );
});

test('card ignores by path and severity overrides', async () => {
  const files = { 'legacy/params.yaml': 'data: /Users/alice/x\n', 'params.yaml': 'data: /home/bob/x\n' };
  const ignored = await analyse({
    ...files,
    'mlsystem.yaml': 'ignore:\n  - path: "legacy/**"\n    rules: [config/hardcoded-path]\n    reason: frozen until migration\n',
  });
  assert.deepEqual(
    ignored.map((f) => f.file),
    ['params.yaml'],
  );
  const raised = await analyse({ ...files, 'mlsystem.yaml': 'rules:\n  config/hardcoded-path: error\n' });
  assert.deepEqual(
    raised.map((f) => f.severity),
    ['error', 'error'],
  );
  const off = await analyse({ ...files, 'mlsystem.yaml': 'rules:\n  config/hardcoded-path: off\n' });
  assert.deepEqual(off, []);
});

test('card ignores accept category patterns like inline directives do', async () => {
  const files = { 'legacy/params.yaml': 'data: /Users/alice/x\n', 'params.yaml': 'data: /home/bob/x\n' };
  const ignored = await analyse({
    ...files,
    'mlsystem.yaml': 'ignore:\n  - path: "legacy/**"\n    rules: [config/*]\n    reason: frozen until migration\n',
  });
  assert.deepEqual(
    ignored.map((f) => f.file),
    ['params.yaml'],
  );
});

test("a test suite's fixtures report only a plaintext credential", async () => {
  const argo = (image: string) =>
    `apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  generateName: hello-\nspec:\n  entrypoint: hello\n  templates:\n    - name: hello\n      container:\n        image: ${image}\n        command: [cowsay, hello]\n`;
  const live = await analyse({ 'workflows/hello.yaml': argo('docker/whalesay:latest') });
  assert.deepEqual(
    live.map((f) => f.ruleId),
    ['config/unpinned-version'],
  );
  for (const fixture of ['couler/tests/test_data/dag_golden_1.yaml', 'pkg/controller/testdata/hello.yaml', 'test/data/deploy/hello.yaml']) {
    const found = await analyse({ [fixture]: argo('docker/whalesay:latest') });
    assert.deepEqual(
      found.map((f) => f.ruleId),
      [],
      fixture,
    );
  }
  const secret = await analyse({ 'tests/fixtures/params.yaml': 'aws_secret_access_key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n' });
  assert.deepEqual(
    secret.map((f) => f.ruleId),
    ['config/secret-in-config'],
  );
});
