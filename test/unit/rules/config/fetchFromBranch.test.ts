import { ruleTester } from '../../../helpers/ruleTester';
import { fetchFromBranch } from '../../../../server/src/engine/rules/config/fetchFromBranch';

const wf = (run: string) =>
  `on: push\njobs:\n  build:\n    runs-on: ubuntu-22.04\n    steps:\n      - run: |\n${run.replace(/^/gm, '          ')}\n`;
/** A Tekton Pipeline whose task comes from the git resolver at `revision` (opendatahub-io/ai-edge's pattern). */
const tekton = (revision: string, paramDefault = 'main') =>
  [
    'apiVersion: tekton.dev/v1',
    'kind: Pipeline',
    'metadata:',
    '  name: fetch',
    'spec:',
    '  params:',
    '    - name: catalog-revision',
    `      default: ${paramDefault}`,
    '  tasks:',
    '    - name: deploy',
    '      taskRef:',
    '        resolver: git',
    '        params:',
    '          - name: url',
    '            value: https://github.com/openshift-pipelines/tektoncd-catalog',
    '          - name: revision',
    `            value: ${revision}`,
    '          - name: pathInRepo',
    '            value: tasks/task-openshift-client/0.2.1/task-openshift-client.yaml',
    '',
  ].join('\n');
const dvc = (cmd: string) => `stages:\n  prepare:\n    cmd: ${cmd}\n    outs:\n      - data/raw\n`;

ruleTester(fetchFromBranch, {
  valid: [
    {
      name: 'a Tekton git resolver at a release tag, a commit, or a param default that is one',
      files: {
        'a.yaml': tekton('v0.2.1'),
        'b.yaml': tekton('3f1c2a9b7e'),
        'c.yaml': tekton('$(params.catalog-revision)', '"0.2.1"'),
      },
    },
    {
      name: 'a clone of a tag',
      files: { '.github/workflows/ci.yml': wf('git clone --depth 1 --branch v0.12.0 https://github.com/pytorch/serve.git') },
    },
    {
      name: 'a clone followed by a checkout of a commit',
      files: { '.github/workflows/ci.yml': wf('git clone https://github.com/pytorch/serve.git\ncd serve && git checkout 4f1e2d3') },
    },
    {
      name: 'pip install from git at a tag or SHA',
      files: {
        '.github/workflows/ci.yml': wf('pip install git+https://github.com/acme/feats.git@v1.4.0 git+https://github.com/acme/x@4f1e2d3a'),
      },
    },
    {
      name: 'a raw file at a tag',
      files: { 'dvc.yaml': dvc('curl -o data/raw https://raw.githubusercontent.com/acme/data/v2.0/train.csv') },
    },
    {
      name: 'mlflow run at a version',
      files: { '.github/workflows/ci.yml': wf('mlflow run https://github.com/mlflow/mlflow-example --version 1.0 -P alpha=0.5') },
    },
    {
      name: 'a fetch the script chooses explicitly when a value names the branch (a canary job against upstream main)',
      files: {
        '.github/workflows/ci.yml': wf(
          'if [ "${{ matrix.transformers-version }}" == "main" ]; then\n  pip install -U git+https://github.com/huggingface/transformers.git\nelse\n  echo "release installed"\nfi',
        ),
      },
    },
    {
      name: 'a templated URL is not judged',
      files: { '.github/workflows/ci.yml': wf('git clone https://github.com/${{ github.repository }}.git') },
    },
  ],
  invalid: [
    {
      name: 'a Tekton git resolver at a branch, written or as a param default',
      files: { 'a.yaml': tekton('p'), 'b.yaml': tekton('$(params.catalog-revision)') },
      errors: [
        { file: 'a.yaml', line: 17, message: /fetched at run time from `tasks\/task-openshift-client.*at `p`, a branch name/ },
        { file: 'b.yaml', line: 17, message: /at `main` \(the default of param `catalog-revision`\)/ },
      ],
    },
    {
      name: 'after the `fi` of a branch choice, a fetch is judged again',
      files: {
        '.github/workflows/ci.yml': wf('if [ "$V" = "main" ]; then\n  echo main\nfi\npip install git+https://github.com/acme/other.git'),
      },
      errors: [{ file: '.github/workflows/ci.yml', line: 10, message: /installs the repository's default branch/ }],
    },
    {
      name: 'a clone of the default branch',
      files: { '.github/workflows/ci.yml': wf('git clone https://github.com/pytorch/serve.git\ncd serve') },
      errors: [
        {
          file: '.github/workflows/ci.yml',
          line: 7,
          message: /`git clone https:\/\/github.com\/pytorch\/serve.git` fetches the repository's default branch/,
        },
      ],
    },
    {
      name: 'a clone of a named branch',
      files: { '.github/workflows/ci.yml': wf('git clone -b main https://github.com/acme/tools.git') },
      errors: [{ file: '.github/workflows/ci.yml', line: 7, message: /whatever was last pushed to branch `main`/ }],
    },
    {
      name: 'pip install from a branch and from the default branch',
      files: {
        '.github/workflows/ci.yml': wf(
          'pip install git+https://github.com/acme/feats.git@main\npip install git+https://github.com/acme/other.git',
        ),
      },
      errors: [
        { file: '.github/workflows/ci.yml', line: 7, message: /branch `main`/ },
        { file: '.github/workflows/ci.yml', line: 8, message: /default branch/ },
      ],
    },
    {
      name: 'training data read from raw.githubusercontent.com on main',
      files: { 'dvc.yaml': dvc('curl -o data/raw https://raw.githubusercontent.com/acme/data/main/train.csv') },
      errors: [{ file: 'dvc.yaml', line: 3, message: /read from branch `main` at run time/ }],
    },
    {
      name: 'mlflow run of a repository without --version',
      files: { '.github/workflows/ci.yml': wf('mlflow run https://github.com/mlflow/mlflow-example -P alpha=0.5') },
      errors: [{ file: '.github/workflows/ci.yml', line: 7, message: /pass `--version`/ }],
    },
  ],
});
