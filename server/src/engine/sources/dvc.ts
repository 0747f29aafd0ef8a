// DVC pipelines (dvc.yaml): stages with deps/outs/params/metrics/plots, `foreach`/`matrix`
// expansion, `${}` interpolation (dvcTemplating.ts), top-level artifacts. Paths are relative
// to the stage's `wdir`, params files included.
import type { SiblingReader, SourceAdapter, SourceFile } from './adapter';
import { emptyFacts, stageId, type ArtifactKind, type FileFacts, type IO, type SourceRef } from '../model/facts';
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
import { defineParams } from './params';
import { TemplateContext, topLevelContext, paramName } from './dvcTemplating';
import { isUri } from '../model/identity';
import { allScalars, yamlCommandMentions } from './commandMentions';

// `${name}`; the name is trimmed where it is used. No lazy quantifier and no braces inside:
// `[^}]+?` followed by `\s*\}` rescanned to the end of the text from every `${` that never
// closes (33,000 of them in one value took over two minutes).
const INTERPOLATION = /\$\{([^{}]*)\}/g;

export const dvcAdapter: SourceAdapter = {
  format: 'dvc',
  displayName: 'DVC',
  globs: ['**/dvc.{yaml,yml}'],
  contributes: { ownable: true, orchestrator: true },
  detect: (file) => /(^|\/)dvc\.ya?ml$/.test(file.path),
  parse: parseDvc,
};

interface Scope {
  y: YamlFile;
  facts: FileFacts;
  dir: string;
  siblings: SiblingReader;
  /** What could not be resolved, for one info per file: expressions and the vars sources missing. */
  unresolved: Set<string>;
  firstUnresolved?: SourceRef;
}

/** The context a stage's values are resolved in, with the folder its paths are relative to. */
interface StageContext {
  template: TemplateContext;
  /** The stage's wdir (relative to the dvc.yaml folder); undefined when it could not be resolved. */
  base: string | undefined;
  /** The params file DVC reads for `params: [key]`: params.yaml in the wdir. */
  paramsFile: string | undefined;
}

function parseDvc(file: SourceFile, siblings: SiblingReader): FileFacts {
  const y = parseYaml(file.path, file.text);
  const facts = emptyFacts(file.path, 'dvc');
  facts.problems.push(...y.problems);
  const dir = dirname(file.path);
  const scope: Scope = { y, facts, dir, siblings, unresolved: new Set() };
  for (const root of mappings(y)) {
    const template = topLevelContext(dir, items(get(root, 'vars')).map(toJSON), siblings);
    noteUnreadable(scope, template, refOf(y, get(root, 'vars') ?? root));
    for (const [name, body, pair] of entries(get(root, 'stages'))) expandStage(scope, template, name, body, refOf(y, pair.key));
    readArtifacts(scope, get(root, 'artifacts'));
  }
  reportUnresolved(scope);
  return facts;
}

/** A stage, or one stage per `foreach` item / `matrix` combination. */
function expandStage(scope: Scope, template: TemplateContext, name: string, body: YamlNode | undefined, at: SourceRef): void {
  const foreach = get(body, 'foreach');
  const matrix = get(body, 'matrix');
  if (foreach) {
    const doBody = get(body, 'do');
    const expanded = foreachItems(scope, template, foreach);
    if (!expanded) return unresolvable(scope, `\`foreach\` of stage \`${name}\``, refOf(scope.y, foreach));
    for (const [key, item] of expanded) addStage(scope, template.withLocal({ item, key }), `${name}@${key}`, doBody, at);
  } else if (matrix) {
    const expanded = matrixItems(scope, template, matrix);
    if (!expanded) return unresolvable(scope, `\`matrix\` of stage \`${name}\``, refOf(scope.y, matrix));
    for (const [key, item] of expanded) addStage(scope, template.withLocal({ item }), `${name}@${key}`, body, at);
  } else {
    addStage(scope, template, name, body, at);
  }
}

/** `foreach` over a list, a dict, or a `${}` naming one; undefined when the reference cannot be resolved. */
function foreachItems(scope: Scope, template: TemplateContext, node: YamlNode): Array<[string, unknown]> | undefined {
  const text = str(scope.y, node);
  const value: unknown = text !== undefined ? resolveWhole(text, template) : node.toJSON();
  if (Array.isArray(value)) return value.map((v, i) => [v !== null && typeof v === 'object' ? String(i) : String(v), v]);
  if (value && typeof value === 'object') return Object.entries(value as Record<string, unknown>);
  return undefined;
}

/** Every combination of the matrix's lists, named as DVC names them (`a-b`, `<key><index>` for a dict or list value). */
function matrixItems(scope: Scope, template: TemplateContext, node: YamlNode): Array<[string, Record<string, unknown>]> | undefined {
  let combos: Array<[string[], Record<string, unknown>]> = [[[], {}]];
  for (const [key, values] of entries(node)) {
    const text = str(scope.y, values);
    const list = text !== undefined ? resolveWhole(text, template) : values?.toJSON();
    if (!Array.isArray(list)) return undefined;
    combos = combos.flatMap(([names, acc]) =>
      list.map((v, i): [string[], Record<string, unknown>] => [
        [...names, v !== null && typeof v === 'object' ? `${key}${i}` : String(v)],
        { ...acc, [key]: v },
      ]),
    );
  }
  return combos.map(([names, item]) => [names.join('-'), item]);
}

