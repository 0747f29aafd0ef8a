// Registry references written as one string: MLflow `models:/name/12`, `models:/name@alias`,
// `models:/name/Production`; Hugging Face `hf://org/name`; W&B `wandb-artifact:///e/p/name:v3`;
// Vertex `projects/p/locations/l/models/123@2`; SageMaker model package ARNs.
import type { RegistryAccess } from './stock';

// MLflow's stages (case-insensitive, as MLflow reads them) and `latest`: pointers, not versions.
const MLFLOW_STAGES = /^(none|staging|production|archived|latest)$/i;
/** MLflow 3 logged-model ids (`models:/m-<32 hex>`) name one logged model, not a registered one. */
const LOGGED_MODEL_ID = /^m-[0-9a-f]{32}$/;

/** The registry access a string names, if it is a registry reference. */
export function parseRegistryUri(value: string, direction: RegistryAccess['direction'] = 'reads'): RegistryAccess | undefined {
  const s = value.trim();
  if (/^models:\//i.test(s)) return mlflowUri(s, direction);
  if (/^hf:\/\//i.test(s)) return hfUri(s.slice('hf://'.length), direction);
  if (/^wandb-artifact:\/\//i.test(s)) return wandbName(s.replace(/^wandb-artifact:\/+/i, ''), direction);
  if (s.startsWith('projects/')) return vertexResource(s, direction);
  if (s.startsWith('arn:')) return sagemakerArn(s, direction);
  return undefined;
}

/** The registry access a whole string names, as a list (empty when it names none). */
export function parseRegistryUris(value: string): RegistryAccess[] {
  const access = parseRegistryUri(value);
  return access ? [access] : [];
}

/** Whether a string is a registry reference (cheap test first). */
export function isRegistryUri(value: string): boolean {
  return parseRegistryUri(value) !== undefined;
}

function dynamicIn(s: string): boolean | undefined {
  return /\{|\$/.test(s) || undefined;
}

// `models:/<name>/<version|stage|latest>` or `models:/<name>@<alias>`; `models://<profile>/...` names a tracking server first.
function mlflowUri(s: string, direction: RegistryAccess['direction']): RegistryAccess | undefined {
  const path = s.replace(/^models:\/\/[^/]*\//i, '').replace(/^models:\//i, '');
  const at = path.indexOf('@');
  if (at > 0) {
    const name = path.slice(0, at);
    const alias = path.slice(at + 1).replace(/\/.*$/, '');
    return alias ? { direction, registry: 'mlflow', name, pointer: `@${alias}`, dynamic: dynamicIn(path) } : undefined;
  }
  const parts = path.split('/').filter(Boolean);
  if (parts.length === 0 || LOGGED_MODEL_ID.test(parts[0])) return undefined;
  const [name, version] = parts;
  if (version === undefined) return { direction, registry: 'mlflow', name, dynamic: dynamicIn(path) };
  if (/^\d+$/.test(version)) return { direction, registry: 'mlflow', name, version, dynamic: dynamicIn(path) };
  if (MLFLOW_STAGES.test(version)) return { direction, registry: 'mlflow', name, pointer: version, dynamic: dynamicIn(path) };
  return { direction, registry: 'mlflow', name, dynamic: true };
}

// `hf://org/name[@rev][/path]` (huggingface_hub's file system), `hf://org/name:rev` (KServe). Datasets and Spaces are not models.
function hfUri(rest: string, direction: RegistryAccess['direction']): RegistryAccess | undefined {
  if (/^(datasets|spaces)\//.test(rest)) return undefined;
  return hfRepo(rest.split('/').slice(0, 2).join('/'), direction);
}

/** `org/name`, `org/name@rev`, `org/name:rev`: a Hub model repository (its identity ignores case, as the Hub does). */
export function hfRepo(spec: string, direction: RegistryAccess['direction']): RegistryAccess | undefined {
  const m = /^([\w.-]+\/[\w.-]+|[\w.-]+)(?:[@:]([\w./-]+))?$/.exec(spec.replace(/\/+$/, ''));
  if (!m) return undefined;
  const revision = m[2];
  const pinned = revision !== undefined && /^[0-9a-f]{40}$/i.test(revision);
  return {
    direction,
    registry: 'hf',
    name: m[1],
    version: pinned ? revision : undefined,
    // With no revision the Hub serves `main`, a branch.
    pointer: pinned ? undefined : (revision ?? 'main'),
  };
}

/** `entity/project/name:alias`, `project/name:v3`, `name:latest`: one W&B artifact, keyed by project (when stated) and name. */
export function wandbName(spec: string, direction: RegistryAccess['direction']): RegistryAccess | undefined {
  const colon = spec.lastIndexOf(':');
  const path = colon > 0 ? spec.slice(0, colon) : spec;
  const alias = colon > 0 ? spec.slice(colon + 1) : undefined;
  const parts = path.split('/').filter(Boolean);
  if (parts.length === 0 || parts.length > 3 || !parts.every((p) => /^[\w.-]+$|\{/.test(p))) return undefined;
  const name = parts.length === 1 ? parts[0] : parts.slice(-2).join('/');
  const pinned = alias !== undefined && /^v\d+$/.test(alias);
  return {
    direction,
    registry: 'wandb',
    name,
    version: pinned ? alias : undefined,
    pointer: direction === 'reads' && !pinned ? (alias ?? 'latest') : direction === 'writes' ? alias : undefined,
    dynamic: dynamicIn(spec),
  };
}

// `projects/<p>/locations/<l>/models/<id>[@<version or alias>]`
function vertexResource(s: string, direction: RegistryAccess['direction']): RegistryAccess | undefined {
  const m = /^projects\/[^/]+\/locations\/[^/]+\/models\/([^/@]+)(?:@([^/]+))?$/.exec(s);
  if (!m) return undefined;
  const [, id, at] = m;
  const pinned = at !== undefined && /^\d+$/.test(at);
  return {
    direction,
    registry: 'vertex',
    name: id,
    version: pinned ? at : undefined,
    // Without `@`, Vertex serves the model's default version, an alias that moves.
    pointer: pinned ? undefined : (at ?? 'default'),
    dynamic: dynamicIn(s),
  };
}

// `arn:aws:sagemaker:<region>:<account>:model-package/<group>/<version>` or `model-package-group/<group>`
function sagemakerArn(s: string, direction: RegistryAccess['direction']): RegistryAccess | undefined {
  const m = /^arn:aws[\w-]*:sagemaker:[^:]*:[^:]*:(model-package|model-package-group)\/([^/]+)(?:\/(\d+))?$/.exec(s);
  if (!m) return undefined;
  const [, type, group, version] = m;
  if (type === 'model-package' && version === undefined) return undefined;
  return { direction, registry: 'sagemaker', name: group, version, dynamic: dynamicIn(s) };
}
