// KServe InferenceService (serving.kserve.io v1beta1, KFServing v1alpha1) and InferenceGraph.
// Each component (predictor, transformer, explainer) is a serving stage of the service: the
// predictor reads its model (`storageUri`), a transformer reads the Feast feature views its
// `feature_refs` name and runs before the predictor, a `logger` writes to its sink.
import { parseRegistryUri } from './registry/uri';
import { addRegistryAccess } from './registry/facts';
import type { SiblingReader, SourceAdapter, SourceFile } from './adapter';
import { inHelmChart } from './helm';
import { emptyFacts, stageId, type FileFacts, type SourceRef, type Stage } from '../model/facts';
import { uniqueNotes, type StageNote } from '../model/stageNotes';
import {
  parseTemplatedYaml,
  mappings,
  get,
  entries,
  items,
  str,
  refOf,
  collectValues,
  isMap,
  isScalar,
  type YamlFile,
  type YamlNode,
} from '../text/yaml';
import { isUri } from '../model/identity';
import { modelVersion, readContainer, readOwnerClaims, readWorkload, resourceName, scalarValues, type ContainerInfo } from './kubernetes';

export { modelVersion };

const WHOLE_VOLUME = /^pvc:\/\/[^/]+\/*$/;

const COMPONENTS = ['predictor', 'transformer', 'explainer'] as const;
/** Keys of a component that are not a model/framework spec. */
const NOT_FRAMEWORK = new Set([
  'containers',
  'logger',
  'batcher',
  'affinity',
  'tolerations',
  'nodeSelector',
  'volumes',
  'annotations',
  'labels',
  'resources',
  'securityContext',
  'imagePullSecrets',
  'initContainers',
  'workerSpec',
]);

