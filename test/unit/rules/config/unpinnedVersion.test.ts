import { ruleTester } from '../../../helpers/ruleTester';
import { unpinnedVersion } from '../../../../server/src/engine/rules/config/unpinnedVersion';

const wf = (body: string) => `on: push\njobs:\n  build:\n    runs-on: ubuntu-22.04\n${body}`;

ruleTester(unpinnedVersion, {
  valid: [
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
  ],
  invalid: [
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
      name: 'unpinned pip and npm packages',
      files: {
        '.github/workflows/ci.yml': wf('    steps:\n      - run: |\n          pip install pandas\n          npm install -g json5\n'),
      },
      errors: [
        { file: '.github/workflows/ci.yml', line: 7, message: /`pandas` is installed without a version/ },
        { file: '.github/workflows/ci.yml', line: 8, message: /`json5`/ },
      ],
    },
  ],
});
