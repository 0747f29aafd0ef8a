// A model registry entry is one stock: every version, alias and stage of `fraud` in MLflow's
// registry is the same stock, which trainers write and servers, scorers and batch jobs read.
// The access itself says which version: a number is pinned, an alias or stage is a pointer that
// moves whenever someone promotes another version.
import type { ArtifactRef, VersionPin } from '../../model/facts';

export type Registry = 'mlflow' | 'sagemaker' | 'vertex' | 'wandb' | 'hf' | 'bentoml';

export interface RegistryAccess {
  direction: 'reads' | 'writes';
  registry: Registry;
  /** The registered model's name: MLflow name, SageMaker model package group, Vertex model id, W&B artifact, HF repo, Bento model. */
  name: string;
  /** A fixed version, when the access names one. */
  version?: string;
  /** The alias, stage or tag the access goes through (`Production`, `champion`, `latest`): it moves. */
  pointer?: string;
  /** A write that moves a pointer or approves a version (a stage transition, an alias, an approval status) rather than adding one. */
  promotes?: boolean;
  /** Which argument stated the name (a position or a keyword), for the range. */
  from?: number | string;
  /** Part of the name is computed at run time. */
  dynamic?: boolean;
}

const NAMES: Record<Registry, string> = {
  mlflow: 'MLflow Model Registry',
  sagemaker: 'SageMaker Model Registry',
  vertex: 'Vertex AI Model Registry',
  wandb: 'W&B',
  hf: 'Hugging Face Hub',
  bentoml: 'BentoML model store',
};

export function registryName(registry: Registry): string {
  return NAMES[registry];
}

const REGISTRIES = new Set<string>(Object.keys(NAMES));

export function isRegistry(scope: string | undefined): scope is Registry {
  return scope !== undefined && REGISTRIES.has(scope);
}

/** The stock an access reads or writes: one per (registry, model name). */
export function registryArtifact(access: Pick<RegistryAccess, 'registry' | 'name' | 'dynamic'>): ArtifactRef {
  return { scheme: 'model', name: access.name, scope: access.registry, kind: 'model', dynamic: access.dynamic || undefined };
}

/** How the model is named in messages: `models:/fraud`, `hf://org/name`. */
export function registryLabel(registry: Registry, name: string): string {
  switch (registry) {
    case 'mlflow':
      return `models:/${name}`;
    case 'hf':
      return `hf://${name}`;
    case 'bentoml':
      return `bentoml:${name}`;
    case 'wandb':
      return `wandb:${name}`;
    case 'sagemaker':
      return `model-package-group/${name}`;
    case 'vertex':
      return `vertex:models/${name}`;
  }
}

/** The version pin a read carries (reads only: a write creates the version). */
export function registryPin(access: RegistryAccess, range: VersionPin['range'], stage?: string): VersionPin | undefined {
  if (access.direction !== 'reads' || access.dynamic) return undefined;
  const version = access.version ?? access.pointer;
  return {
    subject: 'model',
    // As the file writes it, so a fix can find it: `models:/fraud` before `/12`, a Bento or Hub name before `:tag`.
    name: access.registry === 'mlflow' ? registryLabel('mlflow', access.name) : access.name,
    version,
    moving: access.pointer !== undefined || undefined,
    range,
    stage,
  };
}

/**
 * Why two stocks that only share a name may be one, when one of them is a registry entry: the
 * evidence a possible link rests on, for messages.
 */
export function registryEvidence(readKey: string, writtenKey: string): string | undefined {
  const stem = writtenKey.replace(/^.*[/:]/, '').replace(/\.[a-z0-9]{1,8}$/i, '');
  const registryOf = (key: string) => (/^model:([\w]+)\//.exec(key)?.[1] ?? '') as Registry | '';
  const [a, b] = [registryOf(readKey), registryOf(writtenKey)];
  if (!a && !b) return undefined;
  if (a && a === b)
    return `both are ${registryName(a)} entries named \`${stem}\`; only one states the ${a === 'wandb' ? 'project' : 'namespace'}, so whether they are one entry depends on where the other runs`;
  const where = (r: Registry | '') => (r ? `the ${registryName(r)}` : 'storage');
  return `the model is named \`${stem}\` in ${where(a)} and in ${where(b)}; nothing in the files says one is registered from the other`;
}
