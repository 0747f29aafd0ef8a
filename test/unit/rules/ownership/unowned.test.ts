import { ruleTester } from '../../../helpers/ruleTester';
import { unowned } from '../../../../server/src/engine/rules/ownership/unowned';

const dvc = 'stages:\n  a:\n    cmd: python a.py\n    outs:\n      - a.csv\n';

ruleTester(unowned, {
  valid: [
    { name: 'no ownership stated anywhere: nothing to compare against', files: { 'dvc.yaml': dvc } },
    { name: 'covered by CODEOWNERS', files: { 'dvc.yaml': dvc, '.github/CODEOWNERS': '* @acme/ml\n' } },
    {
      name: 'covered by a card owner',
      files: {
        'ml/dvc.yaml': dvc,
        'mlsystem.yaml': 'teams:\n  - name: ml\n    role: research\nowners:\n  - path: "ml/**"\n    team: ml\n',
      },
    },
    { name: 'a repository without CODEOWNERS beside one with it', files: { 'a/CODEOWNERS': '* @a\n', 'b/dvc.yaml': dvc } },
  ],
  invalid: [
    {
      name: 'CODEOWNERS covers only some folders',
      files: { 'dvc.yaml': dvc, 'serving/dvc.yaml': dvc, '.github/CODEOWNERS': '/serving/ @acme/platform\n' },
      errors: [{ file: 'dvc.yaml', line: 2, message: /Nobody owns `dvc.yaml`/ }],
    },
    {
      name: 'the last matching CODEOWNERS pattern wins, even when it has no owner',
      files: { 'dvc.yaml': dvc, CODEOWNERS: '* @acme/ml\n/dvc.yaml\n' },
      errors: [{ file: 'dvc.yaml', line: 2 }],
    },
  ],
});
