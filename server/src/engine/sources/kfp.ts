// Kubeflow Pipelines compiled IR (v2 YAML: pipelineInfo, root.dag.tasks, components,
// deploymentSpec.executors). Tasks are stages; `dependentTasks` are orders; a task input taken
// from another task's output is a 'kfp-output' artifact `<producer>.<key>` the producer writes
// and the consumer reads. Sub-DAG components are expanded one level at a time.
import type { SourceAdapter, SourceFile } from './adapter';
import { emptyFacts, stageId, type ArtifactKind, type FileFacts, type SourceRef, type Stage } from '../model/facts';
import { remark, type StageNote } from '../model/stageNotes';
import {
  parseTemplatedYaml,
  mappings,
  get,
  entries,
  items,
  str,
  refOf,
  pairOf,
  commentOf,
  collectValues,
  scalarValue,
  isMap,
  isScalar,
  type YamlFile,
  type YamlNode,
} from '../text/yaml';
import { guessRole } from './roles';
import { addImagePin, readInstalls } from './kubernetes';
import { isUri } from '../model/identity';

/** The SDK's own bootstrap installs: not the pipeline author's dependencies. */
const SDK_PACKAGES = new Set(['kfp', 'typing-extensions', 'kfp-kubernetes', 'kfp-pipeline-spec']);

export const kfpAdapter: SourceAdapter = {
  format: 'kfp',
  displayName: 'Kubeflow Pipelines',
  globs: ['**/*.{yaml,yml}'],
  contributes: { ownable: true, orchestrator: true },
  detect: (file) =>
    /\.ya?ml$/i.test(file.path) && /^\s*pipelineInfo\s*:/m.test(file.text) && /^\s*(root|deploymentSpec)\s*:/m.test(file.text),
  parse: parseKfp,
};

interface Kfp {
  y: YamlFile;
  facts: FileFacts;
  pipeline: string;
  components: YamlNode | undefined;
  executors: YamlNode | undefined;
  /** Executors and components already read (their pins and defaults are stated once). */
  seen: Set<string>;
  /** `<stage id>|<artifact name>` already written. */
  written: Set<string>;
  orders: Set<string>;
}

interface Dag {
  /** Prefix of task names inside a sub-DAG: `parent/`. */
  prefix: string;
  /** Scope of `componentInputParameter` references. */
  paramScope: string;
  parent?: string;
  /** The DAG's tasks, to find a producer's component. */
  tasks?: YamlNode;
  /** Sub-DAG components being expanded: a component that contains itself is not expanded again. */
  path: string[];
}

function parseKfp(file: SourceFile): FileFacts {
  const y = parseTemplatedYaml(file.path, file.text);
  const facts = emptyFacts(file.path, 'kfp');
  facts.problems.push(...y.problems);
  for (const doc of mappings(y)) {
    const spec = get(doc, 'pipelineInfo') ? doc : get(doc, 'pipelineSpec');
    if (!get(spec, 'pipelineInfo')) continue;
    const pipeline = str(y, get(get(spec, 'pipelineInfo'), 'name')) ?? file.path;
    const kfp: Kfp = {
      y,
      facts,
      pipeline,
      components: get(spec, 'components'),
      executors: get(get(spec, 'deploymentSpec'), 'executors'),
      seen: new Set(),
      written: new Set(),
      orders: new Set(),
    };
    const root = get(spec, 'root');
    defineInputs(kfp, get(root, 'inputDefinitions'), file.path, '');
    readDag(kfp, get(root, 'dag'), { prefix: '', paramScope: file.path, path: [] });
  }
  return facts;
}

/** Pipeline (or sub-DAG) parameters: Definitions, and ConfigValues for their defaults. */
function defineInputs(kfp: Kfp, inputs: YamlNode | undefined, scope: string, keyPrefix: string): void {
  const { y, facts } = kfp;
  for (const [name, spec, pair] of entries(get(inputs, 'parameters'))) {
    facts.definitions.push({ kind: 'param', name, scope, range: refOf(y, pair.key) });
    const defaultPair = isMap(spec) ? pairOf(spec, 'defaultValue') : undefined;
    if (!defaultPair) continue;
    const key = `${keyPrefix}${name}`;
    const comment = commentOf(pair) ?? str(y, get(spec, 'description'));
    if (isScalar(defaultPair.value)) {
      facts.values.push({
        key,
        value: scalarValue(y, defaultPair.value),
        isParam: true,
        comment,
        range: refOf(y, defaultPair.value),
        keyRange: refOf(y, pair.key),
      });
    } else {
      const before = facts.values.length;
      collectValues(y, defaultPair.value, key, facts.values, { isParam: true });
      for (const v of facts.values.slice(before)) v.comment ??= comment;
    }
  }
}

