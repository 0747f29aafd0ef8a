import { ruleTester } from '../../../helpers/ruleTester';
import { noHealthCheck } from '../../../../server/src/engine/rules/resilience/noHealthCheck';

const probe = (indent: string, path: string) => [
  `${indent}readinessProbe:`,
  `${indent}  httpGet:`,
  `${indent}    path: ${path}`,
  `${indent}    port: 8080`,
];
const kserve = (withProbes: boolean) =>
  [
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
    ...(withProbes ? probe('      ', '/v2/health/ready') : []),
    '  transformer:',
    '    containers:',
    '      - name: kserve-container',
    '        image: ghcr.io/acme/fraud-transformer:2.3.1',
    ...(withProbes ? probe('        ', '/v1/models/fraud-scorer') : []),
    '',
  ].join('\n');
const deployment = (probeOnApi: boolean) =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: churn-api',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: api',
    '          image: ghcr.io/acme/churn-api:0.9.0',
    '          args: [python, serve.py]',
    ...(probeOnApi ? probe('          ', '/ready') : []),
    '        - name: log-shipper',
    '          image: fluent/fluent-bit:3.0.4',
    '',
  ].join('\n');
const cronJob =
  'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: nightly-scoring\nspec:\n  schedule: "0 3 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n            - name: score\n              image: ghcr.io/acme/batch-score:1.0.0\n              args: [python, score.py]\n';
/** caikit-tgis-serving's tgis-isvc-grpc.yaml: the predictor names the runtime that serves it. */
const isvc = (runtime: string, annotations: string[] = []) =>
  [
    'apiVersion: serving.kserve.io/v1beta1',
    'kind: InferenceService',
    'metadata:',
    '  name: tgis-example-isvc-grpc',
    ...(annotations.length ? ['  annotations:', ...annotations.map((a) => `    ${a}`)] : []),
    'spec:',
    '  predictor:',
    '    model:',
    '      modelFormat:',
    '        name: pytorch',
    ...(runtime ? [`      runtime: ${runtime}`] : []),
    '      storageUri: s3://acme-models/flan-t5/v2',
    '',
  ].join('\n');
const runtime = (kind: string, withProbe: boolean) =>
  [
    'apiVersion: serving.kserve.io/v1alpha1',
    `kind: ${kind}`,
    'metadata:',
    '  name: tgis-runtime-grpc',
    'spec:',
    '  supportedModelFormats:',
    '    - autoSelect: true',
    '      name: pytorch',
    '  containers:',
    '    - name: kserve-container',
    '      image: quay.io/opendatahub/text-generation-inference:0.4.1',
    ...(withProbe ? ['      readinessProbe:', '        exec:', '          command: [curl, localhost:3000/health]'] : []),
    '',
  ].join('\n');

/** ai-on-gke's checkpoint converter: a Job whose container is named after inference. */
const inferenceJob = (kind: 'Job' | 'Deployment') =>
  [
    kind === 'Job' ? 'apiVersion: batch/v1' : 'apiVersion: apps/v1',
    `kind: ${kind}`,
    'metadata:',
    '  name: checkpoint-converter',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '      - name: inference-checkpoint',
    '        image: us-docker.pkg.dev/cloud-tpu-images/inference/inference-checkpoint:v0.2.3',
    '        args: [-m=/models, -i=gs://models/llama2-7b/base/]',
    '',
  ].join('\n');
const graph =
  'apiVersion: serving.kserve.io/v1alpha1\nkind: InferenceGraph\nmetadata:\n  name: fraud-graph\nspec:\n  nodes:\n    root:\n      routerType: Sequence\n      steps:\n        - serviceName: fraud-scorer\n          name: score\n';

