// DVC pipelines (dvc.yaml): stages with deps/outs/params/metrics/plots, `foreach`/`matrix`
// expansion, `${}` interpolation from `vars` and params.yaml, top-level artifacts.
import type { SiblingReader, SourceAdapter, SourceFile } from './adapter';
import { emptyFacts, stageId, type ArtifactKind, type FileFacts, type SourceRef } from '../model/facts';
import {
  parseYaml,
  mappings,
  get,
  entries,
  items,
  str,
  refOf,
  isMap,
  isScalar,
  isSeq,
  collectValues,
  type YamlFile,
  type YamlNode,
  subRef,
} from '../text/yaml';
import { dirname, joinPath } from '../text/paths';
import { guessRole, kindOfPath } from './roles';
import { readParams, lookup, defineParams, type ParamTree } from './params';
import { isUri } from '../model/identity';

// `${name}`; the name is trimmed where it is used. No lazy quantifier and no braces inside:
// `[^}]+?` followed by `\s*\}` rescanned to the end of the text from every `${` that never
// closes (33,000 of them in one value took over two minutes).
const INTERPOLATION = /\$\{([^{}]*)\}/g;

export const dvcAdapter: SourceAdapter = {
  format: 'dvc',
  detect: (file) => /(^|\/)dvc\.ya?ml$/.test(file.path),
  parse: parseDvc,
};

interface Scope {
  y: YamlFile;
  facts: FileFacts;
  dir: string;
  paramsFile: string;
  /** Values `${}` may resolve to: vars, params.yaml, and foreach/matrix items. */
  context: ParamTree;
  siblings: SiblingReader;
}

function parseDvc(file: SourceFile, siblings: SiblingReader): FileFacts {
  const y = parseYaml(file.path, file.text);
  const facts = emptyFacts(file.path, 'dvc');
  facts.problems.push(...y.problems);
  const dir = dirname(file.path);
  const paramsFile = joinPath(dir, 'params.yaml');
  for (const root of mappings(y)) {
    const context: ParamTree = { ...readParams(siblings.read(paramsFile)), ...readVars(y, get(root, 'vars'), dir, siblings) };
    const scope: Scope = { y, facts, dir, paramsFile, context, siblings };
    for (const [name, body, pair] of entries(get(root, 'stages'))) expandStage(scope, name, body, refOf(y, pair.key));
    readArtifacts(scope, get(root, 'artifacts'));
  }
  return facts;
}

function readVars(y: YamlFile, node: YamlNode | undefined, dir: string, siblings: SiblingReader): ParamTree {
  const out: ParamTree = {};
  for (const item of items(node)) {
    const fileName = str(y, item);
    if (fileName) Object.assign(out, readParams(siblings.read(joinPath(dir, fileName.split(':')[0]))));
    else if (isMap(item)) Object.assign(out, (item.toJSON() ?? {}) as ParamTree);
  }
  return out;
}

/** A stage, or one stage per `foreach` item / `matrix` combination. */
function expandStage(scope: Scope, name: string, body: YamlNode | undefined, at: SourceRef): void {
  const foreach = get(body, 'foreach');
  const matrix = get(body, 'matrix');
  if (foreach) {
    const doBody = get(body, 'do');
    for (const [key, item] of foreachItems(scope, foreach)) addStage(scope, `${name}@${key}`, doBody, at, { item, key });
  } else if (matrix) {
    for (const [key, item] of matrixItems(scope, matrix)) addStage(scope, `${name}@${key}`, body, at, { item });
  } else {
    addStage(scope, name, body, at, {});
  }
}

function foreachItems(scope: Scope, node: YamlNode): Array<[string, unknown]> {
  const text = str(scope.y, node);
  const value: unknown = text !== undefined ? resolveWhole(text, scope.context) : node.toJSON();
  if (Array.isArray(value)) return value.map((v, i) => [typeof v === 'object' ? String(i) : String(v), v]);
  if (value && typeof value === 'object') return Object.entries(value as Record<string, unknown>);
  return [];
}

function matrixItems(scope: Scope, node: YamlNode): Array<[string, Record<string, unknown>]> {
  let combos: Array<[string[], Record<string, unknown>]> = [[[], {}]];
  for (const [key, values] of entries(node)) {
    const text = str(scope.y, values);
    const list = text !== undefined ? resolveWhole(text, scope.context) : values?.toJSON();
    if (!Array.isArray(list)) continue;
    combos = combos.flatMap(([names, acc]) =>
      list.map((v): [string[], Record<string, unknown>] => [[...names, String(v)], { ...acc, [key]: v }]),
    );
  }
  return combos.map(([names, item]) => [names.join('-'), item]);
}

function addStage(scope: Scope, name: string, body: YamlNode | undefined, at: SourceRef, local: ParamTree): void {
  const { y, facts } = scope;
  const context = { ...scope.context, ...local };
  const wdirText = str(y, get(body, 'wdir'));
  const base = wdirText ? joinPath(scope.dir, wdirText) : scope.dir;
  const cmdNode = get(body, 'cmd');
  const command = strings(y, cmdNode)
    .map((s) => interpolate(s, context).text)
    .join(' && ');
  const id = stageId(facts.file, scope.dir || '.', name);
  facts.stages.push({ id, name, pipeline: scope.dir || '.', role: guessRole(name, command), range: at, command });
  for (const s of allScalars(cmdNode)) referenceInterpolations(scope, s, id);
  for (const dep of items(get(body, 'deps'))) addIo(scope, id, 'reads', dep, base, context);
  for (const section of ['outs', 'metrics', 'plots'] as const) {
    const kind: ArtifactKind | undefined = section === 'outs' ? undefined : 'metrics';
    for (const out of items(get(body, section)))
      addIo(scope, id, 'writes', isMap(out) ? (out.items[0]?.key as YamlNode) : out, base, context, kind);
  }
  readStageParams(scope, id, get(body, 'params'));
  collectValues(y, get(body, 'vars'), `stages.${name}.vars`, facts.values, { stage: id });
}

