import { ruleTester } from '../../../helpers/ruleTester';
import { highRiskWithoutOversight } from '../../../../server/src/engine/rules/governance/highRiskWithoutOversight';

const dvc =
  'stages:\n  train:\n    cmd: python train.py\n    deps:\n      - data/applications.parquet\n    outs:\n      - models/model.pkl\n';
const card = (...lines: string[]) => ['# System card', 'version: 1', 'system: lending', ...lines, ''].join('\n');
const oversight = [
  'oversight:',
  '  human: Underwriters review every automated decline before it is sent.',
  '  logging: Every decision is logged with inputs and model version for 10 years.',
  '  documentation: docs/model-card.md',
];

ruleTester(highRiskWithoutOversight, {
  valid: [
    { name: 'no card', files: { 'dvc.yaml': dvc } },
    { name: 'a card without a domain or risk', files: { 'dvc.yaml': dvc, 'mlsystem.yaml': card() } },
    {
      name: 'fraud detection is not credit scoring (Annex III 5(b) excepts it)',
      files: { 'dvc.yaml': dvc, 'mlsystem.yaml': card('domain: fraud-detection', 'risk: limited') },
    },
    {
      name: 'card-fraud detection mentions credit but is still fraud detection',
      files: { 'dvc.yaml': dvc, 'mlsystem.yaml': card('domain: credit-card-fraud') },
    },
    { name: 'loan fraud detection likewise', files: { 'dvc.yaml': dvc, 'mlsystem.yaml': card('domain: loan-fraud-detection') } },
    {
      name: 'credit scoring with human oversight, logging and documentation',
      files: { 'dvc.yaml': dvc, 'mlsystem.yaml': card('domain: credit-scoring', 'risk: high', ...oversight) },
    },
    {
      name: 'a deployment-time churn model is not employment',
      files: { 'dvc.yaml': dvc, 'mlsystem.yaml': card('domain: customer-churn-deployment') },
    },
  ],
  invalid: [
    {
      name: 'credit scoring with no oversight section: one finding per missing element',
      files: { 'dvc.yaml': dvc, 'mlsystem.yaml': card('domain: credit-scoring') },
      errors: [
        {
          file: 'mlsystem.yaml',
          line: 4,
          severity: 'warning',
          message:
            /^Domain `credit-scoring` is high-risk under EU AI Act Annex III 5\(b\).*no human oversight \(`oversight.human`\): Art. 14/,
        },
        { file: 'mlsystem.yaml', line: 4, message: /no logging \(`oversight.logging`\): Art. 12/ },
        { file: 'mlsystem.yaml', line: 4, message: /no technical documentation \(`oversight.documentation`\): Art. 11/ },
      ],
    },
    {
      name: 'hiring with only human oversight declared',
      files: {
        'dvc.yaml': dvc,
        'mlsystem.yaml': card('domain: hiring', 'oversight:', '  human: Recruiters decide; the model only ranks.'),
      },
      errors: [
        { file: 'mlsystem.yaml', line: 4, message: /Annex III 4: employment.*no logging/, related: 1 },
        { file: 'mlsystem.yaml', line: 4, message: /no technical documentation/ },
      ],
    },
    {
      name: '`risk: high` in an unlisted domain',
      files: {
        'dvc.yaml': dvc,
        'mlsystem.yaml': card(
          'domain: warehouse-robotics',
          'risk: high',
          'oversight:',
          '  human: A supervisor can stop every robot.',
          '  logging: All commands are logged.',
        ),
      },
      errors: [
        { file: 'mlsystem.yaml', line: 5, message: /^The card declares `risk: high`, but the card declares no technical documentation/ },
      ],
    },
    {
      name: "a medical domain marked limited is still flagged, with the card's own claim quoted",
      files: {
        'dvc.yaml': dvc,
        'mlsystem.yaml': card(
          'domain: medical-imaging-triage',
          'risk: limited',
          'oversight:',
          '  human: A radiologist reads every scan.',
          '  documentation: docs/model-card.md',
        ),
      },
      errors: [
        {
          file: 'mlsystem.yaml',
          line: 4,
          message: /Domain `medical-imaging-triage` is high-risk under .*\(the card says `risk: limited`\).*no logging/,
        },
      ],
    },
  ],
});
