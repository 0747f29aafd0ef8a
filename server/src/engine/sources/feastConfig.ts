// Feast repository config (feature_store.yaml): the project, the provider, and where the
// registry and the online/offline stores live. The registry and stores are stocks (paths are
// relative to the file's folder); every setting is a ConfigValue. `%PLACEHOLDER%` values of
// Feast's templates are kept as written and make the artifact dynamic.
import type { SourceAdapter, SourceFile } from './adapter';
import { emptyFacts, type ArtifactKind, type ArtifactRef, type FileFacts } from '../model/facts';
import { parseTemplatedYaml, mappings, get, str, refOf, collectValues, isMap, type YamlFile, type YamlNode } from '../text/yaml';
import { dirname } from '../text/paths';
import { isUri } from '../model/identity';

export const feastConfigAdapter: SourceAdapter = {
  format: 'feast-config',
  displayName: 'Feast config',
  globs: ['**/feature_store.{yaml,yml}'],
  contributes: { ownable: true },
  detect: (file) => /(^|\/)feature_store\.ya?ml$/.test(file.path) && /^project\s*:/m.test(file.text),
  parse: parseFeastConfig,
};

function parseFeastConfig(file: SourceFile): FileFacts {
  const y = parseTemplatedYaml(file.path, file.text);
  const facts = emptyFacts(file.path, 'feast-config');
  facts.problems.push(...y.problems);
  const dir = dirname(file.path);
  for (const root of mappings(y)) {
    const project = str(y, get(root, 'project')) ?? 'feast';
    collectValues(y, root, '', facts.values);
    const registry = get(root, 'registry');
    declareStore(
      y,
      facts,
      isMap(registry) ? registry : undefined,
      isMap(registry) ? get(registry, 'path') : registry,
      dir,
      `${project} registry`,
      'data',
    );
    const online = get(root, 'online_store');
    declareStore(y, facts, online, storeLocation(online), dir, `${project} online store`, 'features');
    const offline = get(root, 'offline_store');
    declareStore(y, facts, offline, storeLocation(offline), dir, `${project} offline store`, 'data');
  }
  return facts;
}

/** Where a store keeps its data: `path`, a connection string, or nothing stated. */
function storeLocation(store: YamlNode | undefined): YamlNode | undefined {
  if (!isMap(store)) return undefined;
  return get(store, 'path') ?? get(store, 'connection_string') ?? get(store, 'url');
}

function declareStore(
  y: YamlFile,
  facts: FileFacts,
  store: YamlNode | undefined,
  location: YamlNode | undefined,
  dir: string,
  label: string,
  kind: ArtifactKind,
): void {
  const value = str(y, location);
  if (!value || !location) return;
  const type = str(y, get(store, 'type')) ?? str(y, get(store, 'registry_type'));
  facts.artifacts.push({
    ref: storeRef(value, dir, kind),
    range: refOf(y, location),
    label,
    description: type ? `${type} store` : undefined,
  });
}

function storeRef(value: string, dir: string, kind: ArtifactKind): ArtifactRef {
  const dynamic = /%[A-Z][A-Z0-9_]*%|\$\{|\{\{/.test(value) || undefined;
  if (isUri(value)) return { scheme: 'uri', name: value, kind, dynamic };
  // A path, or a `host:port` connection string (Redis): the latter names a service, not a file.
  if (/^[\w.-]+:\d+/.test(value)) return { scheme: 'named', name: value, kind, dynamic };
  return { scheme: 'path', name: value, base: dir, kind, dynamic };
}
