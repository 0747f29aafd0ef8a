import { ruleTester } from '../../../helpers/ruleTester';
import { missingRole } from '../../../../server/src/engine/rules/team/missingRole';

const dvc = 'stages:\n  train:\n    cmd: python train.py\n    deps:\n      - data/prepared\n    outs:\n      - models/fraud_model.pkl\n';
const deploy =
  'name: deploy\non:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-22.04\n    steps:\n      - uses: actions/checkout@v4\n      - run: aws s3 cp models/fraud_model.pkl s3://acme-fraud-models/fraud/v3/model.pkl\n';
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
  '',
].join('\n');
const system = { 'dvc.yaml': dvc, '.github/workflows/deploy.yml': deploy, 'serving/inference-service.yaml': kserve };
const codeowners = '*           @acme/fraud-ml\n/serving/   @acme/ml-platform\n/.github/   @acme/ml-platform\n';
const team = (name: string, role: string) => [`  - name: ${name}`, `    role: ${role}`, `    members: ["@acme/${name}"]`];
const card = (...teams: string[][]) => ['system: card-fraud', 'teams:', ...teams.flat(), ''].join('\n');

ruleTester(missingRole, {
  valid: [
    {
      name: 'no teams in the card: nothing to judge',
      files: { ...system, '.github/CODEOWNERS': codeowners, 'mlsystem.yaml': 'system: card-fraud\n' },
    },
    {
      name: 'research, platform and review teams; platform owns serving and deployment',
      files: {
        ...system,
        '.github/CODEOWNERS': codeowners,
        'mlsystem.yaml': card(team('fraud-ml', 'research'), team('ml-platform', '[mlops, platform]'), team('fraud-ops', 'review')),
      },
    },
    {
      name: 'research and data teams with no serving in the repository',
      files: { 'dvc.yaml': dvc, 'mlsystem.yaml': card(team('fraud-ml', 'research'), team('data-eng', 'data')) },
    },
    {
      name: 'serving owned by a handle no card team lists: cannot tell',
      files: {
        ...system,
        '.github/CODEOWNERS': '* @someone-else\n',
        'mlsystem.yaml': card(team('fraud-ml', 'research'), team('ml-platform', 'mlops')),
      },
    },
  ],
  invalid: [
    {
      name: 'research-only teams, with a model in production',
      files: { ...system, '.github/CODEOWNERS': '* @acme/fraud-ml\n', 'mlsystem.yaml': card(team('fraud-ml', 'research')) },
      errors: [
        {
          file: 'mlsystem.yaml',
          line: 3,
          message:
            /^No team in the system card has an mlops, platform or operations role \(fraud-ml: research\), yet 2 serving or deployment stages run in production.*role mlops or platform/,
          related: 2,
        },
      ],
    },
    {
      name: 'research-only teams, training only',
      files: { 'dvc.yaml': dvc, 'mlsystem.yaml': card(team('fraud-ml', 'research'), team('fraud-ops', 'review')) },
      errors: [
        {
          file: 'mlsystem.yaml',
          line: 3,
          message: /no team.*mlops, platform or operations role \(fraud-ml: research, fraud-ops: review\), so nobody/i,
        },
      ],
    },
    {
      name: 'plumbing-only teams: nobody owns what the model is for',
      files: {
        ...system,
        '.github/CODEOWNERS': codeowners.replace('@acme/fraud-ml', '@acme/data-eng'),
        'mlsystem.yaml': card(team('data-eng', 'data'), team('ml-platform', 'platform')),
      },
      errors: [
        {
          file: 'mlsystem.yaml',
          line: 3,
          message: /^No team in the system card has a research or product role \(data-eng: data, ml-platform: platform\)/,
        },
      ],
    },
    {
      name: 'a platform team exists but research owns serving and deployment',
      files: {
        ...system,
        '.github/CODEOWNERS': '* @acme/fraud-ml\n',
        'mlsystem.yaml': card(team('fraud-ml', 'research'), team('ml-platform', 'platform')),
      },
      errors: [
        {
          file: '.github/workflows/deploy.yml',
          line: 6,
          message:
            /^Stage `deploy` \(.github\/workflows\/deploy.yml\) and 1 other serving or deployment stage\(s\) belong to fraud-ml, not to a team with an mlops or platform role \(ml-platform\)/,
        },
      ],
    },
  ],
});
