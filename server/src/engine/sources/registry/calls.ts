// Registry calls in Python: a pure function from a call's dotted name and its evaluated
// arguments to the registry stocks it reads or writes. Any Python scan (Airflow task bodies,
// SDK pipeline steps) evaluates the arguments its own way and hands them here.
import { hfRepo, parseRegistryUri, wandbName } from './uri';
import type { RegistryAccess } from './stock';

/** An argument's value as far as static evaluation knows it. */
export interface ArgValue {
  value: string;
  dynamic: boolean;
}

export interface EvaluatedArgs {
  positional: Array<ArgValue | undefined>;
  keywords: ReadonlyMap<string, ArgValue | undefined>;
}

/** Call names (last dotted part) worth evaluating: a scan can skip every other call. */
export const REGISTRY_CALL =
  /\b(?:register_model|log_model|create_model_version|transition_model_version_stage|set_registered_model_alias|get_model_version(?:_by_alias)?|get_latest_versions|RegisterModel|\.register|create_model_package|update_model_package|list_model_packages|Model\.upload|aiplatform\.Model|Artifact|log_artifact|use_artifact|use_model|link_model|\.artifact|push_to_hub|upload_folder|upload_file|snapshot_download|hf_hub_download|from_pretrained|save_model|load_model|models\.get|bentoml\.\w+\.get|spark_udf|ModelPackage)[ \t]*\(/g;

type Arg = number | string;
type Access = Omit<RegistryAccess, 'direction' | 'registry' | 'name'>;

export function registryCall(callee: string, args: EvaluatedArgs): RegistryAccess[] {
  const parts = callee.split('.');
  const short = parts[parts.length - 1];
  const arg = (...keys: Arg[]): { value: ArgValue; from: Arg } | undefined => {
    for (const k of keys) {
      const v = typeof k === 'number' ? args.positional[k] : args.keywords.get(k);
      if (v) return { value: v, from: k };
    }
    return undefined;
  };
  const text = (...keys: Arg[]) => arg(...keys)?.value.value;
  const named = (direction: RegistryAccess['direction'], registry: RegistryAccess['registry'], keys: Arg[], more: Access = {}) => {
    const a = arg(...keys);
    if (!a || a.value.value === '') return [];
    return [{ direction, registry, name: a.value.value, from: a.from, dynamic: a.value.dynamic || undefined, ...more }];
  };
  const sdk = parts[0];
  if (sdk === 'bentoml') return bentoml(short, arg);
  switch (short) {
    case 'register_model':
      // mlflow.register_model(model_uri, name); a SageMaker estimator's model.register(...) is below.
      return named('writes', 'mlflow', ['name', 1]);
    case 'log_model':
      if (args.keywords.has('registered_model_name')) return named('writes', 'mlflow', ['registered_model_name']);
      return /^(run|wandb)$/.test(parts[parts.length - 2] ?? '') ? named('writes', 'wandb', ['name', 1]) : [];
    case 'create_model_version':
      return named('writes', 'mlflow', ['name', 0]);
    case 'transition_model_version_stage':
      return named('writes', 'mlflow', ['name', 0], { pointer: text('stage', 2), version: text('version', 1), promotes: true });
    case 'set_registered_model_alias':
      return named('writes', 'mlflow', ['name', 0], { pointer: aliasOf(text('alias', 1)), version: text('version', 2), promotes: true });
    case 'get_model_version_by_alias':
      return named('reads', 'mlflow', ['name', 0], { pointer: aliasOf(text('alias', 1)) });
    case 'get_latest_versions':
      return named('reads', 'mlflow', ['name', 0], { pointer: 'latest' });
    case 'get_model_version':
      return named('reads', 'mlflow', ['name', 0], { version: text('version', 1) });
    case 'RegisterModel':
    case 'register':
      return named('writes', 'sagemaker', ['model_package_group_name'], approved(text('approval_status')));
    case 'create_model_package':
      return named('writes', 'sagemaker', ['ModelPackageGroupName'], approved(text('ModelApprovalStatus')));
    case 'list_model_packages':
      return named('reads', 'sagemaker', ['ModelPackageGroupName'], { pointer: 'latest' });
    case 'update_model_package': {
      const target = parseRegistryUri(text('ModelPackageArn') ?? '', 'writes');
      return target && /^approved$/i.test(text('ModelApprovalStatus') ?? '')
        ? [{ ...target, promotes: true, from: 'ModelPackageArn' }]
        : [];
    }
    case 'upload':
      return sdk === 'aiplatform' || parts.includes('Model') ? vertexUpload(arg) : uriArgs(args);
    case 'Model':
      return parts.includes('aiplatform') || sdk === 'Model' ? vertexModel(arg) : uriArgs(args);
    case 'Artifact':
      return parts.includes('wandb') ? wandbArtifact('writes', arg('name', 0)) : [];
    case 'log_artifact':
      return args.keywords.has('name') && /^(run|wandb)$/.test(parts[parts.length - 2] ?? '') ? wandbArtifact('writes', arg('name')) : [];
    case 'link_model':
      return named('writes', 'wandb', ['registered_model_name']);
    case 'use_artifact':
    case 'use_model':
    case 'artifact':
      // `wandb.Api().artifact(...)`: the call's dotted name ends at the `()` before it.
      return short === 'artifact' && !/^(api|wandb|)$/i.test(parts[parts.length - 2] ?? '')
        ? []
        : wandbArtifact('reads', arg('name', 'artifact_or_name', 0));
    case 'push_to_hub':
      return hub('writes', arg('repo_id', 0));
    case 'upload_folder':
    case 'upload_file':
      return isModelRepo(text('repo_type')) ? hub('writes', arg('repo_id')) : [];
    case 'snapshot_download':
    case 'hf_hub_download':
      return isModelRepo(text('repo_type')) ? hub('reads', arg('repo_id', 0)) : [];
    case 'from_pretrained': {
      const a = arg('pretrained_model_name_or_path', 'repo_id', 0);
      return a && isHubId(a.value.value) ? hub('reads', a, text('revision')) : uriArgs(args);
    }
    default:
      return uriArgs(args);
  }
}

function aliasOf(alias: string | undefined): string | undefined {
  return alias === undefined ? undefined : `@${alias}`;
}

/** An approval status set to `Approved` is a promotion: deployments that follow approved versions take it. */
function approved(status: string | undefined): Access {
  return status && /^approved$/i.test(status) ? { promotes: true, pointer: 'Approved' } : {};
}

/** Any argument that is a registry URI (`mlflow.pyfunc.load_model("models:/fraud/12")`, `spark_udf(..., model_uri=...)`) is read. */
function uriArgs(args: EvaluatedArgs): RegistryAccess[] {
  const found: RegistryAccess[] = [];
  const take = (v: ArgValue | undefined, from: Arg) => {
    const access = v ? parseRegistryUri(v.value) : undefined;
    if (access) found.push({ ...access, from, dynamic: access.dynamic || v!.dynamic || undefined });
  };
  args.positional.forEach((v, i) => take(v, i));
  for (const [k, v] of args.keywords) take(v, k);
  return found;
}

type ArgOf = (...keys: Arg[]) => { value: ArgValue; from: Arg } | undefined;

/** `bentoml.<framework>.save_model(name, model)` writes; `load_model(tag)`, `bentoml.models.get(tag)` read. */
function bentoml(short: string, arg: ArgOf): RegistryAccess[] {
  const direction = short === 'save_model' ? 'writes' : /^(load_model|get|BentoModel|load_runner)$/.test(short) ? 'reads' : undefined;
  const a = arg('name', 'tag', 0);
  if (!direction || !a) return [];
  const [name, tag] = a.value.value.split(':');
  if (!name) return [];
  const pinned = tag !== undefined && tag !== '' && tag !== 'latest';
  return [
    {
      direction,
      registry: 'bentoml',
      name,
      version: pinned ? tag : undefined,
      // A Bento model read by name alone resolves to its newest version, as `:latest` does.
      pointer: direction === 'reads' && !pinned ? 'latest' : undefined,
      from: a.from,
      dynamic: a.value.dynamic || undefined,
    },
  ];
}

/** `aiplatform.Model.upload(display_name=, parent_model=, model_id=)`: a new version of `parent_model`, else a new model. */
function vertexUpload(arg: ArgOf): RegistryAccess[] {
  const a = arg('parent_model', 'model_id', 'display_name');
  if (!a) return [];
  const resource = parseRegistryUri(a.value.value, 'writes');
  const name = resource?.name ?? a.value.value;
  return [{ direction: 'writes', registry: 'vertex', name, from: a.from, dynamic: a.value.dynamic || undefined }];
}

/** `aiplatform.Model("projects/.../models/123@2")` or `Model(model_name="123", version="2")`. */
function vertexModel(arg: ArgOf): RegistryAccess[] {
  const a = arg('model_name', 0);
  if (!a) return [];
  const resource = parseRegistryUri(a.value.value);
  if (resource) return [{ ...resource, from: a.from }];
  if (!/^[\w-]+(@[\w-]+)?$/.test(a.value.value)) return [];
  const [name, at] = a.value.value.split('@');
  const version = arg('version')?.value.value ?? at;
  const pinned = version !== undefined && /^\d+$/.test(version);
  return [
    {
      direction: 'reads',
      registry: 'vertex',
      name,
      version: pinned ? version : undefined,
      pointer: pinned ? undefined : (version ?? 'default'),
      from: a.from,
      dynamic: a.value.dynamic || undefined,
    },
  ];
}

function wandbArtifact(direction: RegistryAccess['direction'], a: { value: ArgValue; from: Arg } | undefined): RegistryAccess[] {
  const access = a ? wandbName(a.value.value, direction) : undefined;
  return access ? [{ ...access, from: a!.from, dynamic: access.dynamic || a!.value.dynamic || undefined }] : [];
}

function isModelRepo(repoType: string | undefined): boolean {
  return repoType === undefined || repoType === 'model';
}

function hub(direction: RegistryAccess['direction'], a: { value: ArgValue; from: Arg } | undefined, revision?: string): RegistryAccess[] {
  if (!a || a.value.dynamic) return [];
  const access = hfRepo(revision ? `${a.value.value}@${revision}` : a.value.value, direction);
  if (!access) return [];
  return [{ ...access, pointer: direction === 'writes' ? undefined : access.pointer, from: a.from }];
}

// Folders that local checkpoints are saved in: `from_pretrained("outputs/checkpoint")` reads a directory, not a Hub repository.
const LOCAL_ROOTS =
  /^(models?|outputs?|output_dir|data|checkpoints?|artifacts?|tmp|results?|runs?|saved(_models?)?|ckpts?|weights|exports?|build|dist|src)$/i;

/** `org/name` as the Hub writes repository ids; a relative or absolute path, or one under a usual output folder, is a local directory. */
function isHubId(value: string): boolean {
  const m = /^([\w-][\w.-]*)\/([\w-][\w.-]*)$/.exec(value);
  return !!m && !LOCAL_ROOTS.test(m[1]) && !/\.(bin|pt|pth|safetensors|json|onnx|h5|ckpt)$/i.test(m[2]);
}
