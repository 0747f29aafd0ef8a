// Kubernetes workloads (CronJob, Job, Deployment, StatefulSet) that run pipeline or serving
// steps: one stage per container, CronJob schedules, images, env and args. Also the container
// reading shared by the Argo and KServe adapters: images -> VersionPins, env/args -> ConfigValues,
// args/env naming URIs or tables -> IO, Feast feature refs -> References + feature-view reads,
// probes -> stage notes, `pip install` in scripts -> package pins.
import { parseRegistryUri } from './registry/uri';
import { mayUseRegistry, registryCommand } from './registry/commands';
import { addRegistryAccess } from './registry/facts';
import type { SiblingReader, SourceAdapter, SourceFile } from './adapter';
import { inHelmChart } from './helm';
import {
  emptyFacts,
  stageId,
  type ArtifactKind,
  type ArtifactRef,
  type FileFacts,
  type RunLimit,
  type SourceRef,
  type Stage,
  type StageRole,
} from '../model/facts';
import { PROBES, type StageNote } from '../model/stageNotes';
import {
  parseTemplatedYaml,
  mappings,
  get,
  entries,
  items,
  str,
  refOf,
  subRef,
  pairOf,
  commentOf,
  scalarValue,
  isMap,
  isScalar,
  isSeq,
  type YamlFile,
  type YamlNode,
  subOffset,
} from '../text/yaml';
import { guessRole, kindOfPath } from './roles';
import { shellCommands } from './shell';
import { pipInstallSpecs, pipInstallStart } from './pipInstall';
import { splitImage } from './images';
import { addLimits, yamlLimit } from './runLimits';

const WORKLOADS = new Set(['CronJob', 'Job', 'Deployment', 'StatefulSet']);
const LONG_RUNNING = new Set(['Deployment', 'StatefulSet']);
const ML_WORDS =
  /python|train|predict|serv(e|ing)\b|scor(e|ing)|model|mlflow|dvc|feature|inferenc|torch|tensorflow|sklearn|xgboost|triton|bentoml|seldon/i;
const ML_ENV = /MODEL|FEATURE|PREDICT|MLFLOW|INFERENCE|SCORE/i;