function addStage(scope: Scope, outer: TemplateContext, name: string, body: YamlNode | undefined, at: SourceRef): void {
  const { y, facts } = scope;
  const stage = stageContext(scope, outer, body);
  const cmdNode = get(body, 'cmd');
  const command = strings(y, cmdNode)
    .map((s) => interpolate(s, stage.template).text)
    .join(' && ');
  const id = stageId(facts.file, scope.dir || '.', name);
  facts.stages.push({ id, name, pipeline: scope.dir || '.', role: guessRole(name, command), range: at, command, cwd: stage.base });
  for (const s of allScalars(cmdNode)) referenceInterpolations(scope, stage.template, s, id);
  (facts.mentions ??= []).push(...yamlCommandMentions(y, cmdNode, stage.base));
  for (const dep of items(get(body, 'deps'))) addIo(scope, stage, id, 'reads', isMap(dep) ? firstKey(dep) : dep);
  for (const section of ['outs', 'metrics', 'plots'] as const) {
    const kind: ArtifactKind | undefined = section === 'outs' ? undefined : 'metrics';
    for (const out of items(get(body, section))) {
      const io = addIo(scope, stage, id, 'writes', isMap(out) ? firstKey(out) : out, kind);
      if (io && isPersisted(out)) io.persistent = true;
    }
  }
  readStageParams(scope, stage, id, get(body, 'params'));
  collectValues(y, get(body, 'vars'), `stages.${name}.vars`, facts.values, { stage: id });
}

/**
 * Every path of a stage is relative to its `wdir`, itself relative to the dvc.yaml folder;
 * the stage's own `vars` are read from the wdir too.
 */
function stageContext(scope: Scope, outer: TemplateContext, body: YamlNode | undefined): StageContext {
  const wdirNode = get(body, 'wdir');
  const wdirText = str(scope.y, wdirNode);
  let base: string | undefined = scope.dir;
  if (wdirText !== undefined && wdirNode) {
    const wdir = interpolate(wdirText, outer);
    if (wdir.dynamic) unresolvable(scope, `\`wdir: ${wdirText}\``, refOf(scope.y, wdirNode));
    base = wdir.dynamic ? undefined : joinPath(scope.dir, wdir.text);
  }
  const vars = items(get(body, 'vars')).map(toJSON);
  let template = outer;
  if (base !== undefined) {
    template = outer.withVars(vars, base, scope.siblings);
    noteUnreadable(scope, template, refOf(scope.y, get(body, 'vars') ?? body), outer);
  } else if (vars.length) {
    template = new TemplateContext(outer.sources, [...outer.unreadable, 'stage vars under an unresolved wdir']);
  }
  return { template, base, paramsFile: base === undefined ? undefined : joinPath(base, 'params.yaml') };
}

/** DVC keeps a `persist: true` output in place when the stage runs again, so the stage can resume from it. */
function isPersisted(out: YamlNode): boolean {
  if (!isMap(out)) return false;
  const options = out.items[0]?.value as YamlNode | undefined;
  const persist = options && isMap(options) ? get(options, 'persist') : undefined;
  return isScalar(persist) && persist.value === true;
}

function firstKey(map: YamlNode): YamlNode | undefined {
  return isMap(map) ? (map.items[0]?.key as YamlNode | undefined) : undefined;
}

function addIo(
  scope: Scope,
  stage: StageContext,
  stageIdValue: string,
  direction: 'reads' | 'writes',
  node: YamlNode | undefined,
  kind?: ArtifactKind,
): IO | undefined {
  const raw = str(scope.y, node);
  if (raw === undefined || !node) return undefined;
  referenceInterpolations(scope, stage.template, node, stageIdValue);
  const { text, dynamic } = interpolate(raw, stage.template);
  const scheme = isUri(text) ? 'uri' : 'path';
  const artifactKind = kind ?? kindOfPath(text);
  const io: IO = {
    stage: stageIdValue,
    direction,
    artifact: {
      scheme,
      name: text,
      base: stage.base ?? scope.dir,
      kind: artifactKind,
      dynamic: dynamic || stage.base === undefined || undefined,
    },
    range: refOf(scope.y, node),
  };
  scope.facts.io.push(io);
  return io;
}

/**
 * `params:` entries, each relative to the stage's wdir: `- key` (from params.yaml there),
 * `- file.yaml: [keys]`, `- file.yaml:` (every key of the file). Names and file names may be
 * templated; one that does not resolve is left unchecked.
 */