function readDag(kfp: Kfp, dag: YamlNode | undefined, scope: Dag): void {
  const tasks = entries(get(dag, 'tasks'));
  const names = new Set(tasks.map(([name]) => name));
  const withTasks = { ...scope, tasks: get(dag, 'tasks') };
  for (const [key, task, pair] of tasks) readTask(kfp, withTasks, key, task, pair.key as YamlNode, names);
}

function readTask(kfp: Kfp, scope: Dag, key: string, task: YamlNode | undefined, keyNode: YamlNode, siblings: Set<string>): void {
  const { y, facts } = kfp;
  const name = `${scope.prefix}${key}`;
  const id = stageId(facts.file, kfp.pipeline, name);
  const componentName = str(y, get(get(task, 'componentRef'), 'name')) ?? '';
  const component = get(kfp.components, componentName);
  const executorLabel = str(y, get(component, 'executorLabel')) ?? '';
  const executor = get(kfp.executors, executorLabel);
  const container = get(executor, 'container');
  const command = commandOf(y, container);
  const stage: Stage = {
    id,
    name,
    pipeline: kfp.pipeline,
    role: guessRole(key, functionName(y, container) ?? command ?? ''),
    range: refOf(y, keyNode),
    command,
    notes: taskNotes(kfp, task, component, componentName),
  };
  const imageNode = get(container, 'image');
  stage.image = str(y, imageNode);
  if (!kfp.seen.has(`executor:${executorLabel}`) && executorLabel) {
    kfp.seen.add(`executor:${executorLabel}`);
    addImagePin(y, facts, imageNode, id);
    readExecutor(kfp, executorLabel, container, id);
  }
  if (!stage.notes?.length) delete stage.notes;
  facts.stages.push(stage);
  if (scope.parent && !get(task, 'dependentTasks')) addOrder(kfp, scope.parent, id, 'sub-DAG', refOf(y, keyNode));
  for (const dep of items(get(task, 'dependentTasks'))) {
    const before = str(y, dep);
    if (before && siblings.has(before))
      addOrder(kfp, stageId(facts.file, kfp.pipeline, `${scope.prefix}${before}`), id, 'dependentTasks', refOf(y, dep));
  }
  readTaskInputs(kfp, scope, stage, task, component);
  writeArtifacts(kfp, stage, component);
  readComponentDefaults(kfp, componentName, component, id);
  readImporter(kfp, stage, executor);
  const subDag = get(component, 'dag');
  if (subDag && !scope.path.includes(componentName) && scope.path.length < 20) {
    const paramScope = `${facts.file}#${componentName}`;
    if (!kfp.seen.has(`dag:${componentName}`)) {
      kfp.seen.add(`dag:${componentName}`);
      defineInputs(kfp, get(component, 'inputDefinitions'), paramScope, `components.${componentName}.`);
    }
    readDag(kfp, subDag, { prefix: `${name}/`, paramScope, parent: id, path: [...scope.path, componentName] });
  }
}

function commandOf(y: YamlFile, container: YamlNode | undefined): string | undefined {
  const parts = [...items(get(container, 'command')), ...items(get(container, 'args'))].map((n) => str(y, n) ?? '');
  return parts.join(' ').trim() || undefined;
}

/** The Python function a lightweight component runs (`--function_to_execute train`). */
function functionName(y: YamlFile, container: YamlNode | undefined): string | undefined {
  const args = items(get(container, 'args')).map((n) => str(y, n));
  const i = args.indexOf('--function_to_execute');
  return i >= 0 ? args[i + 1] : undefined;
}

function taskNotes(kfp: Kfp, task: YamlNode | undefined, component: YamlNode | undefined, componentName: string): StageNote[] {
  const { y } = kfp;
  const notes: StageNote[] = [];
  const condition = str(kfp.y, get(get(task, 'triggerPolicy'), 'condition'));
  if (condition) notes.push({ kind: 'condition', keyword: 'condition', expression: condition });
  const strategy = str(y, get(get(task, 'triggerPolicy'), 'strategy'));
  if (strategy) notes.push(remark(`trigger: ${strategy}`));
  if (get(task, 'parameterIterator') || get(task, 'artifactIterator') || get(task, 'iteratorPolicy'))
    notes.push(remark('ParallelFor: fans out'));
  if (get(component, 'dag')) notes.push(remark(`sub-DAG ${componentName}`));
  const enableCache = get(get(task, 'cachingOptions'), 'enableCache');
  if (isScalar(enableCache) && enableCache.value === false) notes.push(remark('cache disabled'));
  return notes;
}