export const kubernetesAdapter: SourceAdapter = {
  format: 'kubernetes',
  displayName: 'Kubernetes',
  globs: ['**/*.{yaml,yml}'],
  contributes: { ownable: true, orchestrator: true, serving: 'long-running', pipelineNoun: 'CronJob', pods: true },
  detect: (file) =>
    /\.ya?ml$/i.test(file.path) &&
    /^kind:\s*["']?(CronJob|Job|Deployment|StatefulSet)["']?\s*$/m.test(file.text) &&
    /^apiVersion:/m.test(file.text) &&
    hasMlWorkload(file),
  parse: parseKubernetes,
};

/** An ML workload, or a template of one that is not YAML until rendered (claimed so that this is said, once). */
function hasMlWorkload(file: SourceFile): boolean {
  const y = parseTemplatedYaml(file.path, file.text);
  if (y.docs.length === 0 && y.problems.some((p) => p.template)) return ML_WORDS.test(file.text);
  return mappings(y).some((doc) => workloadPod(y, doc) !== undefined);
}

function parseKubernetes(file: SourceFile, siblings: SiblingReader): FileFacts {
  const y = parseTemplatedYaml(file.path, file.text, { helmChart: inHelmChart(file.path, siblings) });
  const facts = emptyFacts(file.path, 'kubernetes');
  facts.problems.push(...y.problems);
  for (const doc of mappings(y)) readWorkload(y, facts, doc);
  return facts;
}

interface Workload {
  kind: string;
  pod: YamlNode;
  /** Dotted path of the pod spec inside the document. */
  podPath: string;
}

/** The pod spec of a workload document that runs an ML step, else undefined. */
function workloadPod(y: YamlFile, doc: YamlNode): Workload | undefined {
  const kind = str(y, get(doc, 'kind')) ?? '';
  if (!WORKLOADS.has(kind) || !str(y, get(doc, 'apiVersion'))) return undefined;
  const spec = get(doc, 'spec');
  const pod = kind === 'CronJob' ? get(get(get(get(spec, 'jobTemplate'), 'spec'), 'template'), 'spec') : get(get(spec, 'template'), 'spec');
  const podPath = kind === 'CronJob' ? 'spec.jobTemplate.spec.template.spec' : 'spec.template.spec';
  if (!isMap(pod)) return undefined;
  const containers = [...items(get(pod, 'containers')), ...items(get(pod, 'initContainers'))];
  return containers.some((c) => looksLikeMl(y, c)) ? { kind, pod, podPath } : undefined;
}

function looksLikeMl(y: YamlFile, container: YamlNode): boolean {
  const words = [get(container, 'image'), get(container, 'name'), ...items(get(container, 'command')), ...items(get(container, 'args'))]
    .map((n) => str(y, n) ?? '')
    .join(' ');
  if (ML_WORDS.test(words)) return true;
  return items(get(container, 'env')).some((e) => ML_ENV.test(str(y, get(e, 'name')) ?? ''));
}

/** One workload document: exported so that KServe files holding a Deployment too keep it. */
export function readWorkload(y: YamlFile, facts: FileFacts, doc: YamlNode): void {
  const workload = workloadPod(y, doc);
  if (!workload) return;
  const { kind, pod, podPath } = workload;
  const metadata = get(doc, 'metadata');
  const pipeline = resourceName(y, metadata) ?? kind;
  const spec = get(doc, 'spec');
  readCronSchedule(y, facts, pipeline, kind, spec);
  scalarValues(y, spec, 'spec', facts);
  readOwnerClaims(y, facts, metadata, pipeline);
  const inits = readPodContainers(y, facts, pipeline, kind, get(pod, 'initContainers'), `${podPath}.initContainers`);
  const mains = readPodContainers(y, facts, pipeline, kind, get(pod, 'containers'), `${podPath}.containers`);
  for (let i = 1; i < inits.length; i++)
    facts.orders.push({ before: inits[i - 1].id, after: inits[i].id, via: 'initContainers', range: inits[i].range });
  const deadline = jobDeadline(y, kind, spec);
  for (const stage of [...inits, ...mains]) addLimits(stage, deadline);
  const lastInit = inits[inits.length - 1];
  if (lastInit) for (const s of mains) facts.orders.push({ before: lastInit.id, after: s.id, via: 'initContainers', range: s.range });
}

/**
 * A Job's `activeDeadlineSeconds` (a CronJob's, in its `jobTemplate`) bounds the whole Job, its
 * retries included: when it passes, the Job's pods are stopped and the Job fails.
 */
function jobDeadline(y: YamlFile, kind: string, spec: YamlNode | undefined): RunLimit | undefined {
  const jobSpec = kind === 'Job' ? spec : kind === 'CronJob' ? get(get(spec, 'jobTemplate'), 'spec') : undefined;
  return yamlLimit(y, jobSpec, 'activeDeadlineSeconds', 'seconds', 'pipeline');
}

function readPodContainers(
  y: YamlFile,
  facts: FileFacts,
  pipeline: string,
  kind: string,
  list: YamlNode | undefined,
  path: string,
): Stage[] {
  return items(list).map((container, i) => {
    const nameNode = get(container, 'name');
    const name = str(y, nameNode) ?? `container-${i}`;
    const id = stageId(facts.file, pipeline, name);
    const info = readContainer({ y, facts, stages: [id], prefix: `${path}[${i}]` }, container);
    const role = containerRole(name, info, kind);
    const stage: Stage = { id, name, pipeline, role, range: refOf(y, nameNode ?? container), command: info.command, image: info.image };
    // A Job's or CronJob's container exits when done: it never serves requests.
    if (!LONG_RUNNING.has(kind)) info.notes.push({ kind: 'runs-to-completion', workload: kind });
    if (info.notes.length) stage.notes = info.notes;
    facts.stages.push(stage);
    return stage;
  });
}

function containerRole(name: string, info: ContainerInfo, kind: string): StageRole {
  const role = guessRole(name, `${info.command ?? ''} ${info.image ?? ''}`);
  return role === 'other' && LONG_RUNNING.has(kind) ? 'serve' : role;
}

function readCronSchedule(y: YamlFile, facts: FileFacts, pipeline: string, kind: string, spec: YamlNode | undefined): void {
  if (kind !== 'CronJob') return;
  const node = get(spec, 'schedule');
  const expression = str(y, node);
  if (expression && node)
    facts.schedules.push({
      pipeline,
      file: facts.file,
      kind: 'cron',
      expression,
      timezone: str(y, get(spec, 'timeZone')),
      range: refOf(y, node),
    });
}

// ---------------------------------------------------------------------------------------------
// Shared by the Kubernetes-shaped formats (Argo, KServe).

/** `metadata.name`, or `generateName` without its trailing dash. */
export function resourceName(y: YamlFile, metadata: YamlNode | undefined): string | undefined {
  const name = str(y, get(metadata, 'name'));
  if (name) return name;
  const generated = str(y, get(metadata, 'generateName'));
  return generated ? generated.replace(/-+$/, '') || generated : undefined;
}

const OWNER_KEY = /(^|[./_-])(owner|team|maintainer|maintainers)$/i;

/** Labels and annotations such as `owner: fraud-team` or `example.com/team: risk`. */
export function readOwnerClaims(y: YamlFile, facts: FileFacts, metadata: YamlNode | undefined, subject: string): void {
  for (const section of ['labels', 'annotations']) {
    for (const [key, value] of entries(get(metadata, section))) {
      const owner = str(y, value);
      if (owner && OWNER_KEY.test(key)) facts.ownerClaims.push({ subject, owner, range: refOf(y, value) });
    }
  }
}

/** The direct scalar settings of a map (replicas, concurrencyPolicy, minReplicas) as ConfigValues. */
export function scalarValues(y: YamlFile, node: YamlNode | undefined, prefix: string, facts: FileFacts, stage?: string): void {
  for (const [key, value, pair] of entries(node)) {
    if (isScalar(value))
      facts.values.push({
        key: `${prefix}.${key}`,
        value: scalarValue(y, value),
        comment: commentOf(pair),
        range: refOf(y, value),
        keyRange: refOf(y, pair.key),
        stage,
      });
  }
}

/** An `image:` scalar -> a VersionPin. Returns the image as written. */
export function addImagePin(y: YamlFile, facts: FileFacts, node: YamlNode | undefined, stage?: string): string | undefined {
  const image = str(y, node);
  if (!image || !node) return undefined;
  facts.versions.push({ subject: 'image', ...splitImage(image), range: refOf(y, node), stage });
  return image;
}

export interface ContainerTarget {
  y: YamlFile;
  facts: FileFacts;
  /** The stages that run this container (an Argo template may be called by several steps). */
  stages: string[];
  /** Dotted key path of the container, for ConfigValue keys. */
  prefix: string;
}

export interface ContainerInfo {
  image?: string;
  command?: string;
  notes: StageNote[];
}

interface Arg {
  text: string;
  node: YamlNode;
}

/**
 * Everything a container spec states: image pin, command, env and args values, the URIs,
 * tables and feature views they name, probes. Values and pins are attributed to the first
 * stage; IO is emitted for every stage that runs the container.
 */
export function readContainer(t: ContainerTarget, container: YamlNode | undefined): ContainerInfo {
  const info: ContainerInfo = { notes: [] };
  if (!isMap(container)) return info;
  info.image = addImagePin(t.y, t.facts, get(container, 'image'), t.stages[0]);
  const command = argList(t.y, get(container, 'command'));
  const args = argList(t.y, get(container, 'args'));
  const sourceNode = get(container, 'source');
  const source = str(t.y, sourceNode);
  const commandText = [...command, ...args].map((a) => a.text).join(' ');
  info.command = [commandText, source].filter(Boolean).join('\n') || undefined;
  readArgs(t, args);
  readEnv(t, get(container, 'env'));
  const pull = pairOf(container, 'imagePullPolicy');
  if (pull && isScalar(pull.value))
    t.facts.values.push({
      key: `${t.prefix}.imagePullPolicy`,
      value: scalarValue(t.y, pull.value),
      range: refOf(t.y, pull.value),
      keyRange: refOf(t.y, pull.key),
      stage: t.stages[0],
    });
  for (const arg of [...command, ...args]) if (/\s/.test(arg.text)) readInstalls(t, arg.text, arg.node);
  for (const arg of [...command, ...args]) readRegistryCommands(t, arg.text, arg.node);
  if (source && sourceNode) readInstalls(t, source, sourceNode);
  for (const probe of PROBES) if (get(container, probe)) info.notes.push({ kind: 'probe', probe });
  return info;
}

function argList(y: YamlFile, node: YamlNode | undefined): Arg[] {
  const list = isSeq(node) ? (node.items as YamlNode[]) : node ? [node] : [];
  return list.flatMap((n) => {
    const text = str(y, n);
    return text === undefined ? [] : [{ text, node: n }];
  });
}

/** Flags (`--x=v`, `--x v1 v2`) and `NAME=value` arguments -> ConfigValues, IO and feature refs. */
function readArgs(t: ContainerTarget, args: Arg[]): void {
  let flag: { name: string; count: number } | undefined;
  for (const arg of args) {
    const m = /^--?([A-Za-z][\w.-]*)(?:=([\s\S]*))?$/.exec(arg.text);
    if (m && !/^-\d/.test(arg.text)) {
      flag = m[2] === undefined ? { name: m[1], count: 0 } : undefined;
      if (m[2] !== undefined) readSetting(t, m[1], m[2], arg, arg.text.indexOf('=') + 1);
      continue;
    }
    const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=([\s\S]*)$/.exec(arg.text);
    if (assignment && (!flag || flag.count > 0)) {
      flag = undefined;
      readSetting(t, assignment[1], assignment[2], arg, assignment[1].length + 1);
    } else if (flag) {
      // Only list-valued flags (feature refs) take more than one value.
      if (flag.count === 0 || isFeatureFlag(flag.name)) readSetting(t, flag.name, arg.text, arg, 0, flag.count);
      flag.count++;
    }
  }
}

function readEnv(t: ContainerTarget, env: YamlNode | undefined): void {
  for (const entry of items(env)) {
    const nameNode = get(entry, 'name');
    const name = str(t.y, nameNode);
    if (!name || !nameNode) continue;
    const valuePair = isMap(entry) ? pairOf(entry, 'value') : undefined;
    const valueNode = valuePair?.value ?? undefined;
    const key = `${t.prefix}.env.${name}`;
    const comment = commentOf(valuePair) ?? commentOf(isMap(entry) ? pairOf(entry, 'name') : undefined);
    if (isScalar(valueNode)) {
      t.facts.values.push({
        key,
        value: scalarValue(t.y, valueNode),
        comment,
        range: refOf(t.y, valueNode),
        keyRange: refOf(t.y, nameNode),
        stage: t.stages[0],
      });
      const text = str(t.y, valueNode);
      if (text !== undefined) readDataValue(t, name, text, valueNode, 0);
    } else {
      // valueFrom (secretKeyRef, configMapKeyRef): the value is not in the file.
      const from = isMap(entry) ? pairOf(entry, 'valueFrom') : undefined;
      t.facts.values.push({
        key,
        value: null,
        comment,
        range: refOf(t.y, (from?.key as YamlNode | undefined) ?? nameNode),
        keyRange: refOf(t.y, nameNode),
        stage: t.stages[0],
      });
    }
  }
}

/** One named setting from the args: a ConfigValue, plus the data it names. */
function readSetting(t: ContainerTarget, name: string, value: string, arg: Arg, offset: number, index = 0): void {
  if (value.includes('\n')) return; // an inline script, not a setting
  const key = `${t.prefix}.args.${name}${index > 0 ? `[${index}]` : ''}`;
  const range = offset > 0 ? (subRef(t.y, arg.node, value, offset) ?? refOf(t.y, arg.node)) : refOf(t.y, arg.node);
  const comment = (arg.node.comment ?? arg.node.commentBefore)?.trim() || undefined;
  t.facts.values.push({ key, value: typedValue(value), comment, range, stage: t.stages[0] });
  readDataValue(t, name, value, arg.node, offset);
}

/** Arguments are strings to the program; numbers and booleans among them are still settings of that type. */
function typedValue(text: string): string | number | boolean {
  if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text)) return Number(text);
  if (/^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
  return text;
}

