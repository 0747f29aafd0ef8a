// Edits to the system card (mlsystem.yaml): add an entry to one of its lists (`loops:`,
// `external:`, `thresholds:`), creating the card when the workspace has none, and name graph
// nodes the way the card resolves them back.
import type { RuleContext } from '../rules/rule';
import type { TextEdit } from '../model/finding';
import type { GraphNode } from '../model/graph';
import { resolveCardName } from '../model/build';
import { appendToTopList, type Entry } from './yamlEdit';

export const DEFAULT_CARD_FILE = 'mlsystem.yaml';

const NEW_CARD_HEADER = '# Loopwise system card: what the pipeline files cannot say (schemas/mlsystem.schema.json).\nversion: 1\n\n';

export type CardSection = 'loops' | 'external' | 'thresholds';

/** The card the workspace has (the one nearest the root), or where a new one goes. */
export function cardFile(ctx: Pick<RuleContext, 'card'>): string {
  return ctx.card?.file ?? DEFAULT_CARD_FILE;
}

/** An edit adding `entry` to the card's `section` list, or undefined when the card cannot take it (a syntax error, a section that is not a list). */
export function addCardEntry(
  ctx: Pick<RuleContext, 'card' | 'text'>,
  section: CardSection,
  entry: Entry,
  snippet: boolean,
): TextEdit | undefined {
  const file = cardFile(ctx);
  return appendToTopList(file, ctx.text(file), section, entry, { snippet, header: NEW_CARD_HEADER });
}

/**
 * The shortest name that the card resolves to exactly this node (its label, its identity
 * without the scheme, or its id), so that an entry written by a fix means what it says.
 */
export function cardName(ctx: Pick<RuleContext, 'graph'>, node: GraphNode): string {
  const bare = node.id.replace(/^(path|table|dataset|feature-view|model|named):/, '');
  const candidates = node.kind === 'world' ? [node.label, node.id] : [node.label, bare, node.id];
  for (const name of candidates) {
    const hits = resolveCardName(ctx.graph, name, false);
    if (hits.length === 1 && hits[0].id === node.id) return name;
  }
  return node.id;
}
