import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rayServeAdapter } from '../../../server/src/engine/sources/rayServe';
import { detectAdapter } from '../../../server/src/engine/sources/index';
import { run, textAt, value } from './yamlFacts';
import { noteTexts } from '../../../server/src/engine/model/stageNotes';

const SERVICE = `apiVersion: ray.io/v1
kind: RayService
metadata:
  name: fraud-serve
spec:
  serveConfigV2: |
    applications:
      - name: scorer
        import_path: fraud.app:scorer
        route_prefix: /score
        runtime_env:
          working_dir: "https://github.com/acme/fraud/archive/main.zip"
          pip:
            - torch==2.3.1
            - transformers
        deployments:
          - name: Scorer
            num_replicas: 2
            autoscaling_config:
              max_replicas: 8
            user_config:
              threshold: 0.83
      - name: explainer
        import_path: fraud.explain:app
        runtime_env:
          working_dir: "https://github.com/acme/fraud/archive/0123456789abcdef0123456789abcdef01234567.zip"
  rayClusterConfig:
    rayVersion: "2.9.0"
    headGroupSpec:
      template:
        spec:
          containers:
          - name: ray-head
            image: rayproject/ray:2.9.0
    workerGroupSpecs:
    - groupName: gpu
      replicas: 2
      template:
        spec:
          containers:
          - name: ray-worker
            image: rayproject/ray-ml:latest
`;

test('applications are serving stages, read from the serveConfigV2 string in place', () => {
  const facts = run(rayServeAdapter, 'k8s/serve.yaml', SERVICE);
  assert.deepEqual(facts.problems, []);
  assert.deepEqual(
    facts.stages.map((s) => [s.pipeline, s.name, s.role, s.image, noteTexts(s)]),
    [
      ['fraud-serve', 'scorer', 'serve', 'rayproject/ray:2.9.0', ['import_path: fraud.app:scorer', 'route_prefix: /score']],
      ['fraud-serve', 'explainer', 'serve', 'rayproject/ray:2.9.0', ['import_path: fraud.explain:app']],
    ],
  );
  assert.equal(textAt(SERVICE, facts.stages[0].range), 'scorer');
  const threshold = value(facts, 'spec.serveConfigV2.applications[0].deployments.Scorer.user_config.threshold')!;
  assert.equal(threshold.value, 0.83);
  assert.equal(textAt(SERVICE, threshold.range), '0.83');
  assert.equal(value(facts, 'spec.serveConfigV2.applications[0].deployments.Scorer.num_replicas')!.value, 2);
  assert.equal(value(facts, 'spec.serveConfigV2.applications[0].deployments.Scorer.autoscaling_config.max_replicas')!.value, 8);
});

test('runtime_env: pip packages, and working_dir archives pinned to a commit or moving with a branch', () => {
  const facts = run(rayServeAdapter, 'k8s/serve.yaml', SERVICE);
  const versions = facts.versions.map((v) => [v.subject, v.name, v.version ?? '-', v.moving ?? false, textAt(SERVICE, v.range)]);
  assert.deepEqual(versions, [
    ['package', 'torch', '2.3.1', false, '- torch==2.3.1'.slice(2)],
    ['package', 'transformers', '-', false, 'transformers'],
    ['package', 'acme/fraud', 'main', true, '"https://github.com/acme/fraud/archive/main.zip"'],
    [
      'package',
      'acme/fraud',
      '0123456789abcdef0123456789abcdef01234567',
      false,
      '"https://github.com/acme/fraud/archive/0123456789abcdef0123456789abcdef01234567.zip"',
    ],
    ['image', 'rayproject/ray', '2.9.0', false, 'rayproject/ray:2.9.0'],
    ['image', 'rayproject/ray-ml', 'latest', false, 'rayproject/ray-ml:latest'],
  ]);
  assert.ok(facts.io.some((i) => i.artifact.scheme === 'uri' && i.artifact.kind === 'code' && i.direction === 'reads'));
});

test('a serveConfigV2 that is not a block scalar is said to be unread', () => {
  const text = SERVICE.replace(/serveConfigV2: \|[\s\S]*?(?= {2}rayClusterConfig)/, 'serveConfigV2: "applications: []"\n');
  const facts = run(rayServeAdapter, 'k8s/serve.yaml', text);
  assert.deepEqual(
    facts.problems.map((p) => [p.severity, textAt(text, p.range)]),
    [['info', '"applications: []"']],
  );
});

const CONFIG = `proxy_location: EveryNode
http_options:
  port: 8000
applications:
- name: default
  import_path: app.main:deployment
  runtime_env:
    pip: {packages: ["scikit-learn>=1.3"]}
`;

test('a Serve config file on its own', () => {
  const facts = run(rayServeAdapter, 'serve/config.yaml', CONFIG);
  assert.deepEqual(
    facts.stages.map((s) => [s.pipeline, s.name]),
    [['config', 'default']],
  );
  assert.deepEqual(
    facts.versions.map((v) => `${v.name} ${v.version}`),
    ['scikit-learn >=1.3'],
  );
  assert.equal(value(facts, 'http_options.port')!.value, 8000);
});

const detectCases: Array<[string, boolean]> = [
  [SERVICE, true],
  [CONFIG, true],
  ['apiVersion: ray.io/v1\nkind: RayCluster\nmetadata:\n  name: c\n', false],
  ['applications:\n  - web\n  - api\n', false],
];

for (const [text, expected] of detectCases)
  test(`detect ${JSON.stringify(text.split('\n')[0])}… -> ${expected}`, () => {
    assert.equal(rayServeAdapter.detect({ path: 'x.yaml', text }), expected);
    if (expected) assert.equal(detectAdapter({ path: 'x.yaml', text })?.format, 'ray-serve');
  });