/** A value under a data-ish name: feature refs, a feature service, a URI or a table. */
function readDataValue(t: ContainerTarget, name: string, value: string, node: YamlNode, offset: number): void {
  if (isFeatureFlag(name)) return readFeatureRefs(t, value, node, offset);
  if (/feature[_-]?service/i.test(name) && /^[\w-]+$/.test(value)) {
    return addIo(
      t,
      'reads',
      { scheme: 'feature-view', name: value, kind: 'features' },
      subRef(t.y, node, value, offset) ?? refOf(t.y, node),
    );
  }
  const registry = parseRegistryUri(value);
  if (registry)
    return t.stages.forEach((stage) => addRegistryAccess(t.facts, stage, registry, subRef(t.y, node, value, offset) ?? refOf(t.y, node)));
  const direction = directionOf(name);
  const artifact = direction && dataRef(value, name);
  if (!direction || !artifact) return;
  const range = subRef(t.y, node, value, offset) ?? refOf(t.y, node);
  addIo(t, direction, artifact, range);
  const pin = artifact.scheme === 'uri' && artifact.kind === 'model' ? modelVersion(value) : undefined;
  if (pin?.version === 'latest') t.facts.versions.push({ subject: 'model', ...pin, range, stage: t.stages[0] });
}

const VERSION_SEGMENT = /^(v?\d+([._-]\d+)*|latest)$/i;

