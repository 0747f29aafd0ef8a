// Registry recognition, one table per registry: URIs, Python calls (evaluated arguments) and
// shell commands, each to the registry stock it reads or writes and the version or pointer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRegistryUri } from '../../../server/src/engine/sources/registry/uri';
import { registryCall, type ArgValue } from '../../../server/src/engine/sources/registry/calls';
import { registryCommand } from '../../../server/src/engine/sources/registry/commands';
import type { RegistryAccess } from '../../../server/src/engine/sources/registry/stock';
import { identify } from '../../../server/src/engine/model/identity';

const s = (value: string): ArgValue => ({ value, dynamic: false });
const call = (callee: string, positional: string[], keywords: Record<string, string> = {}) =>
  registryCall(callee, { positional: positional.map(s), keywords: new Map(Object.entries(keywords).map(([k, v]) => [k, s(v)])) });
/** `writes mlflow/fraud @Production promotes` */
const show = (a: RegistryAccess) =>
  [
    `${a.direction} ${a.registry}/${a.name}`,
    a.version !== undefined ? `v${a.version}` : '',
    a.pointer !== undefined ? `->${a.pointer}` : '',
    a.promotes ? 'promotes' : '',
  ]
    .filter(Boolean)
    .join(' ');

test('URIs: MLflow versions are pinned, stages and aliases are pointers, one stock per name', () => {
  const table: Array<[string, string | undefined]> = [
    ['models:/fraud/12', 'reads mlflow/fraud v12'],
    ['models:/fraud/Production', 'reads mlflow/fraud ->Production'],
    ['models:/fraud/staging', 'reads mlflow/fraud ->staging'],
    ['models:/fraud@champion', 'reads mlflow/fraud ->@champion'],
    ['models:/fraud/latest', 'reads mlflow/fraud ->latest'],
    ['models:/main.risk.fraud/3', 'reads mlflow/main.risk.fraud v3'],
    ['models:/m-0123456789abcdef0123456789abcdef', undefined],
    ['hf://acme/fraud-bert', 'reads hf/acme/fraud-bert ->main'],
    ['hf://Acme/Fraud-BERT:0123456789abcdef0123456789abcdef01234567', 'reads hf/Acme/Fraud-BERT v0123456789abcdef0123456789abcdef01234567'],
    ['hf://datasets/acme/transactions/train.parquet', undefined],
    ['wandb-artifact:///acme/risk/fraud-model:v3', 'reads wandb/risk/fraud-model vv3'],
    ['projects/p/locations/us-central1/models/123@2', 'reads vertex/123 v2'],
    ['projects/p/locations/us-central1/models/123', 'reads vertex/123 ->default'],
    ['arn:aws:sagemaker:eu-west-1:111122223333:model-package/fraud/7', 'reads sagemaker/fraud v7'],
    ['s3://models/fraud/12', undefined],
    ['models/fraud.pkl', undefined],
  ];
  for (const [uri, expected] of table) {
    const a = parseRegistryUri(uri);
    assert.equal(a && show(a), expected, uri);
  }
  const key = (name: string) => identify({ scheme: 'path', name }).key;
  assert.equal(key('models:/fraud/12'), key('models:/fraud@champion'), 'a version and an alias are reads of one stock');
  assert.equal(key('models:/fraud/12'), identify({ scheme: 'model', scope: 'mlflow', name: 'fraud' }).key);
  assert.notEqual(key('models:/fraud/12'), key('hf://acme/fraud'), 'each registry is its own');
  assert.equal(key('hf://Acme/Fraud'), key('hf://acme/fraud'), 'Hub repository ids ignore case');
});

test('Python calls: MLflow', () => {
  const table: Array<[string, string[], Record<string, string>, string[]]> = [
    ['mlflow.sklearn.log_model', ['model', 'model'], { registered_model_name: 'fraud' }, ['writes mlflow/fraud']],
    ['mlflow.sklearn.log_model', ['model', 'model'], {}, []],
    ['mlflow.register_model', ['runs:/abc/model', 'fraud'], {}, ['writes mlflow/fraud']],
    ['client.create_model_version', [], { name: 'fraud', source: 's3://x' }, ['writes mlflow/fraud']],
    ['client.transition_model_version_stage', ['fraud', '3', 'Production'], {}, ['writes mlflow/fraud v3 ->Production promotes']],
    ['MlflowClient().set_registered_model_alias', ['fraud', 'champion', '3'], {}, ['writes mlflow/fraud v3 ->@champion promotes']],
    ['mlflow.pyfunc.load_model', ['models:/fraud/12'], {}, ['reads mlflow/fraud v12']],
    ['mlflow.pyfunc.spark_udf', ['spark'], { model_uri: 'models:/fraud@champion' }, ['reads mlflow/fraud ->@champion']],
    ['client.get_model_version_by_alias', ['fraud', 'champion'], {}, ['reads mlflow/fraud ->@champion']],
    ['pd.read_parquet', ['s3://lake/x.parquet'], {}, []],
  ];
  for (const [callee, positional, keywords, expected] of table)
    assert.deepEqual(call(callee, positional, keywords).map(show), expected, `${callee}(${positional.join(', ')})`);
});

