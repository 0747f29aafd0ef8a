import type { Rule, RuleContext } from '../rule';
import type { Fix } from '../../model/finding';
import type { FileFacts, OptionKey, SourceRef } from '../../model/facts';
import { keyText, parseYaml, refOf, type YamlFile } from '../../text/yaml';
import { nearestKeys } from '../../text/nearestKey';
import { keyedMaps, type KeyedMap } from './knownKeys/maps';
import airflow from './knownKeys/airflow';

export const unknownKey: Rule = {
  meta: {
    id: 'config/unknown-key',
    category: 'config',
    severity: 'warning',
    description:
      'A key the format does not know (a misspelt `retries`, `timeout-minutes`, `always_changed`): the tool rejects the file or drops the setting without a word. Suggests the nearest known key.',
    fixable: true,
    sources: [
      'Sculley et al. 2015, "Hidden Technical Debt in Machine Learning Systems" (configuration debt: "mistakes in configuration")',
      'Xu et al. 2015, "Hey, You Have Given Me Too Many Knobs!" (FSE: misconfigured and silently ignored settings)',
    ],
  },
  scope: 'file',
  check(ctx) {
    for (const facts of ctx.facts) {
      if (facts.problems.some((p) => p.template || p.syntax)) continue;
      checkYaml(ctx, facts);
      checkAirflow(ctx, facts.optionKeys ?? []);
    }
  },
};

function checkYaml(ctx: RuleContext, facts: FileFacts): void {
  const text = ctx.text(facts.file);
  if (text === undefined) return;
  const y = yamlOf(facts, text);
  if (!y) return;
  for (const keyed of keyedMaps(facts.format, y, facts.file)) {
    const present = new Set(keyed.map.items.map((p) => keyText(p.key)));
    for (const pair of keyed.map.items) {
      const key = keyText(pair.key);
      if (key === undefined || keyed.known.includes(key) || isTemplated(key)) continue;
      const guesses = nearestKeys(key, keyed.known);
      if (keyed.handling === 'ignores' && !guesses.length) continue;
      const at = refOf(y, pair.key as never);
      const source = text.slice(...((pair.key as { range?: [number, number] }).range ?? [0, 0]));
      report(ctx, at, source, key, guesses, present, yamlMessage(keyed, key), keyed.handling === 'rejects' ? 'error' : 'warning');
    }
  }
}

function yamlOf(facts: FileFacts, text: string): YamlFile | undefined {
  if (!['github-actions', 'dvc', 'mlflow', 'kubernetes', 'argo', 'kserve'].includes(facts.format)) return undefined;
  return parseYaml(facts.file, text);
}

function yamlMessage(keyed: KeyedMap, key: string): string {
  switch (keyed.handling) {
    case 'rejects':
      return `\`${key}\` is not a key of ${keyed.what}: ${keyed.tool} rejects the file (\`${keyed.says}\`).`;
    case 'strict-rejects':
      return `\`${key}\` is not a field of ${keyed.what}: ${keyed.tool} drops it without applying it (${keyed.says} rejects it as an unknown field).`;
    case 'ignores':
      return `\`${key}\` is not a key of ${keyed.what}: ${keyed.tool} ignores it, so the setting has no effect.`;
  }
}

/**
 * Airflow applies `default_args` to each operator by the names of its arguments and drops the
 * rest silently; a custom operator may take any name, so only a near miss of a BaseOperator
 * argument (`retry` for `retries`) is reported.
 */
function checkAirflow(ctx: RuleContext, keys: readonly OptionKey[]): void {
  const seen = new Set<string>();
  const present = new Set(keys.map((k) => k.key));
  for (const k of keys) {
    const where = `${k.range.file}:${k.range.range.start.line}:${k.range.range.start.character}`;
    if (seen.has(where) || airflow.baseOperator.includes(k.key)) continue;
    seen.add(where);
    const guesses = nearestKeys(k.key, airflow.baseOperator);
    if (!guesses.length) continue;
    const message = `\`${k.key}\` in \`default_args\` is no argument of Airflow's BaseOperator: unless an operator of this DAG takes \`${k.key}\` itself, Airflow drops it without a word.`;
    report(ctx, k.range, k.raw, k.key, guesses, present, message, 'warning');
  }
}

function report(
  ctx: RuleContext,
  at: SourceRef,
  source: string,
  key: string,
  guesses: string[],
  present: ReadonlySet<string | undefined>,
  message: string,
  severity: 'error' | 'warning',
): void {
  const hint = guesses.length ? ` Did you mean ${guesses.map((g) => `\`${g}\``).join(' or ')}?` : '';
  const only = guesses.length === 1 && !present.has(guesses[0]) ? guesses[0] : undefined;
  const fixes: Fix[] | undefined = only ? [renameFix(at, source, key, only)] : undefined;
  ctx.report({ at, message: `${message}${hint}`, fixes, severity });
}

/** Renames the key only, keeping its quotes. */
function renameFix(at: SourceRef, source: string, key: string, to: string): Fix {
  const quoted = source.length >= 2 && /^["']/.test(source) && source.endsWith(source[0]) ? source[0] : '';
  return {
    title: `Rename \`${key}\` to \`${to}\``,
    edits: [{ file: at.file, range: at.range, newText: `${quoted}${to}${quoted}` }],
    isPreferred: true,
  };
}

function isTemplated(key: string): boolean {
  return /\{\{|\$\{|\{%|^<<$/.test(key);
}
