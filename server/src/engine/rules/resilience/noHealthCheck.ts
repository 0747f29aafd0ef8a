import type { Rule } from '../rule';
import { describe } from '../helpers';
import { hasProbe, servingServices } from './serving';

/**
 * KServe components run as separate deployments, so each is checked. The containers of one
 * Kubernetes pod are ready together, so a probe on any of them covers the pod. BentoML serves
 * `/readyz` and `/livez` itself, so a bentofile is not checked. Nor is a template read in part
 * (loopwise/unrendered-template): the lines left out may hold the probes.
 */
export const noHealthCheck: Rule = {
  meta: {
    id: 'resilience/no-health-check',
    category: 'resilience',
    severity: 'warning',
    description: 'A serving component with no readiness, liveness or startup probe (no model-load check).',
    fixable: false,
    sources: [
      'Breck et al. 2017, "The ML Test Score" (Infrastructure 7: the model is tested through the serving path)',
      'KServe issue #3113, "Check the model status before traffic gets redirected to the pods", https://github.com/kserve/kserve/issues/3113',
    ],
  },
  check(ctx) {
    // A template read in part (statement lines left out) may add its probes when rendered.
    const partial = new Set(ctx.facts.filter((f) => f.problems.some((p) => p.partial)).map((f) => f.file));
    for (const service of servingServices(ctx)) {
      if (service.components[0].format === 'bentoml') continue;
      if (service.components.some((c) => c.source && partial.has(c.source.file))) continue;
      const unchecked =
        service.components[0].format === 'kubernetes'
          ? service.components.some(hasProbe)
            ? []
            : service.components.slice(0, 1)
          : service.components.filter((c) => !hasProbe(c));
      for (const component of unchecked) {
        ctx.report({
          at: component.source!,
          message: `Serving ${describe(component)} of \`${service.name}\` has no readiness or liveness probe, so it receives requests before it is ready (model loaded, feature store reachable) and a hung server is never restarted. Add a readinessProbe on the model-ready endpoint (for KServe \`/v2/health/ready\` or \`/v1/models/<name>\`) and a livenessProbe.`,
          nodes: [component.id],
        });
      }
    }
  },
};
