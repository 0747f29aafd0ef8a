import type { Rule, RuleContext } from '../rule';
import type { GraphNode } from '../../model/graph';
import { describe } from '../helpers';
import { isHandoff } from '../../model/identity';

// Products, not intermediates: what they hold is read by people, services or registries outside the pipeline files.
const PRODUCT_KINDS = new Set(['model', 'metrics', 'report', 'predictions', 'code', 'world']);
const PRODUCT_ROLES = new Set(['report', 'deploy', 'serve', 'evaluate']);
// In-orchestrator hand-offs (CI artifacts kept for download, XCom return values, KFP outputs) and
// feature views served online are consumed by the orchestrator or by applications, not by stages.
const FEATURE_VIEW = /^feature-view:/;

/**
 * A written artifact that no stage reads, written mid-pipeline (its stage feeds other stages of
 * the same pipeline), and that is not a product (model, metrics, report, predictions). The last
 * stage's outputs are what a pipeline is for, so they are never reported, whatever their kind:
 * precision matters more here than recall, since consumers outside the workspace are invisible.
 */
export const orphanOutput: Rule = {
  meta: {
    id: 'pipeline/orphan-output',
    category: 'pipeline',
    severity: 'info',
    description: 'An intermediate artifact that a stage writes and nothing reads: dead work, or a consumer that was lost.',
    fixable: false,
    sources: ['Sculley et al. 2015, "Hidden Technical Debt in Machine Learning Systems" (pipeline jungles, dead experimental codepaths)'],
  },
  *check(ctx) {
    const feedsPipeline = new Map<string, boolean>();
    for (const node of ctx.graph.artifacts()) {
      if (ctx.pauseDue()) yield;
      if (!isCandidate(node) || ctx.graph.outgoing(node.id).some((e) => e.kind === 'reads')) continue;
      const writes = ctx.graph.incoming(node.id).filter((e) => e.kind === 'writes' && !e.possible && e.source);
      // State the stage keeps and resumes from (a DVC `persist` output) is read by that stage's next run.
      if (writes.length === 0 || writes.some((e) => e.persistent)) continue;
      const producers = writes.map((e) => ctx.node(e.from)).filter((p): p is GraphNode => !!p);
      if (producers.some((p) => PRODUCT_ROLES.has(p.stage?.role ?? '') || !cached(feedsPipeline, p.id, () => feedsOwnPipeline(ctx, p))))
        continue;
      const [first] = writes;
      ctx.report({
        at: first.source!,
        message: `\`${node.label}\` is written by ${describe(producers[0])} but no stage reads it; it is dead work or its consumer was lost — remove the output, or add the stage that uses it (if something outside this workspace reads it, suppress this with that reason).`,
        related: writes.slice(1).map((e) => ({ ...e.source!, message: `also written by ${describe(ctx.node(e.from))}` })),
        nodes: [node.id, ...producers.map((p) => p.id)],
      });
    }
  },
};

function isCandidate(node: GraphNode): boolean {
  return (
    !node.external && !node.dynamic && !PRODUCT_KINDS.has(node.artifactKind ?? '') && !(isHandoff(node.id) || FEATURE_VIEW.test(node.id))
  );
}

/** Whether the stage has a successor in its own pipeline: an ordering edge or a stage reading what it writes. */
function feedsOwnPipeline(ctx: RuleContext, stage: GraphNode): boolean {
  const same = (id: string) => {
    const other = ctx.node(id);
    return other?.kind === 'stage' && other.pipeline === stage.pipeline && other.source?.file === stage.source?.file;
  };
  for (const e of ctx.graph.outgoing(stage.id)) {
    // A job's own steps are part of it, not its successors.
    if (e.kind === 'after' && e.via !== 'step' && same(e.to)) return true;
    if (e.kind === 'writes' && ctx.graph.outgoing(e.to).some((r) => r.kind === 'reads' && same(r.to))) return true;
  }
  return false;
}

function cached<K, V>(map: Map<K, V>, key: K, compute: () => V): V {
  if (!map.has(key)) map.set(key, compute());
  return map.get(key)!;
}
