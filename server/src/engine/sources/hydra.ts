// Hydra / OmegaConf config trees. Every key path is a param of the composed config (prefixed by
// the file's package: its group folder, or `# @package`), so `${a.b}` interpolations anywhere
// in the tree resolve across files (scope `hydra:<config root>`). The defaults list says which
// files a config composes: `- data: mnist` is a read of `<root>/data/mnist.yaml`. A config is
// not a stage: its reads are attributed to the config itself (an id no Stage carries).
import type { SourceAdapter, SourceFile } from './adapter';
import { emptyFacts, stageId, type FileFacts } from '../model/facts';
import {
  parseTemplatedYaml,
  mappings,
  entries,
  items,
  str,
  refOf,
  subRef,
  commentOf,
  scalarValue,
  isMap,
  isSeq,
  isScalar,
  isAlias,
  type YamlFile,
  type YamlNode,
} from '../text/yaml';
import type { Pair } from 'yaml';
import { dirname, joinPath, stripExtension } from '../text/paths';

const CONFIG_DIR = /^(configs?|conf|hydra_configs?)$/;
// OmegaConf interpolations: a dotted or relative key (`${a.b}`, `${..x}`) or a resolver call
// (`${resolve_default:4096,${..n}}`), never a shell/compose `${VAR}` or `${VAR:-default}`.
const OMEGACONF_INTERPOLATION = /\$\{(\.+[A-Za-z_][\w-]*|[A-Za-z_][\w-]*(\.[\w-]+)+|[A-Za-z_][\w.]*:(?![-?+=]))/;
const INTERPOLATION = /\$\{([^${}]*)\}/g;
const MAX_DEPTH = 100;

export const hydraAdapter: SourceAdapter = {
  format: 'hydra',
  displayName: 'Hydra',
  globs: ['**/*.{yaml,yml}'],
  contributes: { ownable: true },
  detect: (file) => /\.ya?ml$/i.test(file.path) && looksLikeHydra(file),
  parse: parseHydra,
};

/** Conservative: Hydra markers anywhere, or a defaults list / dotted interpolation inside a config folder. */
function looksLikeHydra(file: SourceFile): boolean {
  const text = file.text;
  if (/^apiVersion\s*:/m.test(text) && /^kind\s*:/m.test(text)) return false;
  if (/^#\s*@package\b/m.test(text) || /^\s*-?\s*_target_\s*:/m.test(text) || /^hydra\s*:/m.test(text) || /\$\{oc\.\w+:/.test(text))
    return true;
  const defaults = /^defaults\s*:\s*(#.*)?$/m.test(text);
  if (defaults && /^\s*-\s*(_self_\b|override\s|optional\s)/m.test(text)) return true;
  if (configRoot(file.path) === undefined) return false;
  return defaults || OMEGACONF_INTERPOLATION.test(text);
}

/** The nearest enclosing `configs/` or `conf/` folder, if any. */
function configRoot(path: string): string | undefined {
  const parts = dirname(path).split('/');
  for (let i = parts.length - 1; i >= 0; i--) if (CONFIG_DIR.test(parts[i])) return parts.slice(0, i + 1).join('/');
  return undefined;
}

interface Config {
  y: YamlFile;
  facts: FileFacts;
  root: string;
  dir: string;
  /** `hydra:<root>`: where the composed config's keys live. */
  scope: string;
  /** The id the config's reads are attributed to. */
  self: string;
}

function parseHydra(file: SourceFile): FileFacts {
  const y = parseTemplatedYaml(file.path, file.text);
  const facts = emptyFacts(file.path, 'hydra');
  facts.problems.push(...y.problems);
  const dir = dirname(file.path);
  const root = configRoot(file.path) ?? dir;
  const relative = root ? file.path.slice(root.length + 1) : file.path;
  const group = dirname(relative);
  const scope = `hydra:${root}`;
  const config: Config = { y, facts, root, dir, scope, self: stageId(file.path, scope, stripExtension(relative)) };
  const [pkg, ...alternatives] = packagesOf(file.text, group);
  for (const doc of mappings(y)) walk(config, doc, pkg, 0);
  definedAlsoAt(facts, pkg, alternatives);
  return facts;
}

/**
 * Where the file's keys land: `# @package x` in the header, else its config group's path. A file
 * in a nested folder (`search_config/gpt3/5b.yaml`) is the option `gpt3/5b` of group
 * `search_config` or the option `5b` of group `search_config/gpt3`, depending on how a defaults
 * list or the command line selects it; Hydra's default package is the group (`_group_`), so
 * every such package is possible. The first is the full folder path.
 */
function packagesOf(text: string, group: string): string[] {
  const folders = group === '.' || group === '' ? [] : group.split('/');
  const groups = folders.map((_, i) => folders.slice(0, folders.length - i).join('.'));
  if (groups.length === 0) groups.push('');
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    if (!line.trimStart().startsWith('#')) break;
    const m = /^\s*#\s*@package\s+(\S+)/.exec(line);
    if (!m) continue;
    if (m[1].startsWith('_global_')) return [m[1].replace(/^_global_\.?/, '')];
    if (!m[1].startsWith('_group_')) return [m[1].replace(/^\./, '')];
    return groups.map((g) => `${g}${m[1].slice('_group_'.length)}`.replace(/^\./, ''));
  }
  return groups;
}

/** The file's definitions, repeated under each other package its group may give it. */
function definedAlsoAt(facts: FileFacts, pkg: string, alternatives: string[]): void {
  const own = facts.definitions.slice();
  for (const alternative of alternatives) {
    for (const d of own) {
      const rest = pkg === '' ? d.name : d.name.slice(pkg.length + 1);
      facts.definitions.push({ ...d, name: alternative ? (rest ? `${alternative}.${rest}` : alternative) : rest });
    }
  }
}

/** One pass over the document: Definitions, ConfigValues, interpolation references, the defaults list. */
function walk(config: Config, node: unknown, path: string, depth: number): void {
  if (depth > MAX_DEPTH || isAlias(node)) return;
  const { y, facts } = config;
  if (isMap(node)) {
    for (const [key, value, pair] of entries(node)) {
      if (depth === 0 && key === 'defaults') {
        readDefaults(config, value);
        continue;
      }
      const name = path ? `${path}.${key}` : key;
      facts.definitions.push({ kind: 'param', name, scope: config.scope, range: refOf(y, pair.key) });
      if (isScalar(value)) leaf(config, value, name, path, pair);
      else walk(config, value, name, depth + 1);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      const name = `${path}[${i}]`;
      if (isScalar(item)) leaf(config, item as YamlNode, name, path, undefined);
      else walk(config, item, name, depth + 1);
    });
  }
}

function leaf(config: Config, node: YamlNode, name: string, container: string, pair: Pair<YamlNode, YamlNode> | undefined): void {
  const { y, facts } = config;
  const comment = pair ? commentOf(pair) : node.comment?.trim() || undefined;
  if (!isScalar(node)) return;
  facts.values.push({
    key: name,
    value: yaml11Number(node) ?? scalarValue(y, node),
    isParam: true,
    comment,
    range: refOf(y, node),
    keyRange: pair ? refOf(y, pair.key) : undefined,
  });
  const text = str(y, node);
  if (text?.includes('${')) readInterpolations(config, node, text, container, pair);
}

/**
 * `${a.b}` and `${.sibling}` are param references; `${oc.select:a.b,x}` too; `${oc.env:VAR,default}`
 * is an environment value with a default, kept as a ConfigValue keyed `oc.env:VAR`.
 */
function readInterpolations(
  config: Config,
  node: YamlNode,
  text: string,
  container: string,
  pair: Pair<YamlNode, YamlNode> | undefined,
): void {
  const { y, facts } = config;
  let from = 0;
  for (const m of text.matchAll(INTERPOLATION)) {
    const range = subRef(y, node, m[0], from) ?? refOf(y, node);
    from = (m.index ?? 0) + m[0].length;
    const resolver = /^\s*([\w.]+)\s*:(.*)$/s.exec(m[1]);
    if (!resolver) {
      // `${a.b,fallback}` carries its own default: a missing key is not a broken reference.
      if (!m[1].includes(',')) addReference(config, m[1].trim(), container, range);
    } else if (resolver[1] === 'oc.env' || resolver[1] === 'env') {
      const [variable, fallback] = splitFirst(resolver[2], ',');
      facts.values.push({
        key: `oc.env:${variable.trim()}`,
        value: fallback === undefined ? null : typed(fallback.trim()),
        range,
        keyRange: pair ? refOf(y, pair.key) : undefined,
      });
    } else if (resolver[1] === 'oc.select') {
      // `oc.select` gives its default (None when none is given) for a missing key: never dangling.
      addReference(config, splitFirst(resolver[2], ',')[0].trim(), container, range, true);
    }
  }
}

const HYDRA_ASSUMED =
  'that the config is composed only from the files in this workspace (a defaults list chosen at run time, an experiment config or a command-line override can add the key)';

function addReference(config: Config, expression: string, container: string, range: ReturnType<typeof refOf>, optional = false): void {
  const name = absoluteKey(expression, container)
    .replace(/\[[^\]]*\]/g, '')
    .replace(/(\.\d+)+$/, '');
  // `hydra.*` is Hydra's own config node (hydra.job.num, hydra.runtime.output_dir), filled in at run time.
  if (name === 'hydra' || name.startsWith('hydra.')) return;
  if (name)
    config.facts.references.push({
      kind: 'param',
      name,
      scope: config.scope,
      range,
      assumed: HYDRA_ASSUMED,
      ...(optional ? { optional } : {}),
    });
}

