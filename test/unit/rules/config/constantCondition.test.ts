import { ruleTester } from '../../../helpers/ruleTester';
import { constantCondition } from '../../../../server/src/engine/rules/config/constantCondition';

const wf = (jobIf: string, stepIf: string) =>
  `on: push\njobs:\n  apply:\n    runs-on: ubuntu-22.04\n${jobIf}    steps:\n      - id: plan\n        run: terraform plan\n      - run: terraform apply\n${stepIf}`;
const argo = (when: string) =>
  [
    'apiVersion: argoproj.io/v1alpha1',
    'kind: Workflow',
    'metadata:',
    '  generateName: train-',
    'spec:',
    '  entrypoint: main',
    '  templates:',
    '    - name: main',
    '      dag:',
    '        tasks:',
    '          - name: deploy',
    '            template: step',
    `            when: "${when}"`,
    '    - name: step',
    '      container:',
    '        image: python:3.11.9',
    '        command: [python, deploy.py]',
    '',
  ].join('\n');

ruleTester(constantCondition, {
  valid: [
    {
      name: 'a whole condition inside one ${{ }}',
      files: { '.github/workflows/ci.yml': wf('', "        if: ${{ steps.plan.outcome == 'success' }}\n") },
    },
    {
      name: 'a condition without braces',
      files: {
        '.github/workflows/ci.yml': wf("    if: github.ref == 'refs/heads/main'\n", "        if: steps.plan.outcome == 'success'\n"),
      },
    },
    { name: 'a literal `false` switches a step off on purpose', files: { '.github/workflows/ci.yml': wf('', '        if: false\n') } },
    { name: 'an Argo `when` on a parameter', files: { 'wf.yaml': argo('{{inputs.parameters.accuracy}} > 0.9') } },
  ],
  invalid: [
    {
      name: 'an expression embedded in a longer string is always true',
      files: { '.github/workflows/ci.yml': wf('', "        if: ${{ steps.plan.outcome }} == 'success'\n") },
      errors: [{ file: '.github/workflows/ci.yml', line: 9, message: /is always true, so this step of `apply` always runs/ }],
    },
    {
      name: 'two expressions joined outside the braces, on a job',
      files: {
        '.github/workflows/ci.yml': wf("    if: ${{ github.event_name == 'push' }} && ${{ github.ref == 'refs/heads/main' }}\n", ''),
      },
      errors: [{ file: '.github/workflows/ci.yml', line: 5, message: /so job `apply` always runs/ }],
    },
    {
      name: 'an Argo `when` that compares two constants',
      files: { 'wf.yaml': argo('true == false') },
      errors: [{ file: 'wf.yaml', line: 13, message: /compares two constants, so `deploy` never runs/ }],
    },
  ],
});
