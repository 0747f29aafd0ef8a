// Ray Serve config files (`serve deploy`/`serve run config.yaml`) and KubeRay RayService
// resources (ray.io v1, v1alpha1), read as Ray Serve's config schema defines them: each of
// `applications:` is a serving stage built by its `import_path`, with its `runtime_env` (`pip`
// packages installed on the cluster, a `working_dir` fetched from a URL) and its `deployments:`
// settings (`num_replicas`, `autoscaling_config`, `ray_actor_options`, `user_config`). A
// RayService holds the same config as a YAML string (`serveConfigV2`): it is parsed in place, so
// what it states keeps its place in the file, and its cluster's container images are pinned.
import type { SiblingReader, SourceAdapter, SourceFile } from './adapter';
import { inHelmChart } from './helm';
import { emptyFacts, stageId, type FileFacts, type Stage } from '../model/facts';
import { remark } from '../model/stageNotes';
import {
  parseYaml,
  parseTemplatedYaml,
  mappings,
  get,
  items,
  str,
  refOf,
  collectValues,
  isMap,
  isScalar,
  isSeq,
  scalarValue,
  type YamlFile,
  type YamlNode,
} from '../text/yaml';
import { readContainer, readOwnerClaims, readWorkload, resourceName } from './kubernetes';
import { pipInstallSpecs } from './pipInstall';
import { basename, stripExtension } from '../text/paths';

