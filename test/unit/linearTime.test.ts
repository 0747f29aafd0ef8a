// Regular expressions over file content must not backtrack catastrophically: inputs that took
// seconds to minutes before (quadratic scans from every unclosed opener) stay well under 1 s.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Analysis } from '../../server/src/engine/analysis';
import { parseYaml, templateSpans } from '../../server/src/engine/text/yaml';

function cpuMs(run: () => void): number {
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

test('YAML template masking is linear: 40,000 unclosed `{{ ` on one line (took 9 s)', () => {
  const text = `a: "${'{{ '.repeat(40_000)}"\nb: [\n`;
  const ms = cpuMs(() => parseYaml('x.yaml', text));
  assert.ok(ms < 1000, `${Math.round(ms)} ms`);
});

test('YAML template masking finds what the old expression found (fast-check against it on short texts)', () => {
  const OLD = /\{\{[^\n]*?\}\}|\{%[^\n]*?%\}|%[A-Z][A-Z0-9_]*%/g;
  const unit = fc.constantFrom('{', '}', '%', '\n', 'A', '_', '1', ' ', 'a');
  fc.assert(
    fc.property(fc.string({ unit, maxLength: 40 }), (text) => {
      assert.deepEqual(
        templateSpans(text),
        [...text.matchAll(OLD)].map((m) => [m.index, m.index + m[0].length]),
      );
    }),
    { seed: 1202, numRuns: 3000 },
  );
});

test('DVC interpolation is linear: 33,000 unclosed `${` in one command (took over two minutes)', () => {
  const analysis = new Analysis({ today: '2026-01-15' });
  analysis.setFile('dvc.yaml', `stages:\n  a:\n    cmd: "python a.py ${'${ '.repeat(33_000)}"\n`);
  const ms = cpuMs(() => analysis.run());
  assert.ok(ms < 1000, `${Math.round(ms)} ms`);
});

test('DVC interpolation still reads `${ name }` with spaces, and ignores `${}`', () => {
  const analysis = new Analysis({ today: '2026-01-15' });
  analysis.setFile('params.yaml', 'lr: 0.1\n');
  analysis.setFile('dvc.yaml', 'stages:\n  a:\n    cmd: python a.py --lr ${ lr } ${} ${missing}\n');
  const refs = analysis
    .run()
    .facts.find((f) => f.file === 'dvc.yaml')!
    .references.map((r) => r.name);
  assert.deepEqual(refs, ['lr', 'missing']);
});
