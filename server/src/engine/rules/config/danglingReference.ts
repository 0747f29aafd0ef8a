import type { Rule } from '../rule';
import type { Definition, FileFacts, Reference } from '../../model/facts';
import { rawFacts, type FileQuery, type GroupQuery } from '../fileQuery';
import { kedroParams, resolveKedroParam, type KedroParams } from './kedroParams';
import { isCandidatePath } from '../../sources/index';

/**
 * An error only where the format resolves the reference itself (DVC params, Argo, KFP and MLflow
 * parameters, Feast projections, Kedro `params:`); a warning where Loopwise assumed what the
 * reference means or where it resolves (`Reference.assumed`: feature refs in a serving setting,
 * Hydra keys that composition or an override may add). `oc.select` falls back to a default.
 *
 * A reference resolves when a definition of the same kind and scope has its name, or a
 * section containing it (`params: [train]` names the whole `train` section; `train.lr`
 * is inside a defined `train` only if that section is a leaf-less map, so we accept both
 * directions). Scopes with no definitions at all are only reported for params files, whose
 * absence breaks the run, and only for files the workspace would list (YAML, Python): a JSON
 * or TOML params file is never read, so its absence is not known. Otherwise Loopwise has not
 * seen the definitions and stays silent.
 */
export const danglingReference: Rule = {
  meta: {
    id: 'config/dangling-reference',
    category: 'config',
    severity: 'error',
    description: 'A reference to a parameter, feature, column or dataset that is defined nowhere (renamed or deleted).',
    fixable: false,
    sources: [
      'Sculley et al. 2015, "Hidden Technical Debt in Machine Learning Systems" (configuration debt)',
      'Sambasivan et al. 2021, "Everyone wants to do the model work, not the data work": data cascades',
    ],
  },
  *check(ctx) {
    const defs = ctx.grouped(DEFS);
    const unknown = ctx.grouped(UNKNOWN);
    const kedroFiles = ctx.grouped(KEDRO);
    let kedro: KedroParams | undefined;
    for (const f of ctx.facts) {
      if (ctx.pauseDue()) yield;
      const { keys, kedro: readsKedro } = ctx.perFile(f, REFERENCED);
      if (keys.length === 0) continue;
      // A file's references are checked again only when they, or the definitions they may resolve to, changed.
      const inputs: unknown[] = [f, readsKedro ? kedroFiles.get('kedro') : undefined];
      for (const key of keys) inputs.push(defs.get(key));
      if (!unknown.empty) for (const key of keys) inputs.push(unknown.get(key));
      ctx.memo(f.file, inputs, () => {
        for (const ref of f.references) {
          if (!isJudged(ref)) continue;
          if (!unknown.empty && (unknown.get(scopeKey(ref)).length || (ref.scope && unknown.get(ref.scope).length))) continue;
          const nodes = ref.stage ? [ref.stage] : undefined;
          if (ref.kind === 'param' && ref.scope === 'kedro') {
            kedro ??= kedroParams(kedroFiles.get('kedro'));
            const found = checkKedro(ref, kedro);
            if (found) ctx.report({ at: ref.range, ...found, nodes });
            continue;
          }
          const message = check(ref, defs.get(scopeKey(ref)), (file) => ctx.text(file) !== undefined);
          if (!message) continue;
          // Certain only when the format itself resolves the reference; otherwise say what was assumed.
          ctx.report({
            at: ref.range,
            message: ref.assumed ? `${message} (Loopwise assumed ${ref.assumed}.)` : message,
            severity: ref.assumed ? 'warning' : 'error',
            nodes,
          });
        }
      });
    }
  },
};

/** Definitions by the scope a reference resolves in. */
const DEFS: GroupQuery<Definition> = {
  id: 'config/dangling-reference/defs',
  fields: ['definitions'],
  *entries(f) {
    for (const d of f.definitions) yield [scopeKey(d), d];
  },
};

/**
 * Scopes (and files) whose definitions come from a file that does not parse and never did:
 * a reference into them may well resolve once the file is fixed, so it is not judged; the
 * file's own syntax error is what the user sees.
 */
const UNKNOWN: GroupQuery<true> = {
  id: 'config/dangling-reference/unknown',
  fields: ['incomplete', 'file', 'definitions'],
  *entries(f) {
    if (!f.incomplete) return;
    yield [f.file, true];
    for (const d of f.definitions) yield [scopeKey(d), true];
  },
};

/** Files that say something about Kedro parameters (kedroParams reads these). */
const KEDRO: GroupQuery<FileFacts> = {
  id: 'config/dangling-reference/kedro',
  fields: ['format', 'file', 'problems', 'definitions'],
  *entries(f) {
    if (f.format === 'kedro-params' || f.definitions.some((d) => d.scope?.startsWith('kedro'))) yield ['kedro', rawFacts(f)];
  },
};

/** A reference this rule judges: one with a scope to resolve in (features resolve workspace-wide) and no fallback. */
function isJudged(ref: Reference): boolean {
  return (!!ref.scope || ref.kind === 'feature') && !ref.optional;
}

