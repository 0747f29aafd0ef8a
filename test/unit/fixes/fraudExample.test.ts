// The fixes offered on the running example, applied and re-analysed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, checkEveryFix, fixTester } from '../../helpers/fixTester';
import { analyse } from '../../helpers/ruleTester';
import { fraudExample } from '../../helpers/paths';
import { workspaceFiles } from '../../helpers/workspaceFiles';

const files = workspaceFiles(fraudExample());

fixTester([
  {
    name: 'the plaintext warehouse password becomes a GitHub Actions secret',
    files,
    ruleId: 'config/secret-in-config',
    title: /^Read WAREHOUSE_PASSWORD from the GitHub Actions secret secrets\.WAREHOUSE_PASSWORD$/,
    replaces: ['"Fr4ud-w4rehouse-2024"'],
    preferred: true,
    snippet: false,
    expect: { '.github/workflows/retrain.yml': /\n {6}WAREHOUSE_PASSWORD: "\$\{\{ secrets\.WAREHOUSE_PASSWORD \}\}"\n/ },
  },
  {
    name: 'the reviewer-label loop gets a card entry to fill in; the warning stays until it is',
    files,
    ruleId: 'feedback/undocumented-loop',
    title: /^Document this loop \(R1\) in mlsystem\.yaml$/,
    replaces: [''],
    preferred: false,
    snippet: true,
    remaining: 1,
    expect: {
      'mlsystem.yaml': [
        /\nloops:\n {2}- name: reviewed-loop\n {4}hops:\n(?: {6}- .+\n)+ {4}polarity: R\n {4}owner: fraud-ml\n {4}monitor: what watches this loop\n {4}brake: what keeps this loop from running away\n$/,
        /s3:\/\/acme-fraud-data\/labels\/reviewed\.parquet/,
        /fraud\.flagged_transactions/,
      ],
    },
  },
  {
    name: 'the decision threshold gets a thresholds: entry in the card',
    files,
    ruleId: 'config/undocumented-threshold',
    title: /^Add a thresholds: entry for FLAG_THRESHOLD/,
    replaces: [''],
    preferred: false,
    snippet: true,
    expect: {
      'mlsystem.yaml':
        /\nthresholds:\n {2}- key: FLAG_THRESHOLD\n {4}file: serving\/inference-service\.yaml\n {4}value: 0\.83\n {4}rationale: why this value and what it trades off\n$/,
    },
  },
  {
    name: 'the decision threshold gets a comment',
    files,
    ruleId: 'config/undocumented-threshold',
    title: /^Add a comment saying why this value$/,
    replaces: [''],
    preferred: false,
    expect: {
      'serving/inference-service.yaml':
        /\n {12}# Why this value: what it trades off, who agreed it, when to revisit\n {12}value: "0\.83"\n/,
    },
  },
  {
    name: 'the nightly aggregate consumers wait for a Dataset the producer updates',
    files,
    ruleId: 'pipeline/schedule-race',
    title:
      /^Schedule merchant_risk_features, card_profile_features, fraud_kpi_report on Dataset\("warehouse\.txn_daily_agg"\), updated by aggregate_transactions$/,
    replaces: ['', '', '"0 3 * * *"', '"0 3 * * *"', '"30 3 * * *"', ''],
    preferred: true,
    snippet: false,
    remaining: 0,
    expect: {
      'dags/nightly_aggregates.py': [
        /\n {8}""",\n {8}outlets=\[Dataset\("warehouse\.txn_daily_agg"\)\],\n {4}\)\n$/,
        /\nfrom airflow\.datasets import Dataset\n/,
      ],
      'dags/daily_consumers.py': [
        /dag_id="merchant_risk_features", schedule=\[Dataset\("warehouse\.txn_daily_agg"\)\], start_date/,
        /dag_id="fraud_kpi_report", schedule=\[Dataset\("warehouse\.txn_daily_agg"\)\], start_date/,
        /\nfrom airflow\.datasets import Dataset\n/,
      ],
    },
  },
]);

test('no fix title or edit repeats the secret', async () => {
  const findings = await analyse(files);
  const secret = findings.find((f) => f.ruleId === 'config/secret-in-config')!;
  assert.doesNotMatch(JSON.stringify(secret.fixes), /Fr4ud/);
});

test('every fix on the example: honest values, nothing hidden, placeholders keep their finding', async () => {
  const titles = await checkEveryFix(files);
  assert.deepEqual(titles.sort(), [
    'Add a comment saying why this value',
    'Add a thresholds: entry for FLAG_THRESHOLD to mlsystem.yaml',
    'Document this loop (R1) in mlsystem.yaml',
    'Read WAREHOUSE_PASSWORD from the GitHub Actions secret secrets.WAREHOUSE_PASSWORD',
    'Schedule merchant_risk_features, card_profile_features, fraud_kpi_report on Dataset("warehouse.txn_daily_agg"), updated by aggregate_transactions',
  ]);
});

test('the `latest` model pointer gets no made-up version: its writer publishes there, so the finding says to pin both ends', async () => {
  const pin = (await analyse(files)).find((f) => f.ruleId === 'config/unpinned-version')!;
  assert.equal(pin.fixes, undefined);
  assert.match(pin.message, /stage `deploy` \(\.github\/workflows\/retrain\.yml\), publishes to this moving pointer, so pin both ends/);
  assert.deepEqual(
    pin.related.map((r) => `${r.file}:${r.range.start.line + 1}`),
    ['.github/workflows/retrain.yml:45'],
  );
});

test('the loop entry left as the fix wrote it is reported as incompletely documented; filled in, the loop is documented', async () => {
  const findings = await analyse(files);
  const loop = findings.find((f) => f.ruleId === 'feedback/undocumented-loop')!;
  const fix = loop.fixes!.find((x) => x.title.startsWith('Document this loop'))!;
  const placeholderCard = applyFix(files, fix, [''])['mlsystem.yaml'];
  const left = await analyse({ ...files, 'mlsystem.yaml': placeholderCard });
  const incomplete = left.filter((f) => f.ruleId === 'feedback/undocumented-loop');
  assert.equal(incomplete.length, 1);
  assert.equal(`${incomplete[0].file}:${incomplete[0].range.start.line + 1}`, 'dvc.yaml:8');
  assert.match(
    incomplete[0].message,
    /^Feedback loop R1 is incompletely documented: loop `reviewed-loop` in mlsystem\.yaml still has placeholder text in `monitor:` and `brake:`/,
  );
  assert.equal(incomplete[0].related[0].file, 'mlsystem.yaml');
  assert.ok(
    left.some((f) => f.ruleId === 'feedback/self-labeling'),
    'self-labeling stays: the placeholder brake is no audit sample',
  );

  const filled = placeholderCard
    .replace('what watches this loop', 'weekly flag-rate and fraud-share dashboard, paged to fraud-ml')
    .replace('what keeps this loop from running away', 'fraud-ops reviews a random audit sample of 1% of unflagged transactions');
  const documented = await analyse({ ...files, 'mlsystem.yaml': filled });
  assert.deepEqual(
    documented.filter((f) => f.ruleId.startsWith('feedback/')).map((f) => f.ruleId),
    [],
  );
});
