import type { Rule, RuleContext } from '../rule';
import type { ConfigValue } from '../../model/facts';
import { resolveCardName } from '../../model/build';
import { describe } from '../helpers';
import { secretKind } from './secretInConfig';

const MAX_SHOWN = 60;

interface DefaultedValue {
  /** How the message names the lookup: `Variable.get("x")`, `${oc.env:X}`. */
  lookup: string;
  value: ConfigValue;
}

/**
 * A value that is looked up at run time and silently replaced by a default when it is missing —
 * Airflow `Variable.get(..., default_var=...)`, Hydra/OmegaConf `${oc.env:VAR,default}` — where
 * no monitor in the system card watches what the stage writes (or anything downstream of it).
 * A wrong default then flows on as if it were data: a data cascade. Only what adapters state
 * as facts is checked (the ConfigValue of the lookup, with its stage).
 */
export const silentDefault: Rule = {
  meta: {
    id: 'config/silent-default',
    category: 'config',
    severity: 'warning',
    description:
      'A missing setting or value silently replaced by a default (Airflow Variable default, `${oc.env:X,default}`) with no monitor on what it feeds: a data cascade.',
    fixable: false,
    sources: [
      'Sambasivan et al. 2021, "Everyone wants to do the model work, not the data work": Data Cascades in High-Stakes AI',
      'Sculley et al. 2015, "Hidden Technical Debt in Machine Learning Systems" (configuration debt)',
    ],
  },
  check(ctx) {
    const monitored = monitoredStocks(ctx);
    const watched = new Map<string, boolean>();
    for (const f of ctx.facts) {
      for (const v of f.values) {
        const d = defaulted(v);
        if (!d) continue;
        if (v.stage && ctx.node(v.stage) && watchedDownstream(ctx, v.stage, monitored, watched)) continue;
        const where = v.stage && ctx.node(v.stage) ? `what ${describe(ctx.node(v.stage))} writes` : 'what this configuration feeds';
        ctx.report({
          at: v.range,
          message: `${d.lookup} silently falls back to ${shown(v)} when it is missing, and no monitor in mlsystem.yaml watches ${where}; a wrong default then flows downstream as if it were real (a data cascade) — fail loudly when it is missing (no default), or declare a monitor under \`monitors:\` for the stock it feeds.`,
          nodes: v.stage ? [v.stage] : undefined,
        });
      }
    }
  },
};

function defaulted(v: ConfigValue): DefaultedValue | undefined {
  if (v.value === null) return undefined;
  const variable = /^Variable\.(.+)$/.exec(v.key);
  if (variable) return { lookup: `\`Variable.get("${variable[1]}")\``, value: v };
  const env = /^oc\.env:(.+)$/.exec(v.key);
  if (env) return { lookup: `\`\${oc.env:${env[1]}}\``, value: v };
  return undefined;
}

/** The default as a reader can check it: never a secret, and short. */
function shown(v: ConfigValue): string {
  if (secretKind({ key: v.key, value: v.value })) return 'a hard-coded default (a secret, not shown)';
  const text = typeof v.value === 'string' ? v.value : String(v.value);
  if (text === '') return 'an empty string';
  return `\`${text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text}\``;
}

function monitoredStocks(ctx: RuleContext): Set<string> {
  const out = new Set<string>();
  for (const m of ctx.card?.monitors ?? []) for (const node of resolveCardName(ctx.graph, m.stock, false)) out.add(node.id);
  return out;
}

/** Whether a monitored stock is written by the stage or by any stage downstream of it (memoised; cycles count as unwatched). */
function watchedDownstream(ctx: RuleContext, stage: string, monitored: Set<string>, memo: Map<string, boolean>): boolean {
  if (monitored.size === 0) return false;
  const known = memo.get(stage);
  if (known !== undefined) return known;
  memo.set(stage, false);
  let result = false;
  for (const e of ctx.graph.outgoing(stage)) {
    if (result) break;
    if (e.kind === 'after') result = watchedDownstream(ctx, e.to, monitored, memo);
    else if (e.kind === 'writes') {
      result =
        monitored.has(e.to) || ctx.graph.outgoing(e.to).some((r) => r.kind === 'reads' && watchedDownstream(ctx, r.to, monitored, memo));
    }
  }
  memo.set(stage, result);
  return result;
}
