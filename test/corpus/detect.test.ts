// Every file of the public corpus (SOURCES.md) is detected as its format — by path and
// content, not by extension alone — and parses with no syntax problem.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Analysis } from '../../server/src/engine/analysis';
import { corpusFiles, corpusRoot } from '../helpers/paths';
import type { Format } from '../../server/src/engine/model/facts';

const FORMATS: Record<string, Format> = {
  'dvc-pipeline': 'dvc',
  'dvc-params': 'dvc-params',
  'github-actions': 'github-actions',
  'github-actions(yaml-in-.py)': 'github-actions',
  'airflow-dag': 'airflow',
  'kfp-compiled-ir': 'kfp',
  'argo-cronworkflow': 'argo',
  'argo-workflow': 'argo',
  'kedro-catalog': 'kedro-catalog',
  'kedro-params': 'kedro-params',
  'kedro-pipeline': 'kedro-pipeline',
  'feast-store-config': 'feast-config',
  'feast-definitions': 'feast',
  codeowners: 'codeowners',
  'mlflow-mlproject': 'mlflow',
  'hydra-config': 'hydra',
  'kserve-inferenceservice': 'kserve',
  'bentoml-bentofile': 'bentoml',
  // Kubernetes workloads running ML steps, plain or as Helm chart templates.
  'kubernetes-job': 'kubernetes',
  'kubernetes-deployment': 'kubernetes',
  'helm-template': 'kubernetes',
  'gitlab-ci': 'gitlab-ci',
  'tekton-pipeline': 'tekton',
  'tekton-task': 'tekton',
  'tekton-pipelinerun': 'tekton',
  'cloud-build': 'cloud-build',
  // Python pipeline SDKs (shared layer: sources/python/).
  'kfp-python-dsl': 'kfp-dsl',
  'metaflow-flow': 'metaflow',
  zenml: 'zenml',
  'zenml-config': 'zenml-config',
  flyte: 'flyte',
  'python-sdk-unsupported': 'python-sdk',
  tfx: 'tfx',
  'sagemaker-pipelines': 'sagemaker-pipelines',
  prefect: 'prefect',
  'prefect-yaml': 'prefect-yaml',
  dagster: 'dagster',
  // Serving and cloud ML YAML (helper/yaml-azure-seldon-ray).
  'azureml-pipeline-job': 'azureml',
  'azureml-command-job': 'azureml',
  'azureml-schedule': 'azureml',
  'azureml-online-deployment': 'azureml',
  'seldon-deployment': 'seldon',
  'seldon-v2-pipeline': 'seldon',
  'seldon-v2-model': 'seldon',
  'seldon-v2-experiment': 'seldon',
  'ray-service': 'ray-serve',
};

function sources(): Array<{ file: string; format: string }> {
  const text = readFileSync(path.join(corpusRoot(), 'SOURCES.md'), 'utf8');
  return text
    .split('\n')
    .filter((l) => /^\| [\w-]+\/[\w.-]+ \|/.test(l))
    .map((l) => l.split('|').map((c) => c.trim()))
    .map((c) => ({ file: `${c[1].replace('/', '__')}/${c[3].replace(/`/g, '')}`, format: c[4] }));
}

test('SOURCES.md lists the corpus', () => {
  assert.ok(sources().length >= 19);
});

test('every corpus file is detected as its format and parses without a syntax problem', async () => {
  const analysis = new Analysis({ today: '2026-11-27' });
  const entries = sources();
  for (const e of entries) analysis.setFile(e.file, readFileSync(path.join(corpusFiles(), e.file), 'utf8'));
  await analysis.init();
  const wrong: string[] = [];
  for (const e of entries) {
    const facts = analysis.factsOf(e.file);
    const expected = FORMATS[e.format];
    assert.ok(expected, `a Loopwise format for ${e.format}`);
    if (facts?.format !== expected) wrong.push(`${e.file}: ${facts?.format ?? 'not detected'} (expected ${expected})`);
    const bad = facts?.problems.filter((p) => p.severity === 'error' || p.syntax) ?? [];
    if (bad.length) wrong.push(`${e.file}: ${bad.map((p) => p.message).join('; ')}`);
  }
  assert.deepEqual(wrong, []);
});
