// Tekton Pipelines (tekton.dev v1 and v1beta1): Tasks, Pipelines, PipelineRuns and TaskRuns,
// read as Tekton's API reference defines them. A Pipeline's tasks (and `finally` tasks, which
// run after all of them) are stages; a task runs after the tasks in its `runAfter` and the tasks
// whose results its params use (`$(tasks.x.results.y)`); `$(params.x)` must name a declared
// param (Tekton's validation rejects the resource otherwise). A Task is one stage whose steps
// are containers run in order. PipelineRuns and TaskRuns with an embedded spec are read like
// the Pipeline or Task they embed; their `params` values are configuration.
import type { SiblingReader, SourceAdapter, SourceFile } from './adapter';
import { inHelmChart } from './helm';
import { emptyFacts, stageId, type FileFacts, type RemoteFetch, type SourceRef, type Stage } from '../model/facts';
import { remark, uniqueNotes, type StageNote } from '../model/stageNotes';
import {
  parseTemplatedYaml,
  mappings,
  get,
  entries,
  items,
  str,
  refOf,
  isMap,
  isScalar,
  isSeq,
  subRef,
  subOffset,
  scalarValue,
  commentOf,
  pairOf,
  type YamlFile,
  type YamlNode,
} from '../text/yaml';
import { readContainer, readOwnerClaims, readWorkload, resourceName } from './kubernetes';
import { shellCommands } from './shell';
import { readScriptCommand } from './ciScript';
import { guessRole } from './roles';
import { addLimits } from './runLimits';
import { goDurationMinutes } from './durations';

const API = /^tekton\.dev\/v1(beta1|alpha1)?$/;
const KINDS = /^(Task|ClusterTask|Pipeline|PipelineRun|TaskRun)$/;

