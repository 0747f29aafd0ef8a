// How Kedro resolves `params:<name>` (kedro.pipeline modular pipelines, OmegaConfigLoader): the
// parameters of every `conf/<env>/parameters*` file merged into one dictionary, `a.b.c` a path
// into its nested dicts, `parameters` the whole dictionary. A pipeline of one module may be
// wrapped by `pipeline(..., namespace=, parameters=)` in another: its names then reach Kedro
// prefixed or mapped, which the wrapping module records (scopes `kedro:namespace`, `kedro:renamed`).
import type { Definition, FileFacts, Reference } from '../../model/facts';

export interface KedroParams {
  /** Every key path of the merged parameters. */
  defined: Definition[];
  /** Namespaces wrapped around pipelines of other modules (`*`: computed at run time). */
  namespaces: Set<string>;
  /** Inner names that a `parameters=` mapping around another module's pipeline renames. */
  renamed: Set<string>;
  /** Parameters files that did not parse, so the merged dictionary is not fully known. */
  unread: string[];
  /**
   * Whether a parameters file of the `local` environment was read. Kedro keeps `conf/local` out of
   * version control (its project template ignores it) for per-machine settings, so in a clone it is
   * usually absent and a parameter set only there cannot be seen.
   */
  localRead: boolean;
}

export function kedroParams(facts: readonly FileFacts[]): KedroParams {
  const out: KedroParams = { defined: [], namespaces: new Set(), renamed: new Set(), unread: [], localRead: false };
  for (const f of facts) {
    if (f.format === 'kedro-params' && /(^|\/)conf\/local\//.test(f.file)) out.localRead = true;
    if (f.format === 'kedro-params' && f.problems.some((p) => p.syntax)) out.unread.push(f.file);
    for (const d of f.definitions) {
      if (d.kind !== 'param') continue;
      if (d.scope === 'kedro') out.defined.push(d);
      else if (d.scope === 'kedro:namespace') for (const part of d.name.split('.')) out.namespaces.add(part);
      else if (d.scope === 'kedro:renamed') out.renamed.add(d.name);
    }
  }
  return out;
}

/**
 * `exact` when the name is a key path (or inside a leaf whose value is an interpolated dict),
 * `wrapped` when another module's namespace or mapping around this pipeline makes it one,
 * `missing` otherwise. Names with `{…}` (run-time parts) match any text there.
 */
export function resolveKedroParam(ref: Reference, params: KedroParams): 'exact' | 'wrapped' | 'missing' {
  const name = ref.name;
  if (name === '*') return 'exact';
  const names = params.defined.map((d) => d.name);
  if (name.includes('{')) return names.some((n) => pattern(name).test(n)) ? 'wrapped' : 'missing';
  if (names.some((n) => n === name || n.startsWith(`${name}.`) || (name.startsWith(`${n}.`) && leafless(n, names)))) return 'exact';
  if (params.renamed.has(name)) return 'wrapped';
  const anyNamespace = params.namespaces.has('*');
  for (const n of names) {
    if (!n.endsWith(`.${name}`)) continue;
    const prefix = n.slice(0, -name.length - 1).split('.');
    if (anyNamespace || prefix.every((part) => params.namespaces.has(part))) return 'wrapped';
  }
  return 'missing';
}

function leafless(name: string, names: string[]): boolean {
  return !names.some((o) => o.startsWith(`${name}.`));
}

/** `{ns}.model_options` -> /^.+\.model_options$/ */
function pattern(name: string): RegExp {
  const parts = name.split(/\{[^}]*\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.+')}$`);
}
