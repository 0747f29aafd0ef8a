// MLflow Projects (`MLproject`): each entry point is a stage of the project; its parameters
// (type, default) are params the command uses through `{name}` placeholders; docker_env
// images are pinned or not; conda_env/python_env files are code the stages read.
import { parseRegistryUri } from './registry/uri';
import { addRegistryAccess } from './registry/facts';
import type { Pair } from 'yaml';
import type { SourceAdapter, SourceFile } from './adapter';
import { emptyFacts, stageId, type FileFacts, type Stage } from '../model/facts';
import { remark } from '../model/stageNotes';
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
import { basename, dirname } from '../text/paths';
import { guessRole } from './roles';
import { addImagePin } from './kubernetes';
import { shellCommands } from './shell';
import { yamlCommandMentions } from './commandMentions';

const PLACEHOLDER = /\{([A-Za-z_][\w-]*)\}/g;

export const mlflowAdapter: SourceAdapter = {
  format: 'mlflow',
  displayName: 'MLflow',
  globs: ['**/[Mm][Ll][Pp][Rr][Oo][Jj][Ee][Cc][Tt]', '**/[Mm][Ll][Pp][Rr][Oo][Jj][Ee][Cc][Tt].{yaml,yml}'],
  contributes: { ownable: true, orchestrator: true },
  // MLflow finds the project file by `filename.lower() == "mlproject"`: `MLProject` is one too.
  detect: (file) =>
    /(^|\/)mlproject(\.ya?ml)?$/i.test(file.path) && /^(entry_points|conda_env|docker_env|python_env|name)\s*:/m.test(file.text),
  parse: parseMlproject,
};

interface Project {
  y: YamlFile;
  facts: FileFacts;
  name: string;
  dir: string;
}

function parseMlproject(file: SourceFile): FileFacts {
  const y = parseTemplatedYaml(file.path, file.text);
  const facts = emptyFacts(file.path, 'mlflow');
  facts.problems.push(...y.problems);
  const dir = dirname(file.path);
  for (const root of mappings(y)) {
    const project: Project = { y, facts, name: str(y, get(root, 'name')) ?? (basename(dir) || 'mlproject'), dir };
    const stages = entries(get(root, 'entry_points')).map(([name, body, pair]) =>
      readEntryPoint(project, name, body, pair.key as YamlNode),
    );
    readEnvironment(project, root, stages);
  }
  return facts;
}

function readEntryPoint(project: Project, name: string, body: YamlNode | undefined, keyNode: YamlNode): Stage {
  const { y, facts } = project;
  const id = stageId(facts.file, project.name, name);
  const commandNode = get(body, 'command');
  const command = str(y, commandNode);
  const stage: Stage = { id, name, pipeline: project.name, role: guessRole(name, command ?? ''), range: refOf(y, keyNode), command };
  const params = entries(get(body, 'parameters'));
  for (const [param, spec, pair] of params) readParameter(project, name, param, spec, pair, id);
  const implied = impliedStages(params.map(([param]) => param));
  if (implied.length) stage.notes = [remark(`implied stages (by parameter prefix, order not stated): ${implied.join(', ')}`)];
  // An entry point that runs several steps including training is a training run, whatever else its command mentions.
  if (implied.some((p) => guessRole(p) === 'train')) stage.role = 'train';
  if (command && commandNode) readCommand(project, command, commandNode, id);
  (facts.mentions ??= []).push(...yamlCommandMentions(y, commandNode, project.dir));
  facts.stages.push(stage);
  return stage;
}

/** `p: {type: float, default: 0.1}` or `p: float`: a Definition, and a ConfigValue for its default. */
function readParameter(
  project: Project,
  entryPoint: string,
  param: string,
  spec: YamlNode | undefined,
  pair: Pair<YamlNode, YamlNode>,
  stage: string,
): void {
  const { y, facts } = project;
  facts.definitions.push({ kind: 'param', name: param, scope: facts.file, range: refOf(y, pair.key) });
  const defaultPair = isMap(spec) ? pairOf(spec, 'default') : undefined;
  if (!defaultPair || !isScalar(defaultPair.value)) return;
  facts.values.push({
    key: `entry_points.${entryPoint}.parameters.${param}`,
    value: scalarValue(y, defaultPair.value),
    isParam: true,
    comment: commentOf(pair) ?? commentOf(defaultPair),
    range: refOf(y, defaultPair.value),
    keyRange: refOf(y, pair.key),
    stage,
  }); // A `models:/…` default is the registry model the entry point loads.
  const registry = parseRegistryUri(String(scalarValue(y, defaultPair.value)));
  if (registry) addRegistryAccess(facts, stage, registry, refOf(y, defaultPair.value));
}

/**
 * One entry point that runs several steps often prefixes its parameters by step
 * (`preprocess_data`, `train_epochs`): the prefixes that read as stage names.
 */
function impliedStages(params: string[]): string[] {
  const prefixes: string[] = [];
  for (const param of params) {
    const m = /^([a-z]+)_/i.exec(param);
    if (m && !prefixes.includes(m[1]) && guessRole(m[1]) !== 'other') prefixes.push(m[1]);
  }
  return prefixes.length >= 2 ? prefixes : [];
}

/** `{param}` placeholders are references; `python script.py` reads the script. */
function readCommand(project: Project, command: string, node: YamlNode, stage: string): void {
  const { y, facts } = project;
  let from = 0;
  for (const m of command.matchAll(PLACEHOLDER)) {
    const range = subRef(y, node, m[0], from) ?? refOf(y, node);
    facts.references.push({ kind: 'param', name: m[1], scope: facts.file, range, stage });
    from = (subOffset(y, node, m[0], from) ?? from) + m[0].length;
  }
  for (const cmd of shellCommands(command)) {
    const [tool, script] = cmd.argv;
    if (/^python[\d.]*$/.test(tool ?? '') && script && /\.py$/.test(script)) {
      facts.io.push({
        stage,
        direction: 'reads',
        artifact: { scheme: 'path', name: script, base: project.dir, kind: 'code' },
        range: subRef(y, node, script) ?? refOf(y, node),
      });
    }
  }
}

/** docker_env (image pin, environment values), conda_env / python_env (files every entry point reads). */
function readEnvironment(project: Project, root: YamlNode, stages: Stage[]): void {
  const { y, facts } = project;
  const docker = get(root, 'docker_env');
  const imageNode = get(docker, 'image');
  const image = addImagePin(y, facts, imageNode, stages.length === 1 ? stages[0].id : undefined);
  for (const stage of stages) stage.image ??= image;
  for (const env of items(get(docker, 'environment'))) {
    // `[NAME, value]` sets a value; a bare `NAME` passes the caller's through.
    if (!isSeq(env)) continue;
    const [nameNode, valueNode] = env.items as YamlNode[];
    const name = str(y, nameNode);
    if (name && isScalar(valueNode))
      facts.values.push({
        key: `docker_env.environment.${name}`,
        value: scalarValue(y, valueNode),
        range: refOf(y, valueNode),
        keyRange: refOf(y, nameNode),
      });
  }
  for (const key of ['conda_env', 'python_env']) {
    const node = get(root, key);
    const path = str(y, node);
    if (!path || !node) continue;
    for (const stage of stages)
      facts.io.push({
        stage: stage.id,
        direction: 'reads',
        artifact: { scheme: 'path', name: path, base: project.dir, kind: 'code' },
        range: refOf(y, node),
      });
  }
}
