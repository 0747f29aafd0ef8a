import { ruleTester } from '../../../helpers/ruleTester';
import { hardcodedPath } from '../../../../server/src/engine/rules/config/hardcodedPath';

ruleTester(hardcodedPath, {
  valid: [
    {
      name: 'repository-relative paths and container paths',
      files: { 'dvc.yaml': 'stages:\n  s:\n    cmd: python s.py\n    deps:\n      - data/raw.csv\n    outs:\n      - /opt/data/out\n' },
    },
    { name: 'a service hostname', files: { 'params.yaml': 'db: postgresql://warehouse.internal:5432/fraud\n' } },
  ],
  invalid: [
    {
      name: 'a home folder',
      files: { 'params.yaml': 'data_dir: /Users/alice/fraud/data\n' },
      errors: [{ file: 'params.yaml', line: 1, message: /one person's home folder/ }],
    },
    {
      name: 'a dep in /home and a localhost endpoint',
      files: {
        'dvc.yaml': 'stages:\n  s:\n    cmd: python s.py\n    deps:\n      - /home/bob/raw.csv\n',
        'params.yaml': 'tracking_uri: http://localhost:5000\n',
      },
      errors: [
        { file: 'dvc.yaml', line: 5, message: /home folder/ },
        { file: 'params.yaml', line: 1, message: /only exists on the machine/ },
      ],
    },
    {
      name: 'a private IP',
      files: { 'params.yaml': 'index: http://172.17.0.1:8080/simple\n' },
      errors: [{ file: 'params.yaml', line: 1, message: /private IP/ }],
    },
  ],
});
