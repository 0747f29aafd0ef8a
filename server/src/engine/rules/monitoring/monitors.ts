// The stocks the system card says are monitored (`monitors:` by stock name), as graph node ids.
import { resolveCardName } from '../../model/build';
import type { RuleContext } from '../rule';

export function monitoredNodeIds(ctx: RuleContext): Set<string> {
  const ids = new Set<string>();
  for (const monitor of ctx.card?.monitors ?? []) {
    for (const node of resolveCardName(ctx.graph, monitor.stock, false)) ids.add(node.id);
  }
  return ids;
}
