import type { Rule, RuleContext } from '../rule';
import { resolveCardName } from '../../model/build';
import { describeService, servingServices, type Service } from './serving';
import { valuesOfStage } from '../helpers';

// Settings of a serving component that state a degradation path of their own.
const DEGRADATION_SETTING = /fallback|circuit[_-]?breaker|degrad/i;

/**
 * A fallback can only be stated in the system card (or as a setting of the service), so without
 * a card there is nothing to compare against and the rule stays quiet; `loopwise init` writes one.
 */
export const noFallback: Rule = {
  meta: {
    id: 'resilience/no-fallback',
    category: 'resilience',
    severity: 'warning',
    description: 'A serving service with no fallback, degradation path or circuit breaker.',
    fixable: false,
    sources: [
      'Breck et al. 2017, "The ML Test Score" (Infrastructure 6-7: models can be rolled back and are tested through serving)',
      'Sculley et al. 2015, "Hidden Technical Debt in Machine Learning Systems" (undeclared consumers, system-level failure)',
    ],
  },
  check(ctx) {
    if (!ctx.card) return;
    for (const service of servingServices(ctx)) {
      if (hasCardFallback(ctx, service) || hasDegradationSetting(ctx, service)) continue;
      const [first, ...others] = service.components;
      ctx.report({
        at: first.source!,
        message: `${capitalise(describeService(service))} has no fallback, so when its model, features or endpoint fail its callers get errors instead of a degraded answer. Declare one under \`fallbacks:\` in mlsystem.yaml (for example a rules engine, the last good model or a safe default decision), or suppress this with the reason failing closed is intended.`,
        related: others.flatMap((c) => (c.source ? [{ ...c.source, message: `component ${c.label} of the same service` }] : [])),
        nodes: service.components.map((c) => c.id),
      });
    }
  },
};

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A card entry names the service, one of its components, or `service/component`. */
function hasCardFallback(ctx: RuleContext, service: Service): boolean {
  const ids = new Set(service.components.map((c) => c.id));
  return ctx.card!.fallbacks.some((f) => {
    const name = f.stage.trim();
    if (name === service.name || service.components.some((c) => c.label === name || `${service.name}/${c.label}` === name)) return true;
    return resolveCardName(ctx.graph, name, false).some((n) => ids.has(n.id));
  });
}

function hasDegradationSetting(ctx: RuleContext, service: Service): boolean {
  return service.components.some((c) =>
    valuesOfStage(ctx, c.id).some((v) => DEGRADATION_SETTING.test(v.key) && v.value !== false && v.value !== null && v.value !== ''),
  );
}