function readStageParams(scope: Scope, stage: StageContext, id: string, node: YamlNode | undefined): void {
  for (const item of items(node)) {
    const key = str(scope.y, item);
    if (key !== undefined) {
      if (stage.paramsFile) referenceParam(scope, stage, key, stage.paramsFile, item, id);
      continue;
    }
    for (const [fileName, keys, pair] of entries(item)) {
      const resolved = interpolate(fileName, stage.template);
      if (resolved.dynamic || stage.base === undefined) {
        unresolvable(scope, `params file \`${fileName}\``, refOf(scope.y, pair.key));
        continue;
      }
      const paramsFile = joinPath(stage.base, resolved.text);
      defineCustomParams(scope, paramsFile);
      scope.facts.io.push({
        stage: id,
        direction: 'reads',
        artifact: { scheme: 'path', name: paramsFile, kind: 'code' },
        range: refOf(scope.y, item),
      });
      for (const k of items(keys)) {
        const name = str(scope.y, k);
        if (name) referenceParam(scope, stage, name, paramsFile, k, id);
      }
    }
  }
}

function referenceParam(scope: Scope, stage: StageContext, written: string, paramsFile: string, node: YamlNode, id: string): void {
  const { text, dynamic } = interpolate(written, stage.template);
  if (dynamic) return unresolvable(scope, `\`${written}\``, refOf(scope.y, node));
  scope.facts.references.push({ kind: 'param', name: text, scope: paramsFile, range: refOf(scope.y, node), stage: id });
}

/**
 * A params file other than a `params.yaml` (which is read as its own file) is only known
 * through the stage that names it, so its keys are defined here, with ranges in that file.
 * Only YAML and JSON are read: a TOML or Python params file has no definitions, so its keys
 * are never reported missing.
 */
function defineCustomParams(scope: Scope, paramsFile: string): void {
  if (/(^|\/)params\.ya?ml$/.test(paramsFile) || !/\.(ya?ml|json)$/i.test(paramsFile)) return;
  if (scope.facts.definitions.some((d) => d.scope === paramsFile)) return;
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

/**
 * Every `${x}` in a value names a var. One from a params file is a reference to that file's
 * key (so it counts as used); one from `item`, `key` or an inline dict is none. One that no
 * source defines is a reference to params.yaml only when every source was read — DVC then
 * fails on it — and otherwise is left unresolved.
 */
function referenceInterpolations(scope: Scope, template: TemplateContext, node: YamlNode, stage: string): void {
  const text = str(scope.y, node);
  if (!text || !node.range) return;
  for (const m of text.matchAll(INTERPOLATION)) {
    const expr = m[1].trim();
    if (!expr) continue;
    const at = subRef(scope.y, node, m[0]) ?? refOf(scope.y, node);
    const resolved = template.resolve(expr);
    if (resolved) {
      const file = resolved.source.file;
      const untracked = file !== joinPath(scope.dir, 'params.yaml') || undefined;
      if (file) scope.facts.references.push({ kind: 'param', name: paramName(expr), scope: file, range: at, stage, untracked });
    } else if (!template.complete || /^(item|key)\b/.test(expr)) {
      unresolvable(scope, `\`\${${expr}}\``, at);
    } else {
      scope.facts.references.push({ kind: 'param', name: paramName(expr), scope: joinPath(scope.dir, 'params.yaml'), range: at, stage });
    }
  }
}

export function interpolate(text: string, context: TemplateContext): { text: string; dynamic: boolean } {
  let dynamic = false;
  const out = text.replace(INTERPOLATION, (whole, expr: string) => {
    if (!expr.trim()) return whole;
    const value = context.resolve(expr.trim())?.value;
    if (value === undefined || (typeof value === 'object' && value !== null)) {
      dynamic = true;
      return whole;
    }
    return String(value);
  });
  return { text: out, dynamic };
}

function resolveWhole(text: string, context: TemplateContext): unknown {
  const m = /^\$\{([^{}]*)\}$/.exec(text.trim());
  return m && m[1].trim() ? context.resolve(m[1].trim())?.value : undefined;
}

function unresolvable(scope: Scope, what: string, at: SourceRef): void {
  scope.unresolved.add(what);
  scope.firstUnresolved ??= at;
}

/** The vars sources `template` could not read that `before` had not already noted. */
function noteUnreadable(scope: Scope, template: TemplateContext, at: SourceRef, before?: TemplateContext): void {
  for (const phrase of template.unreadable.slice(before?.unreadable.length ?? 0)) unresolvable(scope, phrase, at);
}

/** One info per file: what Loopwise left unresolved, so silence about it does not read as a check passed. */
function reportUnresolved(scope: Scope): void {
  if (!scope.firstUnresolved || scope.unresolved.size === 0) return;
  const list = [...scope.unresolved];
  const shown = list.slice(0, 5).join(', ') + (list.length > 5 ? ` and ${list.length - 5} more` : '');
  scope.facts.problems.push({
    message: `Loopwise could not resolve all of this file's templating (${shown}); paths and params that depend on it are left unchecked.`,
    range: scope.firstUnresolved,
    severity: 'info',
  });
}

function toJSON(node: YamlNode): unknown {
  return node.toJSON();
}

function strings(y: YamlFile, node: YamlNode | undefined): string[] {
  if (isSeq(node)) return node.items.map((i) => str(y, i) ?? '').filter(Boolean);
  const s = str(y, node);
  return s ? [s] : [];
}
