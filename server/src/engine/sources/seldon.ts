// Seldon Core: SeldonDeployment (machinelearning.seldon.io v1, v1alpha2, v1alpha3) and the
// Core v2 resources Model, Pipeline and Experiment (mlops.seldon.io/v1alpha1), read as Seldon's
// CRDs and scheduler define them. A SeldonDeployment's predictors split the traffic; each node
// of a predictor's `graph` is a serving stage, run by the `componentSpecs` container of the same
// name or by a prepackaged server (`implementation`) that loads its `modelUri`. A request passes
// a node before its children; a COMBINER or OUTPUT_TRANSFORMER works on its children's output.
// A v2 Model serves its `storageUri`; a v2 Pipeline's steps take the outputs of the steps their
// `inputs` name (`<step>.outputs[.<tensor>]`), and the scheduler rejects a pipeline whose step
// inputs or output steps name no step of it (scheduler/pkg/store/pipeline/validate.go).
import type { SiblingReader, SourceAdapter, SourceFile } from './adapter';
import { inHelmChart } from './helm';
import { emptyFacts, stageId, type FileFacts, type SourceRef, type Stage } from '../model/facts';
import { remark, uniqueNotes } from '../model/stageNotes';
import { parseTemplatedYaml, mappings, get, items, str, refOf, isScalar, scalarValue, type YamlFile, type YamlNode } from '../text/yaml';
import { modelVersion, readContainer, readOwnerClaims, readWorkload, resourceName } from './kubernetes';
import { parseRegistryUri } from './registry/uri';
import { addRegistryAccess } from './registry/facts';
import { isUri } from '../model/identity';

const V1 = /^machinelearning\.seldon\.io\/v1(alpha2|alpha3)?$/;
const V2 = /^mlops\.seldon\.io\/v1alpha1$/;