export const rayServeAdapter: SourceAdapter = {
  format: 'ray-serve',
  displayName: 'Ray Serve',
  globs: ['**/*.{yaml,yml}'],
  contributes: {
    defaultProbes: "KubeRay's readiness and liveness probes on each Ray pod; Serve's own replica health checks",
    ownable: true,
    orchestrator: true,
    serving: 'always',
    pods: true,
  },
  detect: (file) =>
    /\.ya?ml$/i.test(file.path) &&
    ((/^apiVersion:\s*["']?ray\.io\/v1(alpha1)?["']?\s*$/m.test(file.text) && /^kind:\s*["']?RayService["']?\s*$/m.test(file.text)) ||
      (/^applications:\s*$/m.test(file.text) && /^\s*-?\s*import_path:/m.test(file.text))),
  parse: parseRayServe,
};

interface Service {
  /** The file's parsed YAML, or the serve config parsed in place inside it. */
  y: YamlFile;
  facts: FileFacts;
  name: string;
}

function parseRayServe(file: SourceFile, siblings: SiblingReader): FileFacts {
  const y = parseTemplatedYaml(file.path, file.text, { helmChart: inHelmChart(file.path, siblings) });
  const facts = emptyFacts(file.path, 'ray-serve');
  facts.problems.push(...y.problems);
  for (const doc of mappings(y)) {
    const kind = str(y, get(doc, 'kind'));
    if (kind === 'RayService') readRayService(y, facts, doc);
    else if (get(doc, 'applications')) readServeConfig({ y, facts, name: stripExtension(basename(file.path)) }, doc, '');
    else readWorkload(y, facts, doc);
  }
  return facts;
}

function readRayService(y: YamlFile, facts: FileFacts, doc: YamlNode): void {
  const metadata = get(doc, 'metadata');
  const name = resourceName(y, metadata) ?? 'rayservice';
  readOwnerClaims(y, facts, metadata, name);
  const spec = get(doc, 'spec');
  const configNode = get(spec, 'serveConfigV2');
  const inner = configNode ? nestedYaml(y, configNode) : undefined;
  let stages: Stage[] = [];
  if (inner) {
    facts.problems.push(...inner.problems.filter((p) => p.syntax).map((p) => ({ ...p, message: `serveConfigV2: ${p.message}` })));
    const root = mappings(inner)[0];
    if (root) stages = readServeConfig({ y: inner, facts, name }, root, 'spec.serveConfigV2.');
  } else if (configNode)
    facts.problems.push({
      message: 'Not fully read: `serveConfigV2` is not a block scalar (`|`), so the Serve config inside it was not parsed.',
      range: refOf(y, configNode),
      severity: 'info',
    });
  readCluster(y, facts, get(spec, 'rayClusterConfig'), stages);
}

/**
 * A YAML document held in a block scalar, parsed where it stands: every character outside the
 * scalar's content becomes a space (line breaks kept), so its ranges are the file's own.
 */
function nestedYaml(y: YamlFile, node: YamlNode): YamlFile | undefined {
  const scalar = node as YamlNode & { type?: string };
  if (!isScalar(node) || !/^BLOCK_/.test(scalar.type ?? '') || !node.range) return undefined;
  const start = y.text.indexOf('\n', node.range[0]) + 1;
  const end = node.range[1];
  if (start <= 0 || start >= end) return undefined;
  let masked = '';
  for (let i = 0; i < y.text.length; i++) {
    const c = y.text[i];
    masked += (i >= start && i < end) || c === '\n' || c === '\r' ? c : ' ';
  }
  return parseYaml(y.file, masked);
}

/** The head and worker groups' containers: their images run every application of the service. */
function readCluster(y: YamlFile, facts: FileFacts, cluster: YamlNode | undefined, apps: Stage[]): void {
  const groups: Array<[YamlNode | undefined, string]> = [[get(cluster, 'headGroupSpec'), 'spec.rayClusterConfig.headGroupSpec']];
  items(get(cluster, 'workerGroupSpecs')).forEach((g, i) => groups.push([g, `spec.rayClusterConfig.workerGroupSpecs[${i}]`]));
  const ids = apps.map((s) => s.id);
  const version = get(cluster, 'rayVersion');
  if (isScalar(version))
    facts.values.push({ key: 'spec.rayClusterConfig.rayVersion', value: scalarValue(y, version), range: refOf(y, version), stage: ids[0] });
  for (const [group, path] of groups) {
    for (const key of ['replicas', 'minReplicas', 'maxReplicas']) {
      const node = get(group, key);
      if (isScalar(node)) facts.values.push({ key: `${path}.${key}`, value: scalarValue(y, node), range: refOf(y, node), stage: ids[0] });
    }
    items(get(get(get(group, 'template'), 'spec'), 'containers')).forEach((container, i) => {
      const info = readContainer({ y, facts, stages: ids, prefix: `${path}.template.spec.containers[${i}]` }, container);
      for (const app of apps) app.image ??= info.image;
    });
  }
}

/** `applications:`: each is a serving stage of the service. */
function readServeConfig(s: Service, root: YamlNode, prefix: string): Stage[] {
  const { y, facts } = s;
  collectValues(y, get(root, 'http_options'), `${prefix}http_options`, facts.values);
  return items(get(root, 'applications')).map((app, i) => {
    const nameNode = get(app, 'name');
    const name = str(y, nameNode) ?? 'default';
    const importPath = str(y, get(app, 'import_path'));
    const route = str(y, get(app, 'route_prefix'));
    const stage: Stage = {
      id: stageId(facts.file, s.name, name),
      name,
      pipeline: s.name,
      role: 'serve',
      range: refOf(y, nameNode ?? get(app, 'import_path') ?? app),
      notes: [],
    };
    if (importPath) stage.notes!.push(remark(`import_path: ${importPath}`));
    if (route) stage.notes!.push(remark(`route_prefix: ${route}`));
    facts.stages.push(stage);
    const path = `${prefix}applications[${i}]`;
    readRuntimeEnv(s, stage, get(app, 'runtime_env'), `${path}.runtime_env`);
    collectValues(y, get(app, 'args'), `${path}.args`, facts.values, { stage: stage.id });
    for (const deployment of items(get(app, 'deployments'))) {
      const dname = str(y, get(deployment, 'name')) ?? '?';
      const dpath = `${path}.deployments.${dname}`;
      for (const [key, node] of deploymentSettings(deployment))
        if (isScalar(node))
          facts.values.push({ key: `${dpath}.${key}`, value: scalarValue(y, node), range: refOf(y, node), stage: stage.id });
      for (const key of ['autoscaling_config', 'ray_actor_options', 'user_config'])
        collectValues(y, get(deployment, key), `${dpath}.${key}`, facts.values, { stage: stage.id });
    }
    if (!stage.notes!.length) delete stage.notes;
    return stage;
  });
}

function deploymentSettings(deployment: YamlNode): Array<[string, YamlNode | undefined]> {
  return [
    'num_replicas',
    'max_ongoing_requests',
    'max_queued_requests',
    'max_replicas_per_node',
    'graceful_shutdown_timeout_s',
    'health_check_timeout_s',
  ].map((k) => [k, get(deployment, k)]);
}

/** An archive of a repository at a ref: `https://github.com/o/r/archive/<ref>.zip`, `…/archive/refs/heads/<branch>.zip`. */
const ARCHIVE = /^https?:\/\/[^/]+\/([^/]+\/[^/]+)\/(?:-\/)?archive\/(?:refs\/(heads|tags)\/)?(.+?)(?:\.zip|\.tar\.gz)$/;

/**
 * `runtime_env`: `pip` packages (a list, `{packages: […]}` or a requirements file) are installed
 * for the application; a remote `working_dir` or `py_modules` archive is its code, pinned when
 * the archive names a commit or a tag and moving when it names a branch.
 */
function readRuntimeEnv(s: Service, stage: Stage, env: YamlNode | undefined, path: string): void {
  const { y, facts } = s;
  if (!isMap(env)) return;
  const pip = get(env, 'pip');
  const list = isSeq(pip) ? pip : get(pip, 'packages');
  for (const node of items(list)) {
    const text = str(y, node);
    if (!text) continue;
    for (const spec of pipInstallSpecs([text]))
      facts.versions.push({ subject: 'package', name: spec.name, version: spec.version, range: refOf(y, node), stage: stage.id });
  }
  collectValues(y, get(env, 'env_vars'), `${path}.env_vars`, facts.values, { stage: stage.id });
  const remote = [get(env, 'working_dir'), ...items(get(env, 'py_modules'))];
  for (const node of remote) {
    const url = str(y, node);
    if (!url || !node || !/^[a-z][\w+.-]*:\/\//.test(url)) continue;
    const range = refOf(y, node);
    facts.io.push({ stage: stage.id, direction: 'reads', artifact: { scheme: 'uri', name: url, kind: 'code' }, range });
    const archive = ARCHIVE.exec(url);
    if (!archive) continue;
    const ref = archive[3];
    const fixed = archive[2] === 'tags' || /^[0-9a-f]{40}$/.test(ref) || /^v?\d+(\.\d+)+/.test(ref);
    facts.versions.push({ subject: 'package', name: archive[1], version: ref, moving: fixed ? undefined : true, range, stage: stage.id });
  }
}
