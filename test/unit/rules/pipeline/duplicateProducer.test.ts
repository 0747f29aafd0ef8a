import { ruleTester } from '../../../helpers/ruleTester';
import { duplicateProducer } from '../../../../server/src/engine/rules/pipeline/duplicateProducer';

const kedro = (name: string) => `from kedro.pipeline import Pipeline, node, pipeline


def create_pipeline(**kwargs) -> Pipeline:
    return pipeline([node(func=${name}, inputs="companies", outputs="model_input_table", name="${name}_node")])
`;
const settings = 'CONF_SOURCE = "conf"\n';

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
      name: 'two Kedro projects side by side, each with its own model_input_table',
      files: {
        'shop/conf/base/catalog.yml': 'companies:\n  type: pandas.CSVDataset\n  filepath: data/companies.csv\n',
        'shop/src/shop/settings.py': settings,
        'shop/src/shop/pipelines/dp/pipeline.py': kedro('build_shop'),
        'rides/conf/base/catalog.yml': 'companies:\n  type: pandas.CSVDataset\n  filepath: data/companies.csv\n',
        'rides/src/rides/settings.py': settings,
        'rides/src/rides/pipelines/dp/pipeline.py': kedro('build_rides'),
      },
    },
  ],
  invalid: [
    {
      name: 'two pipelines of one Kedro project write the same dataset',
      files: {
        'shop/src/shop/settings.py': settings,
        'shop/conf/base/catalog.yml': 'companies:\n  type: pandas.CSVDataset\n  filepath: data/companies.csv\n',
        'shop/src/shop/pipelines/dp/pipeline.py': kedro('build_a'),
        'shop/src/shop/pipelines/ds/pipeline.py': kedro('build_b'),
      },
      errors: [{ file: 'shop/src/shop/pipelines/ds/pipeline.py', line: 5, message: /`model_input_table` is also written by/ }],
    },
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
