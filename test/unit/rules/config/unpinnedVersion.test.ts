import { ruleTester } from '../../../helpers/ruleTester';
import { unpinnedVersion } from '../../../../server/src/engine/rules/config/unpinnedVersion';

const wf = (body: string) => `on: push\njobs:\n  build:\n    runs-on: ubuntu-22.04\n${body}`;

/** caikit-tgis-serving's tgis-isvc-grpc.yaml, with the model location varied. */
const isvc = (storageUri: string) =>
  [
    'apiVersion: serving.kserve.io/v1beta1',
    'kind: InferenceService',
    'metadata:',
    '  name: tgis-example-isvc-grpc',
    'spec:',
    '  predictor:',
    '    model:',
    '      modelFormat:',
    '        name: pytorch',
    '      runtime: tgis-runtime-grpc',
    `      storageUri: ${storageUri}`,
    '',
  ].join('\n');

ruleTester(unpinnedVersion, {
  valid: [
    {
      name: 'an untagged image in a Kustomize base: kustomize sets the tag (`images:` here or in an overlay)',
      files: {
        'workflows/argo/training.yaml':
          'apiVersion: argoproj.io/v1alpha1\nkind: WorkflowTemplate\nmetadata:\n  name: training\nspec:\n  templates:\n    - name: training\n      container:\n        image: us.gcr.io/vcm-ml/fv3fit\n        command: [python, -m, fv3fit.train]\n',
        'workflows/argo/kustomization.yaml':
          'resources:\n- training.yaml\napiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n',
      },
    },
    {
      name: 'image with a tag, action with a release tag',
      files: {
        '.github/workflows/ci.yml': wf('    container:\n      image: python:3.11.9-slim\n    steps:\n      - uses: actions/checkout@v4\n'),
      },
    },
    {
      name: 'image by digest',
      files: {
        '.github/workflows/ci.yml': wf('    container: ghcr.io/acme/train@sha256:0123456789abcdef\n    steps:\n      - run: echo ok\n'),
      },
    },
    {
      name: 'pinned packages and requirement files',
      files: {
        '.github/workflows/ci.yml': wf(
          '    steps:\n      - run: pip install -r requirements.txt scikit-learn==1.5.2\n      - run: python -m pip install --upgrade pip\n',
        ),
      },
    },
    {
      name: 'templated image names are not judged',
      files: { '.github/workflows/ci.yml': wf('    container: ${{ matrix.image }}\n    steps:\n      - run: echo ok\n') },
    },
    { name: 'a documentation placeholder is no model location', files: { 'isvc.yaml': isvc('proto://path/to/model') } },
    { name: 'nor is a bucket left for the reader to fill in', files: { 'isvc.yaml': isvc('s3://<your-bucket>/flan-t5') } },
  ],
  invalid: [
    {
      name: 'system packages a CI job installs with no version are info and say what was assumed; pinned ones are not reported',
      files: {
        '.github/workflows/ci.yml': wf(
          '    steps:\n      - run: |\n          sudo apt-get update\n          sudo apt-get install -y ffmpeg git=1:2.34.1-1\n',
        ),
        '.gitlab-ci.yml': 'image-build:\n  image: docker:27.3\n  script:\n    - apk add --no-cache skopeo~1.16 jq\n',
      },
      errors: [
        {
          file: '.github/workflows/ci.yml',
          line: 8,
          message: /System package `ffmpeg` is installed by apt without a version.*assumed/,
          severity: 'info',
          fixes: 0,
        },
        { file: '.gitlab-ci.yml', line: 4, message: /System package `jq` is installed by apk/, severity: 'info' },
      ],
    },
    {
      name: 'an explicit moving tag in a Kustomize base is still moving; an untagged image outside any kustomization floats',
      files: {
        'workflows/argo/training.yaml':
          'apiVersion: argoproj.io/v1alpha1\nkind: WorkflowTemplate\nmetadata:\n  name: training\nspec:\n  templates:\n    - name: training\n      container:\n        image: us.gcr.io/vcm-ml/fv3fit:latest\n        command: [python, -m, fv3fit.train]\n',
        'workflows/argo/kustomization.yaml':
          'resources:\n- training.yaml\napiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n',
        'other/training.yaml':
          'apiVersion: argoproj.io/v1alpha1\nkind: WorkflowTemplate\nmetadata:\n  name: training\nspec:\n  templates:\n    - name: training\n      container:\n        image: us.gcr.io/vcm-ml/fv3fit\n        command: [python, -m, fv3fit.train]\n',
      },
      errors: [
        { file: 'other/training.yaml', line: 9, message: /has no version/ },
        { file: 'workflows/argo/training.yaml', line: 9, message: /moving pointer `latest`/ },
      ],
    },
    {
      name: 'a real model location with no version',
      files: { 'isvc.yaml': isvc('s3://acme-models/path/flan-t5-small-caikit') },
      errors: [
        {
          file: 'isvc.yaml',
          line: 11,
          message: /Model `s3:\/\/acme-models\/path\/flan-t5-small-caikit` is loaded from a path with no version/,
        },
      ],
    },
    {
      name: ':latest image',
      files: {
        '.github/workflows/ci.yml': wf('    container:\n      image: ghcr.io/acme/train:latest\n    steps:\n      - run: echo ok\n'),
      },
      errors: [{ file: '.github/workflows/ci.yml', line: 6, message: /moving pointer `latest`/ }],
    },
    {
      name: 'image without a tag',
      files: { '.github/workflows/ci.yml': wf('    container: ubuntu\n    steps:\n      - run: echo ok\n') },
      errors: [{ file: '.github/workflows/ci.yml', line: 5, message: /has no version/ }],
    },
    {
      name: 'action on a branch',
      files: { '.github/workflows/ci.yml': wf('    steps:\n      - uses: some/action@main\n') },
      errors: [{ file: '.github/workflows/ci.yml', line: 6, message: /follows a branch/ }],
    },
    {
      name: 'a job calling a reusable workflow on a branch (Azure/mlops-v2-gha-demo)',
      files: {
        '.github/workflows/ci.yml':
          'on: push\njobs:\n  get-config:\n    uses: Azure/mlops-templates/.github/workflows/read-yaml.yml@main\n    with:\n      file_name: config.yml\n  local:\n    uses: ./.github/workflows/local.yml\n',
      },
      errors: [
        {
          file: '.github/workflows/ci.yml',
          line: 4,
          message: /^Reusable workflow `Azure\/mlops-templates\/\.github\/workflows\/read-yaml\.yml@main` follows a branch/,
        },
      ],
    },
    {
      name: 'unpinned pip and npm packages',
      files: {
        '.github/workflows/ci.yml': wf('    steps:\n      - run: |\n          pip install pandas\n          npm install -g json5\n'),
      },
      errors: [
        { file: '.github/workflows/ci.yml', line: 7, message: /`pandas` is installed without a version/ },
        { file: '.github/workflows/ci.yml', line: 8, message: /`json5`/ },
      ],
    },
    {
      name: 'a version left as the pin fix placeholder is still reported, with no fix offered again',
      files: { '.github/workflows/ci.yml': wf('    steps:\n      - run: pip install pandas==TODO-version\n') },
      errors: [{ file: '.github/workflows/ci.yml', line: 6, message: /^`pandas` is pinned to the placeholder `TODO-version`/, fixes: 0 }],
    },
    {
      name: 'several versions elsewhere: one fix each, none preferred; nothing elsewhere: a placeholder to fill in',
      files: {
        '.github/workflows/ci.yml': wf('    steps:\n      - uses: actions/setup-python@main\n      - run: pip install polars\n'),
        '.github/workflows/a.yml': wf('    steps:\n      - uses: actions/setup-python@v5\n'),
        '.github/workflows/b.yml': wf('    steps:\n      - uses: actions/setup-python@v4\n'),
      },
      errors: [
        { file: '.github/workflows/ci.yml', line: 6, message: /`actions\/setup-python@main` follows a branch/, fixes: 2 },
        { file: '.github/workflows/ci.yml', line: 7, message: /`polars` is installed without a version/, fixes: 1 },
      ],
    },
    {
      name: 'a model path another stage publishes through `latest`: pin both ends, no fix for one end',
      files: {
        '.github/workflows/deploy.yml': wf('    steps:\n      - run: aws s3 cp model.pkl s3://acme/models/scorer/latest/model.pkl\n'),
        'serving/isvc.yaml':
          'apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: scorer\nspec:\n  predictor:\n    model:\n      modelFormat:\n        name: sklearn\n      storageUri: s3://acme/models/scorer/latest\n',
      },
      errors: [
        {
          file: 'serving/isvc.yaml',
          line: 10,
          message:
            /moving pointer `latest`.*Its writer, stage `build` \(\.github\/workflows\/deploy\.yml\), publishes to this moving pointer, so pin both ends/,
          related: 1,
          fixes: 0,
        },
      ],
    },
  ],
});
