// An analysis cancelled part way (a newer edit came while it paused) must leave nothing half
// done: the next run sees every change since the last completed one, in every index it keeps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Analysis, type AnalysisResult } from '../../server/src/engine/analysis';

const TODAY = '2026-12-03';
const PARAMS = 'lr: 0.1\nseed: 1\nepochs: 10\n';
const DVC = (outs: string, params: string[]) =>
  `stages:\n  train:\n    cmd: python src/train.py\n    deps:\n      - src/train.py\n    params:\n${params.map((p) => `      - ${p}\n`).join('')}    outs:\n      - ${outs}\n`;

function findings(r: AnalysisResult): string[] {
  return r.findings.map((f) => `${f.file}:${f.range.start.line} ${f.ruleId} ${f.message}`).sort();
}

function cold(files: Record<string, string>): AnalysisResult {
  const a = new Analysis({ today: TODAY });
  for (const [p, t] of Object.entries(files)) a.setFile(p, t);
  return a.run();
}

test('an edit that links differently, cancelled while linking, is still seen by the rules that index references', async () => {
  for (let cancelAt = 1; cancelAt <= 4; cancelAt++) {
    const files: Record<string, string> = {
      'params.yaml': PARAMS,
      'dvc.yaml': DVC('models/model.pkl', ['lr', 'seed']),
      'src/train.py': 'print("train")\n',
      'other/dvc.yaml': DVC('models/other.pkl', ['lr']),
    };
    const a = new Analysis({ today: TODAY });
    for (const [p, t] of Object.entries(files)) a.setFile(p, t);
    const before = findings(a.run());
    assert.ok(
      before.some((f) => f.includes('config/unused-parameter') && f.includes('`epochs`')),
      `epochs is unused at first:\n${before.join('\n')}`,
    );
    // Now dvc.yaml reads epochs too and writes another output (it links differently); the run
    // that starts is cancelled at its cancelAt-th pause by an edit elsewhere.
    files['dvc.yaml'] = DVC('models/model-v2.pkl', ['lr', 'seed', 'epochs']);
    a.setFile('dvc.yaml', files['dvc.yaml']);
    let paused = 0;
    const result = await a.runCancellable(async () => {
      if (++paused === cancelAt) {
        files['other/dvc.yaml'] = DVC('models/other-v2.pkl', ['lr']);
        a.setFile('other/dvc.yaml', files['other/dvc.yaml']);
      }
    });
    assert.equal(result, undefined, `cancelled at pause ${cancelAt}`);
    assert.deepEqual(findings(a.run()), findings(cold(files)), `cancelled at pause ${cancelAt}`);
  }
});