function addIo(
  scope: Scope,
  stage: string,
  direction: 'reads' | 'writes',
  node: YamlNode | undefined,
  base: string,
  context: ParamTree,
  kind?: ArtifactKind,
): void {
  const raw = str(scope.y, node);
  if (raw === undefined || !node) return;
  referenceInterpolations(scope, node, stage);
  const { text, dynamic } = interpolate(raw, context);
  const scheme = isUri(text) ? 'uri' : 'path';
  const artifactKind = kind ?? kindOfPath(text);
  scope.facts.io.push({
    stage,
    direction,
    artifact: { scheme, name: text, base, kind: artifactKind, dynamic: dynamic || undefined },
    range: refOf(scope.y, node),
  });
}

/** `params:` entries: `- key`, `- file.yaml: [keys]`, `- file.yaml:` (all keys). */
function readStageParams(scope: Scope, stage: string, node: YamlNode | undefined): void {
  for (const item of items(node)) {
    const key = str(scope.y, item);
    if (key !== undefined) {
      scope.facts.references.push({ kind: 'param', name: key, scope: scope.paramsFile, range: refOf(scope.y, item), stage });
      continue;
    }
    for (const [fileName, keys] of entries(item)) {
      const paramsFile = joinPath(scope.dir, fileName);
      defineCustomParams(scope, paramsFile);
      scope.facts.io.push({
        stage,
        direction: 'reads',
        artifact: { scheme: 'path', name: paramsFile, kind: 'code' },
        range: refOf(scope.y, item),
      });
      for (const k of items(keys)) {
        const name = str(scope.y, k);
        if (name) scope.facts.references.push({ kind: 'param', name, scope: paramsFile, range: refOf(scope.y, k), stage });
      }
    }
  }
}

/**
 * A params file other than params.yaml is only known through the stage that names it, so
 * its keys are defined here, with ranges in that file.
 */
function defineCustomParams(scope: Scope, paramsFile: string): void {
  if (paramsFile === scope.paramsFile || scope.facts.definitions.some((d) => d.scope === paramsFile)) return;
  const text = scope.siblings.read(paramsFile);
  if (text === undefined) return;
  const y = parseYaml(paramsFile, text);
  const values = scope.facts.values.length;
  defineParams(y, scope.facts, paramsFile);
  scope.facts.values.splice(values); // the values belong to that file's own analysis, if any
}

function readArtifacts(scope: Scope, node: YamlNode | undefined): void {
  for (const [name, body, pair] of entries(node)) {
    const path = str(scope.y, get(body, 'path'));
    if (!path) continue;
    const type = str(scope.y, get(body, 'type'));
    scope.facts.artifacts.push({
      ref: {
        scheme: isUri(path) ? 'uri' : 'path',
        name: path,
        base: scope.dir,
        kind: type === 'model' ? 'model' : type === 'dataset' ? 'data' : kindOfPath(path),
      },
      range: refOf(scope.y, pair.key),
      label: name,
      description: str(scope.y, get(body, 'desc')),
    });
  }
}

/** Every `${x}` in a value is a reference to a param the stage needs. */
function referenceInterpolations(scope: Scope, node: YamlNode, stage: string): void {
  const text = str(scope.y, node);
  if (!text || !node.range) return;
  for (const m of text.matchAll(INTERPOLATION)) {
    const name = m[1].trim();
    if (!name || /^(item|key)\b/.test(name)) continue;
    const offset = subRef(scope.y, node, m[0]);
    scope.facts.references.push({ kind: 'param', name, scope: scope.paramsFile, range: offset ?? refOf(scope.y, node), stage });
  }
}

export function interpolate(text: string, context: ParamTree): { text: string; dynamic: boolean } {
  let dynamic = false;
  const out = text.replace(INTERPOLATION, (whole, expr: string) => {
    if (!expr.trim()) return whole;
    const value = lookup(context, expr.trim());
    if (value === undefined || (typeof value === 'object' && value !== null)) {
      dynamic = true;
      return whole;
    }
    return String(value);
  });
  return { text: out, dynamic };
}

function resolveWhole(text: string, context: ParamTree): unknown {
  const m = /^\$\{([^{}]*)\}$/.exec(text.trim());
  return m && m[1].trim() ? lookup(context, m[1].trim()) : undefined;
}

function strings(y: YamlFile, node: YamlNode | undefined): string[] {
  if (isSeq(node)) return node.items.map((i) => str(y, i) ?? '').filter(Boolean);
  const s = str(y, node);
  return s ? [s] : [];
}

function allScalars(node: YamlNode | undefined): YamlNode[] {
  if (isSeq(node)) return node.items.filter((i): i is YamlNode => isScalar(i));
  return node && isScalar(node) ? [node] : [];
}