/** `gs://b/models/fraud/v3` -> version v3; `.../latest` -> latest; otherwise unversioned. */
export function modelVersion(uri: string): { name: string; version?: string } {
  const trimmed = uri.replace(/\/+$/, '');
  const slash = trimmed.lastIndexOf('/');
  const last = trimmed.slice(slash + 1);
  if (slash > 0 && VERSION_SEGMENT.test(last) && !trimmed.slice(0, slash).endsWith(':/'))
    return { name: trimmed.slice(0, slash), version: last };
  return { name: trimmed };
}

function isFeatureFlag(name: string): boolean {
  return /feature[_-]?(refs?|list|names?)$|^features$/i.test(name);
}

const FEATURE_REF_ASSUMED =
  'that this setting holds Feast `view:feature` references and that the feature view of that name in this workspace is the one the service reads';

/** `view:feature` items of a comma/space separated list -> References and feature-view reads. */
function readFeatureRefs(t: ContainerTarget, value: string, node: YamlNode, offset: number): void {
  let from = offset;
  for (const ref of value.split(/[\s,;[\]"']+/).filter(Boolean)) {
    const m = /^([\w-]+):([\w-]+)$/.exec(ref);
    const range = subRef(t.y, node, ref, from) ?? refOf(t.y, node);
    from = (subOffset(t.y, node, ref, from) ?? from) + ref.length;
    if (!m) continue;
    for (const stage of t.stages)
      t.facts.references.push({ kind: 'feature', name: ref, scope: '*', range, stage, assumed: FEATURE_REF_ASSUMED });
    const seen = t.facts.io.some((io) => io.stage === t.stages[0] && io.artifact.scheme === 'feature-view' && io.artifact.name === m[1]);
    if (!seen) addIo(t, 'reads', { scheme: 'feature-view', name: m[1], kind: 'features' }, range);
  }
}

function addIo(t: ContainerTarget, direction: 'reads' | 'writes', artifact: ArtifactRef, range: SourceRef): void {
  for (const stage of t.stages) t.facts.io.push({ stage, direction, artifact, range });
}

const OUT_TOKENS = /^(OUTPUTS?|OUT|SINK|DEST|DESTINATION|PREDICTIONS?|PREDS?|WRITE|EXPORT|SAVE|LOGS?|LOGGER|RESULTS?)$/;
const IN_TOKENS = /^(INPUTS?|IN|SOURCE|SRC|FEATURES?|MODELS?|READ|LOAD|DATA|DATASET)$/;

/** Whether a setting's name says the stage writes (OUTPUT, SINK, PREDICTIONS, TABLE) or reads (INPUT, MODEL) it. */
export function directionOf(name: string): 'reads' | 'writes' | undefined {
  const tokens = name
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
  if (tokens.some((t) => OUT_TOKENS.test(t))) return 'writes';
  if (tokens.some((t) => IN_TOKENS.test(t))) return 'reads';
  if (tokens.includes('TABLE')) return 'writes';
  return undefined;
}

const DATA_URI = /^(s3|s3a|s3n|gs|gcs|az|abfss?|wasbs?|hdfs|dbfs|file|pvc|bq|bigquery|hf):\/\/[^\s][^\n]*$/i;
const TABLE = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*){1,2}$/;
const NOT_TABLE_PART =
  /^(svc|cluster|local|internal|com|org|net|io|ai|dev|csv|json|jsonl|parquet|pkl|pickle|joblib|yaml|yml|txt|py|onnx|pt|h5|png|html|log)$/i;

/** A value that names stored data: a data-store URI, or `schema.table` for a table-ish name. */
export function dataRef(value: string, name: string): ArtifactRef | undefined {
  const dynamic = /\{\{|\$\{|\$\(/.test(value) || undefined;
  const kind = kindOfName(name) ?? kindOfPath(value);
  if (DATA_URI.test(value)) return { scheme: 'uri', name: value, kind, dynamic };
  if (TABLE.test(value) && !value.split('.').some((p) => NOT_TABLE_PART.test(p)))
    return { scheme: 'table', name: value, kind: kindOfName(name) ?? 'data' };
  return undefined;
}

function kindOfName(name: string): ArtifactKind | undefined {
  const upper = name.toUpperCase();
  if (/PREDICT|SCORE|FLAG/.test(upper)) return 'predictions';
  if (/LABEL/.test(upper)) return 'labels';
  if (/FEATURE/.test(upper)) return 'features';
  if (/MODEL/.test(upper)) return 'model';
  if (/METRIC/.test(upper)) return 'metrics';
  return undefined;
}

/** Registry CLIs and URIs in an inline script (`huggingface-cli download org/name`): what the container loads or publishes. */
function readRegistryCommands(t: Pick<ContainerTarget, 'y' | 'facts' | 'stages'>, script: string, node: YamlNode): void {
  if (!/\s/.test(script) || !mayUseRegistry(script)) return;
  for (const cmd of shellCommands(script))
    for (const access of registryCommand(cmd.argv))
      for (const stage of t.stages) addRegistryAccess(t.facts, stage, access, subRef(t.y, node, cmd.text) ?? refOf(t.y, node));
}

/** `pip install a==1 b` in an inline script -> package VersionPins (unpinned: no version). */
export function readInstalls(
  t: Pick<ContainerTarget, 'y' | 'facts' | 'stages'>,
  script: string,
  node: YamlNode,
  skip: ReadonlySet<string> = new Set(),
): void {
  if (!/\bpip3?\b|-m\s+pip\b/.test(script)) return;
  for (const cmd of shellCommands(script)) {
    const start = pipInstallStart(cmd.argv);
    if (start < 0) continue;
    const at = subOffset(t.y, node, cmd.text, 0) ?? 0;
    for (const spec of pipInstallSpecs(cmd.argv.slice(start), skip)) {
      const range = subRef(t.y, node, spec.raw, at) ?? subRef(t.y, node, cmd.text) ?? refOf(t.y, node);
      t.facts.versions.push({ subject: 'package', name: spec.name, version: spec.version, range, stage: t.stages[0] });
    }
  }
}
