// Azure Machine Learning YAML (CLI v2), read as its schemas define it: a command, sweep, parallel
// or spark job is one stage that runs `command` in its `environment` on its `compute`; a pipeline
// job's `jobs:` are stages, bound by `${{parent.jobs.<job>.outputs.<output>}}` (the job runs after
// the one whose output it takes) and `${{parent.inputs.<input>}}` (the pipeline's inputs); an
// asset named `azureml:<name>:<version>` is pinned, `azureml:<name>@latest` (or no version) is
// not; a schedule (`trigger: cron|recurrence`) runs its `create_job`; an online or batch
// deployment serves its `model`.
import type { SiblingReader, SourceAdapter, SourceFile } from './adapter';
import { emptyFacts, stageId, type ArtifactKind, type FileFacts, type SourceRef, type Stage } from '../model/facts';
import {
  parseYaml,
  mappings,
  get,
  entries,
  str,
  refOf,
  isMap,
  isScalar,
  scalarValue,
  subOffset,
  subRef,
  type YamlFile,
  type YamlNode,
} from '../text/yaml';
import { shellCommands } from './shell';
import { readScriptCommand } from './ciScript';
import { guessRole, kindOfPath } from './roles';
import { addLimits } from './runLimits';
import { imagePin } from './images';
import { basename, dirname, joinPath, stripExtension } from '../text/paths';
import { isUri } from '../model/identity';
import { addNote, remark } from '../model/stageNotes';

const SCHEMA = /azuremlschemas\.azureedge\.net|azureml/i;
const JOB_TYPES = /^(command|pipeline|sweep|parallel|spark|automl)$/;

