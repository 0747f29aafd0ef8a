// DVC templating (dvc.org, "Templating"): the values `${...}` may name. DVC loads the
// `params.yaml` beside dvc.yaml first, then the top-level `vars` (files relative to the
// dvc.yaml folder, `file.yaml:key1,key2` for a part of one, inline dicts), then a stage's own
// `vars` (relative to its `wdir`), and foreach/matrix add `item` and `key`. A vars source
// Loopwise cannot read (not in the workspace, TOML or Python) makes the context incomplete:
// a name it lacks may still be defined, so it is left unresolved rather than reported.
import type { SiblingReader } from './adapter';
import { readParams, lookup, type ParamTree } from './params';
import { joinPath } from '../text/paths';

const READABLE_VARS = /\.(ya?ml|json)$/i;

export interface VarsSource {
  /** The file the values come from; undefined for inline dicts and foreach/matrix items. */
  file?: string;
  tree: ParamTree;
}

export interface Resolution {
  value: unknown;
  source: VarsSource;
}

export class TemplateContext {
  constructor(
    readonly sources: readonly VarsSource[],
    /** Vars sources that could not be read, as short phrases for the info message. */
    readonly unreadable: readonly string[],
  ) {}

  /** Whether every source DVC would load was read: then a name missing from all is missing for DVC too. */
  get complete(): boolean {
    return this.unreadable.length === 0;
  }

  /** The context with foreach/matrix values (`item`, `key`) in front. */
  withLocal(local: ParamTree): TemplateContext {
    return new TemplateContext([{ tree: local }, ...this.sources], this.unreadable);
  }

  /** The context with a stage's own `vars` added (files relative to the stage's wdir). */
  withVars(entries: unknown[], dir: string, siblings: SiblingReader): TemplateContext {
    if (entries.length === 0) return this;
    const loaded = loadVars(entries, dir, siblings, this.sources);
    return new TemplateContext([...this.sources, ...loaded.sources], [...this.unreadable, ...loaded.unreadable]);
  }

  resolve(expr: string): Resolution | undefined {
    for (const source of this.sources) {
      const value = lookup(source.tree, expr);
      if (value !== undefined) return { value, source };
    }
    return undefined;
  }
}

/** The context of a dvc.yaml: its folder's params.yaml, then its top-level `vars`. */
export function topLevelContext(dir: string, vars: unknown[], siblings: SiblingReader): TemplateContext {
  const defaultFile = joinPath(dir, 'params.yaml');
  const text = siblings.read(defaultFile);
  const base: VarsSource[] = text === undefined ? [] : [{ file: defaultFile, tree: readParams(text) }];
  const loaded = loadVars(vars, dir, siblings, base);
  return new TemplateContext([...base, ...loaded.sources], loaded.unreadable);
}

function loadVars(
  entries: unknown[],
  dir: string,
  siblings: SiblingReader,
  already: readonly VarsSource[],
): { sources: VarsSource[]; unreadable: string[] } {
  const sources: VarsSource[] = [];
  const unreadable: string[] = [];
  for (const entry of entries) {
    if (entry && typeof entry === 'object' && !Array.isArray(entry)) {
      sources.push({ tree: entry as ParamTree });
      continue;
    }
    if (typeof entry !== 'string') continue;
    const [name, keyList] = splitVarsEntry(entry);
    const file = joinPath(dir, name);
    if (!keyList && already.some((s) => s.file === file)) continue; // DVC loads a whole file once
    const text = READABLE_VARS.test(file) ? siblings.read(file) : undefined;
    if (text === undefined) {
      unreadable.push(
        READABLE_VARS.test(file) ? `vars file \`${file}\` is not in the workspace` : `vars file \`${file}\` is not YAML or JSON`,
      );
      continue;
    }
    const tree = readParams(text);
    sources.push({ file, tree: keyList ? pick(tree, keyList) : tree });
  }
  return { sources, unreadable };
}

/** `file.yaml:key1,key2` -> [`file.yaml`, [`key1`, `key2`]]; a Windows drive letter is not a key list. */
function splitVarsEntry(entry: string): [string, string[] | undefined] {
  const colon = entry.lastIndexOf(':');
  if (colon <= 1) return [entry, undefined];
  const keys = entry
    .slice(colon + 1)
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  return [entry.slice(0, colon), keys.length ? keys : undefined];
}

function pick(tree: ParamTree, keys: string[]): ParamTree {
  const out: ParamTree = {};
  for (const key of keys) {
    const value = lookup(tree, key);
    if (value === undefined) continue;
    const parts = key.split('.');
    let node = out;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as ParamTree;
    node[parts[parts.length - 1]] = value;
  }
  return out;
}

/** The name a `${}` expression references in its params file: its dotted key path up to the first list index. */
export function paramName(expr: string): string {
  const parts: string[] = [];
  for (const part of expr.replace(/\[(\d+)\]/g, '.$1').split('.')) {
    if (/^\d+$/.test(part)) break;
    parts.push(part);
  }
  return parts.join('.') || expr;
}