ruleTester(noHealthCheck, {
  valid: [
    { name: 'both KServe components probe readiness', files: { 'serving/inference-service.yaml': kserve(true) } },
    { name: 'a probe on the serving container covers the pod (the sidecar has none)', files: { 'k8s/churn.yaml': deployment(true) } },
    {
      name: 'BentoML serves /readyz and /livez itself',
      files: { 'bentofile.yaml': 'service: "service.py:svc"\nmodels:\n  - churn_classifier:v12\n' },
    },
    {
      name: "Seldon's operator adds a probe to each graph container that states none",
      files: {
        'serving/seldon.yaml':
          'apiVersion: machinelearning.seldon.io/v1\nkind: SeldonDeployment\nmetadata:\n  name: fraud\nspec:\n  predictors:\n  - name: main\n    graph:\n      name: xgb\n      implementation: XGBOOST_SERVER\n      modelUri: gs://acme-models/fraud/v12\n',
      },
    },
    {
      name: 'KubeRay probes the pods of a RayService',
      files: {
        'serving/ray.yaml':
          'apiVersion: ray.io/v1\nkind: RayService\nmetadata:\n  name: fraud\nspec:\n  serveConfigV2: |\n    applications:\n      - name: scorer\n        import_path: fraud.app:scorer\n',
      },
    },
    {
      name: 'an Azure ML online deployment has default probe settings',
      files: {
        'deploy/blue.yml':
          '$schema: https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json\nname: blue\nendpoint_name: fraud\nmodel: azureml:fraud:7\n',
      },
    },
    { name: 'a batch CronJob is not a server', files: { 'k8s/nightly.yaml': cronJob } },
    { name: 'a Job runs to completion: an inference-named container there is no server', files: { 'k8s/job.yaml': inferenceJob('Job') } },
    { name: 'InferenceGraph steps route to services that are checked on their own', files: { 'serving/graph.yaml': graph } },
    {
      name: 'the ServingRuntime the predictor names probes readiness',
      files: { 'tgis/isvc.yaml': isvc('tgis-runtime-grpc'), 'tgis/runtime.yaml': runtime('ServingRuntime', true) },
    },
    {
      name: 'a ClusterServingRuntime auto-selected for the model format probes readiness',
      files: { 'tgis/isvc.yaml': isvc(''), 'tgis/runtime.yaml': runtime('ClusterServingRuntime', true) },
    },
    {
      name: 'ModelMesh routes requests only to pods that loaded the model',
      files: { 'isvcs/cifar.yaml': isvc('', ['serving.kserve.io/deploymentMode: ModelMesh']) },
    },
  ],
  invalid: [
    {
      name: 'the ServingRuntime the predictor names has no probe',
      files: { 'tgis/isvc.yaml': isvc('tgis-runtime-grpc'), 'tgis/runtime.yaml': runtime('ServingRuntime', false) },
      errors: [
        {
          file: 'tgis/isvc.yaml',
          line: 6,
          severity: 'warning',
          message: /runs in ServingRuntime `tgis-runtime-grpc` \(tgis\/runtime.yaml\), which declares no readiness or liveness probe/,
          related: 1,
        },
      ],
    },
    {
      name: 'KServe components without probes: the transformer is reported, the runtime of the predictor is outside the workspace',
      files: { 'serving/inference-service.yaml': kserve(false) },
      errors: [
        {
          file: 'serving/inference-service.yaml',
          line: 6,
          severity: 'info',
          message:
            /^Serving stage `predictor` \(serving\/inference-service.yaml\) runs in the ServingRuntime KServe selects for `sklearn`, which is not in this workspace; assumed it declares no readiness or liveness probe/,
        },
        {
          file: 'serving/inference-service.yaml',
          line: 11,
          severity: 'warning',
          message: /stage `transformer`.*has no readiness or liveness probe/,
        },
      ],
    },
    {
      name: 'a Deployment with no probe on any container is reported once',
      files: { 'k8s/churn.yaml': deployment(false) },
      errors: [{ file: 'k8s/churn.yaml', line: 9, message: /stage `api` \(k8s\/churn.yaml\) of `churn-api`/ }],
    },
    {
      name: 'the same inference container in a Deployment is a server',
      files: { 'k8s/job.yaml': inferenceJob('Deployment') },
      errors: [{ file: 'k8s/job.yaml', line: 9, message: /stage `inference-checkpoint`/ }],
    },
  ],
});
