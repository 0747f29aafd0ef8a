// The fixes offered on the running example, applied and re-analysed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixTester } from '../../helpers/fixTester';
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
    name: 'the reviewer-label loop is documented in the existing card',
    files,
    ruleId: 'feedback/undocumented-loop',
    title: /^Document this loop \(R1\) in mlsystem\.yaml$/,
    replaces: [''],
    preferred: true,
    snippet: true,
    remaining: 0,
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
  {
    name: 'the model pointer `latest` is pinned to a version to fill in',
    files,
    ruleId: 'config/unpinned-version',
    title: /^Pin s3:\/\/acme-fraud-models\/fraud-detector to a fixed version$/,
    replaces: ['/latest'],
    preferred: true,
    snippet: true,
    expect: { 'serving/inference-service.yaml': /\n {6}storageUri: s3:\/\/acme-fraud-models\/fraud-detector\/1\n/ },
    allowNew: {
      'pipeline/dangling-input':
        "the pinned model path is one the example's deploy job does not publish yet (it writes .../latest/model.pkl): pinning the reader is half of the change, publishing versioned models the other",
    },
  },
]);

test('no fix title or edit repeats the secret', async () => {
  const findings = await analyse(files);
  const secret = findings.find((f) => f.ruleId === 'config/secret-in-config')!;
  assert.doesNotMatch(JSON.stringify(secret.fixes), /Fr4ud/);
});