/** Executor env values and the packages its command installs. */
function readExecutor(kfp: Kfp, label: string, container: YamlNode | undefined, stage: string): void {
  const { y, facts } = kfp;
  for (const env of items(get(container, 'env'))) {
    const nameNode = get(env, 'name');
    const name = str(y, nameNode);
    const valueNode = get(env, 'value');
    if (name && isScalar(valueNode))
      facts.values.push({
        key: `deploymentSpec.executors.${label}.container.env.${name}`,
        value: scalarValue(y, valueNode),
        range: refOf(y, valueNode),
        keyRange: refOf(y, nameNode),
        stage,
      });
  }
  for (const part of items(get(container, 'command'))) {
    const text = str(y, part);
    if (text && /\s/.test(text)) readInstalls({ y, facts, stages: [stage] }, text, part, SDK_PACKAGES);
  }
}

/**
 * Task inputs: `componentInputParameter` is a param reference; `taskOutputParameter` and
 * `taskOutputArtifact` are reads of another task's output (and an order); constants are settings.
 */
function readTaskInputs(kfp: Kfp, scope: Dag, stage: Stage, task: YamlNode | undefined, component: YamlNode | undefined): void {
  const { y, facts } = kfp;
  const inputs = get(task, 'inputs');
  for (const section of ['parameters', 'artifacts'] as const) {
    for (const [inputName, spec, pair] of entries(get(inputs, section))) {
      const paramRef = get(spec, section === 'parameters' ? 'componentInputParameter' : 'componentInputArtifact');
      const param = str(y, paramRef);
      if (param && paramRef)
        facts.references.push({
          kind: section === 'parameters' ? 'param' : 'artifact',
          name: param,
          scope: scope.paramScope,
          range: refOf(y, paramRef),
          stage: stage.id,
        });
      const output = get(spec, section === 'parameters' ? 'taskOutputParameter' : 'taskOutputArtifact');
      if (output)
        readTaskOutput(
          kfp,
          scope,
          stage,
          output,
          pair.key as YamlNode,
          section,
          schemaKind(y, get(get(get(component, 'inputDefinitions'), 'artifacts'), inputName)),
        );
      const runtime = get(spec, 'runtimeValue');
      if (section === 'parameters') addConstant(kfp, stage, inputName, get(runtime, 'constant') ?? get(runtime, 'constantValue'));
    }
  }
}

function addConstant(kfp: Kfp, stage: Stage, input: string, node: YamlNode | undefined): void {
  if (!node) return;
  const key = `root.dag.tasks.${stage.name}.inputs.parameters.${input}`;
  if (isScalar(node)) kfp.facts.values.push({ key, value: scalarValue(kfp.y, node), range: refOf(kfp.y, node), stage: stage.id });
  else collectValues(kfp.y, node, key, kfp.facts.values, { stage: stage.id });
}

function readTaskOutput(
  kfp: Kfp,
  scope: Dag,
  consumer: Stage,
  output: YamlNode,
  inputKey: YamlNode,
  section: 'parameters' | 'artifacts',
  kind: ArtifactKind | undefined,
): void {
  const { y, facts } = kfp;
  const producerTask = str(y, get(output, 'producerTask'));
  const key = str(y, get(output, section === 'parameters' ? 'outputParameterKey' : 'outputArtifactKey'));
  if (!producerTask || !key) return;
  const producerName = `${scope.prefix}${producerTask}`;
  const producer = stageId(facts.file, kfp.pipeline, producerName);
  const artifact = { scheme: 'kfp-output' as const, name: `${producerName}.${key}`, scope: kfp.pipeline, kind };
  const range = refOf(y, inputKey);
  facts.io.push({ stage: consumer.id, direction: 'reads', artifact, range });
  addWrite(kfp, producer, artifact, outputDeclaration(kfp, scope, producerTask, section, key) ?? refOf(y, get(output, 'producerTask')));
  addOrder(kfp, producer, consumer.id, section === 'parameters' ? 'taskOutputParameter' : 'taskOutputArtifact', range);
}

/** Where the producer's component declares an output. */
function outputDeclaration(
  kfp: Kfp,
  scope: Dag,
  producerTask: string,
  section: 'parameters' | 'artifacts',
  key: string,
): SourceRef | undefined {
  const componentName = str(kfp.y, get(get(get(scope.tasks, producerTask), 'componentRef'), 'name')) ?? '';
  const outputs = get(get(get(kfp.components, componentName), 'outputDefinitions'), section);
  const pair = isMap(outputs) ? pairOf(outputs, key) : undefined;
  return pair ? refOf(kfp.y, pair.key) : undefined;
}

