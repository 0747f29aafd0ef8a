// Which stages are online serving: a live endpoint that callers wait on, as opposed to a batch
// job an orchestrator retries. Resilience, team and monitoring rules share this definition.
import type { GraphNode } from '../../model/graph';
import type { RuleContext } from '../rule';
import { factsOfFile } from '../helpers';
import { hasNote, notesOf } from '../../model/stageNotes';
import { formatInfo } from '../../sources/formats';

/**
 * Formats declare how their serving stages serve (sources/adapter.ts `contributes.serving`).
 * KServe components and BentoML services always serve online. A Kubernetes container serves
 * when its workload is long-running (Deployment, StatefulSet); a Job's or CronJob's container
 * runs to completion, so a `predict` or `inference` container there is batch scoring, as are
 * orchestrator tasks named `score` or `predict`.
 */
export function isOnlineServing(ctx: RuleContext, node: GraphNode): boolean {
  const stage = node.stage;
  if (node.kind !== 'stage' || !stage || stage.role !== 'serve') return false;
  switch (node.format && formatInfo(node.format).contributes.serving) {
    case 'always':
      return !isGraphStep(node);
    case 'long-running':
      return !runsToCompletion(node) && !hasCronSchedule(ctx, node);
    default:
      return false;
  }
}

function runsToCompletion(node: GraphNode): boolean {
  return hasNote(node.stage, 'runs-to-completion');
}

/** An InferenceGraph step routes to other InferenceServices; it runs no container of its own. */
function isGraphStep(node: GraphNode): boolean {
  return notesOf(node.stage, 'kserve').some((n) => n.key === 'routerType');
}

function hasCronSchedule(ctx: RuleContext, node: GraphNode): boolean {
  const file = node.source?.file;
  return factsOfFile(ctx, file)?.schedules.some((s) => s.pipeline === node.pipeline && s.kind === 'cron') ?? false;
}

export interface Service {
  /** The InferenceService, bento or workload name. */
  name: string;
  file: string;
  components: GraphNode[];
}

/** Online serving stages grouped by the service (file + pipeline) they belong to, in file order. */
export function servingServices(ctx: RuleContext): Service[] {
  const services = new Map<string, Service>();
  for (const node of ctx.graph.stages()) {
    if (!isOnlineServing(ctx, node)) continue;
    const file = node.source?.file ?? '';
    const key = `${file}#${node.pipeline ?? ''}`;
    const service = services.get(key) ?? { name: node.pipeline ?? node.label, file, components: [] };
    service.components.push(node);
    services.set(key, service);
  }
  return [...services.values()];
}

export function hasProbe(node: GraphNode): boolean {
  return hasNote(node.stage, 'probe');
}

/** `fraud-scorer` (serving/inference-service.yaml) — how messages name a service. */
export function describeService(service: Service): string {
  return `service \`${service.name}\` (${service.file})`;
}
