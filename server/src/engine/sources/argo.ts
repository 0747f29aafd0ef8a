// Argo Workflows: Workflow, CronWorkflow, WorkflowTemplate, ClusterWorkflowTemplate. Stages are
// the steps of `steps` templates (a list of parallel groups, each after the one before) and the
// tasks of `dag` templates (`dependencies`, `depends` expressions); a container template nobody
// calls is a stage of its own. Values passed between steps (`{{steps.X.outputs...}}`) are
// in-workflow artifacts (scheme 'xcom', scoped to the workflow) written by X and read by the user.
import type { SourceAdapter, SourceFile } from './adapter';
import {
  emptyFacts,
  stageId,
  type ArtifactRef,
  type FileFacts,
  type Reference,
  type RunLimit,
  type SourceRef,
  type Stage,
} from '../model/facts';
import { addNote, remark, type StageNote } from '../model/stageNotes';
import {
  parseTemplatedYaml,
  mappings,
  get,
  items,
  str,
  refOf,
  subRef,
  pairOf,
  deref,
  commentOf,
  scalarValue,
  isMap,
  isSeq,
  isScalar,
  isAlias,
  type YamlFile,
  type YamlNode,
} from '../text/yaml';
import { guessRole, kindOfPath } from './roles';
import { readContainer, readOwnerClaims, readWorkload, resourceName, scalarValues, type ContainerInfo } from './kubernetes';
import { pushTo } from '../text/collections';
import { addLimits, yamlLimit } from './runLimits';

const KINDS = new Set(['Workflow', 'CronWorkflow', 'WorkflowTemplate', 'ClusterWorkflowTemplate']);
const EXPRESSION = /\{\{([^{}]*)\}\}/g;
const PARAM_REF =
  /\b(inputs|workflow)\.parameters\.([\w-]+)|\b(steps|tasks)\.([\w-]+)\.outputs\.(?:(?:parameters|artifacts)\.([\w-]+)|(result))/g;
const DEPENDS_NAME = /[A-Za-z0-9_][\w-]*(?:\.(?:Succeeded|Failed|Errored|Skipped|Omitted|Daemoned|AnySucceeded|AllFailed))?/g;