export const seldonAdapter: SourceAdapter = {
  format: 'seldon',
  displayName: 'Seldon Core',
  globs: ['**/*.{yaml,yml}'],
  contributes: {
    defaultProbes: "Seldon's operator (v1: a TCP probe on each graph container; v2: the model server's own)",
    ownable: true,
    orchestrator: true,
    serving: 'always',
    pods: true,
  },
  detect: (file) =>
    /\.ya?ml$/i.test(file.path) &&
    ((/^apiVersion:\s*["']?machinelearning\.seldon\.io\//m.test(file.text) && /^kind:\s*["']?SeldonDeployment["']?\s*$/m.test(file.text)) ||
      (/^apiVersion:\s*["']?mlops\.seldon\.io\/v1alpha1["']?\s*$/m.test(file.text) &&
        /^kind:\s*["']?(Model|Pipeline|Experiment)["']?\s*$/m.test(file.text))),
  parse: parseSeldon,
};

interface Resource {
  y: YamlFile;
  facts: FileFacts;
  name: string;
}

function parseSeldon(file: SourceFile, siblings: SiblingReader): FileFacts {
  const y = parseTemplatedYaml(file.path, file.text, { helmChart: inHelmChart(file.path, siblings) });
  const facts = emptyFacts(file.path, 'seldon');
  facts.problems.push(...y.problems);
  for (const doc of mappings(y)) {
    const kind = str(y, get(doc, 'kind')) ?? '';
    const apiVersion = str(y, get(doc, 'apiVersion')) ?? '';
    const metadata = get(doc, 'metadata');
    const name = resourceName(y, metadata) ?? kind.toLowerCase();
    const r: Resource = { y, facts, name };
    const spec = get(doc, 'spec');
    if (V1.test(apiVersion) && kind === 'SeldonDeployment') {
      readOwnerClaims(y, facts, metadata, name);
      readDeployment(r, spec);
    } else if (V2.test(apiVersion) && kind === 'Model') readModel(r, spec, refOf(y, get(metadata, 'name') ?? doc));
    else if (V2.test(apiVersion) && kind === 'Pipeline') readPipeline(r, spec);
    else if (V2.test(apiVersion) && kind === 'Experiment') readExperiment(r, spec, refOf(y, get(metadata, 'name') ?? doc));
    else readWorkload(y, facts, doc);
  }
  return facts;
}

// ---------------------------------------------------------------------------------------------
// SeldonDeployment

function readDeployment(r: Resource, spec: YamlNode | undefined): void {
  const { y, facts } = r;
  const predictors = items(get(spec, 'predictors'));
  const traffic: Array<[number, YamlNode]> = [];
  predictors.forEach((predictor, i) => {
    const pname = str(y, get(predictor, 'name')) ?? `predictor-${i}`;
    const path = `spec.predictors[${i}]`;
    const stages = new Map<string, Stage>();
    readGraph(r, pname, get(predictor, 'graph'), `${path}.graph`, stages, undefined);
    const first = [...stages.values()][0];
    for (const key of ['traffic', 'replicas', 'shadow']) {
      const node = get(predictor, key);
      if (isScalar(node))
        facts.values.push({ key: `${path}.${key}`, value: scalarValue(y, node), range: refOf(y, node), stage: first?.id });
    }
    const t = get(predictor, 'traffic');
    if (isScalar(t) && str(y, get(predictor, 'shadow')) !== 'true') traffic.push([Number(t.value), t as YamlNode]);
    items(get(predictor, 'componentSpecs')).forEach((component, c) => {
      items(get(get(component, 'spec'), 'containers')).forEach((container, k) => {
        const cname = str(y, get(container, 'name')) ?? '';
        const stage = stages.get(cname) ?? first;
        if (!stage) return;
        const info = readContainer(
          { y, facts, stages: [stage.id], prefix: `${path}.componentSpecs[${c}].spec.containers[${k}]` },
          container,
        );
        stage.image ??= info.image;
        if (info.command) stage.command ??= info.command;
        if (info.notes.length) stage.notes = uniqueNotes([...(stage.notes ?? []), ...info.notes]);
      });
    });
  });
  // Seldon's validation: with several predictors, their traffic must add up to 100.
  const total = traffic.reduce((n, [v]) => n + v, 0);
  if (traffic.length > 1 && traffic.length === predictors.length && total !== 100)
    facts.problems.push({
      message: `The predictors' \`traffic\` adds up to ${total}, not 100: Seldon's admission check rejects a SeldonDeployment whose traffic split does not sum to 100 (assumed: the webhook is enabled).`,
      range: refOf(y, traffic[0][1]),
      severity: 'warning',
    });
}

const AFTER_CHILDREN = new Set(['COMBINER', 'OUTPUT_TRANSFORMER']);

/** One graph node and its children, depth first: each is a serving stage `<predictor>/<node>`. */
function readGraph(
  r: Resource,
  predictor: string,
  node: YamlNode | undefined,
  path: string,
  stages: Map<string, Stage>,
  parent: { stage: Stage; type: string } | undefined,
  depth = 0,
): void {
  const { y, facts } = r;
  if (!node || depth > 30) return;
  const nameNode = get(node, 'name');
  const name = str(y, nameNode) ?? `node-${depth}`;
  const type = str(y, get(node, 'type')) ?? (get(node, 'implementation') ? 'MODEL' : 'UNKNOWN');
  const implementation = str(y, get(node, 'implementation'));
  const notes = [remark(`type: ${type}`)];
  if (implementation) notes.push(remark(`implementation: ${implementation}`));
  const stage: Stage = {
    id: stageId(facts.file, r.name, `${predictor}/${name}`),
    name: `${predictor}/${name}`,
    pipeline: r.name,
    role: 'serve',
    range: refOf(y, nameNode ?? node),
    notes,
  };
  facts.stages.push(stage);
  if (!stages.has(name)) stages.set(name, stage);
  if (parent) {
    const [before, after] = AFTER_CHILDREN.has(parent.type) ? [stage, parent.stage] : [parent.stage, stage];
    facts.orders.push({ before: before.id, after: after.id, via: `graph ${parent.type}`, range: stage.range });
  }
  readModelUri(r, stage, get(node, 'modelUri'));
  items(get(node, 'parameters')).forEach((p) => {
    const pname = str(y, get(p, 'name'));
    const value = get(p, 'value');
    if (pname && isScalar(value))
      facts.values.push({ key: `${path}.parameters.${pname}`, value: scalarValue(y, value), range: refOf(y, value), stage: stage.id });
  });
  items(get(node, 'children')).forEach((child, i) =>
    readGraph(r, predictor, child, `${path}.children[${i}]`, stages, { stage, type }, depth + 1),
  );
}

/** `modelUri` / `storageUri`: the model the stage loads; `latest` or no version is a moving model. */
function readModelUri(r: Resource, stage: Stage, node: YamlNode | undefined): void {
  const { y, facts } = r;
  const uri = str(y, node);
  if (!uri || !node) return;
  const range = refOf(y, node);
  const registry = parseRegistryUri(uri);
  if (registry) return addRegistryAccess(facts, stage.id, registry, range);
  facts.io.push({
    stage: stage.id,
    direction: 'reads',
    artifact: { scheme: isUri(uri) ? 'uri' : 'path', name: uri, kind: 'model' },
    range,
  });
  facts.versions.push({ subject: 'model', ...modelVersion(uri), range, stage: stage.id });
}

// ---------------------------------------------------------------------------------------------
// Core v2

function readModel(r: Resource, spec: YamlNode | undefined, at: SourceRef): void {
  const { y, facts } = r;
  const requirements = items(get(spec, 'requirements')).flatMap((n) => str(y, n) ?? []);
  const stage: Stage = { id: stageId(facts.file, r.name, r.name), name: r.name, pipeline: r.name, role: 'serve', range: at };
  if (requirements.length) stage.notes = [remark(`requirements: ${requirements.join(', ')}`)];
  facts.stages.push(stage);
  readModelUri(r, stage, get(spec, 'storageUri'));
  for (const key of ['replicas', 'minReplicas', 'maxReplicas', 'memory', 'server']) {
    const node = get(spec, key);
    if (isScalar(node)) facts.values.push({ key: `spec.${key}`, value: scalarValue(y, node), range: refOf(y, node), stage: stage.id });
  }
}

/** The step an input or output names: `<step>`, `<step>.outputs`, `<step>.outputs.<tensor>`, `<step>.inputs…`. */
function stepOf(ref: string): string {
  return ref.split('.')[0];
}

function readPipeline(r: Resource, spec: YamlNode | undefined): void {
  const { y, facts } = r;
  const steps = new Map<string, Stage>();
  for (const step of items(get(spec, 'steps'))) {
    const nameNode = get(step, 'name');
    const name = str(y, nameNode);
    if (!name) continue;
    const stage: Stage = {
      id: stageId(facts.file, r.name, name),
      name,
      pipeline: r.name,
      role: 'serve',
      range: refOf(y, nameNode ?? step),
    };
    facts.stages.push(stage);
    steps.set(name, stage);
  }
  for (const step of items(get(spec, 'steps'))) {
    const stage = steps.get(str(y, get(step, 'name')) ?? '');
    if (!stage) continue;
    for (const key of ['inputs', 'triggers'])
      for (const node of items(get(step, key))) {
        const ref = str(y, node) ?? '';
        const from = stepOf(ref);
        const producer = steps.get(from);
        const range = refOf(y, node);
        if (producer && producer !== stage) {
          facts.orders.push({
            before: producer.id,
            after: stage.id,
            via: key === 'inputs' ? 'pipeline inputs' : 'pipeline triggers',
            range,
          });
          const artifact = { scheme: 'xcom' as const, name: `${from}.outputs`, scope: `${facts.file}#${r.name}` };
          if (!facts.io.some((i) => i.stage === producer.id && i.direction === 'writes'))
            facts.io.push({ stage: producer.id, direction: 'writes', artifact, range: producer.range });
          facts.io.push({ stage: stage.id, direction: 'reads', artifact, range });
        } else if (!producer && from !== r.name && key === 'inputs')
          unknownStep(r, from, range, `step \`${stage.name}\` takes its input from`);
      }
  }
  for (const node of items(get(get(spec, 'output'), 'steps'))) {
    const from = stepOf(str(y, node) ?? '');
    if (!steps.has(from)) unknownStep(r, from, refOf(y, node), '`output.steps` names');
  }
}

function unknownStep(r: Resource, name: string, range: SourceRef, what: string): void {
  r.facts.problems.push({
    message: `${what} \`${name}\`, which is no step of pipeline \`${r.name}\`: Seldon's scheduler rejects the pipeline.`,
    range,
    severity: 'error',
  });
}

/** An Experiment splits traffic between candidate models (or pipelines) by `weight`. */
function readExperiment(r: Resource, spec: YamlNode | undefined, at: SourceRef): void {
  const { y, facts } = r;
  const candidates = items(get(spec, 'candidates'));
  const stage: Stage = {
    id: stageId(facts.file, r.name, r.name),
    name: r.name,
    pipeline: r.name,
    role: 'serve',
    range: at,
    notes: candidates.map((c) => remark(`candidate: ${str(y, get(c, 'name')) ?? '?'} (weight ${str(y, get(c, 'weight')) ?? '?'})`)),
  };
  const fallback = str(y, get(spec, 'default'));
  if (fallback) stage.notes!.push(remark(`default: ${fallback}`));
  const mirror = str(y, get(get(spec, 'mirror'), 'name'));
  if (mirror) stage.notes!.push(remark(`mirror: ${mirror}`));
  facts.stages.push(stage);
  candidates.forEach((c, i) => {
    const weight = get(c, 'weight');
    const name = str(y, get(c, 'name'));
    if (isScalar(weight) && name)
      facts.values.push({
        key: `spec.candidates[${i}].${name}.weight`,
        value: scalarValue(y, weight),
        range: refOf(y, weight),
        stage: stage.id,
      });
  });
}