/** The group keys a file's references look up (their scopes, and the files named as scopes), and whether any is Kedro's. */
const REFERENCED: FileQuery<{ keys: string[]; kedro: boolean }> = {
  id: 'config/dangling-reference/referenced',
  fields: ['references'],
  derive(f) {
    const keys = new Set<string>();
    let kedro = false;
    for (const ref of f.references) {
      if (!isJudged(ref)) continue;
      keys.add(scopeKey(ref));
      if (ref.scope) keys.add(ref.scope);
      kedro ||= ref.kind === 'param' && ref.scope === 'kedro';
    }
    return { keys: [...keys], kedro };
  },
};

/**
 * An error only when the merged parameters were all read and the name is provably not among
 * them; a run-time name, an unreadable parameters file or an unseen `conf/local` (Kedro keeps it
 * out of version control) makes it a warning saying so.
 */
function checkKedro(ref: Reference, params: KedroParams): { message: string; severity?: 'warning' } | undefined {
  if (params.defined.length === 0 || resolveKedroParam(ref, params) !== 'missing') return undefined;
  const missing = `Parameter \`${ref.name}\` is not defined in the Kedro parameters (conf/*/parameters*)`;
  if (ref.uncertain || ref.name.includes('{')) {
    return {
      severity: 'warning',
      message: `${missing} under any name it can take: ${ref.uncertain ?? 'part of its name is computed at run time'}, so Loopwise assumed \`{…}\` may be anything and still found no match — check the name.`,
    };
  }
  if (params.unread.length) {
    return {
      severity: 'warning',
      message: `${missing} that Loopwise could read; ${params.unread.map((f) => `\`${f}\``).join(', ')} did not parse, so it may be defined there.`,
    };
  }
  const near = nearest(
    ref.name,
    params.defined.map((d) => d.name),
  );
  const fix = near ? `did you mean \`${near}\`?` : 'it was renamed or removed — update the reference or restore the definition.';
  if (params.localRead) return { message: `${missing}; ${fix}` };
  return {
    severity: 'warning',
    message: `${missing} that are in the workspace; ${fix} (No \`conf/local\` parameters were read: Kedro keeps that environment out of version control for per-machine settings, so if it is set there, give it a placeholder in \`conf/base\` or document it.)`,
  };
}

function check(ref: Reference, defs: readonly Definition[] | undefined, exists: (file: string) => boolean): string | undefined {
  if (ref.kind === 'feature') return checkFeature(ref, defs);
  if (!defs || defs.length === 0) {
    if (ref.kind === 'param' && ref.scope && isCandidatePath(ref.scope) && !exists(ref.scope)) {
      return `Parameter \`${ref.name}\` is read from \`${ref.scope}\`, which does not exist; create it or point the stage at the right params file.`;
    }
    return undefined;
  }
  if (
    defs.some((d) => d.name === ref.name || d.name.startsWith(`${ref.name}.`) || (ref.name.startsWith(`${d.name}.`) && isLeafless(d, defs)))
  )
    return undefined;
  // A key with `*` or `?` is read as a pattern: it resolves when some defined key matches it.
  if (ref.kind === 'param' && /[*?]/.test(ref.name) && defs.some((d) => keyPattern(ref.name).test(d.name))) return undefined;
  if (ref.scope?.startsWith('hydra:') && !sawGroup(ref.name, defs)) return undefined;
  const near = nearest(
    ref.name,
    defs.map((d) => d.name),
  );
  const where = ref.scope && ref.scope !== '*' ? ` in \`${ref.scope}\`` : '';
  return `${label(ref)} \`${ref.name}\` is not defined${where}${near ? `; did you mean \`${near}\`?` : '; it was renamed or removed — update the reference or restore the definition.'}`;
}

function keyPattern(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}(\\.|$)`);
}

function checkFeature(ref: Reference, defs: readonly Definition[] | undefined): string | undefined {
  const [view] = ref.name.split(':');
  const ofView = (defs ?? []).filter((d) => d.name.startsWith(`${view}:`));
  if (ofView.length === 0 || ofView.some((d) => d.name === ref.name)) return undefined;
  const near = nearest(
    ref.name,
    ofView.map((d) => d.name),
  );
  return `Feature \`${ref.name}\` is not in feature view \`${view}\`${near ? `; did you mean \`${near}\`? (the column may have been renamed)` : '; the column was renamed or removed — update the reference.'}`;
}

/** A Hydra config group none of whose files is in the workspace: its keys are unknown, not missing. */
function sawGroup(name: string, defs: readonly Definition[]): boolean {
  const group = name.split('.')[0];
  return defs.some((d) => d.name === group || d.name.startsWith(`${group}.`));
}

function isLeafless(d: Definition, defs: readonly Definition[]): boolean {
  return !defs.some((o) => o.name.startsWith(`${d.name}.`));
}

function label(ref: Reference): string {
  return { param: 'Parameter', feature: 'Feature', column: 'Column', dataset: 'Dataset', artifact: 'Artifact' }[ref.kind];
}

function scopeKey(x: { kind: string; scope?: string }): string {
  return `${x.kind === 'column' ? 'feature' : x.kind}\u0000${x.kind === 'feature' || x.kind === 'column' ? '*' : (x.scope ?? '')}`;
}

/** The closest defined name by edit distance, when it is close enough to be a rename. */
export function nearest(name: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of new Set(candidates)) {
    const d = distance(name.toLowerCase(), c.toLowerCase());
    if (d < bestScore) [best, bestScore] = [c, d];
  }
  return best !== undefined && bestScore <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}