export const argoAdapter: SourceAdapter = {
  format: 'argo',
  displayName: 'Argo Workflows',
  globs: ['**/*.{yaml,yml}'],
  contributes: { ownable: true, orchestrator: true, pipelineNoun: 'workflow', pods: true },
  detect: (file) =>
    /\.ya?ml$/i.test(file.path) &&
    /^apiVersion:\s*["']?argoproj\.io\//m.test(file.text) &&
    /^kind:\s*["']?(Workflow|CronWorkflow|WorkflowTemplate|ClusterWorkflowTemplate)["']?\s*$/m.test(file.text),
  parse: parseArgo,
};

interface Wf {
  y: YamlFile;
  facts: FileFacts;
  pipeline: string;
  /** Scope of `{{workflow.parameters.x}}` and of in-workflow artifacts. */
  scope: string;
  /** Key path of the workflow spec: `spec` or `spec.workflowSpec`. */
  prefix: string;
  templates: Map<string, YamlNode>;
  /** The stages that run each template. */
  callers: Map<string, string[]>;
  /** Per steps/dag template: step or task name -> stage id. */
  steps: Map<string, Map<string, string>>;
  stages: Map<string, Stage>;
  orders: Set<string>;
  written: Set<string>;
  /** A `retryStrategy` for every template (`spec.retryStrategy`, `templateDefaults`). */
  retriesAll: boolean;
}

function parseArgo(file: SourceFile): FileFacts {
  const y = parseTemplatedYaml(file.path, file.text);
  const facts = emptyFacts(file.path, 'argo');
  facts.problems.push(...y.problems);
  for (const doc of mappings(y)) {
    const kind = str(y, get(doc, 'kind')) ?? '';
    // Other documents of the file: a Deployment or Job running an ML step is still read.
    if (KINDS.has(kind) && /^argoproj\.io\//.test(str(y, get(doc, 'apiVersion')) ?? '')) readWorkflow(y, facts, doc, kind);
    else readWorkload(y, facts, doc);
  }
  return facts;
}

function readWorkflow(y: YamlFile, facts: FileFacts, doc: YamlNode, kind: string): void {
  const metadata = get(doc, 'metadata');
  const pipeline = resourceName(y, metadata) ?? kind;
  const spec = get(doc, 'spec');
  const cron = kind === 'CronWorkflow';
  const wfSpec = cron ? get(spec, 'workflowSpec') : spec;
  const prefix = cron ? 'spec.workflowSpec' : 'spec';
  const wf: Wf = {
    y,
    facts,
    pipeline,
    scope: `${facts.file}#${pipeline}`,
    prefix,
    templates: new Map(),
    callers: new Map(),
    steps: new Map(),
    stages: new Map(),
    orders: new Set(),
    written: new Set(),
    retriesAll: get(wfSpec, 'retryStrategy') !== undefined || get(get(wfSpec, 'templateDefaults'), 'retryStrategy') !== undefined,
  };
  if (cron) readCron(wf, spec);
  readWorkflowParams(wf, wfSpec);
  for (const tpl of items(get(wfSpec, 'templates'))) {
    const name = str(y, get(tpl, 'name'));
    if (name && !wf.templates.has(name)) wf.templates.set(name, tpl);
  }
  for (const [name, tpl] of wf.templates) if (isComposite(tpl)) declareSteps(wf, name, tpl);
  for (const [name, tpl] of wf.templates) if (!isComposite(tpl) && !wf.callers.get(name)?.length) declareStandalone(wf, name, tpl);
  for (const [name, tpl] of wf.templates) {
    if (isComposite(tpl)) readComposite(wf, name, tpl);
    else readLeaf(wf, name, tpl);
  }
  // `activeDeadlineSeconds` on the workflow spec bounds the whole run, retries included.
  const deadline = yamlLimit(y, wfSpec, 'activeDeadlineSeconds', 'seconds', 'pipeline');
  for (const stage of wf.stages.values()) {
    addLimits(stage, deadline);
    stage.role = guessRole(stage.name, stage.command ?? '');
    if (!stage.notes?.length) delete stage.notes;
    facts.stages.push(stage);
  }
  readOwnerClaims(y, facts, metadata, pipeline);
}

function isComposite(tpl: YamlNode): boolean {
  return get(tpl, 'steps') !== undefined || get(tpl, 'dag') !== undefined;
}

/** CronWorkflow `schedule` / `schedules` with `timezone`, and its other settings. */
function readCron(wf: Wf, spec: YamlNode | undefined): void {
  const { y, facts } = wf;
  const timezone = str(y, get(spec, 'timezone'));
  const single = get(spec, 'schedule');
  for (const node of [...(single ? [single] : []), ...items(get(spec, 'schedules'))]) {
    const expression = str(y, node);
    if (expression)
      facts.schedules.push({ pipeline: wf.pipeline, file: facts.file, kind: 'cron', expression, timezone, range: refOf(y, node) });
  }
  scalarValues(y, spec, 'spec', facts);
}

/** `spec.arguments.parameters`: the workflow's parameters. */
function readWorkflowParams(wf: Wf, wfSpec: YamlNode | undefined): void {
  for (const param of items(get(get(wfSpec, 'arguments'), 'parameters'))) {
    defineParam(wf, param, wf.scope, `${wf.prefix}.arguments.parameters`, undefined);
  }
}

/** A declared parameter: a Definition, and a ConfigValue when it has a value. */
function defineParam(wf: Wf, param: YamlNode, scope: string, keyPrefix: string, stage: string | undefined): void {
  const { y, facts } = wf;
  const nameNode = get(param, 'name');
  const name = str(y, nameNode);
  if (!name || !nameNode || !isMap(param)) return;
  facts.definitions.push({ kind: 'param', name, scope, range: refOf(y, nameNode) });
  const pair = pairOf(param, 'value') ?? pairOf(param, 'default');
  const value = pair?.value;
  if (!isScalar(value)) return;
  const comment = commentOf(pair) ?? str(y, get(param, 'description'));
  facts.values.push({
    key: `${keyPrefix}.${name}`,
    value: scalarValue(y, value),
    isParam: true,
    comment,
    range: refOf(y, value),
    keyRange: refOf(y, nameNode),
    stage,
  });
}

function stepsOf(tpl: YamlNode): YamlNode[][] {
  const steps = get(tpl, 'steps');
  if (steps) return items(steps).map((group) => (isSeq(group) ? items(group) : [group]));
  return [items(get(get(tpl, 'dag'), 'tasks'))];
}

/** One stage per step/task of a steps or dag template. */
function declareSteps(wf: Wf, tplName: string, tpl: YamlNode): void {
  const { y, facts } = wf;
  const local = new Map<string, string>();
  wf.steps.set(tplName, local);
  for (const step of stepsOf(tpl).flat()) {
    const nameNode = get(step, 'name');
    const stepName = str(y, nameNode);
    if (!stepName || !nameNode) continue;
    const name = wf.stages.has(stageId(facts.file, wf.pipeline, stepName)) ? `${tplName}.${stepName}` : stepName;
    const id = stageId(facts.file, wf.pipeline, name);
    const stage: Stage = { id, name, pipeline: wf.pipeline, role: 'other', range: refOf(y, nameNode), notes: stepNotes(wf, step) };
    wf.stages.set(id, stage);
    local.set(stepName, id);
    const called = str(y, get(step, 'template'));
    if (called) pushTo(wf.callers, called, id);
  }
}

function stepNotes(wf: Wf, step: YamlNode): StageNote[] {
  const { y } = wf;
  const notes: StageNote[] = [];
  const ref = get(step, 'templateRef');
  if (ref) notes.push(remark(`templateRef ${str(y, get(ref, 'name')) ?? '?'}/${str(y, get(ref, 'template')) ?? '?'}`));
  const when = str(y, get(step, 'when'));
  if (when) notes.push({ kind: 'condition', keyword: 'when', expression: when });
  for (const loop of ['withItems', 'withParam', 'withSequence']) if (get(step, loop) !== undefined) notes.push(remark(`${loop}: fans out`));
  const depends = str(y, get(step, 'depends'));
  if (depends && /\|\||!|\.(Failed|Errored|Skipped|Omitted|AnySucceeded|AllFailed)\b/.test(depends))
    notes.push(remark(`depends: ${depends}`));
  const continueOn = get(step, 'continueOn');
  if (continueOn) notes.push(remark('continueOn: runs on after failure'));
  return notes;
}

/** A container template that no step calls (a WorkflowTemplate library, a one-container Workflow). */
function declareStandalone(wf: Wf, name: string, tpl: YamlNode): void {
  const nameNode = get(tpl, 'name');
  const id = stageId(wf.facts.file, wf.pipeline, name);
  if (wf.stages.has(id)) return;
  wf.stages.set(id, { id, name, pipeline: wf.pipeline, role: 'other', range: refOf(wf.y, nameNode ?? tpl), notes: [] });
  wf.callers.set(name, [id]);
}

// --- steps and dag templates --------------------------------------------------------------------

function readComposite(wf: Wf, tplName: string, tpl: YamlNode): void {
  const local = wf.steps.get(tplName) ?? new Map<string, string>();
  const tplScope = `${wf.scope}/${tplName}`;
  for (const param of items(get(get(tpl, 'inputs'), 'parameters')))
    defineParam(wf, param, tplScope, `${wf.prefix}.templates.${tplName}.inputs.parameters`, undefined);
  readExpressions(wf, get(tpl, 'inputs'), tplName, undefined, local);
  readExpressions(wf, get(tpl, 'outputs'), tplName, undefined, local);
  if (get(tpl, 'steps')) readStepGroups(wf, tpl, local);
  else readDagTasks(wf, tpl, local);
  for (const step of stepsOf(tpl).flat()) readStepBody(wf, tplName, step, local);
  linkNestedCalls(wf, tplName, tpl, local);
  writeCompositeOutputs(wf, tplName, tpl);
}

/** Outputs a steps/dag template declares are written by the steps that call it. */
function writeCompositeOutputs(wf: Wf, tplName: string, tpl: YamlNode): void {
  const outputs = get(tpl, 'outputs');
  for (const section of ['parameters', 'artifacts']) {
    for (const output of items(get(outputs, section))) {
      const nameNode = get(output, 'name');
      const name = str(wf.y, nameNode);
      if (!name) continue;
      for (const caller of wf.callers.get(tplName) ?? []) {
        const stage = wf.stages.get(caller);
        if (stage) writeOutput(wf, stage, name, refOf(wf.y, nameNode));
      }
    }
  }
}

/** Each step of group N+1 runs after every step of group N. */
function readStepGroups(wf: Wf, tpl: YamlNode, local: Map<string, string>): void {
  let previous: string[] = [];
  for (const group of stepsOf(tpl)) {
    const current: Array<[string, SourceRef]> = [];
    for (const step of group) {
      const id = local.get(str(wf.y, get(step, 'name')) ?? '');
      if (id) current.push([id, refOf(wf.y, get(step, 'name'))]);
    }
    for (const before of previous) for (const [after, range] of current) addOrder(wf, before, after, 'steps', range);
    if (current.length) previous = current.map(([id]) => id);
  }
}

/** `dependencies: [A, B]` and `depends: "A.Succeeded && (B || C.Failed)"`. */
function readDagTasks(wf: Wf, tpl: YamlNode, local: Map<string, string>): void {
  const { y } = wf;
  for (const task of items(get(get(tpl, 'dag'), 'tasks'))) {
    const after = local.get(str(y, get(task, 'name')) ?? '');
    if (!after) continue;
    for (const dep of items(get(task, 'dependencies'))) {
      const before = local.get(str(y, dep) ?? '');
      if (before) addOrder(wf, before, after, 'dependencies', refOf(y, dep));
    }
    const dependsNode = get(task, 'depends');
    const depends = str(y, dependsNode);
    if (!depends || !dependsNode) continue;
    let from = 0;
    for (const m of depends.matchAll(DEPENDS_NAME)) {
      const before = local.get(m[0].replace(/\.[A-Za-z]+$/, ''));
      const range = subRef(y, dependsNode, m[0], from) ?? refOf(y, dependsNode);
      from = (m.index ?? 0) + m[0].length;
      if (before) addOrder(wf, before, after, 'depends', range);
    }
  }
}

/** A step's arguments: ConfigValues, `{{...}}` references, storage artifacts it passes in. */
function readStepBody(wf: Wf, tplName: string, step: YamlNode, local: Map<string, string>): void {
  const { y, facts } = wf;
  const stepName = str(y, get(step, 'name'));
  const stage = local.get(stepName ?? '');
  if (!stage) return;
  const args = get(step, 'arguments');
  for (const param of items(get(args, 'parameters'))) {
    const nameNode = get(param, 'name');
    const name = str(y, nameNode);
    const pair = isMap(param) ? pairOf(param, 'value') : undefined;
    if (!name || !isScalar(pair?.value)) continue;
    facts.values.push({
      key: `${wf.prefix}.templates.${tplName}.${stepName}.arguments.parameters.${name}`,
      value: scalarValue(y, pair.value),
      comment: commentOf(pair),
      range: refOf(y, pair.value),
      keyRange: refOf(y, nameNode),
      stage,
    });
  }
  for (const artifact of items(get(args, 'artifacts'))) {
    const ref = storageRef(y, artifact);
    if (ref) facts.io.push({ stage, direction: 'reads', artifact: ref, range: refOf(y, get(artifact, 'name') ?? artifact) });
  }
  readExpressions(wf, step, tplName, stage, local);
}

/**
 * A step that runs another steps/dag template starts that template's first steps. A step of the
 * template itself that runs it again is recursion — Argo's documented way to loop, normally behind a
 * `when:` — and starts a new instance, not the first steps of the run it is part of.
 */
function linkNestedCalls(wf: Wf, tplName: string, tpl: YamlNode, local: Map<string, string>): void {
  const own = new Set(local.values());
  const callers = (wf.callers.get(tplName) ?? []).filter((caller) => !own.has(caller));
  if (!callers.length) return;
  const roots = get(tpl, 'steps') ? (stepsOf(tpl)[0] ?? []) : stepsOf(tpl)[0].filter((t) => !get(t, 'dependencies') && !get(t, 'depends'));
  for (const root of roots) {
    const id = local.get(str(wf.y, get(root, 'name')) ?? '');
    if (!id) continue;
    for (const caller of callers) {
      addOrder(wf, caller, id, 'template', refOf(wf.y, get(root, 'name')));
      const stage = wf.stages.get(caller);
      if (stage) addNote(stage, remark(`runs template ${tplName}`));
    }
  }
}

// --- container, script and other leaf templates -------------------------------------------------

function readLeaf(wf: Wf, tplName: string, tpl: YamlNode): void {
  const callers = wf.callers.get(tplName) ?? [];
  const tplScope = `${wf.scope}/${tplName}`;
  const keyPrefix = `${wf.prefix}.templates.${tplName}`;
  for (const param of items(get(get(tpl, 'inputs'), 'parameters')))
    defineParam(wf, param, tplScope, `${keyPrefix}.inputs.parameters`, callers[0]);
  const info = leafContainer(wf, tpl, keyPrefix, callers);
  for (const id of callers) {
    const stage = wf.stages.get(id);
    if (!stage) continue;
    stage.image ??= info.image;
    stage.command ??= info.command;
    stage.notes = [...(stage.notes ?? []), ...info.notes];
    addLimits(stage, podDeadline(wf, tpl));
    readLeafArtifacts(wf, tpl, stage);
  }
  readExpressions(wf, tpl, tplName, callers[0], new Map());
  if (callers.length) collectTemplateSettings(wf, tpl, keyPrefix, callers[0]);
}

function leafContainer(wf: Wf, tpl: YamlNode, keyPrefix: string, callers: string[]): ContainerInfo {
  const target = (prefix: string) => ({ y: wf.y, facts: wf.facts, stages: callers, prefix });
  for (const key of ['container', 'script']) {
    const node = get(tpl, key);
    if (node) return readContainer(target(`${keyPrefix}.${key}`), node);
  }
  const set = items(get(get(tpl, 'containerSet'), 'containers'));
  if (set.length) {
    const infos = set.map((c, i) => readContainer(target(`${keyPrefix}.containerSet.containers[${i}]`), c));
    return {
      image: infos[0].image,
      command:
        infos
          .map((i) => i.command)
          .filter(Boolean)
          .join('\n') || undefined,
      notes: infos.flatMap((i) => i.notes),
    };
  }
  const resource = get(tpl, 'resource');
  if (resource) return { notes: [remark(`resource: ${str(wf.y, get(resource, 'action')) ?? 'apply'}`)] };
  if (get(tpl, 'suspend') !== undefined) return { notes: [remark('suspend: waits for a manual resume')] };
  const http = get(tpl, 'http');
  if (http) return { notes: [remark(`http: ${str(wf.y, get(http, 'url')) ?? ''}`)] };
  return { notes: [] };
}

/**
 * A template's `activeDeadlineSeconds` bounds each of its pods; with a `retryStrategy` another pod
 * may follow, so the step as a whole is bounded only when it is not retried.
 */
function podDeadline(wf: Wf, tpl: YamlNode): RunLimit | undefined {
  if (wf.retriesAll || get(tpl, 'retryStrategy') !== undefined) return undefined;
  return yamlLimit(wf.y, tpl, 'activeDeadlineSeconds', 'seconds', 'run');
}

function collectTemplateSettings(wf: Wf, tpl: YamlNode, keyPrefix: string, stage: string): void {
  for (const key of ['activeDeadlineSeconds', 'timeout', 'parallelism']) {
    const pair = isMap(tpl) ? pairOf(tpl, key) : undefined;
    if (pair && isScalar(pair.value))
      wf.facts.values.push({
        key: `${keyPrefix}.${key}`,
        value: scalarValue(wf.y, pair.value),
        comment: commentOf(pair),
        range: refOf(wf.y, pair.value),
        keyRange: refOf(wf.y, pair.key),
        stage,
      });
  }
}

/** Input artifacts from storage are read; outputs (parameters, artifacts) are written. */
function readLeafArtifacts(wf: Wf, tpl: YamlNode, stage: Stage): void {
  const { y, facts } = wf;
  for (const artifact of items(get(get(tpl, 'inputs'), 'artifacts'))) {
    const ref = storageRef(y, artifact);
    if (ref) facts.io.push({ stage: stage.id, direction: 'reads', artifact: ref, range: refOf(y, storageNode(artifact) ?? artifact) });
  }
  const outputs = get(tpl, 'outputs');
  for (const section of ['parameters', 'artifacts'] as const) {
    for (const output of items(get(outputs, section))) {
      const nameNode = get(output, 'name');
      const name = str(y, nameNode);
      if (!name) continue;
      writeOutput(wf, stage, name, refOf(y, nameNode), section === 'artifacts' ? kindOfPath(name) : undefined);
      const ref = section === 'artifacts' ? storageRef(y, output) : undefined;
      if (ref) facts.io.push({ stage: stage.id, direction: 'writes', artifact: ref, range: refOf(y, storageNode(output) ?? output) });
    }
  }
}

function writeOutput(wf: Wf, stage: Stage, output: string, range: SourceRef, kind?: ArtifactRef['kind']): void {
  const name = `${stage.name}.${output}`;
  const key = `${stage.id}|${name}`;
  if (wf.written.has(key)) return;
  wf.written.add(key);
  wf.facts.io.push({ stage: stage.id, direction: 'writes', artifact: { scheme: 'xcom', name, scope: wf.scope, kind }, range });
}

const STORAGE: Array<[string, (y: YamlFile, n: YamlNode) => string | undefined]> = [
  ['s3', (y, n) => bucketKey(y, n, 's3', 'bucket', 'key')],
  ['gcs', (y, n) => bucketKey(y, n, 'gs', 'bucket', 'key')],
  ['oss', (y, n) => bucketKey(y, n, 'oss', 'bucket', 'key')],
  ['azure', (y, n) => bucketKey(y, n, 'az', 'container', 'blob')],
  ['hdfs', (y, n) => ((p) => (p ? `hdfs://${p.replace(/^\/+/, '')}` : undefined))(str(y, get(n, 'path')))],
  ['http', (y, n) => str(y, get(n, 'url'))],
  ['artifactory', (y, n) => str(y, get(n, 'url'))],
];

function storageNode(artifact: YamlNode): YamlNode | undefined {
  for (const [key] of STORAGE) {
    const node = get(artifact, key);
    if (node) return node;
  }
  return undefined;
}

/** `s3: {bucket, key}` -> s3://bucket/key; a key without a bucket (default artifact repository) stays a name. */
function storageRef(y: YamlFile, artifact: YamlNode): ArtifactRef | undefined {
  for (const [key, read] of STORAGE) {
    const node = get(artifact, key);
    if (!node) continue;
    const location = read(y, node);
    if (!location) return undefined;
    const dynamic = location.includes('{{') || undefined;
    const kind = kindOfPath(location);
    return /^[a-z][a-z0-9+.-]*:\/\//i.test(location)
      ? { scheme: 'uri', name: location, kind, dynamic }
      : { scheme: 'named', name: location, kind, dynamic };
  }
  return undefined;
}

function bucketKey(y: YamlFile, node: YamlNode, scheme: string, bucketField: string, keyField: string): string | undefined {
  const key = str(y, get(node, keyField));
  if (!key) return undefined;
  const bucket = str(y, get(node, bucketField));
  return bucket ? `${scheme}://${bucket}/${key.replace(/^\/+/, '')}` : key;
}

// --- `{{...}}` expressions ----------------------------------------------------------------------

/**
 * Every `{{inputs.parameters.x}}` / `{{workflow.parameters.x}}` under `node` is a param
 * reference; `{{steps.X.outputs.parameters.y}}` (or `tasks.`) is a read of X's output by `stage`.
 */
function readExpressions(wf: Wf, node: YamlNode | undefined, tplName: string, stage: string | undefined, local: Map<string, string>): void {
  eachScalar(node, 0, (scalar) => {
    const text = str(wf.y, scalar);
    if (!text || !text.includes('{{')) return;
    let from = 0;
    for (const expr of text.matchAll(EXPRESSION)) {
      for (const m of expr[1].matchAll(PARAM_REF)) {
        const range = subRef(wf.y, scalar, m[0], from) ?? refOf(wf.y, scalar);
        if (m[1]) {
          const scope = m[1] === 'workflow' ? wf.scope : `${wf.scope}/${tplName}`;
          const reference: Reference = { kind: 'param', name: m[2], scope, range, stage };
          // `argo submit -p name=value` adds a workflow parameter the spec does not declare, from a
          // command line Loopwise does not see; Argo itself rejects the submission when one is missing.
          if (m[1] === 'workflow') reference.optional = true;
          wf.facts.references.push(reference);
        } else if (stage) {
          readStepOutput(wf, m[4], m[5] ?? m[6], stage, local, range);
        }
      }
      from = (expr.index ?? 0) + expr[0].length;
    }
  });
}

function readStepOutput(
  wf: Wf,
  producerStep: string,
  output: string,
  consumer: string,
  local: Map<string, string>,
  range: SourceRef,
): void {
  const producer = wf.stages.get(local.get(producerStep) ?? '');
  if (!producer || producer.id === consumer) return;
  if (output === 'result') writeOutput(wf, producer, output, range);
  wf.facts.io.push({
    stage: consumer,
    direction: 'reads',
    artifact: { scheme: 'xcom', name: `${producer.name}.${output}`, scope: wf.scope },
    range,
  });
  addOrder(wf, producer.id, consumer, 'outputs', range);
}

function addOrder(wf: Wf, before: string, after: string, via: string, range: SourceRef): void {
  const key = `${before}\u0000${after}`;
  if (before === after || wf.orders.has(key)) return;
  wf.orders.add(key);
  wf.facts.orders.push({ before, after, via, range });
}

/**
 * Every scalar under `node`. A part reused by alias (`args: *training-container-args`) holds this
 * template's expressions too, so an alias is followed — once: aliases inside what it names are not,
 * which keeps an alias bomb's cost to one copy per alias.
 */
function eachScalar(node: unknown, depth: number, visit: (scalar: YamlNode) => void, viaAlias = false): void {
  if (depth > 100 || !node) return;
  if (isAlias(node)) {
    const target = deref(node);
    if (!viaAlias && target !== node) eachScalar(target, depth + 1, visit, true);
    return;
  }
  if (isScalar(node)) return visit(node as YamlNode);
  if (isMap(node)) {
    for (const pair of node.items) eachScalar(pair.value, depth + 1, visit, viaAlias);
  } else if (isSeq(node)) {
    for (const item of node.items) eachScalar(item, depth + 1, visit, viaAlias);
  }
}
