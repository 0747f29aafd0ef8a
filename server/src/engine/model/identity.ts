// Artifact identity: the hard part of linking formats. Two facts name the same stock when
// their normalised keys are equal (exact), when one is inside the other (a DVC `eval` out
// contains `eval/metrics.json`: contained), or only when their stems agree
// (`predictions` vs `predictions.parquet`, `fraud.flags` vs `flags`: possible).
import type { ArtifactKind, ArtifactRef, ArtifactScheme } from './facts';
import { basename, joinPath, normalizePath, stripExtension } from '../text/paths';
import { isRegistry, registryLabel, type Registry } from '../sources/registry/stock';
import { parseRegistryUri } from '../sources/registry/uri';

export interface ArtifactIdentity {
  /** Canonical key: equal keys are the same stock. */
  readonly key: string;
  /** Short human label. */
  readonly label: string;
  readonly scheme: ArtifactScheme;
  /** Lower-case basename without extension: candidates for possible matches share it. */
  readonly stem: string;
  readonly kind?: ArtifactKind;
}

export type MatchKind = 'exact' | 'contained' | 'possible';

export interface Match {
  kind: MatchKind;
  confidence: number;
}

const URI = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i;
const SCHEME_ALIASES: Record<string, string> = { s3a: 's3', s3n: 's3', gcs: 'gs', abfss: 'az', abfs: 'az', wasbs: 'az' };

export function isUri(name: string): boolean {
  return URI.test(name.trim());
}

export function normalizeUri(uri: string): string {
  const m = URI.exec(uri.trim());
  if (!m) return uri.trim();
  const scheme = m[1].toLowerCase();
  const canonical = SCHEME_ALIASES[scheme] ?? scheme;
  const rest = m[2].replace(/\/{2,}/g, '/').replace(/\/+$/, '');
  if (canonical === 'file') return normalizePath(`/${rest}`);
  return `${canonical}://${rest}`;
}