export const azuremlAdapter: SourceAdapter = {
  format: 'azureml',
  displayName: 'Azure Machine Learning',
  globs: ['**/*.{yaml,yml}'],
  contributes: {
    defaultProbes: "Azure ML's default liveness and readiness probe settings of an online deployment",
    ownable: true,
    orchestrator: true,
    serving: 'long-running',
    pipelineNoun: 'pipeline job',
  },
  detect: (file) =>
    /\.ya?ml$/i.test(file.path) &&
    (/^\$schema:\s*["']?https?:\/\/azuremlschemas\.azureedge\.net\//m.test(file.text) ||
      (/^type:\s*["']?(command|pipeline|sweep|parallel)["']?\s*$/m.test(file.text) &&
        /^\s*(environment|compute|model|path):\s*["']?azureml:/m.test(file.text))),
  parse: parseAzureMl,
};

interface Job {
  y: YamlFile;
  facts: FileFacts;
  /** The pipeline job (or the standalone job) the stages belong to. */
  pipeline: string;
  /** Scope of the pipeline's inputs: `file#pipeline`. */
  scope: string;
  /** Folder of the YAML file: relative `code`, `path` and `conda_file` are resolved against it. */
  base: string;
}

/** What the `$schema` URL names: `pipelineJob`, `commandJob`, `managedOnlineDeployment`, `schedule`… */
function schemaKind(y: YamlFile, root: YamlNode): string {
  const url = str(y, get(root, '$schema')) ?? '';
  return /\/([A-Za-z]+)\.schema\.json$/.exec(url)?.[1] ?? '';
}

/** The name Azure ML shows for a job file: `display_name`, else `name`, else `experiment_name`, else the file's name. */
export function azuremlPipelineName(y: YamlFile, root: YamlNode | undefined, path: string): string {
  return (
    str(y, get(root, 'display_name')) ?? str(y, get(root, 'name')) ?? str(y, get(root, 'experiment_name')) ?? stripExtension(basename(path))
  );
}

function parseAzureMl(file: SourceFile, siblings: SiblingReader): FileFacts {
  const y = parseYaml(file.path, file.text);
  const facts = emptyFacts(file.path, 'azureml');
  facts.problems.push(...y.problems);
  const root = mappings(y)[0];
  if (!root || !SCHEMA.test(file.text)) return facts;
  const kind = schemaKind(y, root);
  const type = str(y, get(root, 'type')) ?? '';
  const pipeline = azuremlPipelineName(y, root, file.path);
  const job: Job = { y, facts, pipeline, scope: `${file.path}#${pipeline}`, base: dirname(file.path) };
  if (kind === 'schedule' || get(root, 'trigger')) readSchedule(job, root, siblings);
  else if (/Deployment$/.test(kind) || (get(root, 'endpoint_name') && get(root, 'model'))) readDeployment(job, root, kind);
  else if (kind === 'pipelineJob' || type === 'pipeline') readPipeline(job, root);
  else if (/Job$/.test(kind) || JOB_TYPES.test(type)) readJob(job, root, pipeline, '');
  return facts;
}

// ---------------------------------------------------------------------------------------------
// Pipeline jobs

interface Bound {
  stage: Stage;
  /** Its declared outputs; undefined when a `component` file declares them. */
  outputs?: Set<string>;
}

function readPipeline(job: Job, root: YamlNode): void {
  const { y, facts } = job;
  for (const [name, value, pair] of entries(get(root, 'inputs'))) {
    facts.definitions.push({ kind: 'param', name, scope: job.scope, range: refOf(y, pair.key as YamlNode) });
    const literal = isMap(value) ? (get(value, 'default') ?? get(value, 'value')) : value;
    if (isScalar(literal))
      facts.values.push({
        key: `inputs.${name}`,
        value: scalarValue(y, literal),
        isParam: true,
        range: refOf(y, literal),
        keyRange: refOf(y, pair.key as YamlNode),
      });
    if (isMap(value)) readAsset(job, undefined, value, `inputs.${name}`, 'reads');
  }
  const compute = str(y, get(get(root, 'settings'), 'default_compute'));
  const jobs = new Map<string, Bound>();
  for (const [name, body, pair] of entries(get(root, 'jobs'))) {
    const stage = readJob(job, body, name, `jobs.${name}.`, refOf(y, pair.key as YamlNode));
    if (compute && !get(body, 'compute')) addNote(stage, remark(`compute: ${compute}`));
    const outputs = get(body, 'component') ? undefined : new Set(entries(get(body, 'outputs')).map(([k]) => k));
    jobs.set(name, { stage, outputs });
  }
  for (const [name, body] of entries(get(root, 'jobs'))) {
    const stage = jobs.get(name)!.stage;
    for (const [, value] of entries(get(body, 'inputs'))) eachScalar(value, (node) => readBindings(job, jobs, stage, node));
  }
  // Pipeline outputs bound from a job's output: `outputs: {x: ${{parent.jobs.j.outputs.y}}}` (older form).
  for (const [, value] of entries(get(root, 'outputs'))) eachScalar(value, (node) => readBindings(job, jobs, undefined, node));
}

const BINDING = /\$\{\{\s*parent\.(jobs\.([\w-]+)\.outputs\.([\w-]+)|inputs\.([\w-]+))\s*\}\}/g;

/** `${{parent.jobs.x.outputs.y}}` reads x's output y, after x; `${{parent.inputs.z}}` names the pipeline's input z. */
function readBindings(job: Job, jobs: Map<string, Bound>, stage: Stage | undefined, node: YamlNode): void {
  const { y, facts } = job;
  const text = str(y, node) ?? '';
  let from = 0;
  for (const m of text.matchAll(BINDING)) {
    const offset = subOffset(y, node, m[0], from);
    from = (offset ?? from) + 1;
    const range = subRef(y, node, m[0], offset ?? 0) ?? refOf(y, node);
    if (m[4]) {
      facts.references.push({ kind: 'param', name: m[4], scope: job.scope, range, stage: stage?.id });
      continue;
    }
    const producer = jobs.get(m[2]);
    if (!producer) {
      facts.problems.push({
        message: `\`${m[0]}\` binds to job \`${m[2]}\`, which is not a job of pipeline \`${job.pipeline}\`: Azure ML rejects the pipeline job.`,
        range,
        severity: 'error',
      });
      continue;
    }
    if (producer.outputs && !producer.outputs.has(m[3]))
      facts.problems.push({
        message: `\`${m[0]}\`: job \`${m[2]}\` declares no output \`${m[3]}\` in its \`outputs\` (assumed: the job defines its outputs inline, no component file adds them), so the binding does not resolve.`,
        range,
        severity: 'warning',
      });
    if (!stage) continue;
    const artifact = { scheme: 'xcom' as const, name: `${m[2]}.${m[3]}`, scope: job.scope };
    facts.io.push({ stage: stage.id, direction: 'reads', artifact, range });
    if (!facts.orders.some((o) => o.before === producer.stage.id && o.after === stage.id))
      facts.orders.push({ before: producer.stage.id, after: stage.id, via: 'output binding', range });
  }
}

// ---------------------------------------------------------------------------------------------
// Jobs: command, sweep (its `trial`), parallel, spark

function readJob(job: Job, body: YamlNode | undefined, name: string, path: string, at?: SourceRef): Stage {
  const { y, facts } = job;
  const trial = get(body, 'trial');
  const commandNode = get(body, 'command') ?? get(trial, 'command') ?? get(get(body, 'task'), 'program_arguments');
  const command = str(y, commandNode);
  const stage: Stage = {
    id: stageId(facts.file, job.pipeline, name),
    name,
    pipeline: job.pipeline,
    role: jobRole(name, command ?? ''),
    range: at ?? refOf(y, commandNode ?? get(body, 'type') ?? body),
    command,
    notes: [{ kind: 'runs-to-completion', workload: `${str(y, get(body, 'type')) ?? 'command'} job` }],
  };
  facts.stages.push(stage);
  const compute = str(y, get(body, 'compute'));
  if (compute) stage.notes!.push(remark(`compute: ${compute}`));
  const component = str(y, get(body, 'component'));
  if (component) stage.notes!.push(remark(`component: ${component}`));
  readEnvironment(job, stage, get(body, 'environment') ?? get(trial, 'environment'));
  readCode(job, stage, get(body, 'code') ?? get(trial, 'code'));
  for (const [input, value, pair] of entries(get(body, 'inputs'))) {
    if (isScalar(value) && !/\$\{\{/.test(String(value.value ?? '')))
      facts.values.push({
        key: `${path}inputs.${input}`,
        value: scalarValue(y, value),
        range: refOf(y, value),
        keyRange: refOf(y, pair.key as YamlNode),
        stage: stage.id,
      });
    if (isMap(value)) readAsset(job, stage, value, `${path}inputs.${input}`, 'reads');
  }
  for (const [output, value] of entries(get(body, 'outputs'))) {
    const artifact = { scheme: 'xcom' as const, name: `${name}.${output}`, scope: job.scope };
    facts.io.push({ stage: stage.id, direction: 'writes', artifact, range: refOf(y, get(body, 'outputs')) });
    if (isMap(value)) readAsset(job, stage, value, `${path}outputs.${output}`, 'writes');
  }
  const timeout = get(get(body, 'limits'), 'timeout');
  const seconds = Number(str(y, timeout));
  if (timeout && seconds > 0)
    addLimits(stage, { minutes: seconds / 60, scope: 'run', origin: `\`limits.timeout: ${seconds}\``, range: refOf(y, timeout) });
  if (command && commandNode) readCommand(job, stage, command, commandNode);
  return stage;
}

/** A job runs to completion: a `predict` or `score` job is batch inference, not a serving endpoint. */
function jobRole(name: string, command: string): Stage['role'] {
  const role = guessRole(name, command);
  return role === 'serve' ? 'transform' : role;
}

/** Each command of the job's command line: pip installs, registry commands and scripts (`ciScript`), run in the `code` folder. */
function readCommand(job: Job, stage: Stage, command: string, node: YamlNode): void {
  const { y, facts } = job;
  const before = facts.stages.length;
  const cwd = stage.cwd;
  for (const cmd of shellCommands(command)) {
    const at = subRef(y, node, cmd.text) ?? refOf(y, node);
    readScriptCommand({ facts, name: job.pipeline }, stage.id, stage.name, cmd, at, stage.notes!);
  }
  for (const s of facts.stages.slice(before)) if (s.role === 'serve') s.role = 'transform';
  if (!cwd) return;
  const added = new Set(facts.stages.slice(before).map((s) => s.id));
  for (const s of facts.stages.slice(before)) s.cwd = cwd;
  for (const io of facts.io)
    if ((added.has(io.stage) || io.stage === stage.id) && io.artifact.scheme === 'path' && io.artifact.base === undefined)
      io.artifact.base = cwd;
}

/** `code: src`: the folder uploaded with the job; the command runs in it. */
function readCode(job: Job, stage: Stage, node: YamlNode | undefined): void {
  const code = str(job.y, node);
  if (!code || !node) return;
  if (/^(azureml:|https?:|git\+)/.test(code)) {
    stage.notes!.push(remark(`code: ${code}`));
    return;
  }
  const folder = joinPath(job.base, code);
  stage.cwd = folder;
  job.facts.io.push({
    stage: stage.id,
    direction: 'reads',
    artifact: { scheme: 'path', name: code, base: job.base, kind: 'code' },
    range: refOf(job.y, node),
  });
}

/**
 * `environment`: a registered one (`azureml:name:version` pinned; `azureml:name@latest`, a
 * registry `…/labels/latest` or no version at all is not), or inline (`image`, `conda_file`).
 */
function readEnvironment(job: Job, stage: Stage, node: YamlNode | undefined): void {
  const { y, facts } = job;
  const ref = str(y, node);
  if (ref && node) {
    // The job's runtime environment (image and packages), not a deployment environment with reviewers.
    stage.notes!.push(remark(`environment: ${ref}`));
    // An environment label is a tag of the environment, as `latest` is of an image.
    const pin = assetVersion(ref);
    if (pin) facts.versions.push({ subject: 'image', name: pin.name, version: pin.version, range: refOf(y, node), stage: stage.id });
    return;
  }
  const imageNode = get(node, 'image');
  const image = str(y, imageNode);
  if (image && imageNode) {
    stage.image = image;
    const pin = imagePin(image);
    if (pin) facts.versions.push({ subject: 'image', ...pin, range: refOf(y, imageNode), stage: stage.id });
  }
  const condaNode = get(node, 'conda_file');
  const conda = str(y, condaNode);
  if (conda && condaNode)
    facts.io.push({
      stage: stage.id,
      direction: 'reads',
      artifact: { scheme: 'path', name: conda, base: job.base, kind: 'code' },
      range: refOf(y, condaNode),
    });
}

/**
 * The version an asset reference states: `azureml:name:3` → 3; `azureml:name@latest` → latest
 * (a moving label); `azureml://registries/r/models/m/versions/2`, `…/labels/latest`; undefined
 * for a bare `azureml:name`, which Azure ML resolves to the latest version at submission.
 */
export function assetVersion(ref: string): { name: string; version?: string; moving?: boolean } | undefined {
  const registry = /^(azureml:\/\/registries\/[^/]+\/\w+\/[^/]+)\/(versions|labels)\/([^/]+)\/?$/.exec(ref);
  if (registry) return { name: registry[1], version: registry[3], moving: registry[2] === 'labels' || undefined };
  if (/^azureml:\/\//.test(ref)) return /\/(environments|models|data)\/[^/]+\/?$/.test(ref) ? { name: ref.replace(/\/$/, '') } : undefined;
  const short = /^azureml:([\w.-]+)(?:(?::|@)([\w.-]+))?$/.exec(ref);
  if (!short) return undefined;
  const label = ref.includes('@');
  return { name: `azureml:${short[1]}`, version: short[2], moving: label || undefined };
}

const MODEL_TYPES = /^(mlflow_model|custom_model|triton_model)$/;

/** An input or output with `type` and `path`: a data or model asset, a datastore URI, a local path. */
function readAsset(job: Job, stage: Stage | undefined, spec: YamlNode, key: string, direction: 'reads' | 'writes'): void {
  const { y, facts } = job;
  const type = str(y, get(spec, 'type')) ?? '';
  const pathNode = get(spec, 'path');
  const path = str(y, pathNode);
  const kind: ArtifactKind = MODEL_TYPES.test(type) ? 'model' : 'data';
  const mode = get(spec, 'mode');
  if (isScalar(mode) && stage)
    facts.values.push({ key: `${key}.mode`, value: scalarValue(y, mode), range: refOf(y, mode), stage: stage.id });
  if (!path || !pathNode || /\$\{\{/.test(path) || !stage) return;
  const range = refOf(y, pathNode);
  if (
    /^azureml:(?!\/\/)/.test(path) ||
    (/^azureml:\/\/(registries|subscriptions|locations)\//.test(path) && /\/(data|models)\//.test(path))
  ) {
    const pin = assetVersion(path);
    const name = pin?.name ?? path;
    facts.io.push({
      stage: stage.id,
      direction,
      artifact: { scheme: 'named', name, kind, pointer: pin?.moving ? pin.version : undefined },
      range,
    });
    if (pin && direction === 'reads')
      facts.versions.push({ subject: kind === 'model' ? 'model' : 'dataset', ...pin, range, stage: stage.id });
    return;
  }
  const artifact =
    isUri(path) || /^azureml:\/\//.test(path)
      ? { scheme: 'uri' as const, name: path, kind }
      : { scheme: 'path' as const, name: path, base: job.base, kind: kindOfPath(path) ?? kind };
  facts.io.push({ stage: stage.id, direction, artifact, range });
}

// ---------------------------------------------------------------------------------------------
// Schedules and deployments

/** `trigger: {type: cron, expression}` or `{type: recurrence, frequency, interval}` runs `create_job`. */
function readSchedule(job: Job, root: YamlNode, siblings: SiblingReader): void {
  const { y, facts } = job;
  const trigger = get(root, 'trigger');
  const type = str(y, get(trigger, 'type'));
  const createJob = get(root, 'create_job');
  let pipeline = job.pipeline;
  const target = str(y, createJob);
  if (target && !target.startsWith('azureml:')) {
    const path = joinPath(job.base, target);
    const text = siblings.read(path);
    if (text !== undefined) {
      const other = parseYaml(path, text);
      pipeline = azuremlPipelineName(other, mappings(other)[0], path);
    }
  } else if (target) pipeline = target.slice('azureml:'.length);
  else if (isMap(createJob)) {
    pipeline = azuremlPipelineName(y, createJob, facts.file);
    const inner: Job = { ...job, pipeline, scope: `${facts.file}#${pipeline}` };
    if (get(createJob, 'jobs')) readPipeline(inner, createJob);
    else readJob(inner, createJob, pipeline, 'create_job.');
  }
  const expression =
    type === 'cron'
      ? str(y, get(trigger, 'expression'))
      : type === 'recurrence'
        ? `every ${str(y, get(trigger, 'interval')) ?? 1} ${str(y, get(trigger, 'frequency')) ?? ''}`.trim()
        : undefined;
  if (!expression) return;
  facts.schedules.push({
    pipeline,
    file: facts.file,
    kind: type === 'cron' ? 'cron' : 'interval',
    expression,
    timezone: str(y, get(trigger, 'time_zone')),
    range: refOf(y, get(trigger, 'expression') ?? get(trigger, 'frequency') ?? trigger),
  });
}

/** An online (managed or Kubernetes) or batch deployment: a serving stage of its endpoint that reads its model. */
function readDeployment(job: Job, root: YamlNode, kind: string): void {
  const { y, facts } = job;
  const endpoint = str(y, get(root, 'endpoint_name')) ?? job.pipeline;
  const name = str(y, get(root, 'name')) ?? 'deployment';
  const stage: Stage = {
    id: stageId(facts.file, endpoint, name),
    name,
    pipeline: endpoint,
    role: 'serve',
    range: refOf(y, get(root, 'name') ?? root),
    notes: [],
  };
  facts.stages.push(stage);
  if (kind === 'batchDeployment' || get(root, 'mini_batch_size'))
    stage.notes!.push({ kind: 'runs-to-completion', workload: 'batch deployment' });
  readEnvironment(job, stage, get(root, 'environment'));
  const codeConfig = get(root, 'code_configuration');
  readCode(job, stage, get(codeConfig, 'code'));
  const script = str(y, get(codeConfig, 'scoring_script'));
  if (script) stage.command = script;
  const model = get(root, 'model');
  const ref = str(y, model);
  if (ref && model) {
    const pin = assetVersion(ref);
    facts.io.push({
      stage: stage.id,
      direction: 'reads',
      artifact: { scheme: 'named', name: pin?.name ?? ref, kind: 'model' },
      range: refOf(y, model),
    });
    if (pin) facts.versions.push({ subject: 'model', ...pin, range: refOf(y, model), stage: stage.id });
  } else if (isMap(model)) readAsset(job, stage, model, 'model', 'reads');
  for (const key of ['instance_type', 'instance_count', 'compute']) {
    const node = get(root, key);
    if (isScalar(node)) facts.values.push({ key, value: scalarValue(y, node), range: refOf(y, node), stage: stage.id });
  }
  if (get(root, 'readiness_probe')) stage.notes!.push({ kind: 'probe', probe: 'readinessProbe' });
  if (get(root, 'liveness_probe')) stage.notes!.push({ kind: 'probe', probe: 'livenessProbe' });
  if (!stage.notes!.length) delete stage.notes;
}

function eachScalar(node: unknown, visit: (n: YamlNode) => void, depth = 0): void {
  if (depth > 50 || !node) return;
  if (isScalar(node)) visit(node as YamlNode);
  else if (isMap(node)) for (const [, v] of entries(node)) eachScalar(v, visit, depth + 1);
}
