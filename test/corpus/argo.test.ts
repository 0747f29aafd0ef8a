import { test } from 'node:test';
import assert from 'node:assert/strict';
import { argoAdapter } from '../../server/src/engine/sources/argo';
import { assertOnlyDetectedBy, corpusFile, parseClean, local } from './yamlCorpus';

const CRON =
  'shibuiwilliam__building-ml-system/chapter3_4_aianimals/infrastructure/manifests/argo/workflow/search_similar_image_search_train.yaml';
const WORKFLOW = 'amaslovskyi__ml-pipeline/argo-workflows/ml-pipeline.yaml';

test('EXPECTED 7: Argo CronWorkflow search_similar_image_search_train', () => {
  const file = corpusFile(CRON);
  assertOnlyDetectedBy(file, argoAdapter);
  const facts = parseClean(file, argoAdapter);
  const pipeline = 'search-similar-image-search-pipeline';
  assert.deepEqual(
    facts.stages.map((s) => s.name),
    ['search-similar-image-search-train', 'search-similar-image-search-update', 'search-similar-image-search-proxy-update'],
  );
  assert.ok(facts.stages.every((s) => s.pipeline === pipeline));
  // train -> update, train -> proxy-update (a parallel group).
  assert.deepEqual(
    facts.orders.map((o) => `${local(o.before)} -> ${local(o.after)}`),
    [
      `${pipeline}/search-similar-image-search-train -> ${pipeline}/search-similar-image-search-update`,
      `${pipeline}/search-similar-image-search-train -> ${pipeline}/search-similar-image-search-proxy-update`,
    ],
  );
  assert.deepEqual(
    facts.schedules.map((s) => [s.kind, s.expression]),
    [['cron', '0 * * * *']],
  );
  const values = new Map(facts.values.map((v) => [v.key, v.value]));
  assert.equal(values.get('spec.concurrencyPolicy'), 'Forbid');
  assert.equal(values.get('spec.startingDeadlineSeconds'), 0);
  const env = 'spec.workflowSpec.templates.search-similar-image-search-train.container.env';
  assert.equal(values.get(`${env}.MODEL_CONFIG`), 'mobilenet_v3_scann');
  assert.equal(values.get(`${env}.MLFLOW_EXPERIMENT`), 'search_similar_image_search');
  assert.equal(values.get(`${env}.POSTGRES_DB`), 'aianimals');
  assert.equal(values.get(`${env}.POSTGRES_PASSWORD`), 'password');
  assert.equal(values.get('spec.workflowSpec.templates.search-similar-image-search-train.container.imagePullPolicy'), 'Always');
  const update = 'spec.workflowSpec.templates.pipeline';
  assert.equal(values.get(`${update}.search-similar-image-search-update.arguments.parameters.deployment`), 'similar-image-search-serving');
  assert.equal(values.get(`${update}.search-similar-image-search-update.arguments.parameters.containers`), 'model-loader');
  assert.equal(
    values.get(`${update}.search-similar-image-search-proxy-update.arguments.parameters.deployment`),
    'similar-image-search-proxy',
  );
  assert.equal(values.get('spec.workflowSpec.templates.search-similar-image-search-update.container.args.TARGET_ARTIFACTS'), 'saved_model');
  assert.equal(values.get('spec.workflowSpec.templates.search-similar-image-search-proxy-update.container.args.PSEUDO_PREDICTION'), 0);
  assert.equal(values.get('spec.workflowSpec.templates.search-similar-image-search-update.container.args.n'), 'search');
  // Output param mlflow-params (valueFrom /tmp/output.json) flows from train to both updates.
  const io = facts.io.map((i) => `${local(i.stage).split('/')[1]} ${i.direction} ${i.artifact.name}`);
  assert.deepEqual(io, [
    'search-similar-image-search-update reads search-similar-image-search-train.mlflow-params',
    'search-similar-image-search-proxy-update reads search-similar-image-search-train.mlflow-params',
    'search-similar-image-search-train writes search-similar-image-search-train.mlflow-params',
  ]);
  assert.deepEqual(
    facts.versions.map((v) => `${v.name}:${v.version}`),
    [
      'shibui/building-ml-system:ai_animals_search_similar_image_search_train_0.0.0',
      'shibui/building-ml-system:ai_animals_k8s_client_0.0.0',
      'shibui/building-ml-system:ai_animals_k8s_client_0.0.0',
    ],
  );
  assert.equal(facts.stages[0].role, 'train');
});

test('amaslovskyi ml-pipeline: Argo DAG Workflow', () => {
  const file = corpusFile(WORKFLOW);
  assertOnlyDetectedBy(file, argoAdapter);
  const facts = parseClean(file, argoAdapter);
  assert.deepEqual(
    facts.stages.map((s) => [s.pipeline, s.name, s.image]),
    [
      ['ml-training-pipeline', 'data-preprocessing', 'python:3.9-slim'],
      ['ml-training-pipeline', 'feature-engineering', 'python:3.9-slim'],
      ['ml-training-pipeline', 'model-training', 'python:3.9-slim'],
      ['ml-training-pipeline', 'model-evaluation', 'python:3.9-slim'],
      ['ml-training-pipeline', 'model-registration', 'python:3.9-slim'],
    ],
  );
  assert.deepEqual(
    facts.orders.map((o) => `${local(o.before).split('/')[1]} -> ${local(o.after).split('/')[1]} (${o.via})`),
    [
      'data-preprocessing -> feature-engineering (dependencies)',
      'feature-engineering -> model-training (dependencies)',
      'model-training -> model-evaluation (dependencies)',
      'model-evaluation -> model-registration (dependencies)',
    ],
  );
  const params = facts.values
    .filter((v) => v.isParam && v.key.startsWith('spec.arguments.parameters.'))
    .map((v) => [v.key.slice('spec.arguments.parameters.'.length), v.value]);
  assert.deepEqual(params, [
    ['model-name', 'bert-classifier'],
    ['data-version', 'v1.0'],
    ['epochs', '3'],
    ['batch-size', '16'],
    ['dvc-s3-bucket', 'mlops-data-bucket-1754159204'],
    ['dvc-s3-region', 'us-east-1'],
  ]);
  // Every workflow parameter is referenced through {{workflow.parameters.x}}.
  const workflowScope = `${WORKFLOW}#ml-training-pipeline`;
  const referenced = new Set(facts.references.filter((r) => r.scope === workflowScope).map((r) => r.name));
  assert.deepEqual([...referenced].sort(), ['batch-size', 'data-version', 'dvc-s3-bucket', 'dvc-s3-region', 'epochs', 'model-name']);
  // AWS credentials come from a secret, not from the file.
  const secrets = facts.values.filter((v) => v.key.endsWith('.env.AWS_SECRET_ACCESS_KEY'));
  assert.equal(secrets.length, 5);
  assert.ok(secrets.every((v) => v.value === null));
  // Evaluation and registration install unpinned packages.
  const unpinned = facts.versions
    .filter((v) => v.subject === 'package' && v.version === undefined)
    .map((v) => `${local(v.stage!).split('/')[1]} ${v.name}`);
  assert.deepEqual(unpinned, [
    'model-evaluation pandas',
    'model-evaluation numpy',
    'model-evaluation scikit-learn',
    'model-registration mlflow',
    'model-registration pandas',
    'model-registration numpy',
    'model-registration scikit-learn',
    'model-registration dvc',
    'model-registration boto3',
    'model-registration joblib',
  ]);
});
