import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyse, ruleTester } from '../../../helpers/ruleTester';
import { undocumentedThreshold } from '../../../../server/src/engine/rules/config/undocumentedThreshold';

const service = (env: string, args = '') => `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: fraud-scorer
spec:
  predictor:
    model:
      modelFormat:
        name: sklearn
      storageUri: s3://acme-fraud-models/fraud-detector/v12
  transformer:
    containers:
      - name: kserve-container
        image: ghcr.io/acme/fraud-transformer:2.3.1
        args:
          - --feast_serving_url=feast-online.fraud.svc.cluster.local:6566
${args}        env:
${env}`;

const flag = '          - name: FLAG_THRESHOLD\n            value: "0.83"\n';

ruleTester(undocumentedThreshold, {
  valid: [
    {
      name: 'a commented threshold',
      files: { 'params.yaml': 'evaluate:\n  min_precision: 0.9      # release gate agreed with fraud-ops: at most 1 false alarm in 10\n' },
    },
    {
      name: 'a comment on the value',
      files: {
        'serving/inference-service.yaml': service(
          '          - name: FLAG_THRESHOLD\n            value: "0.83"  # keeps the review queue under 2,000 cases a day (fraud-ops, 2024-05)\n',
        ),
      },
    },
    {
      name: 'a thresholds entry in the card',
      files: {
        'serving/inference-service.yaml': service(flag),
        'mlsystem.yaml':
          'system: fraud\nthresholds:\n  - key: FLAG_THRESHOLD\n    value: 0.83\n    rationale: Keeps the review queue under 2,000 cases a day.\n',
      },
    },
    {
      name: 'hyperparameters, splits and counts are not cut-offs',
      files: {
        'params.yaml':
          'prepare:\n  test_size: 0.2\n  split: 0.2\ntrain:\n  learning_rate: 0.001\n  dropout: 0.3\n  min_split: 0.01\n  max_features: 0.5\n  alpha: 0.5\nserve:\n  max_retries: 3\n  min_replicas: 2\n  port: 8080\n',
      },
    },
    {
      name: 'physics simulation and controller constants are not cut-offs on a score',
      files: {
        'params.yaml':
          'sim:\n  physx:\n    bounce_threshold_velocity: 0.2\n    friction_offset_threshold: 0.01\nctrl:\n  clamp_rot_thresh: 0.000001\n',
      },
    },
    {
      name: "a detector's region-proposal and non-maximum-suppression cut-offs are model hyperparameters",
      files: {
        'params.yaml':
          'model:\n  rpn_score_thresh: 0.4\n  box_nms_thresh: 0.4\n  nms_threshold: 0.45\n  rvq_threshold_ema_dead_code: 0.1\n',
      },
    },
    {
      name: 'the grid searched for a threshold is not the threshold',
      files: { 'params.yaml': 'classifier:\n  threshold_grid_length_val: 0.1\n  threshold_grid_length_test: 0.05 # step\n' },
    },
  ],
  invalid: [
    {
      name: 'the fraud example: a decision threshold in an environment variable',
      files: { 'serving/inference-service.yaml': service(flag) },
      errors: [
        {
          file: 'serving/inference-service.yaml',
          line: 19,
          severity: 'warning',
          fixes: 2,
          message: /`FLAG_THRESHOLD` = 0.83 is a cut-off that decides what gets flagged, sampled or alerted, and nothing says why/,
        },
      ],
    },
    {
      name: 'a threshold passed as an argument',
      files: {
        'serving/inference-service.yaml': service(
          '          - name: LOG_LEVEL\n            value: info\n',
          '          - --threshold=0.7\n',
        ),
      },
      errors: [{ file: 'serving/inference-service.yaml', line: 17, message: /`threshold` = 0.7/ }],
    },
    {
      name: 'monitoring cut-offs and sampling rates in params.yaml',
      files: {
        'params.yaml':
          'monitoring:\n  drift:\n    psi_threshold: 0.2\n    alpha: 0.05\n  sampling_rate: 0.05\n  max_null_rate: 0.01\nevaluation:\n  classifier_threshold: 0.5\n  evaluation_iou_threshold: 0.4\n  box_score_thresh: 0.5\n',
      },
      errors: [
        { file: 'params.yaml', line: 3, message: /`psi_threshold` = 0.2/ },
        { file: 'params.yaml', line: 4, message: /`alpha` = 0.05/ },
        { file: 'params.yaml', line: 5, message: /`sampling_rate` = 0.05/ },
        { file: 'params.yaml', line: 6, message: /`max_null_rate` = 0.01/ },
        { file: 'params.yaml', line: 8, message: /`classifier_threshold` = 0.5/ },
        { file: 'params.yaml', line: 9, message: /`evaluation_iou_threshold` = 0.4/ },
        { file: 'params.yaml', line: 10, message: /`box_score_thresh` = 0.5/ },
      ],
    },
  ],
});

test('config/undocumented-threshold fix inserts a comment line above the value, at its indentation', async () => {
  const findings = await analyse({ 'params.yaml': 'monitoring:\n  psi_threshold: 0.2\n' }, [undocumentedThreshold]);
  assert.equal(findings.length, 1);
  const edit = findings[0].fixes![0].edits[0];
  assert.deepEqual(edit.range.start, { line: 1, character: 0 });
  assert.match(edit.newText, /^ {2}# \$\{1:Why this value[^}]*\}\n$/);
});
