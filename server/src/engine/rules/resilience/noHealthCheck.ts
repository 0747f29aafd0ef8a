import type { Rule } from '../rule';
import { describe, servingRuntimes } from '../helpers';
import type { GraphNode } from '../../model/graph';
import type { Report, RuleContext } from '../rule';
import type { ServingRuntime } from '../../model/facts';
import { notesOf, type KServeSetting } from '../../model/stageNotes';
import { hasProbe, servingServices } from './serving';
import { formatInfo } from '../../sources/formats';

const MODEL_LOAD_CHECK =
  'Add a readinessProbe on the model-ready endpoint (for KServe `/v2/health/ready` or `/v1/models/<name>`) and a livenessProbe.';

function note(node: GraphNode, key: KServeSetting): string | undefined {
  return notesOf(node.stage, 'kserve').find((n) => n.key === key)?.value;
}

/**
 * A KServe model spec runs in the container of a ServingRuntime: the one it names in `runtime`,
 * else one auto-selected for its `modelFormat`. ModelMesh routes a request only to a pod that
 * has loaded the model, so it needs no probe of its own. `probed` when the runtime (or mode)
 * checks readiness, a report when the workspace shows otherwise or cannot say, undefined when
 * the component runs its own containers.
 */
function servedBy(ctx: RuleContext, component: GraphNode): 'probed' | Omit<Report, 'at'> | undefined {
  if (component.format !== 'kserve') return undefined;
  if (note(component, 'deploymentMode')?.toLowerCase() === 'modelmesh') return 'probed';
  const format = note(component, 'modelFormat');
  if (!format) return undefined;
  const name = note(component, 'runtime');
  const all = servingRuntimes(ctx);
  const runtimes = name
    ? all.filter((r) => r.name === name)
    : all.filter((r) => r.autoSelectFormats.some((f) => f.toLowerCase() === format.toLowerCase()));
  if (runtimes.some((r) => r.probes.length)) return 'probed';
  const which = name ? `ServingRuntime \`${name}\`` : `the ServingRuntime KServe selects for \`${format}\``;
  if (runtimes.length)
    return {
      message: `Serving ${describe(component)} runs in ${which} (${runtimes.map(where).join(', ')}), which declares no readiness or liveness probe, so it receives requests before the model is loaded and a hung server is never restarted. ${MODEL_LOAD_CHECK.replace('Add', 'Add to the runtime')}`,
      related: runtimes.map((r) => ({ ...r.range, message: `ServingRuntime \`${r.name}\` (no probe)` })),
    };
  return {
    severity: 'info',
    message: `Serving ${describe(component)} runs in ${which}, which is not in this workspace; assumed it declares no readiness or liveness probe (KServe's built-in runtimes may). Check that the runtime probes model readiness.`,
  };
}

function where(r: ServingRuntime): string {
  return r.range.file;
}

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
  *check(ctx) {
    // A template read in part (statement lines left out) may add its probes when rendered.
    const partial = new Set(ctx.facts.filter((f) => f.problems.some((p) => p.partial)).map((f) => f.file));
    for (const service of servingServices(ctx)) {
      if (ctx.pauseDue()) yield;
      if (service.components[0].format === 'bentoml') continue;
      // Seldon, KubeRay and Azure ML add default probes to what they serve (sources/adapter.ts `defaultProbes`).
      if (formatInfo(service.components[0].format!).contributes.defaultProbes) continue;
      if (service.components.some((c) => c.source && partial.has(c.source.file))) continue;
      const unchecked =
        service.components[0].format === 'kubernetes'
          ? service.components.some(hasProbe)
            ? []
            : service.components.slice(0, 1)
          : service.components.filter((c) => !hasProbe(c));
      for (const component of unchecked) {
        const served = servedBy(ctx, component);
        if (served === 'probed') continue;
        if (served) {
          ctx.report({ ...served, at: component.source!, nodes: [component.id] });
          continue;
        }
        ctx.report({
          at: component.source!,
          message: `Serving ${describe(component)} of \`${service.name}\` has no readiness or liveness probe, so it receives requests before it is ready (model loaded, feature store reachable) and a hung server is never restarted. ${MODEL_LOAD_CHECK}`,
          nodes: [component.id],
        });
      }
    }
  },
};