export function normalizeTable(name: string): string {
  return name
    .replace(/[`"[\]]/g, '')
    .trim()
    .toLowerCase();
}

// Facts are not changed once read, and most survive an edit (only the edited file is read
// again), so each reference's identity is computed once, not on every re-link.
const identities = new WeakMap<ArtifactRef, ArtifactIdentity>();

export function identify(ref: ArtifactRef): ArtifactIdentity {
  let id = identities.get(ref);
  if (!id) identities.set(ref, (id = identityOf(ref)));
  return id;
}

function identityOf(ref: ArtifactRef): ArtifactIdentity {
  const name = ref.name.trim();
  if (ref.scheme === 'model' && isRegistry(ref.scope)) return registryIdentity(ref.scope, name);
  // `models:/fraud/12` in a storageUri, an env value or a CLI argument is the registry's stock, not a path.
  const registry = ref.scheme === 'path' || ref.scheme === 'uri' || ref.scheme === 'named' ? parseRegistryUri(name) : undefined;
  if (registry) return registryIdentity(registry.registry, registry.name);
  const scheme: ArtifactScheme =
    (ref.scheme === 'dataset' || ref.scheme === 'path' || ref.scheme === 'named') && isUri(name) ? 'uri' : ref.scheme;
  switch (scheme) {
    case 'uri': {
      const uri = normalizeUri(name);
      if (uri.startsWith('/')) return withStem({ key: `path:${uri}`, label: uri, scheme: 'path', kind: ref.kind });
      return withStem({ key: uri, label: uri, scheme, kind: ref.kind });
    }
    case 'path': {
      const p = joinPath(ref.base ?? '', name).replace(/\/+$/, '');
      return withStem({ key: `path:${p}`, label: p, scheme, kind: ref.kind });
    }
    case 'table': {
      const t = normalizeTable(name);
      return withStem({ key: `table:${t}`, label: t, scheme, kind: ref.kind });
    }
    case 'ci-artifact':
    case 'xcom':
    case 'kfp-output':
      return withStem({ key: `${scheme}:${ref.scope ?? ''}/${name}`, label: name, scheme, kind: ref.kind });
    default:
      return withStem({ key: `${scheme}:${name}`, label: name, scheme, kind: ref.kind });
  }
}

/** Whether a graph node's key is a model registry's stock. */
export function isRegistryStock(key: string): boolean {
  return key.startsWith('model:') && isRegistry(key.slice(6, key.indexOf('/')));
}

/** One stock per (registry, model name): versions, aliases and stages are reads of it. */
function registryIdentity(registry: Registry, written: string): ArtifactIdentity {
  // The Hub resolves repository ids whatever their case: `Org/Model` and `org/model` are one repository.
  const name = registry === 'hf' ? written.toLowerCase() : written;
  const last = name.split(/[/.]/).pop() ?? name;
  return {
    key: `model:${registry}/${name}`,
    label: registryLabel(registry, name),
    scheme: 'model',
    kind: 'model',
    stem: last.toLowerCase(),
  };
}

function withStem(id: Omit<ArtifactIdentity, 'stem'>): ArtifactIdentity {
  const last = id.scheme === 'table' ? id.label.slice(id.label.lastIndexOf('.') + 1) : stripExtension(basename(id.label));
  return { ...id, stem: last.toLowerCase() };
}

/** The path part of a key for containment: `path:eval` and `s3://b/k` both have one. */
function pathPart(key: string): string | undefined {
  if (key.startsWith('path:')) return key.slice(5);
  if (URI.test(key)) return key;
  return undefined;
}

/** Whether `inner` lies inside `outer` (a file inside a folder, a key under a prefix). */
export function contains(outer: string, inner: string): boolean {
  const o = pathPart(outer);
  const i = pathPart(inner);
  if (o === undefined || i === undefined || o === i) return false;
  if (outer.startsWith('path:') !== inner.startsWith('path:')) return false;
  return i.startsWith(`${o}/`);
}

/** How two identities relate, if at all. */
export function match(a: ArtifactIdentity, b: ArtifactIdentity): Match | undefined {
  if (a.key === b.key) return { kind: 'exact', confidence: 1 };
  if (contains(a.key, b.key) || contains(b.key, a.key)) return { kind: 'contained', confidence: 0.9 };
  if (isPossible(a, b)) return { kind: 'possible', confidence: 0.5 };
  return undefined;
}

// Stems that name nothing in particular: a shared `data` or `model` says nothing about identity.
const GENERIC_STEMS = new Set([
  'data',
  'output',
  'outputs',
  'input',
  'inputs',
  'model',
  'models',
  'tmp',
  'result',
  'results',
  'file',
  'df',
  'src',
  'metrics',
  'eval',
  'out',
  'train',
  'test',
  'report',
  'config',
  'params',
  'requirements',
  'index',
  'main',
]);

const HANDOFF = /^(ci-artifact|xcom|kfp-output):/;

/** In-pipeline hand-offs (CI artifacts, XComs, KFP task outputs): names that only mean something inside one pipeline run. */
export function isHandoff(key: string): boolean {
  return HANDOFF.test(key);
}

/** Whether an artifact whose stem equals the candidate's may be the same stock under another name. */
export function mayBeSame(id: ArtifactIdentity, candidateKey: string): boolean {
  return (
    id.stem.length >= 4 &&
    !GENERIC_STEMS.has(id.stem) &&
    !isHandoff(id.key) &&
    !isHandoff(candidateKey) &&
    !viewAndStorage(id.key, candidateKey)
  );
}

const STORAGE = /^(path:|table:|[a-z0-9+.-]+:\/\/)/;

/**
 * A feature view is a definition over the data its source names: its rows live at that source's
 * path or table, so a file or table is never the view under another name (a FileSource
 * `credit_history` and the view `credit_history` built from it are two artifacts, in order).
 */
function viewAndStorage(a: string, b: string): boolean {
  const view = (k: string) => k.startsWith('feature-view:');
  return (view(a) && STORAGE.test(b)) || (view(b) && STORAGE.test(a));
}

function isPossible(a: ArtifactIdentity, b: ArtifactIdentity): boolean {
  return !!a.stem && a.stem === b.stem && mayBeSame(a, b.key);
}

/** Guesses how a bare name written by a user (card hop, external input) is meant. */
export function identifyLoose(name: string, kind?: ArtifactKind): ArtifactIdentity {
  if (parseRegistryUri(name)) return identify({ scheme: 'uri', name, kind });
  if (isUri(name)) return identify({ scheme: 'uri', name, kind });
  if (name.includes('/') || /\.[a-z0-9]{1,8}$/i.test(name)) return identify({ scheme: 'path', name, kind });
  if (/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*){1,2}$/.test(name)) return identify({ scheme: 'table', name, kind });
  return identify({ scheme: 'named', name, kind });
}