/** `.x` is a sibling of the value's key, `..x` a sibling of its parent. */
function absoluteKey(expression: string, container: string): string {
  const dots = /^\.*/.exec(expression)![0].length;
  if (dots === 0) return expression;
  const base = container
    .replace(/\[\d+\]/g, '')
    .split('.')
    .filter(Boolean);
  const kept = base.slice(0, Math.max(0, base.length - (dots - 1)));
  return [...kept, expression.slice(dots)].filter(Boolean).join('.');
}

/** OmegaConf reads YAML 1.1, where `55_000` is a number. */
function yaml11Number(node: YamlNode): number | undefined {
  const scalar = node as YamlNode & { type?: string; value?: unknown };
  if (scalar.type !== 'PLAIN' || typeof scalar.value !== 'string' || !/^[-+]?\d[\d_]*(\.[\d_]+)?$/.test(scalar.value)) return undefined;
  return Number(scalar.value.replace(/_/g, ''));
}

function splitFirst(text: string, separator: string): [string, string | undefined] {
  const i = text.indexOf(separator);
  return i < 0 ? [text, undefined] : [text.slice(0, i), text.slice(i + 1)];
}

function typed(text: string): string | number | boolean | null {
  const unquoted = text.replace(/^(["'])(.*)\1$/, '$2');
  if (unquoted !== text) return unquoted;
  if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text)) return Number(text);
  if (/^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
  if (/^null$/i.test(text)) return null;
  return text;
}

/**
 * The defaults list: `- data: mnist` composes `<dir>/data/mnist.yaml` (`/data` from the config
 * root), `- optional local: default` and `- override /x: y` likewise; `_self_` and `null` compose
 * nothing; `- base` is a config beside this one.
 */
function readDefaults(config: Config, list: YamlNode | undefined): void {
  const { y } = config;
  for (const item of items(list)) {
    if (isScalar(item)) {
      const name = str(y, item)?.replace(/\.ya?ml$/, '');
      if (name && name !== '_self_') composes(config, joinPath(config.dir, `${name}.yaml`), item);
      continue;
    }
    for (const [key, value] of entries(item)) {
      const groupSpec = key.trim().split(/\s+/).pop() ?? '';
      const group = groupSpec.split('@')[0];
      if (!group) continue;
      const folder = group.startsWith('/') ? joinPath(config.root, group.slice(1)) : joinPath(config.dir, group);
      const options = isSeq(value) ? items(value) : value ? [value] : [];
      for (const option of options) {
        const name = str(y, option)?.replace(/\.ya?ml$/, '');
        if (name && name !== 'null' && name !== '???') composes(config, `${folder}/${name}.yaml`, option);
      }
    }
  }
}

function composes(config: Config, path: string, node: YamlNode): void {
  const dynamic = path.includes('${') || undefined;
  config.facts.io.push({
    stage: config.self,
    direction: 'reads',
    artifact: { scheme: 'path', name: path, kind: 'code', dynamic },
    range: refOf(config.y, node),
  });
}