export const kserveAdapter: SourceAdapter = {
  format: 'kserve',
  displayName: 'KServe',
  globs: ['**/*.{yaml,yml}'],
  contributes: { ownable: true, orchestrator: true, serving: 'always', pods: true },
  detect: (file) =>
    /\.ya?ml$/i.test(file.path) &&
    /^apiVersion:\s*["']?serving\.(kserve\.io|kubeflow\.org)\//m.test(file.text) &&
    /^kind:\s*["']?(InferenceService|InferenceGraph|ServingRuntime|ClusterServingRuntime)["']?\s*$/m.test(file.text),
  parse: parseKserve,
};

interface Service {
  y: YamlFile;
  facts: FileFacts;
  name: string;
  /** `serving.kserve.io/deploymentMode` (Serverless, RawDeployment, ModelMesh). */
  mode?: string;
}

const PROBES = ['readinessProbe', 'livenessProbe', 'startupProbe'];

function deploymentMode(y: YamlFile, metadata: YamlNode | undefined): string | undefined {
  return str(y, get(get(metadata, 'annotations'), 'serving.kserve.io/deploymentMode'));
}

function parseKserve(file: SourceFile, siblings: SiblingReader): FileFacts {
  const y = parseTemplatedYaml(file.path, file.text, { helmChart: inHelmChart(file.path, siblings) });
  const facts = emptyFacts(file.path, 'kserve');
  facts.problems.push(...y.problems);
  for (const doc of mappings(y)) {
    const kind = str(y, get(doc, 'kind'));
    const apiVersion = str(y, get(doc, 'apiVersion')) ?? '';
    const isKserve = /^serving\.(kserve\.io|kubeflow\.org)\//.test(apiVersion);
    if (isKserve && kind === 'InferenceService') readService(y, facts, doc);
    else if (isKserve && kind === 'InferenceGraph') readGraph(y, facts, doc);
    else if (isKserve && (kind === 'ServingRuntime' || kind === 'ClusterServingRuntime')) readRuntime(y, facts, doc);
    else readWorkload(y, facts, doc);
  }
  return facts;
}

/** A ServingRuntime: its name, the formats it is auto-selected for, and the probes of its containers. */
function readRuntime(y: YamlFile, facts: FileFacts, doc: YamlNode): void {
  const metadata = get(doc, 'metadata');
  const name = resourceName(y, metadata);
  if (!name) return;
  const spec = get(doc, 'spec');
  const autoSelectFormats = items(get(spec, 'supportedModelFormats'))
    .filter((f) => str(y, get(f, 'autoSelect')) === 'true')
    .flatMap((f) => str(y, get(f, 'name')) ?? []);
  const probes = [...new Set(items(get(spec, 'containers')).flatMap((c) => PROBES.filter((p) => get(c, p))))];
  (facts.servingRuntimes ??= []).push({ name, autoSelectFormats, probes, range: refOf(y, get(metadata, 'name') ?? doc) });
}

function readService(y: YamlFile, facts: FileFacts, doc: YamlNode): void {
  const metadata = get(doc, 'metadata');
  const svc: Service = { y, facts, name: resourceName(y, metadata) ?? 'inferenceservice', mode: deploymentMode(y, metadata) };
  readOwnerClaims(y, facts, metadata, svc.name);
  const spec = get(doc, 'spec');
  // v1alpha1 (KFServing) nests the components under `default` and `canary`.
  const groups: Array<[YamlNode | undefined, string, string]> = get(spec, 'default')
    ? [
        [get(spec, 'default'), 'spec.default', ''],
        [get(spec, 'canary'), 'spec.canary', 'canary-'],
      ]
    : [[spec, 'spec', '']];
  for (const [node, path, prefix] of groups) {
    if (!node) continue;
    const stages = new Map<string, Stage>();
    for (const component of COMPONENTS) {
      const pair = isMap(node) ? node.items.find((p) => isScalar(p.key) && p.key.value === component) : undefined;
      if (pair)
        stages.set(
          component,
          readComponent(svc, `${prefix}${component}`, pair.value as YamlNode, refOf(y, pair.key as YamlNode), `${path}.${component}`),
        );
    }
    const transformer = stages.get('transformer');
    const predictor = stages.get('predictor');
    if (transformer && predictor) linkTransformer(svc, transformer, predictor);
  }
}

/**
 * A request passes the transformer (pre-processing) before the predictor, and the predictor's
 * response passes the transformer again (post-processing): so what the transformer writes
 * (flags, prediction logs) depends on the model. The response is an in-service artifact.
 */
function linkTransformer(svc: Service, transformer: Stage, predictor: Stage): void {
  const { facts } = svc;
  facts.orders.push({ before: transformer.id, after: predictor.id, via: 'kserve transformer', range: transformer.range });
  const response = {
    scheme: 'xcom' as const,
    name: `${predictor.name}.response`,
    scope: `${facts.file}#${svc.name}`,
    kind: 'predictions' as const,
  };
  facts.io.push({ stage: predictor.id, direction: 'writes', artifact: response, range: predictor.range });
  facts.io.push({ stage: transformer.id, direction: 'reads', artifact: { ...response }, range: transformer.range });
}

function readComponent(svc: Service, name: string, body: YamlNode | undefined, at: SourceRef, path: string): Stage {
  const { y, facts } = svc;
  const id = stageId(facts.file, svc.name, name);
  const stage: Stage = { id, name, pipeline: svc.name, role: 'serve', range: at };
  const infos: ContainerInfo[] = [];
  items(get(body, 'containers')).forEach((c, i) =>
    infos.push(readContainer({ y, facts, stages: [id], prefix: `${path}.containers[${i}]` }, c)),
  );
  for (const [key, value] of entries(body)) {
    if (!isMap(value) || NOT_FRAMEWORK.has(key)) continue;
    infos.push(readContainer({ y, facts, stages: [id], prefix: `${path}.${key}` }, value));
    infos.push({ notes: readModelSpec(svc, id, key, value, `${path}.${key}`) });
  }
  if (svc.mode) infos.push({ notes: [{ kind: 'kserve', key: 'deploymentMode', value: svc.mode }] });
  scalarValues(y, body, path, facts, id);
  collectValues(y, get(body, 'batcher'), `${path}.batcher`, facts.values, { stage: id });
  readLogger(svc, id, get(body, 'logger'), path);
  stage.image = infos.find((i) => i.image)?.image;
  stage.command =
    infos
      .map((i) => i.command)
      .filter(Boolean)
      .join('\n') || undefined;
  const notes = uniqueNotes(infos.flatMap((i) => i.notes));
  if (notes.length) stage.notes = notes;
  facts.stages.push(stage);
  return stage;
}

/**
 * A framework or `model` spec: its storageUri is the model the component serves. Returns the
 * notes naming what serves it: the `runtime` it names, else the `modelFormat` (or the framework
 * key, v1beta1's older form) KServe selects a runtime by.
 */
function readModelSpec(svc: Service, stage: string, key: string, spec: YamlNode, path: string): StageNote[] {
  const { y, facts } = svc;
  const uriNode = get(spec, 'storageUri');
  const uri = str(y, uriNode);
  const format = get(get(spec, 'modelFormat'), 'name');
  if (isScalar(format))
    facts.values.push({ key: `${path}.modelFormat.name`, value: str(y, format) ?? null, range: refOf(y, format), stage });
  const runtime = str(y, get(spec, 'runtime'));
  const notes: StageNote[] = [{ kind: 'kserve', key: 'modelFormat', value: (isScalar(format) && str(y, format)) || key }];
  if (runtime) notes.push({ kind: 'kserve', key: 'runtime', value: runtime });
  if (!uri || !uriNode) return notes;
  const range = refOf(y, uriNode);
  const dynamic = /\{\{|\$\{/.test(uri) || undefined;
  const registry = parseRegistryUri(uri);
  if (registry) return (addRegistryAccess(facts, stage, registry, range), notes);
  facts.io.push({ stage, direction: 'reads', artifact: { scheme: isUri(uri) ? 'uri' : 'path', name: uri, kind: 'model', dynamic }, range });
  // `pvc://<claim>` with no path mounts a whole volume (a model cache the runtime fills): it names
  // no model, so there is no model version to ask of it.
  if (!WHOLE_VOLUME.test(uri)) facts.versions.push({ subject: 'model', ...modelVersion(uri), range, stage });
  return notes;
}

/** `logger: {url, mode}`: the component writes requests/responses to that sink. */
function readLogger(svc: Service, stage: string, logger: YamlNode | undefined, path: string): void {
  if (!logger) return;
  const { y, facts } = svc;
  const urlNode = get(logger, 'url');
  const url = str(y, urlNode);
  const mode = str(y, get(logger, 'mode')) ?? 'all';
  collectValues(y, logger, `${path}.logger`, facts.values, { stage });
  const name = url ?? `${svc.name}/logger`;
  facts.io.push({
    stage,
    direction: 'writes',
    artifact: { scheme: 'named', name, kind: mode === 'request' ? 'data' : 'predictions' },
    range: refOf(y, urlNode ?? logger),
  });
}

/** InferenceGraph: each node's steps are serving stages; a Sequence runs them in order. */
function readGraph(y: YamlFile, facts: FileFacts, doc: YamlNode): void {
  const metadata = get(doc, 'metadata');
  const pipeline = resourceName(y, metadata) ?? 'inferencegraph';
  readOwnerClaims(y, facts, metadata, pipeline);
  const nodeStages = new Map<string, string[]>();
  const pending: Array<[string, string, SourceRef]> = [];
  for (const [nodeName, node] of entries(get(get(doc, 'spec'), 'nodes'))) {
    const router = str(y, get(node, 'routerType')) ?? 'Sequence';
    const ids: string[] = [];
    items(get(node, 'steps')).forEach((step, i) => {
      const target = str(y, get(step, 'serviceName')) ?? str(y, get(step, 'nodeName'));
      const stepName = str(y, get(step, 'name')) ?? target ?? String(i);
      const at = refOf(y, get(step, 'name') ?? get(step, 'serviceName') ?? get(step, 'nodeName') ?? step);
      const id = stageId(facts.file, pipeline, `${nodeName}.${stepName}`);
      const notes: StageNote[] = [{ kind: 'kserve', key: 'routerType', value: router }];
      const service = str(y, get(step, 'serviceName'));
      if (service) notes.push({ kind: 'kserve', key: 'serviceName', value: service });
      const condition = str(y, get(step, 'condition'));
      if (condition) notes.push({ kind: 'condition', keyword: 'condition', expression: condition });
      facts.stages.push({ id, name: `${nodeName}.${stepName}`, pipeline, role: 'serve', range: at, notes });
      if (router === 'Sequence' && ids.length) facts.orders.push({ before: ids[ids.length - 1], after: id, via: 'Sequence', range: at });
      const nextNode = str(y, get(step, 'nodeName'));
      if (nextNode) pending.push([id, nextNode, at]);
      collectValues(y, step, `spec.nodes.${nodeName}.steps[${i}]`, facts.values, { stage: id });
      ids.push(id);
    });
    nodeStages.set(nodeName, ids);
  }
  for (const [before, node, at] of pending)
    for (const after of nodeStages.get(node) ?? []) facts.orders.push({ before, after, via: 'nodeName', range: at });
}
