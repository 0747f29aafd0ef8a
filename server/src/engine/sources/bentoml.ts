// BentoML build files (bentofile.yaml): the service is a serving stage; the models it packs
// are what it reads (and should carry a tag); python packages and the docker base image are
// pinned or not; `labels.owner` says who owns it.
import { addRegistryAccess } from './registry/facts';
import type { SourceAdapter, SourceFile } from './adapter';
import { emptyFacts, stageId, type FileFacts, type Stage } from '../model/facts';
import {
  parseTemplatedYaml,
  mappings,
  get,
  items,
  str,
  refOf,
  pairOf,
  collectValues,
  scalarValue,
  isMap,
  isScalar,
  type YamlFile,
  type YamlNode,
} from '../text/yaml';
import { dirname } from '../text/paths';
import { addImagePin } from './kubernetes';

export const bentomlAdapter: SourceAdapter = {
  format: 'bentoml',
  displayName: 'BentoML',
  globs: ['**/bentofile.{yaml,yml}'],
  contributes: { ownable: true, orchestrator: true, serving: 'always' },
  detect: (file) => /(^|\/)bentofile\.ya?ml$/.test(file.path) && /^service\s*:/m.test(file.text),
  parse: parseBentofile,
};

interface Bento {
  y: YamlFile;
  facts: FileFacts;
  stage: string;
  dir: string;
}

function parseBentofile(file: SourceFile): FileFacts {
  const y = parseTemplatedYaml(file.path, file.text);
  const facts = emptyFacts(file.path, 'bentoml');
  facts.problems.push(...y.problems);
  for (const root of mappings(y)) {
    const serviceNode = get(root, 'service');
    const service = str(y, serviceNode);
    if (!service || !serviceNode) continue;
    const labels = get(root, 'labels');
    const pipeline = str(y, get(labels, 'project')) ?? str(y, get(root, 'name')) ?? service;
    const id = stageId(facts.file, pipeline, service);
    const stage: Stage = { id, name: service, pipeline, role: 'serve', range: refOf(y, serviceNode) };
    facts.stages.push(stage);
    const bento: Bento = { y, facts, stage: id, dir: dirname(file.path) };
    readServiceModule(bento, service, serviceNode);
    readOwner(bento, labels, pipeline);
    readModels(bento, get(root, 'models'));
    readPython(bento, get(root, 'python'));
    stage.image = addImagePin(y, facts, get(get(root, 'docker'), 'base_image'), id);
    readEnvs(bento, get(root, 'envs'));
    for (const key of ['labels', 'include', 'exclude', 'docker', 'conda'])
      collectValues(y, get(root, key), key, facts.values, { stage: id });
  }
  return facts;
}

/** `service.py:svc` or `service:Summarization`: the module is code the service reads. */
function readServiceModule(bento: Bento, service: string, node: YamlNode): void {
  const module = service.split(':')[0];
  if (!module) return;
  const path = module.endsWith('.py') ? module : `${module.replace(/\./g, '/')}.py`;
  bento.facts.io.push({
    stage: bento.stage,
    direction: 'reads',
    artifact: { scheme: 'path', name: path, base: bento.dir, kind: 'code' },
    range: refOf(bento.y, node),
  });
}

function readOwner(bento: Bento, labels: YamlNode | undefined, subject: string): void {
  for (const key of ['owner', 'team']) {
    const node = get(labels, key);
    const owner = str(bento.y, node);
    if (owner && node) bento.facts.ownerClaims.push({ subject, owner, range: refOf(bento.y, node) });
  }
}

/** `- name:tag` or `- tag: name:tag` (with `alias`): the service reads that model version. */
function readModels(bento: Bento, models: YamlNode | undefined): void {
  for (const item of items(models)) {
    const node = isMap(item) ? get(item, 'tag') : item;
    const tag = str(bento.y, node);
    if (!tag || !node) continue;
    const colon = tag.indexOf(':');
    const name = colon >= 0 ? tag.slice(0, colon) : tag;
    const version = colon >= 0 ? tag.slice(colon + 1) : undefined;
    const range = refOf(bento.y, node);
    const pinned = version !== undefined && version !== '' && version !== 'latest';
    addRegistryAccess(
      bento.facts,
      bento.stage,
      {
        direction: 'reads',
        registry: 'bentoml',
        name,
        version: pinned ? version : undefined,
        pointer: pinned ? undefined : version || 'latest',
      },
      range,
    );
  }
}

/** `python.packages` (pinned with `==` or not), `requirements_txt` (a file the build reads). */
function readPython(bento: Bento, python: YamlNode | undefined): void {
  const { y, facts } = bento;
  for (const item of items(get(python, 'packages'))) {
    const spec = str(y, item);
    const m = spec ? /^\s*([A-Za-z0-9_.-]+)(\[[^\]]*\])?\s*(==|===|~=|>=|<=|>|<|!=|@)?\s*([^;\s]*)/.exec(spec) : null;
    if (!m) continue;
    const pinned = m[3] === '==' || m[3] === '===' || m[3] === '@';
    facts.versions.push({ subject: 'package', name: m[1], version: pinned ? m[4] : undefined, range: refOf(y, item), stage: bento.stage });
  }
  for (const key of ['requirements_txt', 'lock_packages', 'pip_args']) {
    const pair = isMap(python) ? pairOf(python, key) : undefined;
    if (!pair || !isScalar(pair.value)) continue;
    facts.values.push({
      key: `python.${key}`,
      value: scalarValue(y, pair.value),
      range: refOf(y, pair.value),
      keyRange: refOf(y, pair.key),
      stage: bento.stage,
    });
    const file = key === 'requirements_txt' ? str(y, pair.value) : undefined;
    if (file)
      facts.io.push({
        stage: bento.stage,
        direction: 'reads',
        artifact: { scheme: 'path', name: file, base: bento.dir, kind: 'code' },
        range: refOf(y, pair.value),
      });
  }
}

/** `envs: [{name, value}]`: values the service runs with. */
function readEnvs(bento: Bento, envs: YamlNode | undefined): void {
  for (const env of items(envs)) {
    const nameNode = get(env, 'name');
    const name = str(bento.y, nameNode);
    const valueNode = get(env, 'value');
    if (name && isScalar(valueNode))
      bento.facts.values.push({
        key: `envs.${name}`,
        value: scalarValue(bento.y, valueNode),
        range: refOf(bento.y, valueNode),
        keyRange: refOf(bento.y, nameNode),
        stage: bento.stage,
      });
  }
}
