import { ruleTester } from '../../../helpers/ruleTester';
import { duplicateProducer } from '../../../../server/src/engine/rules/pipeline/duplicateProducer';

ruleTester(duplicateProducer, {
  valid: [
    {
      name: 'one producer per artifact',
      files: {
        'dvc.yaml':
          'stages:\n  a:\n    cmd: python a.py\n    outs:\n      - a.csv\n  b:\n    cmd: python b.py\n    deps:\n      - a.csv\n    outs:\n      - b.csv\n',
      },
    },
    {
      name: 'Kedro nodes of alternative pipelines write one dataset (Kedro refuses two producers in one pipeline)',
      files: {
        'src/proj/pipelines/gdn/pipeline.py':
          'from kedro.pipeline import Pipeline, node\n\n\ndef create_pipeline(**kwargs):\n    return Pipeline([node(load, inputs="raw_sensors", outputs="sensor_column_names", name="load_dataset_node")])\n',
        'src/proj/pipelines/nab/pipeline.py':
          'from kedro.pipeline import Pipeline, node\n\n\ndef create_pipeline(**kwargs):\n    return Pipeline([node(load, inputs="raw_sensors", outputs="sensor_column_names", name="load_dataset_node")])\n',
      },
    },
  ],
  invalid: [
    {
      name: 'a DVC stage and a workflow both write the model bucket',
      files: {
        'dvc.yaml': 'stages:\n  publish:\n    cmd: python publish.py\n    outs:\n      - s3://models/fraud/model.pkl\n',
        '.github/workflows/deploy.yml':
          'on: push\njobs:\n  deploy:\n    runs-on: x\n    steps:\n      - run: aws s3 cp model.pkl s3://models/fraud/model.pkl\n',
      },
      errors: [{ file: 'dvc.yaml', line: 5, message: /also written by stage `deploy`/, related: 1 }],
    },
  ],
});