test('Python calls: SageMaker, Vertex, W&B, Hugging Face Hub, BentoML', () => {
  const table: Array<[string, string[], Record<string, string>, string[]]> = [
    ['RegisterModel', [], { name: 'reg', model_package_group_name: 'fraud' }, ['writes sagemaker/fraud']],
    [
      'model.register',
      [],
      { model_package_group_name: 'fraud', approval_status: 'Approved' },
      ['writes sagemaker/fraud ->Approved promotes'],
    ],
    ['sm.create_model_package', [], { ModelPackageGroupName: 'fraud' }, ['writes sagemaker/fraud']],
    [
      'sm.update_model_package',
      [],
      { ModelPackageArn: 'arn:aws:sagemaker:eu-west-1:1:model-package/fraud/4', ModelApprovalStatus: 'Approved' },
      ['writes sagemaker/fraud v4 promotes'],
    ],
    ['sm.list_model_packages', [], { ModelPackageGroupName: 'fraud' }, ['reads sagemaker/fraud ->latest']],
    ['aiplatform.Model.upload', [], { display_name: 'fraud', parent_model: 'projects/p/locations/l/models/123' }, ['writes vertex/123']],
    ['aiplatform.Model', ['projects/p/locations/l/models/123@4'], {}, ['reads vertex/123 v4']],
    ['wandb.Artifact', ['fraud-model'], { type: 'model' }, ['writes wandb/fraud-model']],
    ['run.use_artifact', ['acme/risk/fraud-model:prod'], {}, ['reads wandb/risk/fraud-model ->prod']],
    ['run.use_artifact', ['fraud-model:v7'], {}, ['reads wandb/fraud-model vv7']],
    ['run.log_artifact', ['model.pkl'], { name: 'fraud-model', type: 'model' }, ['writes wandb/fraud-model']],
    ['model.push_to_hub', ['acme/fraud-bert'], {}, ['writes hf/acme/fraud-bert']],
    ['AutoModel.from_pretrained', ['acme/fraud-bert'], {}, ['reads hf/acme/fraud-bert ->main']],
    ['AutoModel.from_pretrained', ['acme/fraud-bert'], { revision: 'v1.2' }, ['reads hf/acme/fraud-bert ->v1.2']],
    ['AutoModel.from_pretrained', ['outputs/checkpoint-500'], {}, []],
    ['AutoModel.from_pretrained', ['./model'], {}, []],
    ['snapshot_download', [], { repo_id: 'acme/fraud-bert', repo_type: 'dataset' }, []],
    ['bentoml.sklearn.save_model', ['fraud', 'clf'], {}, ['writes bentoml/fraud']],
    ['bentoml.models.get', ['fraud:latest'], {}, ['reads bentoml/fraud ->latest']],
    ['bentoml.sklearn.load_model', ['fraud:abc123'], {}, ['reads bentoml/fraud vabc123']],
  ];
  for (const [callee, positional, keywords, expected] of table)
    assert.deepEqual(call(callee, positional, keywords).map(show), expected, `${callee}(${positional.join(', ')})`);
});

test('shell commands: registry CLIs and registry URIs passed to any command', () => {
  const table: Array<[string, string[]]> = [
    ['mlflow models serve -m models:/fraud/Production -p 5001', ['reads mlflow/fraud ->Production']],
    ['mlflow models predict --model-uri=models:/fraud/12 -i in.csv -o out.csv', ['reads mlflow/fraud v12']],
    ['huggingface-cli upload acme/fraud-bert ./model', ['writes hf/acme/fraud-bert']],
    ['huggingface-cli upload acme/transactions ./data --repo-type dataset', []],
    [
      'hf download acme/fraud-bert --revision 0123456789abcdef0123456789abcdef01234567',
      ['reads hf/acme/fraud-bert v0123456789abcdef0123456789abcdef01234567'],
    ],
    ['wandb artifact put --name risk/fraud-model --type model ./model', ['writes wandb/risk/fraud-model']],
    ['wandb artifact get risk/fraud-model:latest', ['reads wandb/risk/fraud-model ->latest']],
    [
      'gcloud ai models upload --region=us-central1 --display-name=fraud --parent-model=projects/p/locations/l/models/123',
      ['writes vertex/123'],
    ],
    ['aws sagemaker create-model-package --model-package-group-name fraud', ['writes sagemaker/fraud']],
    ['python score.py --model models:/fraud@champion', ['reads mlflow/fraud ->@champion']],
    ['python train.py --out models/fraud.pkl', []],
  ];
  for (const [command, expected] of table) assert.deepEqual(registryCommand(command.split(' ')).map(show), expected, command);
});
