import { ruleTester } from '../../../helpers/ruleTester';
import { noFallback } from '../../../../server/src/engine/rules/resilience/noFallback';

const kserve = [
  'apiVersion: serving.kserve.io/v1beta1',
  'kind: InferenceService',
  'metadata:',
  '  name: fraud-scorer',
  'spec:',
  '  predictor:',
  '    model:',
  '      modelFormat:',
  '        name: sklearn',
  '      storageUri: s3://acme-fraud-models/fraud/v3',
  '  transformer:',
  '    containers:',
  '      - name: kserve-container',
  '        image: ghcr.io/acme/fraud-transformer:2.3.1',
  '        env:',
  '          - name: PREDICTIONS_TABLE',
  '            value: fraud.flagged_transactions',
  '',
].join('\n');
const deployment = (extraEnv = '') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: churn-api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/churn-api:0.9.0\n          args: [python, serve.py]\n          env:\n            - name: MODEL_URI\n              value: s3://acme/churn/v12\n${extraEnv}`;
const cronJob =
  'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: nightly-scoring\nspec:\n  schedule: "0 3 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n            - name: score\n              image: ghcr.io/acme/batch-score:1.0.0\n              args: [python, score.py]\n';
const bento =
  'service: "service.py:svc"\nlabels:\n  owner: ml-platform\n  project: churn\nmodels:\n  - churn_classifier:v12\npython:\n  packages:\n    - scikit-learn==1.5.2\n';
const card = (fallbacks = '') => `system: card-fraud\n${fallbacks}`;

ruleTester(noFallback, {
  valid: [
    { name: 'without a card there is nowhere to declare a fallback', files: { 'serving/inference-service.yaml': kserve } },
    {
      name: 'a fallback for the service by name',
      files: {
        'serving/inference-service.yaml': kserve,
        'mlsystem.yaml': card(
          'fallbacks:\n  - stage: fraud-scorer\n    fallback: Rules engine v7 scores transactions when the endpoint is unhealthy.\n',
        ),
      },
    },
    {
      name: 'a fallback for one component as service/component',
      files: {
        'serving/inference-service.yaml': kserve,
        'mlsystem.yaml': card('fallbacks:\n  - stage: fraud-scorer/predictor\n    fallback: previous model version\n'),
      },
    },
    {
      name: 'a degradation setting on the serving container',
      files: {
        'k8s/churn.yaml': deployment('            - name: FALLBACK_MODEL_URI\n              value: s3://acme/churn/v11\n'),
        'mlsystem.yaml': card(),
      },
    },
    { name: 'a batch scoring CronJob is retried, not failed over', files: { 'k8s/nightly.yaml': cronJob, 'mlsystem.yaml': card() } },
  ],
  invalid: [
    {
      name: 'an InferenceService with two components is one service',
      files: {
        'serving/inference-service.yaml': kserve,
        'mlsystem.yaml': card('fallbacks:\n  - stage: some-other-service\n    fallback: static rules\n'),
      },
      errors: [
        {
          file: 'serving/inference-service.yaml',
          line: 6,
          severity: 'warning',
          related: 1,
          message: /^Service `fraud-scorer` \(serving\/inference-service.yaml\) has no fallback.*`fallbacks:` in mlsystem.yaml/,
        },
      ],
    },
    {
      name: 'a Kubernetes Deployment serving a model',
      files: { 'k8s/churn.yaml': deployment(), 'mlsystem.yaml': card() },
      errors: [{ file: 'k8s/churn.yaml', line: 9, message: /^Service `churn-api` \(k8s\/churn.yaml\) has no fallback/ }],
    },
    {
      name: 'a BentoML service',
      files: { 'bentofile.yaml': bento, 'mlsystem.yaml': card() },
      errors: [{ file: 'bentofile.yaml', line: 1, message: /^Service `churn` \(bentofile.yaml\) has no fallback/ }],
    },
  ],
});
