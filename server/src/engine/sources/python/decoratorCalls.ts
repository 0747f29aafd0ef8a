// Decorators of a Python definition as an SDK reads them: `@task`, `@task(retries=2)`,
// `@dg.asset(deps=[...])` — each one's dotted name, short name and arguments (none when it is
// written without call parentheses).
import type { CallArgs, SyntaxNode } from '../../text/python';
import { callArgs, callName, dottedName, shortName } from '../../text/python';

export interface DecoratorCall {
  /** As written, without the call: `dg.asset`, `task`. */
  name: string;
  short: string;
  /** Absent for a bare `@task`. */
  args?: CallArgs;
  node: SyntaxNode;
}

/** The decorators of a `decorated_definition` and the function it decorates. */
export function decoratedFunction(node: SyntaxNode): { def: SyntaxNode; decorators: DecoratorCall[] } | undefined {
  const def = node.childForFieldName('definition');
  if (def?.type !== 'function_definition') return undefined;
  const decorators: DecoratorCall[] = [];
  for (const child of node.namedChildren) {
    if (child?.type !== 'decorator') continue;
    const expression = child.namedChildren.find((c) => c && c.type !== 'comment');
    if (!expression) continue;
    const name = expression.type === 'call' ? callName(expression) : dottedName(expression);
    if (!name) continue;
    decorators.push({
      name,
      short: shortName(name),
      ...(expression.type === 'call' ? { args: callArgs(expression) } : {}),
      node: expression,
    });
  }
  return { def, decorators };
}
