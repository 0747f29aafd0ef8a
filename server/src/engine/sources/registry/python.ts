// Registry calls met by a Python scan: the call's arguments evaluated as strings (constants,
// f-strings, names bound earlier), handed to registryCall, and each access tied back to the
// argument that named the model, for its range.
import { stringValue, type CallArgs, type NameLookup, type SyntaxNode } from '../../text/python';
import { registryCall, type ArgValue, type EvaluatedArgs } from './calls';
import type { RegistryAccess } from './stock';

export interface LocatedAccess {
  access: RegistryAccess;
  /** The argument that names the model (or the whole argument list when none does). */
  node: SyntaxNode;
}

export function registryAccessesOfCall(callee: string, args: CallArgs, list: SyntaxNode, lookup?: NameLookup): LocatedAccess[] {
  const value = (node: SyntaxNode | undefined): ArgValue | undefined => (node ? stringValue(node, lookup) : undefined);
  const evaluated: EvaluatedArgs = {
    positional: args.positional.map(value),
    keywords: new Map([...args.keywords].map(([k, node]) => [k, value(node)])),
  };
  return registryCall(callee, evaluated).map((access) => ({
    access,
    node:
      (typeof access.from === 'number' ? args.positional[access.from] : access.from ? args.keywords.get(access.from) : undefined) ?? list,
  }));
}
