import { ruleTester } from '../../../helpers/ruleTester';
import { hardcodedCloudAccount } from '../../../../server/src/engine/rules/config/hardcodedCloudAccount';

const wf = (body: string) => `on: push\njobs:\n  deploy:\n    runs-on: ubuntu-22.04\n    steps:\n${body}`;

ruleTester(hardcodedCloudAccount, {
  valid: [
    {
      name: 'ids read from variables',
      files: {
        '.github/workflows/ci.yml': wf('      - run: docker push ${{ vars.AWS_ACCOUNT }}.dkr.ecr.us-east-1.amazonaws.com/train:1.0\n'),
      },
    },
    {
      name: "AWS's documentation account id and placeholder projects",
      files: {
        '.github/workflows/ci.yml': wf(
          '      - run: docker push 123456789012.dkr.ecr.us-east-1.amazonaws.com/train:1.0\n      - run: docker push gcr.io/my-project/train:1.0\n',
        ),
      },
    },
    {
      name: "an id in an example folder is the reader's to replace",
      files: {
        'examples/.github/workflows/ci.yml': wf('      - run: docker push 593241322649.dkr.ecr.us-west-2.amazonaws.com/train:1.0\n'),
      },
    },
    {
      name: 'an id in a comment',
      files: { '.github/workflows/ci.yml': wf('      # was 593241322649.dkr.ecr.us-west-2.amazonaws.com\n      - run: make\n') },
    },
  ],
  invalid: [
    {
      name: 'an AWS account in a role ARN and an ECR registry, reported once',
      files: {
        '.github/workflows/ci.yml': wf(
          '      - uses: aws-actions/configure-aws-credentials@v4\n        with:\n          role-to-assume: arn:aws:iam::593241322649:role/gha\n      - run: docker push 593241322649.dkr.ecr.us-west-2.amazonaws.com/train:1.0\n',
        ),
      },
      errors: [
        {
          file: '.github/workflows/ci.yml',
          line: 8,
          severity: 'info',
          message: /AWS account `593241322649`.*\(and 1 more time in this file\)/,
          related: 1,
        },
      ],
    },
    {
      name: 'a Google Cloud project in an Artifact Registry host',
      files: { '.github/workflows/ci.yml': wf('      - run: docker push us-west1-docker.pkg.dev/acme-ml-prod/models/train:1.0\n') },
      errors: [{ file: '.github/workflows/ci.yml', line: 6, message: /Google Cloud project `acme-ml-prod`/ }],
    },
    {
      name: 'an Azure subscription',
      files: {
        '.github/workflows/ci.yml': wf(
          '      - run: az ml job create --file job.yml --workspace /subscriptions/9a3b1c2d-4e5f-4a1b-8c7d-0e1f2a3b4c5d/resourceGroups/ml/providers/x\n',
        ),
      },
      errors: [{ file: '.github/workflows/ci.yml', line: 6, message: /Azure subscription `9a3b1c2d-4e5f-4a1b-8c7d-0e1f2a3b4c5d`/ }],
    },
  ],
});