/** Every output artifact a task's component declares is written, read or not. */
function writeArtifacts(kfp: Kfp, stage: Stage, component: YamlNode | undefined): void {
  for (const [key, spec, pair] of entries(get(get(component, 'outputDefinitions'), 'artifacts'))) {
    addWrite(
      kfp,
      stage.id,
      { scheme: 'kfp-output', name: `${stage.name}.${key}`, scope: kfp.pipeline, kind: schemaKind(kfp.y, spec) },
      refOf(kfp.y, pair.key),
    );
  }
}

function addWrite(
  kfp: Kfp,
  stage: string,
  artifact: { scheme: 'kfp-output'; name: string; scope: string; kind?: ArtifactKind },
  range: SourceRef,
): void {
  const key = `${stage}|${artifact.name}`;
  if (kfp.written.has(key)) {
    // A declared output seen first through a consumer keeps the declared kind.
    const io = kfp.facts.io.find((i) => i.stage === stage && i.direction === 'writes' && i.artifact.name === artifact.name);
    if (io && !io.artifact.kind && artifact.kind) io.artifact.kind = artifact.kind;
    return;
  }
  kfp.written.add(key);
  kfp.facts.io.push({ stage, direction: 'writes', artifact: { ...artifact }, range });
}

/** Component input defaults (`num_steps: defaultValue: 100`) configure the task that uses them. */
function readComponentDefaults(kfp: Kfp, componentName: string, component: YamlNode | undefined, stage: string): void {
  if (kfp.seen.has(`component:${componentName}`)) return;
  kfp.seen.add(`component:${componentName}`);
  for (const [name, spec, pair] of entries(get(get(component, 'inputDefinitions'), 'parameters'))) {
    const defaultPair = isMap(spec) ? pairOf(spec, 'defaultValue') : undefined;
    if (!defaultPair || get(component, 'dag')) continue;
    const key = `components.${componentName}.${name}`;
    if (isScalar(defaultPair.value))
      kfp.facts.values.push({
        key,
        value: scalarValue(kfp.y, defaultPair.value),
        comment: commentOf(pair),
        range: refOf(kfp.y, defaultPair.value),
        keyRange: refOf(kfp.y, pair.key),
        stage,
      });
    else collectValues(kfp.y, defaultPair.value, key, kfp.facts.values, { stage });
  }
}

/** `dsl.importer`: the task reads the artifact URI it imports. */
function readImporter(kfp: Kfp, stage: Stage, executor: YamlNode | undefined): void {
  const importer = get(executor, 'importer');
  if (!importer) return;
  const { y, facts } = kfp;
  const uriNode = get(get(importer, 'artifactUri'), 'constant') ?? get(get(get(importer, 'artifactUri'), 'runtimeValue'), 'constant');
  const uri = str(y, uriNode);
  const kind = schemaKind(y, importer, 'typeSchema');
  if (uri && uriNode)
    facts.io.push({
      stage: stage.id,
      direction: 'reads',
      artifact: { scheme: isUri(uri) ? 'uri' : 'path', name: uri, kind },
      range: refOf(y, uriNode),
    });
  addWrite(
    kfp,
    stage.id,
    { scheme: 'kfp-output', name: `${stage.name}.artifact`, scope: kfp.pipeline, kind },
    refOf(y, get(get(importer, 'artifactUri'), 'constant') ?? importer),
  );
}

const SCHEMA_KINDS: Array<[RegExp, ArtifactKind]> = [
  [/Model$/, 'model'],
  [/Metrics$/, 'metrics'],
  [/(HTML|Markdown)$/, 'report'],
  [/Dataset$/, 'data'],
];

function schemaKind(y: YamlFile, spec: YamlNode | undefined, field = 'artifactType'): ArtifactKind | undefined {
  const title = str(y, get(get(spec, field), 'schemaTitle'));
  if (!title) return undefined;
  return SCHEMA_KINDS.find(([re]) => re.test(title))?.[1] ?? 'unknown';
}

function addOrder(kfp: Kfp, before: string, after: string, via: string, range: SourceRef): void {
  const key = `${before}\u0000${after}`;
  if (before === after || kfp.orders.has(key)) return;
  kfp.orders.add(key);
  kfp.facts.orders.push({ before, after, via, range });
}
