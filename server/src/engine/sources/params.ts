// Parameter files (params.yaml and friends): read as a tree for `${}` interpolation, and as
// Definitions + ConfigValues so references to missing params and unused params are found.
import { parse as parseYamlValue } from 'yaml';
import type { FileFacts } from '../model/facts';
import { collectValues, mappings, entries, refOf, isMap, type YamlFile, type YamlNode } from '../text/yaml';

export type ParamTree = Record<string, unknown>;

/** The params file as plain data, or {} when missing or broken. Aliases are capped. */
export function readParams(text: string | undefined): ParamTree {
  if (!text) return {};
  try {
    const value: unknown = parseYamlValue(text, { maxAliasCount: 100, prettyErrors: false });
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as ParamTree) : {};
  } catch {
    return {};
  }
}

/** `a.b[0].c` or `a.b.0.c` looked up in a tree. */
export function lookup(tree: ParamTree, path: string): unknown {
  let current: unknown = tree;
  for (const part of path.replace(/\[(\d+)\]/g, '.$1').split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/**
 * Every key path of a params file as a Definition (sections too, since `params: [train]`
 * may name a whole section) and every leaf as a ConfigValue marked as a parameter.
 */
export function defineParams(y: YamlFile, facts: FileFacts, scope: string): void {
  for (const root of mappings(y)) {
    defineSection(y, facts, root, '', scope, 0);
    const before = facts.values.length;
    collectValues(y, root, '', facts.values);
    for (const v of facts.values.slice(before)) v.isParam = true;
  }
}

function defineSection(y: YamlFile, facts: FileFacts, node: unknown, prefix: string, scope: string, depth: number): void {
  if (depth > 50) return;
  for (const [key, value, pair] of entries(node)) {
    const name = prefix ? `${prefix}.${key}` : key;
    facts.definitions.push({ kind: 'param', name, scope, range: refOf(y, pair.key as YamlNode) });
    if (isMap(value)) defineSection(y, facts, value, name, scope, depth + 1);
  }
}