export const tektonAdapter: SourceAdapter = {
  format: 'tekton',
  displayName: 'Tekton',
  globs: ['**/*.yaml', '**/*.yml'],
  contributes: { ownable: true, orchestrator: true, ci: true, pods: true, containers: true },
  detect: (file) =>
    /\.ya?ml$/i.test(file.path) &&
    /^apiVersion:\s*["']?tekton\.dev\/v1(beta1|alpha1)?["']?\s*$/m.test(file.text) &&
    /^kind:\s*["']?(Task|ClusterTask|Pipeline|PipelineRun|TaskRun)["']?\s*$/m.test(file.text),
  parse: parseTekton,
};

interface Resource {
  y: YamlFile;
  facts: FileFacts;
  /** The Pipeline (or Task) the stages belong to. */
  name: string;
  /** Scope of its params: `file#name`. */
  scope: string;
  /** Pipeline task name -> stage. */
  tasks: Map<string, Stage>;
  /** Results already written, `task.result`. */
  results: Set<string>;
  remote: string[];
}

function parseTekton(file: SourceFile, siblings: SiblingReader): FileFacts {
  const y = parseTemplatedYaml(file.path, file.text, { helmChart: inHelmChart(file.path, siblings) });
  const facts = emptyFacts(file.path, 'tekton');
  facts.problems.push(...y.problems);
  const remote: string[] = [];
  for (const doc of mappings(y)) {
    const kind = str(y, get(doc, 'kind')) ?? '';
    const apiVersion = str(y, get(doc, 'apiVersion')) ?? '';
    if (!API.test(apiVersion) || !KINDS.test(kind)) {
      readWorkload(y, facts, doc);
      continue;
    }
    const metadata = get(doc, 'metadata');
    const name = resourceName(y, metadata) ?? kind.toLowerCase();
    readOwnerClaims(y, facts, metadata, name);
    const r: Resource = { y, facts, name, scope: `${file.path}#${name}`, tasks: new Map(), results: new Set(), remote };
    const spec = get(doc, 'spec');
    if (kind === 'Pipeline') readPipeline(r, spec, 'spec');
    else if (kind === 'Task' || kind === 'ClusterTask') readTask(r, spec, 'spec', name, refOf(y, get(metadata, 'name') ?? doc));
    else readRun(r, kind, spec, refOf(y, get(metadata, 'name') ?? get(metadata, 'generateName') ?? doc));
  }
  if (remote.length)
    facts.problems.push({
      message: `Not fully read: tasks resolved at run time (${[...new Set(remote)].slice(0, 3).join(', ')}) are not in this workspace, so their steps, images and results were not checked.`,
      range: refOf(y, mappings(y)[0]?.items[0]?.key as YamlNode),
      severity: 'info',
    });
  return facts;
}

function readRun(r: Resource, kind: string, spec: YamlNode | undefined, at: SourceRef): void {
  const { y, facts } = r;
  items(get(spec, 'params')).forEach((param) => {
    const name = str(y, get(param, 'name'));
    const pair = isMap(param) ? pairOf(param, 'value') : undefined;
    if (name && pair && isScalar(pair.value))
      facts.values.push({
        key: `spec.params.${name}`,
        value: scalarValue(y, pair.value),
        range: refOf(y, pair.value),
        comment: commentOf(pair),
      });
  });
  const timeout = str(y, get(get(spec, 'timeouts'), 'pipeline')) ?? str(y, get(spec, 'timeout'));
  if (kind === 'PipelineRun' && get(spec, 'pipelineSpec')) readPipeline(r, get(spec, 'pipelineSpec'), 'spec.pipelineSpec', timeout);
  else if (kind === 'TaskRun' && get(spec, 'taskSpec')) readTask(r, get(spec, 'taskSpec'), 'spec.taskSpec', r.name, at);
  const ref = get(spec, kind === 'PipelineRun' ? 'pipelineRef' : 'taskRef');
  if (get(ref, 'resolver')) r.remote.push(`${str(y, get(ref, 'resolver'))} resolver`);
}

function readPipeline(r: Resource, spec: YamlNode | undefined, path: string, runTimeout?: string): void {
  defineParams(r, spec, path);
  const tasks = items(get(spec, 'tasks'));
  const finals = items(get(spec, 'finally'));
  for (const task of [...tasks, ...finals]) {
    const nameNode = get(task, 'name');
    const name = str(r.y, nameNode);
    if (!name) continue;
    r.tasks.set(name, pipelineTask(r, task, name, refOf(r.y, nameNode ?? task)));
  }
  const limit = goDurationMinutes(runTimeout ?? str(r.y, get(get(spec, 'timeouts'), 'pipeline')) ?? '');
  tasks.forEach((task, i) => readTaskOrder(r, task, `${path}.tasks[${i}]`));
  finals.forEach((task, i) => {
    readTaskOrder(r, task, `${path}.finally[${i}]`);
    const after = r.tasks.get(str(r.y, get(task, 'name')) ?? '');
    for (const t of tasks) {
      const before = r.tasks.get(str(r.y, get(t, 'name')) ?? '');
      if (before && after) r.facts.orders.push({ before: before.id, after: after.id, via: 'finally', range: after.range });
    }
  });
  if (limit)
    for (const stage of r.tasks.values()) addLimits(stage, { minutes: limit, scope: 'pipeline', origin: `\`timeout: ${runTimeout}\`` });
}

function pipelineTask(r: Resource, task: YamlNode, name: string, at: SourceRef): Stage {
  const { y, facts } = r;
  const taskRef = get(task, 'taskRef');
  const refName = str(y, get(taskRef, 'name'));
  const notes: StageNote[] = [];
  if (refName) notes.push(remark(`taskRef: ${refName}`));
  if (get(taskRef, 'resolver')) {
    const resolver = str(y, get(taskRef, 'resolver'));
    notes.push(remark(`resolver: ${resolver}`));
    r.remote.push(`${refName ?? name} (${resolver} resolver)`);
  }
  const fetch = resolverFetch(r, taskRef);
  for (const ws of items(get(task, 'workspaces'))) {
    const shared = str(y, get(ws, 'workspace'));
    if (shared) notes.push(remark(`workspace: ${shared}`));
  }
  for (const w of items(get(task, 'when')))
    notes.push({
      kind: 'condition',
      keyword: 'when',
      expression: `${str(y, get(w, 'input')) ?? ''} ${str(y, get(w, 'operator')) ?? ''} ${items(get(w, 'values'))
        .map((v) => str(y, v))
        .join(', ')}`.trim(),
    });
  const stage: Stage = {
    id: stageId(facts.file, r.name, name),
    name,
    pipeline: r.name,
    role: guessRole(name, refName ?? ''),
    range: at,
    notes,
    fetches: fetch ? [fetch] : undefined,
  };
  const timeout = str(y, get(task, 'timeout'));
  const minutes = goDurationMinutes(timeout ?? '');
  if (minutes) addLimits(stage, { minutes, scope: 'run', origin: `\`timeout: ${timeout}\``, range: refOf(y, get(task, 'timeout')) });
  facts.stages.push(stage);
  const inline = get(task, 'taskSpec');
  if (inline) readSteps(r, inline, stage, `${name}.taskSpec`);
  return stage;
}

/** `runAfter` and result references order a task; a name that is no task of the pipeline fails Tekton's validation. */
function readTaskOrder(r: Resource, task: YamlNode, path: string): void {
  const { y, facts } = r;
  const stage = r.tasks.get(str(y, get(task, 'name')) ?? '');
  if (!stage) return;
  for (const before of items(get(task, 'runAfter'))) {
    const name = str(y, before) ?? '';
    const producer = r.tasks.get(name);
    if (producer) facts.orders.push({ before: producer.id, after: stage.id, via: 'runAfter', range: refOf(y, before) });
    else unknownTask(r, name, refOf(y, before), '`runAfter`');
  }
  for (const key of ['params', 'when', 'matrix']) eachScalar(get(task, key), (node) => readExpressions(r, node, stage));
  for (const [i, param] of items(get(task, 'params')).entries()) {
    const pname = str(y, get(param, 'name'));
    const pair = isMap(param) ? pairOf(param, 'value') : undefined;
    if (pname && pair && isScalar(pair.value) && !String(pair.value.value).includes('$('))
      facts.values.push({
        key: `${path}.params[${i}].${pname}`,
        value: scalarValue(y, pair.value),
        range: refOf(y, pair.value),
        stage: stage.id,
      });
  }
}

const EXPRESSION = /\$\((params\.([\w-]+)|params\[["']([\w.-]+)["']\]|tasks\.([\w-]+)\.results\.([\w-]+))/g;

/** `$(params.x)` is a reference to the pipeline's param; `$(tasks.x.results.y)` reads x's result, after x. */
function readExpressions(r: Resource, node: YamlNode, stage: Stage): void {
  const { y, facts } = r;
  const text = str(y, node) ?? '';
  let from = 0;
  for (const m of text.matchAll(EXPRESSION)) {
    const offset = subOffset(y, node, m[0], from);
    from = (offset ?? from) + 1;
    const range = subRef(y, node, m[0], offset ?? 0) ?? refOf(y, node);
    if (m[2] || m[3]) {
      facts.references.push({ kind: 'param', name: m[2] ?? m[3], scope: r.scope, range, stage: stage.id });
      continue;
    }
    const producer = r.tasks.get(m[4]);
    if (!producer) {
      unknownTask(r, m[4], range, 'a result reference');
      continue;
    }
    const artifact = { scheme: 'xcom' as const, name: `${producer.name}.${m[5]}`, scope: r.scope };
    if (!r.results.has(artifact.name)) {
      r.results.add(artifact.name);
      facts.io.push({ stage: producer.id, direction: 'writes', artifact, range: producer.range });
    }
    facts.io.push({ stage: stage.id, direction: 'reads', artifact, range });
    const ordered = facts.orders.some((o) => o.before === producer.id && o.after === stage.id && o.via === 'results');
    if (!ordered) facts.orders.push({ before: producer.id, after: stage.id, via: 'results', range });
  }
}

function unknownTask(r: Resource, name: string, range: SourceRef, what: string): void {
  r.facts.problems.push({
    message: `${what} names task \`${name}\`, which is not a task of pipeline \`${r.name}\`: Tekton rejects the pipeline.`,
    range,
    severity: 'error',
  });
}

/** A Task: one stage, its steps run in order in one pod. */
function readTask(r: Resource, spec: YamlNode | undefined, path: string, name: string, at: SourceRef): void {
  defineParams(r, spec, path);
  const stage: Stage = { id: stageId(r.facts.file, r.name, name), name, pipeline: r.name, role: guessRole(name), range: at };
  r.facts.stages.push(stage);
  readSteps(r, spec, stage, path);
  if (stage.role === 'other') stage.role = guessRole(name, stage.command ?? '');
}

/** Each step is a container (image, command, args, env) and may run a `script`. */
function readSteps(r: Resource, spec: YamlNode | undefined, stage: Stage, path: string): void {
  const { y, facts } = r;
  const commands: string[] = [];
  const notes = stage.notes ?? [];
  items(get(spec, 'steps')).forEach((step, i) => {
    const info = readContainer({ y, facts, stages: [stage.id], prefix: `${path}.steps[${i}]` }, step);
    stage.image ??= info.image;
    if (info.command) commands.push(info.command);
    notes.push(...info.notes);
    const scriptNode = get(step, 'script');
    const script = str(y, scriptNode);
    if (!script || !scriptNode) return;
    commands.push(script);
    if (/^#!.*\b(python|node|ruby|perl)/.test(script)) return; // not a shell script
    for (const cmd of shellCommands(script))
      if (!cmd.argv.some((a) => a.includes('$(')))
        readScriptCommand(
          { facts, name: r.name },
          stage.id,
          stage.name,
          cmd,
          subRef(y, scriptNode, cmd.text) ?? refOf(y, scriptNode),
          notes,
        );
  });
  for (const node of items(get(spec, 'steps'))) eachScalar(node, (n) => paramRefs(r, n, stage));
  if (commands.length) stage.command = commands.join('\n');
  const unique = uniqueNotes(notes);
  if (unique.length) stage.notes = unique;
}

/** `$(params.x)` in a Task's steps names the Task's own param. */
function paramRefs(r: Resource, node: YamlNode, stage: Stage): void {
  const text = str(r.y, node) ?? '';
  let from = 0;
  for (const m of text.matchAll(EXPRESSION)) {
    const offset = subOffset(r.y, node, m[0], from);
    from = (offset ?? from) + 1;
    if (m[2] || m[3])
      r.facts.references.push({
        kind: 'param',
        name: m[2] ?? m[3],
        scope: r.scope,
        range: subRef(r.y, node, m[0], offset ?? 0) ?? refOf(r.y, node),
        stage: stage.id,
      });
  }
}

/**
 * The git resolver's `url` and `revision` params (tekton.dev/docs/pipelines/git-resolver): the task is
 * fetched from that repository at that ref on every run. `$(params.x)` is followed to the pipeline
 * param's default; a ref with no default is the run's choice and is not recorded.
 */
function resolverFetch(r: Resource, ref: YamlNode | undefined): RemoteFetch | undefined {
  const { y } = r;
  if (str(y, get(ref, 'resolver')) !== 'git') return undefined;
  const params = new Map<string, YamlNode | undefined>();
  for (const p of items(get(ref, 'params'))) params.set(str(y, get(p, 'name')) ?? '', get(p, 'value'));
  const url = str(y, params.get('url'));
  const revision = params.get('revision');
  const written = str(y, revision);
  if (!url || !revision || written === undefined) return undefined;
  const param = /^\$\(params\.([\w-]+)\)$/.exec(written)?.[1];
  const resolved = param
    ? r.facts.values.find((v) => v.isParam && v.key.endsWith(`.params.${param}`) && typeof v.value === 'string')?.value
    : written;
  if (typeof resolved !== 'string' || /\$\(/.test(resolved)) return undefined;
  return { url, ref: resolved, path: str(y, params.get('pathInRepo')), param, range: refOf(y, revision) };
}

/** `spec.params`: definitions of the resource's params, and their defaults as values. */
function defineParams(r: Resource, spec: YamlNode | undefined, path: string): void {
  const { y, facts } = r;
  for (const param of items(get(spec, 'params'))) {
    const nameNode = get(param, 'name');
    const name = str(y, nameNode);
    if (!name || !nameNode || !isMap(param)) continue;
    facts.definitions.push({ kind: 'param', name, scope: r.scope, range: refOf(y, nameNode) });
    const pair = pairOf(param, 'default');
    if (pair && isScalar(pair.value))
      facts.values.push({
        key: `${path}.params.${name}`,
        value: scalarValue(y, pair.value),
        isParam: true,
        comment: commentOf(pair) ?? str(y, get(param, 'description')),
        range: refOf(y, pair.value),
        keyRange: refOf(y, nameNode),
      });
  }
}

function eachScalar(node: unknown, visit: (n: YamlNode) => void, depth = 0): void {
  if (depth > 50 || !node) return;
  if (isScalar(node)) visit(node as YamlNode);
  else if (isSeq(node)) for (const i of node.items) eachScalar(i, visit, depth + 1);
  else if (isMap(node)) for (const [, v] of entries(node)) eachScalar(v, visit, depth + 1);
}
